/*
 * migrate: three vCPUs on two host CPUs (--cpus 3), so the scheduler keeps
 * moving them between CPUs to share them. For two seconds each keeps a
 * pattern of its own in d0-d31 and FPSCR, checking it every few hundred
 * microseconds, takes its virtual timer's interrupt every 2 ms, and
 * passes SGIs round the ring of vCPUs, one at a time: an interrupt lost
 * while its vCPU moved stops the ring. No register may change, no SGI be
 * lost, and the timer keep ticking; the host's statistics show the moves.
 */
#include "guest.h"

#define VCPUS 3
#define SECONDS 2
#define TIMER_ID 27
#define SGI_ID 5
#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICD_SGIR 0xf00
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)
#define FPSCR_MODE_MASK 0x03c00000u

static volatile u32 go, done[VCPUS], sgis_sent[VCPUS], sgis_taken[VCPUS], ticks[VCPUS];
static volatile u32 vfp_bad[VCPUS], lost[VCPUS];

static unsigned int this_vcpu(void)
{
	return MRC(0, c0, c0, 5) & 0xff;
}

int on_irq(struct exc_frame *f)
{
	unsigned int cpu = this_vcpu();
	u32 iar = readl(GICC_BASE + GICC_IAR), id = iar & 0x3ff;

	(void)f;
	if (id == TIMER_ID) {
		ticks[cpu]++;
		write_cntv_tval(read_cntfrq() / 500); /* 2 ms */
	} else if (id == SGI_ID) {
		sgis_taken[cpu]++;
	}
	if (id != 1023)
		writel(GICC_BASE + GICC_EOIR, iar);
	return EXC_RETURN;
}

static u64 pattern(unsigned int cpu, u32 round, u32 reg)
{
	u32 x = (cpu + 1) * 0x01000193u ^ (round * 0x9e3779b9u) ^ (reg * 0x85ebca6bu);

	return (u64)x << 32 | (x * 0xc2b2ae35u);
}

static void work(unsigned int cpu)
{
	static u64 want[VCPUS][32], got[VCPUS][32];
	unsigned int next = (cpu + 1) % VCPUS, reg;
	u64 end, waiting_since = 0;
	u32 round, fpscr, want_fpscr;

	vfp_enable();
	writel(GICD_BASE + GICD_ISENABLER0, 1u << TIMER_ID | 1u << SGI_ID);
	gic_cpu_enable();
	write_cntv_tval(read_cntfrq() / 500);
	write_cntv_ctl(1);
	irq_enable();
	while (!go)
		;
	end = read_cntvct() + (u64)read_cntfrq() * SECONDS;
	for (round = 0; read_cntvct() < end; round++) {
		want_fpscr = (cpu ^ round) << 22 & FPSCR_MODE_MASK;
		for (reg = 0; reg < 32; reg++)
			want[cpu][reg] = pattern(cpu, round, reg);
		vfp_load(want[cpu], want_fpscr);
		for (reg = 0; reg < 2000; reg++) /* a few hundred microseconds */
			asm volatile("" ::: "memory");
		fpscr = vfp_store(got[cpu]);
		for (reg = 0; reg < 32; reg++)
			vfp_bad[cpu] += got[cpu][reg] != want[cpu][reg];
		vfp_bad[cpu] += (fpscr & FPSCR_MODE_MASK) != want_fpscr;
		/* The next SGI round the ring once the last one was taken. */
		if (sgis_taken[next] == sgis_sent[next]) {
			sgis_sent[next]++;
			writel(GICD_BASE + GICD_SGIR, (1u << next) << 16 | SGI_ID);
			waiting_since = read_cntvct();
		} else if (read_cntvct() - waiting_since > read_cntfrq() / 5) {
			lost[next]++; /* 200 ms without it: lost */
			sgis_sent[next] = sgis_taken[next];
		}
	}
	irq_disable();
	write_cntv_ctl(0);
	dsb();
	done[cpu] = 1;
}

void guest_main(void);
void guest_main(void)
{
	unsigned int i;

	writel(GICD_BASE + GICD_CTLR, 1);
	for (i = 1; i < VCPUS; i++)
		check_eq("migrate cpu_on", (u32)smp_start(i, work), 0);
	spin_ms(10);
	go = 1;
	work(0);
	for (i = 1; i < VCPUS; i++)
		while (!done[i])
			asm volatile("wfe" ::: "memory");
	for (i = 0; i < VCPUS; i++) {
		print("migrate: vcpu%u: %u timer ticks, %u SGIs taken, %u lost, %u VFP mismatches\n", i,
		      ticks[i], sgis_taken[i], lost[i], vfp_bad[i]);
		check(vfp_bad[i] == 0 && lost[i] == 0 && ticks[i] >= 200 && sgis_taken[i] >= 20,
		      "migrate vcpu kept its state", "no VFP change, no SGI lost, ticking",
		      "vcpu%u", i);
	}
}
