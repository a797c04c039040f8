/*
 * hyp7.pmu=shared, for benchmarks only: guests get the hardware PMU, and
 * its cycle counter counts in HYP too (PMCCFILTR.NSH, which only HYP may
 * set), so that a guest's figures include the world switch. It counts on
 * every CPU from HYP init on: a vCPU that moves to another CPU finds it
 * counting there too.
 */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>
#include <arch/sysregs.h>

void __hyp_pmu_count_hyp(void)
{
	write_sysreg(PMSELR_CYCLE_COUNTER, PMSELR);
	write_sysreg(PMCCFILTR_NSH, PMXEVTYPER);
	write_sysreg(read_sysreg(PMCR) | PMCR_E, PMCR);
	write_sysreg(PMCNTEN_CYCLES, PMCNTENSET);
	isb();
}
