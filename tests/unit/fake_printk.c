/*
 * printk and panic for the host tests. Lines go into printk_log, which a
 * test reads, and clears with printk_log_reset(), to check the exact
 * message a user would see. panic() says why on stderr and aborts, so a
 * BUG_ON shows up as a test killed by SIGABRT
 * (tcase_add_test_raise_signal).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <hyp7/printk.h>

char printk_log[8192];
static size_t printk_log_len;

void printk_log_reset(void)
{
	printk_log_len = 0;
	printk_log[0] = '\0';
}

void printk(const char *fmt, ...)
{
	size_t room = sizeof(printk_log) - printk_log_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(printk_log + printk_log_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		printk_log_len += (size_t)n < room ? (size_t)n : room - 1;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	/* Not "hyp7: error:", which scripts reading test logs take for a real failure. */
	va_start(ap, fmt);
	fputs("unit test: panic() called: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
