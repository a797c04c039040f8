/*
 * mmio: the emulated PL011 at 0x09000000 through every kind of access a
 * guest may use (the MMIO decoder's test). Values are those of QEMU's
 * PL011 (ARM variant): PeriphID0-3 = 0x11 0x10 0x14 0x00, PCellID0-3 =
 * 0x0d 0xf0 0x05 0xb1 at 0xfe0-0xffc. The same accesses run in ARM and in
 * Thumb-2 (mmio_arm.S, mmio_thumb.S), then from C (word/half/byte).
 * The sign-extension that matters is LDRSB of PCellID3 (0xb1 ->
 * 0xffffffb1); no PL011 halfword a guest can read unchanged has bit 15 set,
 * so LDRSH is checked on a positive value only.
 */
#include "guest.h"

#define NRES 31
void mmio_arm(u32 *res);
void mmio_thumb(u32 *res);

static const struct {
	int idx;
	u32 want;
	const char *what;
} expect[] = {
	{ 0, 0x11, "ldr periphid0" },
	{ 1, 0x10, "ldrb periphid1" },
	{ 2, 0x14, "ldrh periphid2" },
	{ 3, 0xffffffb1, "ldrsb pcellid3 (sign-extended)" },
	{ 4, 0xb1, "ldrsh pcellid3 (positive halfword)" },
	{ 5, 0x0d, "ldrsb pcellid0" },
	{ 6, 0x0d, "ldm pcellid0" },
	{ 7, 0xf0, "ldm pcellid1" },
	{ 8, 0x05, "ldm pcellid2" },
	{ 9, 0xb1, "ldm pcellid3" },
	{ 10, 0x11, "ldr pre-index writeback value" },
	{ 11, 0xfe0, "ldr pre-index writeback base" },
	{ 12, 0x10, "ldr post-index value" },
	{ 13, 0xfe8, "ldr post-index base" },
	{ 14, 0xf0, "ldr scaled register offset" },
	{ 15, 0x05, "ldrd first" },
	{ 16, 0xb1, "ldrd second" },
	{ 17, 0x0d, "ldrb post-index negative value" },
	{ 18, 0xfec, "ldrb post-index negative base" },
	{ 19, 0x11, "ldm writeback first" },
	{ 20, 0x10, "ldm writeback second" },
	{ 21, 0xfe8, "ldm writeback base" },
	{ 22, 0xb1, "ldrsh writeback value" },
	{ 23, 0xffc, "ldrsh writeback base" },
	{ 25, 0x11, "ldrd writeback first" },
	{ 26, 0x10, "ldrd writeback second" },
	{ 27, 0xfe0, "ldrd writeback base" },
	{ 28, 0x000, "str pre-index writeback base" },
	{ 29, 0x018, "strb post-index base" },
	{ 30, 0x004, "stm writeback base" },
};

static void check_res(const char *state, const u32 *res)
{
	char what[96];
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(expect); i++) {
		unsigned n = 0;
		const char *s;
		for (s = state; *s; s++)
			what[n++] = *s;
		what[n++] = ' ';
		for (s = expect[i].what; *s && n < sizeof(what) - 1; s++)
			what[n++] = *s;
		what[n] = 0;
		check_eq(what, res[expect[i].idx], expect[i].want);
	}
	check((res[24] & (1u << 5)) == 0 && res[24] < 0x200, state, "fr with txff clear",
	      "fr 0x%x", res[24]);
}

#define RTC_BASE 0x09010000u
#define RTC_DR 0x00
#define RTC_LR 0x08
#define RTC_PERIPH_ID0 0xfe0

/* The PL031 the DTB describes: its ID, and a loaded time that counts on. */
static void rtc_test(void)
{
	u32 t;

	check_eq("rtc periph id0", readl(RTC_BASE + RTC_PERIPH_ID0), 0x31);
	check_eq("rtc pcell id3", readl(RTC_BASE + RTC_PERIPH_ID0 + 0x1c), 0xb1);
	writel(RTC_BASE + RTC_LR, 1000000);
	t = readl(RTC_BASE + RTC_DR);
	check(t >= 1000000 && t < 1000100, "rtc counts from the loaded time", "1000000..1000099",
	      "%u", t);
}

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ITARGETSR 0x800
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define UART_IMSC 0x38
#define UART_MIS 0x40
#define UART_INT_TX (1u << 5)
#define UART_IRQ 33 /* SPI 1 */
#define SPURIOUS 1023

/* The UART's interrupt line, through the GIC (IRQs stay masked: the IAR is polled). */
static void uart_irq_test(void)
{
	u32 iar;

	writel(GICD_BASE + GICD_CTLR, 1);
	writeb(GICD_BASE + GICD_ITARGETSR + UART_IRQ, 1);
	writel(GICD_BASE + GICD_ISENABLER + 4, 1u << (UART_IRQ - 32));
	writel(GICC_BASE + GICC_PMR, 0xf0);
	writel(GICC_BASE + GICC_CTLR, 1);
	check_eq("uart irq: none before unmasking", readl(GICC_BASE + GICC_IAR) & 0x3ff, SPURIOUS);
	writel(UART_BASE + UART_IMSC, UART_INT_TX); /* the TX FIFO is empty: raised at once */
	check_eq("uart irq: mis tx", readl(UART_BASE + UART_MIS), UART_INT_TX);
	iar = readl(GICC_BASE + GICC_IAR);
	check_eq("uart irq: gicc_iar", iar & 0x3ff, UART_IRQ);
	writel(UART_BASE + UART_IMSC, 0); /* the line drops */
	writel(GICC_BASE + GICC_EOIR, iar);
	check_eq("uart irq: none after masking and eoi", readl(GICC_BASE + GICC_IAR) & 0x3ff, SPURIOUS);
	writel(GICD_BASE + GICD_ICENABLER + 4, 1u << (UART_IRQ - 32));
}

void guest_main(void);
void guest_main(void)
{
	static const u32 id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	u32 res[NRES + 1];
	unsigned i;

	/* C accesses, word/half/byte. */
	for (i = 0; i < 8; i++) {
		char what[] = "id reg 0xfe0 word";
		u32 off = 0xfe0 + 4 * i;
		what[9] = "0123456789abcdef"[(off >> 8) & 0xf];
		what[10] = "0123456789abcdef"[(off >> 4) & 0xf];
		what[11] = "0123456789abcdef"[off & 0xf];
		check_eq(what, readl(UART_BASE + off), id[i]);
	}
	check_eq("id reg 0xfe8 half", readw(UART_BASE + 0xfe8), 0x14);
	check_eq("id reg 0xff4 byte", readb(UART_BASE + 0xff4), 0xf0);
	check((readl(UART_BASE + 0x18) & (1u << 5)) == 0, "fr read", "txff clear", "0x%x",
	      readl(UART_BASE + 0x18));
	putstr("mmio c stores: ");
	writeb(UART_BASE, 'c');
	*(volatile u16 *)UART_BASE = 'h';
	writel(UART_BASE, 'w');
	putch('\n');

	for (i = 0; i <= NRES; i++)
		res[i] = 0xdeadbeef;
	putstr("mmio arm stores: ");
	mmio_arm(res);
	putch('\n');
	check_res("arm", res);

	for (i = 0; i <= NRES; i++)
		res[i] = 0xdeadbeef;
	putstr("mmio thumb stores: ");
	mmio_thumb(res);
	putch('\n');
	check_res("thumb", res);
	rtc_test();
	uart_irq_test();
}
