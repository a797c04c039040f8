/* Secondary vCPUs for the scheduler's guests: started with PSCI CPU_ON, each running fn(cpu). */
#include "guest.h"

extern char smp_secondary_entry[];
void smp_secondary_c(unsigned int cpu);

static void (*volatile secondary_fn[SMP_MAX_VCPUS])(unsigned int cpu);

void smp_secondary_c(unsigned int cpu)
{
	secondary_fn[cpu](cpu);
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
}

int smp_start(unsigned int cpu, void (*fn)(unsigned int cpu))
{
	secondary_fn[cpu] = fn;
	dsb();
	return (int)hvc_call(PSCI_CPU_ON, cpu, (u32)(uptr)smp_secondary_entry, cpu);
}

void gic_cpu_enable(void)
{
	writel(GICC_BASE + 0x04, 0xf0); /* GICC_PMR */
	writel(GICC_BASE + 0x00, 1);    /* GICC_CTLR */
}
