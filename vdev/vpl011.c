/*
 * An emulated PL011 (PrimeCell UART TRM, DDI 0183), complete enough for
 * Linux's pl011 driver in interrupt mode and earlycon: data, flags, baud
 * divisors, line and control registers, interrupt mask/status/clear, the
 * receive FIFO with its level and timeout interrupts and overrun, and the
 * ID registers. Output goes to the host console a line at a time, so that
 * lines of several VMs do not interleave; a line left open while the guest
 * waits (a prompt, an echoed key) is shown as it is.
 *
 * Input comes from the host console while the VM has the focus
 * (vmm/console.c). The transmitting side is the host, which holds what
 * the FIFO cannot take yet (VPL011_BACKLOG bytes, the line's flow
 * control): a guest that reads late loses nothing, one that does not read
 * at all gets an overrun when that is full too, as the TRM describes it.
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
#define FR_RXFF (1 << 6)
#define FR_TXFE (1 << 7)
#define INT_RX (1 << 4)
/* The transmit FIFO is always empty, so its interrupt is always raised. */
#define INT_TX (1 << 5)
#define INT_RT (1 << 6)
#define INT_OE (1 << 10)
#define DR_OE (1 << 11)
#define RSR_OE (1 << 3)
#define LCR_H_FEN (1 << 4)
#define CR_RXE (1 << 9)
#define CR_RESET 0x300 /* TXE | RXE */
#define IFLS_RESET 0x12
#define IFLS_RX_SHIFT 3

/* PeriphID0-3 and PCellID0-3, as QEMU's PL011 and the TRM give them. */
static const u8 pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_init(struct vpl011 *uart, const char *vm_name)
{
	*uart = (struct vpl011){ .vm_name = vm_name, .cr = CR_RESET, .ifls = IFLS_RESET };
}

/* What the line holds so far goes out; end_line ends it. */
static void show_line(struct vpl011 *uart, bool end_line)
{
	if (!uart->line_len && !end_line)
		return;
	console_guest_write(uart, uart->vm_name, uart->line, uart->line_len, end_line);
	uart->line_open = !end_line;
	uart->line_len = 0;
}

void vpl011_flush(struct vpl011 *uart)
{
	if (uart->line_len || uart->line_open)
		show_line(uart, true);
}

void vpl011_show_partial(struct vpl011 *uart)
{
	show_line(uart, false);
}

static void put_text(struct vpl011 *uart, const u8 *text, unsigned int len)
{
	unsigned int i;

	if (uart->line_len + len > VPL011_LINE_MAX - 1)
		show_line(uart, true);
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
		if (!uart->line_len && !uart->line_open)
			put_text(uart, (const u8 *)" ", 1);
		show_line(uart, true);
	} else if (c == '\t' || c == '\b' || (c >= 0x20 && c < 0x7f)) {
		/* A backspace never reaches the VM's name: include/hyp7/console_line.h. */
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

/* The receive FIFO's depth: 16 characters, or one with the FIFOs off (LCR_H.FEN). */
static unsigned int rx_depth(const struct vpl011 *uart)
{
	return uart->lcr_h & LCR_H_FEN ? VPL011_FIFO_SIZE : 1;
}

/* IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4 or 7/8 full (TRM 3.3.14). */
static unsigned int rx_trigger(const struct vpl011 *uart)
{
	static const u8 eighths[] = { 1, 2, 4, 6, 7 };
	unsigned int sel = uart->ifls >> IFLS_RX_SHIFT & 7;

	if (!(uart->lcr_h & LCR_H_FEN))
		return 1;
	return VPL011_FIFO_SIZE * eighths[sel < sizeof(eighths) ? sel : 2] / 8;
}

/*
 * RX while the FIFO holds its trigger level; RT while it holds less and
 * nothing more is on its way (the line is idle: the TRM's 32-bit-period
 * timeout has nothing to wait for); either stays cleared after ICR until
 * the next character arrives.
 */
static u32 raw_status(const struct vpl011 *uart)
{
	u32 ris = INT_TX | (uart->ris & INT_OE);

	if (uart->rx_count >= rx_trigger(uart) && !(uart->acked & INT_RX))
		ris |= INT_RX;
	if (uart->rx_count && !uart->backlog_count && !(uart->acked & INT_RT))
		ris |= INT_RT;
	return ris;
}

/*
 * CR.RXE alone: as for sending, UARTEN is not needed, as on QEMU's PL011,
 * which guests written for it rely on (the firmware enables a board's).
 */
static bool receiving(const struct vpl011 *uart)
{
	return uart->cr & CR_RXE;
}

static void fifo_push(struct vpl011 *uart, u16 entry)
{
	unsigned int tail = (uart->rx_head + uart->rx_count) % VPL011_FIFO_SIZE;

	uart->rx_fifo[tail] = entry;
	uart->rx_count++;
	uart->acked = 0;
}

/* What the host holds goes into the FIFO as far as it has room. */
static void refill(struct vpl011 *uart)
{
	while (receiving(uart) && uart->backlog_count && uart->rx_count < rx_depth(uart)) {
		fifo_push(uart, uart->backlog[uart->backlog_head]);
		uart->backlog_head = (uart->backlog_head + 1) % VPL011_BACKLOG;
		uart->backlog_count--;
	}
}

bool vpl011_receive(struct vpl011 *uart, u8 c)
{
	if (uart->backlog_count == VPL011_BACKLOG) {
		uart->rsr |= RSR_OE;
		uart->ris |= INT_OE;
		uart->overrun_pending = true;
		uart->overruns++;
		return false;
	}
	/* The first character that arrives after a loss says so (TRM 3.3.1, DR.OE). */
	uart->backlog[(uart->backlog_head + uart->backlog_count) % VPL011_BACKLOG] =
		c | (uart->overrun_pending ? DR_OE : 0);
	uart->overrun_pending = false;
	uart->backlog_count++;
	refill(uart);
	return true;
}

static u32 read_dr(struct vpl011 *uart)
{
	u32 dr;

	if (!uart->rx_count)
		return 0;
	dr = uart->rx_fifo[uart->rx_head];
	uart->rx_head = (uart->rx_head + 1) % VPL011_FIFO_SIZE;
	uart->rx_count--;
	refill(uart);
	return dr;
}

static u32 read_reg(struct vpl011 *uart, u32 reg)
{
	u32 *slot = reg_slot(uart, reg);
	u32 fr = FR_TXFE;

	if (slot)
		return *slot;
	switch (reg) {
	case UART_DR: return read_dr(uart);
	case UART_RSR: return uart->rsr;
	case UART_FR:
		if (!uart->rx_count)
			fr |= FR_RXFE;
		if (uart->rx_count >= rx_depth(uart))
			fr |= FR_RXFF;
		return fr;
	case UART_RIS: return raw_status(uart);
	case UART_MIS: return raw_status(uart) & uart->imsc;
	default:
		if (reg >= UART_PERIPH_ID0 && reg < UART_PERIPH_ID0 + 4 * sizeof(pl011_id))
			return pl011_id[(reg - UART_PERIPH_ID0) / 4];
		return 0; /* reserved registers */
	}
}

bool vpl011_irq_line(const struct vpl011 *uart)
{
	return raw_status(uart) & uart->imsc;
}

static void write_reg(struct vpl011 *uart, u32 reg, u8 size, u32 data)
{
	u32 *slot = reg_slot(uart, reg);

	switch (reg) {
	case UART_DR:
		put_char(uart, (u8)data);
		return;
	case UART_RSR: /* ECR: any write clears the errors */
		uart->rsr = 0;
		return;
	case UART_ICR:
		uart->ris &= ~(data & INT_OE);
		uart->acked |= data & (INT_RX | INT_RT);
		return;
	}
	/* The rest is read-only. */
	if (slot)
		*slot = size == 4 ? data : (*slot & ~((1u << (size * 8)) - 1)) | data;
	/* LCR_H.FEN and CR.RXE change what the FIFO takes. */
	refill(uart);
}

void vpl011_access(struct vpl011 *uart, u32 offset, u8 size, bool write, u32 *data)
{
	u32 reg = offset & ~3u, shift = (offset & 3) * 8;

	if (!write) {
		/* Only a read of DR's low byte takes a character. */
		*data = reg == UART_DR && shift ? 0 : read_reg(uart, reg) >> shift;
		if (size < 4)
			*data &= (1u << (size * 8)) - 1;
		return;
	}
	if (!shift)
		write_reg(uart, reg, size, *data);
}
