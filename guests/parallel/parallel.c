/*
 * parallel: two vCPUs of one VM on two host CPUs run at the same time.
 * Each keeps writing its virtual counter to a shared stamp while it reads
 * the other's: most of the time the other's stamp is within CLOSE_US of
 * its own counter (under QEMU's TCG, whose vCPU threads the host OS
 * schedules, within a few microseconds to a hundred). Time-slicing the two
 * on one CPU cannot fake that: the stamp of the vCPU not running is as old
 * as the slice (up to 10 ms), so at most 1% of samples would be close.
 */
#include "guest.h"

#define SAMPLES 20000
#define CLOSE_US 100
#define FEW_US 10

static volatile u64 stamp[2];
static volatile u32 go, close_count[2], few_count[2], samples_done[2];
static volatile u64 worst[2];

static void stamp_and_watch(unsigned int self)
{
	u64 close_ticks = (u64)read_cntfrq() / 1000000 * CLOSE_US, lag, now;
	u64 few_ticks = (u64)read_cntfrq() / 1000000 * FEW_US;
	u32 i, close = 0, few = 0;
	unsigned int other = !self;

	while (!go)
		stamp[self] = read_cntvct();
	for (i = 0; i < SAMPLES; i++) {
		now = read_cntvct();
		stamp[self] = now;
		lag = now - stamp[other];
		if (stamp[other] <= now && lag <= few_ticks)
			few++;
		if (stamp[other] <= now && lag <= close_ticks)
			close++;
		else if (stamp[other] <= now && lag > worst[self])
			worst[self] = lag;
	}
	close_count[self] = close;
	few_count[self] = few;
	dsb();
	samples_done[self] = 1;
	while (!samples_done[other])
		stamp[self] = read_cntvct();
}

static void secondary(unsigned int cpu)
{
	stamp_and_watch(cpu);
}

void guest_main(void);
void guest_main(void)
{
	u32 freq = read_cntfrq();
	unsigned int i;

	check_eq("parallel cpu_on(1)", (u32)smp_start(1, secondary), 0);
	spin_ms(20); /* vCPU 1 running and stamping */
	go = 1;
	stamp_and_watch(0);
	for (i = 0; i < 2; i++) {
		print("parallel: vcpu%u: of %u samples, %u within %u us of the other's counter, %u "
		      "within %u us; worst %u us\n", i, SAMPLES, few_count[i], FEW_US, close_count[i],
		      CLOSE_US, (u32)(worst[i] * 1000000 / freq));
		check(close_count[i] >= SAMPLES / 2, i ? "parallel vcpu1 sees vcpu0 run" :
				"parallel vcpu0 sees vcpu1 run", "half the samples close", "%u",
		      close_count[i]);
	}
}
