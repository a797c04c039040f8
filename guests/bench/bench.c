/*
 * bench: instructions per round trip, the categories of the KVM/ARM paper
 * (ASPLOS 2014). Run under QEMU -icount shift=0, where the PMU cycle
 * counter counts executed instructions exactly, on hyp7 booted with
 * hyp7.pmu=shared, which gives the guest the real PMU and lets it count
 * HYP's own instructions too (PMCCFILTR.NSH); otherwise hyp7 hides the
 * PMU and there is nothing to measure with. Each figure is the minimum
 * over many runs, less the cost of reading the counter.
 */
#include "guest.h"

#define RUNS 64
#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define SGI_ID 1
#define UNKNOWN_FID 0x8600ff00u

u32 time_nothing(void);
u32 time_hvc(u32 fid);
u32 time_read(u32 addr);
u32 time_write(u32 addr, u32 value);
u32 time_vfp(void);

static volatile u32 irq_at, irq_iar;

int on_irq(struct exc_frame *f)
{
	irq_at = MRC(0, c9, c13, 0);
	irq_iar = readl(GICC_BASE + GICC_IAR);
	(void)f;
	return EXC_RETURN;
}

static void pmu_start(void)
{
	MCR(0, c9, c12, 0, 1 | 4);  /* PMCR: enable, reset the cycle counter */
	MCR(0, c9, c12, 1, 1u << 31); /* PMCNTENSET: the cycle counter */
}

static u32 min_of(u32 a, u32 b)
{
	return a < b ? a : b;
}

static void report(const char *what, u32 cycles)
{
	print("bench: %s: %u\n", what, cycles);
	check(cycles > 0 && cycles < 1000000, what, "a plausible count", "%u", cycles);
}

void guest_main(void);
void guest_main(void)
{
	u32 base = ~0u, hvc = ~0u, mmio = ~0u, vfp = ~0u, ipi = ~0u, eoi = ~0u, i;

	pmu_start();
	if (!time_nothing() && !time_nothing()) {
		fail("bench: the cycle counter does not count: hyp7 hides the PMU unless booted with "
		     "hyp7.pmu=shared (as make bench does)");
		return;
	}
	vfp_enable();
	for (i = 0; i < RUNS; i++)
		base = min_of(base, time_nothing());
	for (i = 0; i < RUNS; i++)
		hvc = min_of(hvc, time_hvc(UNKNOWN_FID));
	for (i = 0; i < RUNS; i++)
		mmio = min_of(mmio, time_read(UART_BASE + 0x18));
	/* The first VFP instruction after each entry traps, and HYP switches. */
	for (i = 0; i < RUNS; i++) {
		hvc_call(UNKNOWN_FID, 0, 0, 0);
		vfp = min_of(vfp, time_vfp());
	}
	/* A virtual IPI to itself: the SGIR write exits, the SGI comes back as an IRQ. */
	writel(GICD_BASE + GICD_CTLR, 1);
	writel(GICC_BASE + GICC_PMR, 0xf0);
	writel(GICC_BASE + GICC_CTLR, 1);
	for (i = 0; i < RUNS; i++) {
		u32 t0;

		irq_at = 0;
		t0 = MRC(0, c9, c13, 0);
		irq_enable();
		writel(GICD_BASE + GICD_SGIR, 2u << 24 | SGI_ID); /* to itself */
		while (!irq_at)
			;
		irq_disable();
		ipi = min_of(ipi, irq_at - t0);
		eoi = min_of(eoi, time_write(GICC_BASE + GICC_EOIR, irq_iar));
	}
	print("bench: instructions per round trip (QEMU -icount shift=0)\n");
	report("null hypercall to the host", hvc - base);
	report("MMIO read of the UART flags", mmio - base);
	report("first VFP use (handled in HYP)", vfp - base);
	report("virtual IPI to itself", ipi);
	report("virtual interrupt EOI", eoi - base);
	check_eq("the IPI's interrupt", irq_iar & 0x3ff, SGI_ID);
}
