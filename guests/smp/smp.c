/*
 * smp: a second vCPU through PSCI. vCPU 0 starts vCPU 1 with CPU_ON (its
 * entry point and a context ID), vCPU 1 reports its MPIDR and the context
 * it was given and turns itself off with CPU_OFF; vCPU 0 sees it come and
 * go (AFFINITY_INFO) and checks what CPU_ON refuses.
 */
#include "guest.h"

#define CONTEXT_ID 0x5eedc0de
#define MPIDR_MP 0x80000000u
#define PSCI_AFFINITY_OFF 1
#define WAIT_MS 5000

extern char secondary_entry[];
void secondary_main(u32 context);

static volatile u32 secondary_context, secondary_mpidr, secondary_up;

void secondary_main(u32 context)
{
	secondary_context = context;
	secondary_mpidr = MRC(0, c0, c0, 5);
	dsb();
	secondary_up = 1;
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
}

/*
 * Gives the CPU away until cond() holds or the wait is too long: WFE traps
 * to hyp7 (once the event register an exception return sets is used up),
 * which runs the other vCPU first if it waits for a CPU. Not WFI: with no
 * interrupt to come, a WFI may sleep for ever, as it does under hyp7.
 */
/* Up to WAIT_MS of the virtual counter: a count of WFEs runs out early on a loaded host. */
static int wait_for(int (*cond)(void))
{
	u64 end = read_cntvct() + (u64)read_cntfrq() * WAIT_MS / 1000;

	while (!cond() && read_cntvct() < end)
		asm volatile("wfe" ::: "memory");
	return cond();
}

static int is_up(void)
{
	return secondary_up;
}

static int is_off(void)
{
	return hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0) == PSCI_AFFINITY_OFF;
}

void guest_main(void);
void guest_main(void)
{
	check_eq("affinity_info(1) before cpu_on", hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0),
		 PSCI_AFFINITY_OFF);
	check_eq("cpu_on(1)", hvc_call(PSCI_CPU_ON, 1, (u32)(uptr)secondary_entry, CONTEXT_ID), 0);
	check(wait_for(is_up), "vcpu1 runs", "its flag set", "%u", secondary_up);
	check_eq("vcpu1 context id in r0", secondary_context, CONTEXT_ID);
	check_eq("vcpu1 mpidr", secondary_mpidr, MPIDR_MP | 1);
	check(wait_for(is_off), "vcpu1 off after cpu_off", "affinity_info 1", "%u",
	      hvc_call(PSCI_AFFINITY_INFO, 1, 0, 0));
	check_eq("cpu_on(self) refused", hvc_call(PSCI_CPU_ON, 0, (u32)(uptr)secondary_entry, 0),
		 PSCI_ALREADY_ON);
	check_eq("cpu_on(8) refused", hvc_call(PSCI_CPU_ON, 8, (u32)(uptr)secondary_entry, 0),
		 PSCI_INVALID_PARAMETERS);
}
