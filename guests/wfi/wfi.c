/*
 * wfi: WFI with the virtual timer. The timer (PPI 11 = GIC ID 27) is routed
 * through the GIC (distributor at 0x08000000, CPU interface at 0x08010000),
 * then:
 *  1. with CPSR.I set, arm CNTV for 1..5 ms and WFI: the pending interrupt
 *     wakes the core although it is not taken (PSTATE.I masks taking it,
 *     not the wake-up); CNTVCT must have advanced by at least TVAL, CNTV_CTL
 *     shows ISTATUS, and GICC_IAR hands out ID 27, which is then EOIed.
 *  2. with CPSR.I clear, the same WFI ends in the guest's IRQ handler.
 * Under hyp7, WFI traps (HCR.TWI) and hyp7 must wake the vCPU when its
 * virtual timer fires and inject the interrupt.
 */
#include "guest.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICD_ICENABLER0 0x180
#define GICD_ICPENDR0 0x280
#define GICD_IPRIORITYR 0x400
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define TIMER_ID (16 + 11)
#define SPURIOUS 1023

#define read_cntv_ctl() MRC(0, c14, c3, 1)
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)

static volatile u32 n_irq, irq_id, irq_pc, irq_spsr;

int on_irq(struct exc_frame *f)
{
	u32 iar = readl(GICC_BASE + GICC_IAR);
	irq_id = iar & 0x3ff;
	irq_pc = f->pc;
	irq_spsr = f->cpsr;
	if (irq_id == TIMER_ID)
		write_cntv_ctl(0);
	if (irq_id != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	n_irq++;
	return EXC_RETURN;
}

static void gic_init(void)
{
	u32 prio;

	writel(GICD_BASE + GICD_CTLR, 1);
	/* Priority 0xa0 for ID 27 (byte 3 of IPRIORITYR6), by read-modify-write of the word. */
	prio = readl(GICD_BASE + GICD_IPRIORITYR + (TIMER_ID & ~3));
	prio = (prio & ~(0xffu << 24)) | (0xa0u << 24);
	writel(GICD_BASE + GICD_IPRIORITYR + (TIMER_ID & ~3), prio);
	writel(GICD_BASE + GICD_ISENABLER0, 1u << TIMER_ID);
	writel(GICC_BASE + GICC_PMR, 0xf0);
	writel(GICC_BASE + GICC_CTLR, 1);
	check(readl(GICD_BASE + GICD_ISENABLER0) & (1u << TIMER_ID), "gic timer ppi enabled",
	      "bit 27 set", "isenabler0=0x%08x", readl(GICD_BASE + GICD_ISENABLER0));
	check_eq("gic ipriorityr6 byte 3", readl(GICD_BASE + GICD_IPRIORITYR + 24) >> 24, 0xa0);
}

void guest_main(void);
void guest_main(void)
{
	u32 freq = read_cntfrq(), round;

	print("wfi: cntfrq=%u Hz\n", freq);
	check(freq >= 1000000 && freq <= 1000000000, "cntfrq", "1 MHz..1 GHz", "%u", freq);
	write_cntv_ctl(0);
	gic_init();
	check_eq("gicc_iar idle (spurious)", readl(GICC_BASE + GICC_IAR) & 0x3ff, SPURIOUS);

	/* 1. WFI with IRQs masked. */
	for (round = 1; round <= 5; round++) {
		u32 tval = freq / 1000 * round, wakes = 0, ctl, iar;
		u64 t0, t1;

		t0 = read_cntvct();
		write_cntv_tval(tval);
		write_cntv_ctl(1); /* ENABLE, IMASK=0 */
		isb();
		do {
			dsb();
			asm volatile("wfi" ::: "memory");
			wakes++;
			ctl = read_cntv_ctl();
		} while (!(ctl & 4) && wakes < 1000000);
		t1 = read_cntvct();
		print("wfi masked round %u: tval=%u waited=%llu ticks, %u wfi\n", round, tval, t1 - t0,
		      wakes);
		check(ctl & 4, "wfi masked timer istatus", "set", "cntv_ctl=0x%x", ctl);
		check(t1 - t0 >= tval, "wfi masked cntvct advanced", ">= tval", "%llu >= %u", t1 - t0,
		      tval);
		iar = readl(GICC_BASE + GICC_IAR);
		check_eq("wfi masked gicc_iar", iar & 0x3ff, TIMER_ID);
		write_cntv_ctl(0);
		isb();
		if ((iar & 0x3ff) != SPURIOUS)
			writel(GICC_BASE + GICC_EOIR, iar);
	}
	check_eq("no irq taken while masked", n_irq, 0);
	check_eq("gicc_iar idle after eoi", readl(GICC_BASE + GICC_IAR) & 0x3ff, SPURIOUS);

	/* 2. WFI with IRQs unmasked: the interrupt is taken. */
	for (round = 1; round <= 3; round++) {
		u32 tval = freq / 1000, wakes = 0, n0 = n_irq;
		u64 t0, t1;

		t0 = read_cntvct();
		write_cntv_tval(tval);
		write_cntv_ctl(1);
		isb();
		irq_enable();
		while (n_irq == n0 && wakes < 1000000) {
			asm volatile("wfi" ::: "memory");
			wakes++;
		}
		irq_disable();
		t1 = read_cntvct();
		print("wfi unmasked round %u: waited=%llu ticks, %u wfi, irq at pc=0x%08x spsr=0x%08x\n",
		      round, t1 - t0, wakes, irq_pc, irq_spsr);
		check_eq("wfi unmasked irq taken", n_irq - n0, 1);
		check_eq("wfi unmasked irq id", irq_id, TIMER_ID);
		check_eq("wfi unmasked irq from svc", irq_spsr & PSR_MODE_MASK, PSR_SVC);
		check(t1 - t0 >= tval, "wfi unmasked cntvct advanced", ">= tval", "%llu >= %u", t1 - t0,
		      tval);
	}
	writel(GICD_BASE + GICD_ICENABLER0, 1u << TIMER_ID);
}
