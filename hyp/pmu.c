/*
 * hyp7.pmu=shared, for benchmarks only: guests get the hardware PMU, and
 * its cycle counter counts in HYP too (PMCCFILTR.NSH, which only HYP may
 * set), so that a guest's figures include the world switch.
 */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>
#include <arch/sysregs.h>

void __hyp_pmu_count_hyp(void)
{
	write_sysreg(PMSELR_CYCLE_COUNTER, PMSELR);
	write_sysreg(PMCCFILTR_NSH, PMXEVTYPER);
	isb();
}
