/* The emulated PL011 a guest sees at VIRT7_UART_BASE (virt/vpl011.c). */
#ifndef HYP7_VPL011_H
#define HYP7_VPL011_H

#include <hyp7/types.h>

#define VPL011_LINE_MAX 160

struct vpl011 {
	const char *vm_name; /* every line it prints starts with "<vm name>: " */
	u32 ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr, ilpr;
	char line[VPL011_LINE_MAX];
	unsigned int line_len;
	u8 utf8[4]; /* a UTF-8 sequence until it is complete */
	unsigned int utf8_len, utf8_need;
};

void vpl011_init(struct vpl011 *uart, const char *vm_name);
/* A guest access at offset (size 1, 2 or 4); reads fill *data. */
void vpl011_access(struct vpl011 *uart, u32 offset, u8 size, bool write, u32 *data);
/* Its interrupt line: asserted while an unmasked interrupt is raised (UARTMIS). */
bool vpl011_irq_line(const struct vpl011 *uart);
/* Prints what is left of an unterminated line. */
void vpl011_flush(struct vpl011 *uart);

#endif
