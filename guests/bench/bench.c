/*
 * bench: instructions per round trip, the categories of the KVM/ARM paper
 * (ASPLOS 2014). Run under QEMU -icount shift=0, where the PMU cycle
 * counter counts executed instructions exactly, on hyp7 booted with
 * hyp7.pmu=shared, which gives the guest the real PMU and lets it count
 * HYP's own instructions too (PMCCFILTR.NSH); otherwise hyp7 hides the
 * PMU and there is nothing to measure with. Each figure is the minimum
 * over many runs, less the cost of reading the counter.
 *
 * Measured as a Linux guest runs: distributor and CPU interface on, the
 * virtual timer armed (far ahead), a second vCPU on the other host CPU.
 * The same with the distributor off and the timer idle comes first,
 * labelled so.
 *
 * Under -icount QEMU runs the CPUs in turn and the cycle counter is its
 * virtual clock, so while two CPUs run, a figure would take in the other's
 * turns. An SGI to the vCPU on the other host CPU is therefore timed as
 * half a ping-pong between the two, each waiting in WFI for the other: one
 * CPU runs at a time, and the round trip counts every instruction of both
 * journeys (the SGIR exit, the kick, the idle CPU's wake-up, the entry).
 */
#include "guest.h"

#define RUNS 64
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER0 0x100
#define GICD_SGIR 0xf00
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define SGI_ID 1
#define TIMER_ID 27
#define UNKNOWN_FID 0x8600ff00u
#define TO_VCPU(n) ((1u << (n)) << 16)
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)

u32 time_nothing(void);
u32 time_hvc(u32 fid);
u32 time_read(u32 addr);
u32 time_write(u32 addr, u32 value);
u32 time_vfp(void);

static volatile u32 irq_at[2], irq_iar[2], remote_ready, remote_stop, pings;

int on_irq(struct exc_frame *f)
{
	unsigned int cpu = MRC(0, c0, c0, 5) & 0xff;
	u32 iar;

	(void)f;
	irq_at[cpu] = MRC(0, c9, c13, 0);
	iar = readl(GICC_BASE + GICC_IAR);
	irq_iar[cpu] = iar;
	/* The other vCPU answers each ping with a pong. */
	if (cpu && (iar & 0x3ff) == SGI_ID) {
		writel(GICC_BASE + GICC_EOIR, iar);
		pings++;
		writel(GICD_BASE + GICD_SGIR, TO_VCPU(0) | SGI_ID);
	}
	return EXC_RETURN;
}

static u32 min_of(u32 a, u32 b)
{
	return a < b ? a : b;
}

static void report(const char *what, u32 count)
{
	print("bench: %s: %u\n", what, count);
	check(count > 0 && count < 1000000, what, "a plausible count", "%u", count);
}

/* The other vCPU: in WFI until told to stop, taking pings and answering them. */
static void remote(unsigned int cpu)
{
	(void)cpu;
	gic_cpu_enable();
	remote_ready = 1;
	irq_enable();
	while (!remote_stop)
		asm volatile("wfi" ::: "memory");
	irq_disable();
}

struct figures {
	u32 base, hvc, uart, gicd, vfp;
};

static void exits(struct figures *fig)
{
	u32 i;

	fig->base = fig->hvc = fig->uart = fig->gicd = fig->vfp = ~0u;
	for (i = 0; i < RUNS; i++)
		fig->base = min_of(fig->base, time_nothing());
	for (i = 0; i < RUNS; i++)
		fig->hvc = min_of(fig->hvc, time_hvc(UNKNOWN_FID));
	for (i = 0; i < RUNS; i++)
		fig->uart = min_of(fig->uart, time_read(UART_BASE + 0x18));
	for (i = 0; i < RUNS; i++)
		fig->gicd = min_of(fig->gicd, time_read(GICD_BASE + GICD_TYPER));
	/* The first VFP instruction after each entry traps, and HYP switches. */
	for (i = 0; i < RUNS; i++) {
		hvc_call(UNKNOWN_FID, 0, 0, 0);
		fig->vfp = min_of(fig->vfp, time_vfp());
	}
	fig->hvc -= fig->base;
	fig->uart -= fig->base;
	fig->gicd -= fig->base;
	fig->vfp -= fig->base;
}

/* A virtual IPI to itself: the SGIR write exits, the SGI comes back as an IRQ. */
static void self_ipi(u32 *ipi, u32 *eoi, u32 base)
{
	u32 i, t0;

	*ipi = *eoi = ~0u;
	for (i = 0; i < RUNS; i++) {
		irq_at[0] = 0;
		t0 = MRC(0, c9, c13, 0);
		irq_enable();
		writel(GICD_BASE + GICD_SGIR, TO_VCPU(0) | SGI_ID);
		while (!irq_at[0])
			;
		irq_disable();
		*ipi = min_of(*ipi, irq_at[0] - t0);
		*eoi = min_of(*eoi, time_write(GICC_BASE + GICC_EOIR, irq_iar[0]) - base);
	}
}

/* Half the least round trip of a ping to the other vCPU and its pong, both waiting in WFI. */
static u32 remote_ipi(void)
{
	u32 i, t0, best = ~0u;

	for (i = 0; i < RUNS / 4; i++) {
		irq_at[0] = 0;
		t0 = MRC(0, c9, c13, 0);
		writel(GICD_BASE + GICD_SGIR, TO_VCPU(1) | SGI_ID);
		while (!irq_at[0]) {
			irq_enable();
			asm volatile("wfi" ::: "memory");
			irq_disable();
		}
		writel(GICC_BASE + GICC_EOIR, irq_iar[0]);
		best = min_of(best, irq_at[0] - t0);
	}
	return best / 2;
}

void guest_main(void);
void guest_main(void)
{
	struct figures off, on;
	u32 ipi, eoi, remote_one_way;

	/* hyp7.pmu=shared starts the cycle counter on every CPU: a vCPU may move. */
	if (!time_nothing() && !time_nothing()) {
		fail("bench: the cycle counter does not count: hyp7 hides the PMU unless booted with "
		     "hyp7.pmu=shared (as make bench does)");
		return;
	}
	vfp_enable();
	exits(&off);

	/* As Linux runs: the GIC on, the timer armed (10 s ahead), the other vCPU up. */
	writel(GICD_BASE + GICD_CTLR, 1);
	gic_cpu_enable();
	writel(GICD_BASE + GICD_ISENABLER0, 1u << TIMER_ID | 1u << SGI_ID);
	write_cntv_tval(10 * read_cntfrq());
	write_cntv_ctl(1);
	isb();
	check_eq("bench cpu_on(1)", (u32)smp_start(1, remote), 0);
	while (!remote_ready)
		;
	exits(&on);
	self_ipi(&ipi, &eoi, on.base);
	remote_one_way = remote_ipi();
	remote_stop = 1;
	write_cntv_ctl(0);

	print("bench: instructions per round trip (QEMU -icount shift=0)\n");
	print("bench: GIC on, virtual timer armed, a second vCPU up (as Linux):\n");
	report("null hypercall to the host", on.hvc);
	report("MMIO read of the UART flags", on.uart);
	report("MMIO read of the GIC distributor (GICD_TYPER)", on.gicd);
	report("first VFP use (handled in HYP)", on.vfp);
	report("virtual IPI to itself", ipi);
	report("virtual interrupt EOI", eoi);
	report("virtual IPI to the vCPU on the other host CPU, in WFI (half a ping-pong)", remote_one_way);
	print("bench: GIC off, timer idle, one vCPU:\n");
	report("null hypercall to the host, gic off", off.hvc);
	report("MMIO read of the UART flags, gic off", off.uart);
	report("MMIO read of the GIC distributor, gic off", off.gicd);
	report("first VFP use, gic off", off.vfp);
	check_eq("bench the ipi's interrupt", irq_iar[0] & 0x3ff, SGI_ID);
	check_eq("bench the pong's source", irq_iar[0], SGI_ID | 1u << 10);
	check_eq("bench pings answered", pings, RUNS / 4);
}
