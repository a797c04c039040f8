/*
 * lrs: more interrupts than list registers, level-sensitive ones held
 * high, and the PL031's alarm.
 *  1. Eight SPIs made pending at once (GICD_ISPENDR, interrupts masked),
 *     each of its own priority: with the 4 list registers QEMU's GIC has,
 *     all eight are taken, one each, in priority order.
 *  2. The virtual timer (level-sensitive) fired and left firing: its EOI
 *     brings it back, three times; once the handler turns the timer off,
 *     it comes no more.
 *  3. The RTC: its ID registers as QEMU's PL031; an alarm a second ahead
 *     sets RIS and MIS and raises SPI 2, which is taken; RTCICR clears it.
 */
#include "guest.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define FIRST_SPI 40
#define NR_SPIS 8
#define TIMER_ID 27
#define RTC_BASE 0x09010000u
#define RTC_ID (32 + 2)
#define RTC_DR 0x00
#define RTC_MR 0x04
#define RTC_IMSC 0x10
#define RTC_RIS 0x14
#define RTC_MIS 0x18
#define RTC_ICR 0x1c
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)

static volatile u32 order[2 * NR_SPIS], taken, timer_offers, rtc_taken, rtc_ris, rtc_mis, rtc_ris_after;

int on_irq(struct exc_frame *f)
{
	u32 iar = readl(GICC_BASE + GICC_IAR), id = iar & 0x3ff;

	(void)f;
	if (id == TIMER_ID) {
		/* Left firing three times; then turned off before the EOI. */
		if (++timer_offers == 3)
			write_cntv_ctl(0);
	} else if (id == RTC_ID) {
		rtc_ris = readl(RTC_BASE + RTC_RIS);
		rtc_mis = readl(RTC_BASE + RTC_MIS);
		writel(RTC_BASE + RTC_ICR, 1);
		rtc_ris_after = readl(RTC_BASE + RTC_RIS);
		rtc_taken++;
	} else if (id != 1023 && taken < ARRAY_SIZE(order)) {
		order[taken++] = id;
	}
	if (id != 1023)
		writel(GICC_BASE + GICC_EOIR, iar);
	return EXC_RETURN;
}

static void enable(u32 id, u8 priority, int edge)
{
	u32 cfg = readl(GICD_BASE + GICD_ICFGR + id / 16 * 4);

	cfg = (cfg & ~(3u << (2 * (id % 16)))) | (edge ? 2u : 0) << (2 * (id % 16));
	writel(GICD_BASE + GICD_ICFGR + id / 16 * 4, cfg);
	writeb(GICD_BASE + GICD_IPRIORITYR + id, priority);
	writeb(GICD_BASE + GICD_ITARGETSR + id, 1);
	writel(GICD_BASE + GICD_ISENABLER + id / 32 * 4, 1u << (id % 32));
}

static void eight_at_once(void)
{
	static const u8 priority[NR_SPIS] = { 0x90, 0x20, 0xe0, 0x50, 0x10, 0xb0, 0x70, 0x30 };
	static const u32 want[NR_SPIS] = { 44, 41, 47, 43, 46, 40, 45, 42 };
	u32 i, in_order = 1;

	for (i = 0; i < NR_SPIS; i++)
		enable(FIRST_SPI + i, priority[i], 1);
	for (i = 0; i < NR_SPIS; i++)
		writel(GICD_BASE + GICD_ISPENDR + (FIRST_SPI + i) / 32 * 4, 1u << ((FIRST_SPI + i) % 32));
	irq_enable();
	spin_ms(20);
	irq_disable();
	print("lrs taken");
	for (i = 0; i < taken; i++) {
		print(" %u", order[i]);
		in_order &= i < NR_SPIS && order[i] == want[i];
	}
	print("\n");
	check(taken == NR_SPIS && in_order, "lrs eight pending, four list registers",
	      "44 41 47 43 46 40 45 42", "%u taken", taken);
}

static void level_held(void)
{
	enable(TIMER_ID, 0x80, 0);
	write_cntv_tval(0);
	write_cntv_ctl(1); /* fires at once, and stays so */
	isb();
	irq_enable();
	spin_ms(20);
	irq_disable();
	check_eq("lrs level timer offered while held", timer_offers, 3);
}

static void rtc_alarm(void)
{
	static const u32 qemu_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	u32 i, same = 1, now, freq = read_cntfrq();
	u64 until;

	for (i = 0; i < 8; i++)
		same &= readl(RTC_BASE + 0xfe0 + 4 * i) == qemu_id[i];
	check(same, "lrs rtc id registers", "as qemu's pl031", "periphid2 0x%x",
	      readl(RTC_BASE + 0xfe8));
	enable(RTC_ID, 0x40, 0);
	writel(RTC_BASE + RTC_IMSC, 1);
	now = readl(RTC_BASE + RTC_DR);
	writel(RTC_BASE + RTC_MR, now + 1);
	check_eq("lrs rtc not yet", readl(RTC_BASE + RTC_RIS), 0);
	until = read_cntvct() + 3ull * freq;
	irq_enable();
	while (!rtc_taken && read_cntvct() < until)
		asm volatile("wfi" ::: "memory");
	spin_ms(10);
	irq_disable();
	check_eq("lrs rtc alarm taken", rtc_taken, 1);
	check_eq("lrs rtc ris", rtc_ris, 1);
	check_eq("lrs rtc mis", rtc_mis, 1);
	check_eq("lrs rtc icr clears", rtc_ris_after, 0);
	check_eq("lrs rtc second is the match", readl(RTC_BASE + RTC_DR) - now, 1);
}

void guest_main(void);
void guest_main(void)
{
	writel(GICD_BASE + GICD_CTLR, 1);
	gic_cpu_enable();
	eight_at_once();
	level_held();
	rtc_alarm();
}
