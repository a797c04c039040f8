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
#include <string.h>

#include <hyp7/console_line.h>
#include <hyp7/printk.h>

char printk_log[8192];
static size_t printk_log_len;
static struct console_line open_line;

void printk_log_reset(void)
{
	printk_log_len = 0;
	printk_log[0] = '\0';
	open_line = (struct console_line){ 0 };
}

static void log_emit(const char *text, size_t len)
{
	size_t room = sizeof(printk_log) - 1 - printk_log_len;

	if (len > room)
		len = room;
	memcpy(printk_log + printk_log_len, text, len);
	printk_log_len += len;
	printk_log[printk_log_len] = '\0';
}

/* The target's console rules (vdev/console_line.c), into printk_log. */
void printk(const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	console_line_hyp7(&open_line, line, log_emit);
}

void console_guest_write(const void *owner, const char *name, const char *text, size_t len,
			 bool end_line)
{
	console_line_guest(&open_line, owner, name, text, len, end_line, log_emit);
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
