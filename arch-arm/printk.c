/* printk and a small vsnprintf: %d %i %u %x %X %p %s %c %%, l/ll, width, '0'. */
#include <hyp7/console_line.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <arch/power.h>
#include <arch/spinlock.h>

#define EARLY_LOG_SIZE 4096

static void (*console_putc)(char c);
static char early_log[EARLY_LOG_SIZE];
static size_t early_log_len;

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_number(struct out *o, unsigned long long val, unsigned base, bool upper,
		       bool negative, int width, char pad)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[val % base];
		val /= base;
	} while (val);
	if (negative)
		tmp[n++] = '-';
	for (; width > n; width--)
		out_char(o, pad);
	while (n)
		out_char(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int width = 0, longs = 0;
		char pad = ' ';

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		if (*++fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = longs > 1 ? va_arg(ap, long long)
				    : longs ? va_arg(ap, long) : va_arg(ap, int);
			out_number(&o, v < 0 ? -(unsigned long long)v : (unsigned long long)v, 10,
				   false, v < 0, width, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v = longs > 1 ? va_arg(ap, unsigned long long)
					     : longs ? va_arg(ap, unsigned long)
						     : va_arg(ap, unsigned int);
			out_number(&o, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false, width, pad);
			break;
		}
		case 'p':
			out_char(&o, '0');
			out_char(&o, 'x');
			out_number(&o, (unsigned long)va_arg(ap, void *), 16, false, false, 8, '0');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			for (s = s ? s : "(null)"; *s; s++)
				out_char(&o, *s);
			break;
		}
		case 'c':
			out_char(&o, (char)va_arg(ap, int));
			break;
		case '%':
			out_char(&o, '%');
			break;
		default:
			return -1;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void emit(const char *s, size_t len)
{
	for (; len; s++, len--) {
		if (console_putc) {
			if (*s == '\n')
				console_putc('\r');
			console_putc(*s);
		} else if (early_log_len < EARLY_LOG_SIZE) {
			early_log[early_log_len++] = *s;
		}
	}
}

/* Whole lines: CPUs printing at once must not interleave characters. */
static struct spinlock console_lock = SPINLOCK_INIT;
static struct console_line open_line;

static void vprintk(const char *fmt, va_list ap)
{
	char line[256];

	vsnprintf(line, sizeof(line), fmt, ap);
	spin_lock(&console_lock);
	console_line_hyp7(&open_line, line, emit);
	spin_unlock(&console_lock);
}

void console_guest_write(const void *owner, const char *name, const char *text, size_t len,
			 bool end_line)
{
	spin_lock(&console_lock);
	console_line_guest(&open_line, owner, name, text, len, end_line, emit);
	spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void console_register(void (*putc)(char c))
{
	size_t i;

	console_putc = putc;
	for (i = 0; i < early_log_len; i++) {
		if (early_log[i] == '\n')
			putc('\r');
		putc(early_log[i]);
	}
	early_log_len = 0;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printk("hyp7: error: panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	machine_power_off();
}
