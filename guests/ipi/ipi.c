/*
 * ipi: virtual IPIs between two vCPUs on two host CPUs (--cpus 2).
 *  1. vCPU 1 sleeps in WFI; an SGI from vCPU 0 wakes it: the scheduler
 *     must wake a sleeping vCPU at once, not at some later event.
 *  2. vCPU 1 spins with interrupts unmasked; an SGI from vCPU 0 is taken
 *     well before vCPU 1's 10 ms slice could have ended: the host CPU it
 *     runs on is kicked out of the guest to deliver it (mean within 1 ms,
 *     none as late as a slice).
 *  3. For comparison, vCPU 0 sends SGIs to itself.
 * Latencies are from the SGIR write to the handler, by the virtual counter.
 */
#include "guest.h"

#define ROUNDS 20
/*
 * Without a kick, an SGI to a vCPU running elsewhere waits for the end of
 * its slice: a mean of 5 ms, up to 10. With one, a fraction of a
 * millisecond, but the host OS may hold a QEMU thread back now and then.
 */
#define MEAN_LATENCY_US 1000
#define SLICE_US 10000
#define SGI_ID 3
#define GICD_CTLR 0x000
#define GICD_SGIR 0xf00
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define TO_VCPU(n) ((1u << (n)) << 16)

static volatile u32 received[2], phase, ready;
static volatile u64 taken_at[2];

int on_irq(struct exc_frame *f)
{
	unsigned int cpu = MRC(0, c0, c0, 5) & 0xff;
	u32 iar = readl(GICC_BASE + GICC_IAR);

	(void)f;
	if ((iar & 0x3ff) == SGI_ID) {
		taken_at[cpu] = read_cntvct();
		received[cpu]++;
	}
	if ((iar & 0x3ff) != 1023)
		writel(GICC_BASE + GICC_EOIR, iar);
	return EXC_RETURN;
}

static void secondary(unsigned int cpu)
{
	(void)cpu;
	gic_cpu_enable();
	irq_enable();
	while (phase == 1) {
		ready = received[1] + 1;
		asm volatile("wfi" ::: "memory");
	}
	while (phase == 2)
		ready = received[1] + 1; /* spins, interrupts unmasked */
	irq_disable();
}

/* One SGI to target, once it is ready; its latency in counter ticks. */
static u64 one_ipi(unsigned int target, u32 settle_ms)
{
	u32 before = received[target];
	u64 sent;

	while (target && ready != before + 1)
		;
	spin_ms(settle_ms); /* long enough for vCPU 1 to be asleep, or deep in its spin */
	sent = read_cntvct();
	writel(GICD_BASE + GICD_SGIR, TO_VCPU(target) | SGI_ID);
	while (received[target] == before)
		;
	return taken_at[target] - sent;
}

static void rounds(const char *what, unsigned int target, u32 settle_ms, int check_max)
{
	u64 worst = 0, best = ~0ull, total = 0, t;
	u32 freq = read_cntfrq(), i;

	for (i = 0; i < ROUNDS; i++) {
		t = one_ipi(target, settle_ms);
		worst = t > worst ? t : worst;
		best = t < best ? t : best;
		total += t;
	}
	print("ipi: %s: latency min %u us, mean %u us, max %u us over %u\n", what,
	      (u32)(best * 1000000 / freq), (u32)(total / ROUNDS * 1000000 / freq),
	      (u32)(worst * 1000000 / freq), ROUNDS);
	if (check_max)
		check(total / ROUNDS * 1000000 / freq <= MEAN_LATENCY_US &&
			      worst * 1000000 / freq < SLICE_US,
		      what, "mean within 1 ms, none a slice", "mean %u us, max %u us",
		      (u32)(total / ROUNDS * 1000000 / freq), (u32)(worst * 1000000 / freq));
}

void guest_main(void);
void guest_main(void)
{
	writel(GICD_BASE + GICD_CTLR, 1);
	gic_cpu_enable();
	phase = 1;
	check_eq("ipi cpu_on(1)", (u32)smp_start(1, secondary), 0);
	rounds("ipi wakes a vcpu asleep in wfi on another cpu", 1, 3, 1);
	phase = 2;
	rounds("ipi reaches a vcpu spinning on another cpu", 1, 3, 1);
	phase = 3;
	irq_enable();
	rounds("ipi to itself", 0, 0, 0);
	irq_disable();
	check_eq("ipi all taken by vcpu1", received[1], 2 * ROUNDS);
}
