/* PL011 at 0x09000000, polled; a printf with %c %s %d %u %x %p (l, ll, width, 0). */
#include "guest.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_TXFF (1u << 5)

void putch(char c)
{
	while (readl(UART_BASE + UART_FR) & FR_TXFF)
		;
	writel(UART_BASE + UART_DR, (u8)c);
}

void putstr(const char *s)
{
	while (*s)
		putch(*s++);
}

static void put_num(u64 v, unsigned base, int neg, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg)
		buf[n++] = '-';
	while (n < width && pad == ' ') {
		putch(' ');
		width--;
	}
	if (neg && pad == '0') {
		putch('-');
		n--;
		width--;
	}
	while (n < width--)
		putch('0');
	while (n)
		putch(buf[--n]);
}

void vprint(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putch(*fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			putch((char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			while (len < width--)
				putch(' ');
			putstr(s);
			break;
		}
		case 'd': {
			long long v = lng >= 2 ? va_arg(ap, long long) : va_arg(ap, int);
			put_num(v < 0 ? -(u64)v : (u64)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			u64 v = lng >= 2 ? va_arg(ap, u64) : va_arg(ap, u32);
			put_num(v, *fmt == 'x' ? 16 : 10, 0, width, pad);
			break;
		}
		case 'p':
			putstr("0x");
			put_num((uptr)va_arg(ap, void *), 16, 0, 8, '0');
			break;
		case '%':
			putch('%');
			break;
		case 0:
			return;
		default:
			putch('%');
			putch(*fmt);
		}
	}
}

void print(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}
