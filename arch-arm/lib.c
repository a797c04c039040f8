/*
 * The C library functions hyp7 and Debian's libfdt.a use. Built with
 * -fno-tree-loop-distribute-patterns so the compiler cannot turn these
 * loops back into calls to themselves.
 */
#include <hyp7/lib.h>
#include <hyp7/printk.h>

/* Words that may stand for any object's bytes. */
typedef u32 __attribute__((may_alias)) word_t;

/*
 * A word at a time where both ends are word-aligned: a VM's memory (up to
 * gigabytes) is zeroed, and its images copied, with these.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & 3))
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(word_t *)d = *(const word_t *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	u32 word = (u8)c * 0x01010101u;

	for (; n && ((uintptr_t)d & 3); n--)
		*d++ = (u8)c;
	for (; n >= 16; n -= 16, d += 16) {
		((word_t *)d)[0] = word;
		((word_t *)d)[1] = word;
		((word_t *)d)[2] = word;
		((word_t *)d)[3] = word;
	}
	for (; n >= 4; n -= 4, d += 4)
		*(word_t *)d = word;
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;

	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

size_t strlen(const char *s)
{
	return strnlen(s, (size_t)-1);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long val = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; digit_value(*s) < base; s++)
		val = val * base + digit_value(*s);
	if (end)
		*end = (char *)s;
	return val;
}

/* libfdt.a is built with the stack protector; a fixed canary still catches overruns. */
unsigned long __stack_chk_guard = 0x6879703fUL;

void __stack_chk_fail(void)
{
	panic("stack smashing detected in libfdt");
}

/* libgcc's division helpers call these on a zero divisor. */
void __aeabi_idiv0(void)
{
	panic("integer division by zero");
}

void __aeabi_ldiv0(void)
{
	panic("integer division by zero");
}
