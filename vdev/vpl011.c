/*
 * An emulated PL011 (PrimeCell UART TRM, DDI 0183), complete enough for
 * Linux's pl011 driver and earlycon in polled mode: data, flags, baud
 * divisors, line and control registers, interrupt mask/status/clear and
 * the ID registers. Output goes to the host console a line at a time, so
 * that lines of several VMs do not interleave; input is always empty.
 *
 * A guest's output can never pass for hyp7's own: every line it prints
 * starts with its VM's name (which may not be "hyp7": vmm/config.c),
 * and nothing it prints can move the cursor or make the terminal do
 * anything. Control characters but tab are shown in caret notation (ESC
 * as ^[), carriage returns are dropped, and bytes above 0x7f pass only as
 * well-formed UTF-8 that is not a C1 control (U+0080-U+009F, which some
 * terminals obey like ESC sequences); anything else is shown as '?'.
 */
#include <hyp7/printk.h>
#include <hyp7/vpl011.h>

#define UART_DR 0x00
#define UART_RSR 0x04
#define UART_FR 0x18
#define UART_ILPR 0x20
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCR_H 0x2c
#define UART_CR 0x30
#define UART_IFLS 0x34
#define UART_IMSC 0x38
#define UART_RIS 0x3c
#define UART_MIS 0x40
#define UART_ICR 0x44
#define UART_DMACR 0x48
#define UART_PERIPH_ID0 0xfe0

#define FR_RXFE (1 << 4)
#define FR_TXFE (1 << 7)
/* The transmit FIFO is always empty, so its interrupt is always raised. */
#define INT_TX (1 << 5)
#define CR_RESET 0x300 /* TXE | RXE */
#define IFLS_RESET 0x12

/* PeriphID0-3 and PCellID0-3, as QEMU's PL011 and the TRM give them. */
static const u8 pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_init(struct vpl011 *uart, const char *vm_name)
{
	*uart = (struct vpl011){ .vm_name = vm_name, .cr = CR_RESET, .ifls = IFLS_RESET };
}

void vpl011_flush(struct vpl011 *uart)
{
	if (!uart->line_len)
		return;
	uart->line[uart->line_len] = '\0';
	printk("%s: %s\n", uart->vm_name, uart->line);
	uart->line_len = 0;
}

static void put_text(struct vpl011 *uart, const u8 *text, unsigned int len)
{
	unsigned int i;

	if (uart->line_len + len > VPL011_LINE_MAX - 1)
		vpl011_flush(uart);
	for (i = 0; i < len; i++)
		uart->line[uart->line_len++] = (char)text[i];
}

/* A UTF-8 sequence in the making is not one after all: each of its bytes shows as '?'. */
static void drop_utf8(struct vpl011 *uart)
{
	static const u8 replacement = '?';

	for (; uart->utf8_len; uart->utf8_len--)
		put_text(uart, &replacement, 1);
	uart->utf8_need = 0;
}

/*
 * The second byte's range after these leads (Unicode 15, Table 3-7): not a
 * C1 control (C2 80-9F), not overlong (E0, F0), not a surrogate (ED), not
 * past U+10FFFF (F4).
 */
static bool second_byte_ok(u8 lead, u8 c)
{
	switch (lead) {
	case 0xc2: return c >= 0xa0;
	case 0xe0: return c >= 0xa0;
	case 0xed: return c < 0xa0;
	case 0xf0: return c >= 0x90;
	case 0xf4: return c < 0x90;
	default: return true;
	}
}

static void put_utf8(struct vpl011 *uart, u8 c)
{
	bool cont = (c & 0xc0) == 0x80;

	if (uart->utf8_need && !cont)
		drop_utf8(uart);
	if (cont && !uart->utf8_need) {
		put_text(uart, (const u8 *)"?", 1);
		return;
	}
	if (!cont) {
		/* Lead bytes: 110xxxxx, 1110xxxx, 11110xxx (up to U+10FFFF); 0xc0, 0xc1 are overlong. */
		uart->utf8_need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2
								 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
		if (!uart->utf8_need) {
			put_text(uart, (const u8 *)"?", 1);
			return;
		}
	} else if (uart->utf8_len == 1 && !second_byte_ok(uart->utf8[0], c)) {
		uart->utf8[uart->utf8_len++] = c;
		drop_utf8(uart);
		return;
	}
	uart->utf8[uart->utf8_len++] = c;
	if (uart->utf8_len == uart->utf8_need + 1) {
		put_text(uart, uart->utf8, uart->utf8_len);
		uart->utf8_len = uart->utf8_need = 0;
	}
}

static void put_char(struct vpl011 *uart, u8 c)
{
	u8 caret[2] = { '^', 0 };

	if (c >= 0x80) {
		put_utf8(uart, c);
		return;
	}
	if (uart->utf8_need)
		drop_utf8(uart);
	if (c == '\r')
		return;
	if (c == '\n') {
		if (!uart->line_len)
			put_text(uart, (const u8 *)" ", 1);
		vpl011_flush(uart);
	} else if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
		put_text(uart, &c, 1);
	} else {
		caret[1] = c == 0x7f ? '?' : c + '@';
		put_text(uart, caret, 2);
	}
}

static u32 *reg_slot(struct vpl011 *uart, u32 reg)
{
	switch (reg) {
	case UART_ILPR: return &uart->ilpr;
	case UART_IBRD: return &uart->ibrd;
	case UART_FBRD: return &uart->fbrd;
	case UART_LCR_H: return &uart->lcr_h;
	case UART_CR: return &uart->cr;
	case UART_IFLS: return &uart->ifls;
	case UART_IMSC: return &uart->imsc;
	case UART_DMACR: return &uart->dmacr;
	default: return NULL;
	}
}

static u32 read_reg(struct vpl011 *uart, u32 reg)
{
	u32 *slot = reg_slot(uart, reg);

	if (slot)
		return *slot;
	switch (reg) {
	case UART_FR: return FR_TXFE | FR_RXFE;
	case UART_RIS: return INT_TX;
	case UART_MIS: return INT_TX & uart->imsc;
	default:
		if (reg >= UART_PERIPH_ID0 && reg < UART_PERIPH_ID0 + 4 * sizeof(pl011_id))
			return pl011_id[(reg - UART_PERIPH_ID0) / 4];
		return 0; /* DR with nothing received, RSR, and reserved registers */
	}
}

bool vpl011_irq_line(const struct vpl011 *uart)
{
	return INT_TX & uart->imsc;
}

void vpl011_access(struct vpl011 *uart, u32 offset, u8 size, bool write, u32 *data)
{
	u32 reg = offset & ~3u, shift = (offset & 3) * 8;
	u32 *slot;

	if (!write) {
		*data = read_reg(uart, reg) >> shift;
		if (size < 4)
			*data &= (1u << (size * 8)) - 1;
		return;
	}
	if (reg == UART_DR && !shift) {
		put_char(uart, (u8)*data);
		return;
	}
	slot = reg_slot(uart, reg);
	/* ICR, RSR/ECR: clearing what never gets set; the rest is read-only. */
	if (slot && !shift)
		*slot = size == 4 ? *data : (*slot & ~((1u << (size * 8)) - 1)) | *data;
}
