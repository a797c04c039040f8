/*
 * Console output. Every line hyp7 prints starts with "hyp7:" and every
 * error line contains "error:" (tests outside the project read these).
 */
#ifndef HYP7_PRINTK_H
#define HYP7_PRINTK_H

#include <stdarg.h>
#include <hyp7/types.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A guest's console text (vdev/vpl011.c), shown behind its VM's name on a
 * line of its own; the line stays open for it unless end_line
 * (include/hyp7/console_line.h).
 */
void console_guest_write(const void *owner, const char *name, const char *text, size_t len,
			 bool end_line);

/* Output goes to putc once a console is registered; earlier lines wait in a buffer. */
void console_register(void (*putc)(char c));

#define pr_info(fmt, ...) printk("hyp7: " fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk("hyp7: warning: " fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...) printk("hyp7: error: " fmt, ##__VA_ARGS__)

/* Prints "hyp7: error: panic: ..." and powers the machine off. */
void __attribute__((noreturn, format(printf, 1, 2))) panic(const char *fmt, ...);

#define BUG_ON(cond)                                                                   \
	do {                                                                           \
		if (cond)                                                              \
			panic("BUG at %s:%d: %s", __FILE__, __LINE__, #cond);          \
	} while (0)

#endif
