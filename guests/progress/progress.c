/*
 * progress: four busy vCPUs on two host CPUs (--cpus 4, two host CPUs).
 * Each counts for two seconds of its virtual counter; none may starve,
 * and the scheduler shares the CPUs fairly: every vCPU gets at least half
 * its fair share of the work done.
 */
#include "guest.h"

#define VCPUS 4
#define SECONDS 2

static volatile u32 count[VCPUS], done[VCPUS], go;

static void work(unsigned int cpu)
{
	u64 end;
	u32 n = 0;

	while (!go)
		;
	end = read_cntvct() + (u64)read_cntfrq() * SECONDS;
	while (read_cntvct() < end)
		n++;
	count[cpu] = n;
	dsb();
	done[cpu] = 1;
}

void guest_main(void);
void guest_main(void)
{
	unsigned int i;
	u32 total = 0, least = ~0u;

	for (i = 1; i < VCPUS; i++)
		check_eq("progress cpu_on", (u32)smp_start(i, work), 0);
	go = 1;
	work(0);
	for (i = 1; i < VCPUS; i++)
		while (!done[i])
			asm volatile("wfe" ::: "memory");
	for (i = 0; i < VCPUS; i++) {
		print("progress: vcpu%u counted %u\n", i, count[i]);
		total += count[i];
		least = count[i] < least ? count[i] : least;
	}
	check(least >= total / VCPUS / 2, "progress every vcpu got its share", "half of a quarter",
	      "least %u of %u", least, total);
}
