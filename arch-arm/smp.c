/*
 * Secondary CPUs. Each is started with PSCI CPU_ON at secondary_entry
 * (boot/head.S), which brings it to SVC on the host tables; it then
 * initialises HYP for itself. The boot CPU starts one at a time and waits,
 * so their messages do not interleave. A secondary can go offline (HYP
 * teardown, PSCI CPU_OFF) and be started again the same way, its HYP then
 * initialised from the boot PGD kept for this (seed 002).
 */
#include <arch/cp15.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/smp.h>
#include <arch/traps.h>
#include <hyp7/hyp_init.h>
#include <hyp7/printk.h>
#include <hyp7/psci.h>
#include <hyp7/smccc.h>
#include <hyp7/smccc_call.h>
#include <hyp7/vfp.h>

#define MPIDR_AFFINITY_MASK 0x00ffffff
#define SECONDARY_WAIT_LOOPS 50000000

enum secondary_state { SECONDARY_OFF, SECONDARY_HYP_OK, SECONDARY_HYP_FAILED };

extern char secondary_entry[];

u32 secondary_stack_top[NR_CPUS];
/* Written by a secondary with its MMU off (boot/head.S): read past the cache. */
u32 secondary_boot_error[NR_CPUS];
static volatile u32 secondary_state[NR_CPUS];
static unsigned int boot_cpu;

static void set_this_cpu(unsigned int cpu)
{
	write_sysreg(cpu, TPIDRPRW);
}

void smp_set_boot_cpu(void)
{
	u32 self = read_sysreg(MPIDR) & MPIDR_AFFINITY_MASK;
	unsigned int cpu;

	for (cpu = 0; cpu < platform.nr_cpus; cpu++)
		if (platform.cpu_mpidr[cpu] == self) {
			set_this_cpu(cpu);
			boot_cpu = cpu;
			return;
		}
	panic("the boot CPU (MPIDR 0x%x) is not among the DTB's /cpus", self);
}

/* Work handed to a secondary CPU by smp_run_on(), and whether it finished. */
static void (*volatile secondary_work[NR_CPUS])(unsigned int cpu);
static volatile bool secondary_work_done[NR_CPUS];

void secondary_start_kernel(u32 cpu)
{
	void (*work)(unsigned int cpu);

	set_this_cpu(cpu);
	traps_init();
	vfp_host_enable();
	secondary_state[cpu] = hyp_init_cpu(cpu) ? SECONDARY_HYP_FAILED : SECONDARY_HYP_OK;
	dsb(ish);
	/* Work handed over before it started (smp_cpu_restart()) needs HYP. */
	if (secondary_state[cpu] != SECONDARY_HYP_OK) {
		pr_err("cpu%u: HYP is not set up; it runs nothing\n", cpu);
		for (;;)
			asm volatile("wfe");
	}
	for (;;) {
		while (!(work = secondary_work[cpu]))
			asm volatile("wfe");
		secondary_work[cpu] = NULL;
		work(cpu);
		secondary_work_done[cpu] = true;
		dsb(ish);
		asm volatile("sev");
	}
}

unsigned int smp_boot_cpu(void)
{
	return boot_cpu;
}

bool smp_cpu_online(unsigned int cpu)
{
	return cpu == smp_this_cpu() || (cpu < NR_CPUS && secondary_state[cpu] == SECONDARY_HYP_OK);
}

void smp_run_on(unsigned int cpu, void (*work)(unsigned int cpu))
{
	secondary_work_done[cpu] = false;
	secondary_work[cpu] = work;
	dsb(ish);
	asm volatile("sev");
}

void smp_wait_for(unsigned int cpu)
{
	while (!secondary_work_done[cpu])
		asm volatile("wfe");
}

static int psci_call(u32 fn, u32 a1, u32 a2, u32 a3)
{
	struct smccc_regs regs = { { fn, a1, a2, a3 } };

	if (platform.psci == PSCI_CONDUIT_SMC)
		smccc_smc(&regs);
	else
		smccc_hvc(&regs);
	return (int)regs.r[0];
}

static int psci_cpu_on(u32 mpidr, paddr_t entry, u32 context)
{
	return psci_call(PSCI_0_2_FN_CPU_ON, mpidr, pa_addr(entry), context);
}

/* A CPU started again after going offline has its stack still. */
static void boot_secondary(unsigned int cpu)
{
	unsigned int loops;
	int ret;

	if (!secondary_stack_top[cpu]) {
		void *stack = alloc_pages(1);

		if (!stack) {
			pr_err("cpu%u: no memory for its stack; not started\n", cpu);
			return;
		}
		secondary_stack_top[cpu] = (u32)stack + PAGE_SIZE;
	}
	dcache_clean_poc(&secondary_stack_top[cpu], sizeof(u32));
	ret = psci_cpu_on(platform.cpu_mpidr[cpu], virt_to_phys(secondary_entry), cpu);
	if (ret != PSCI_RET_SUCCESS) {
		pr_err("cpu%u: PSCI CPU_ON(0x%x) failed (%d)\n", cpu, platform.cpu_mpidr[cpu], ret);
		return;
	}
	for (loops = 0; loops < SECONDARY_WAIT_LOOPS && secondary_state[cpu] == SECONDARY_OFF; loops++) {
		dcache_clean_inval_poc(&secondary_boot_error[cpu], sizeof(u32));
		if (secondary_boot_error[cpu]) {
			pr_err("cpu%u: started outside HYP mode; PSCI CPU_ON must enter it in HYP\n", cpu);
			return;
		}
	}
	if (secondary_state[cpu] == SECONDARY_OFF)
		pr_err("cpu%u: did not come up after PSCI CPU_ON\n", cpu);
}

void smp_boot_secondaries(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < platform.nr_cpus; cpu++) {
		if (cpu == boot_cpu)
			continue;
		if (cpu >= NR_CPUS) {
			pr_info("cpu%u: not started: hyp7 supports %d CPUs\n", cpu, NR_CPUS);
			continue;
		}
		if (platform.psci == PSCI_CONDUIT_NONE) {
			pr_info("cpu%u: not started: the DTB offers no PSCI to start it\n", cpu);
			continue;
		}
		boot_secondary(cpu);
	}
}

void smp_cpu_off(unsigned int cpu)
{
	int ret;

	if (hyp_teardown_cpu(cpu))
		return;
	secondary_state[cpu] = SECONDARY_OFF;
	dsb(ish);
	ret = psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
	pr_err("cpu%u: PSCI CPU_OFF returned %d; staying online\n", cpu, ret);
	secondary_state[cpu] = hyp_init_cpu(cpu) ? SECONDARY_HYP_FAILED : SECONDARY_HYP_OK;
}

bool smp_cpu_restart(unsigned int cpu, void (*work)(unsigned int cpu))
{
	secondary_work_done[cpu] = false;
	secondary_work[cpu] = work;
	dsb(ish);
	boot_secondary(cpu);
	return secondary_state[cpu] == SECONDARY_HYP_OK;
}
