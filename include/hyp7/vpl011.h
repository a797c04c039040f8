/* The emulated PL011 a guest sees at VIRT7_UART_BASE (vdev/vpl011.c). */
#ifndef HYP7_VPL011_H
#define HYP7_VPL011_H

#include <hyp7/types.h>

#define VPL011_LINE_MAX 160
#define VPL011_FIFO_SIZE 16
#define VPL011_BACKLOG 256

struct vpl011 {
	const char *vm_name; /* every line it prints starts with "<vm name>: " */
	u32 ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr, ilpr;
	char line[VPL011_LINE_MAX];
	unsigned int line_len;
	bool line_open; /* part of the current line is on the console already */
	/* Receiving: the FIFO (data and DR's error bits), and what the host holds for it. */
	u16 rx_fifo[VPL011_FIFO_SIZE];
	unsigned int rx_head, rx_count;
	u16 backlog[VPL011_BACKLOG];
	unsigned int backlog_head, backlog_count;
	u32 rsr;   /* RSR.OE */
	u32 ris;   /* RIS.OE: the latched interrupt; RX, RT and TX follow the FIFOs */
	u32 acked; /* RX, RT cleared by ICR until the next character */
	bool overrun_pending; /* the next character to arrive carries DR.OE */
	u32 overruns;
	u8 utf8[4]; /* a UTF-8 sequence until it is complete */
	unsigned int utf8_len, utf8_need;
};

void vpl011_init(struct vpl011 *uart, const char *vm_name);
/* A guest access at offset (size 1, 2 or 4); reads fill *data. */
void vpl011_access(struct vpl011 *uart, u32 offset, u8 size, bool write, u32 *data);
/* Its interrupt line: asserted while an unmasked interrupt is raised (UARTMIS). */
bool vpl011_irq_line(const struct vpl011 *uart);
/* Prints what is left of an unterminated line, and ends it. */
void vpl011_flush(struct vpl011 *uart);
/* Shows the line so far and leaves it open: the guest waits, on a prompt perhaps. */
void vpl011_show_partial(struct vpl011 *uart);
/* A character typed for the VM; false if lost to an overrun. */
bool vpl011_receive(struct vpl011 *uart, u8 c);

#endif
