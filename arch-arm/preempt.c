/*
 * Time slices for guests, from the physical timer (CNTP) through the GIC.
 * Guests use the virtual timer; the physical one is the host's alone while
 * they run (CNTHCTL.PL1PCEN is cleared for them in hyp/switch.S).
 */
#include <arch/cp15.h>
#include <arch/sysregs.h>
#include <arch/gic.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/preempt.h>
#include <arch/smp.h>
#include <hyp7/errno.h>
#include <hyp7/printk.h>

#define SLICES_PER_SECOND 100

static volatile u32 *gicd, *gicc;
static u32 timer_irq, slice_ticks;
/* Per CPU: CNTPCT at which its current turn ends. */
static u64 slice_end[NR_CPUS];

int preempt_init(void)
{
	gicd = ioremap(pa_init(platform.gicd_pa), PAGE_SIZE);
	gicc = ioremap(pa_init(platform.gicc_pa), 2 * PAGE_SIZE);
	if (!gicd || !gicc)
		return -ENOMEM;
	timer_irq = platform.timer_ppi[TIMER_PPI_PHYS];
	slice_ticks = read_sysreg(CNTFRQ) / SLICES_PER_SECOND;
	if (!slice_ticks) {
		pr_err("CNTFRQ is 0: the firmware did not set the timer's frequency\n");
		return -EINVAL;
	}
	gicd[GICD_CTLR / 4] |= GICD_CTLR_ENABLE;
	return preempt_init_cpu();
}

/* The timer's PPI is banked per CPU, as is the CPU interface. */
int preempt_init_cpu(void)
{
	volatile u8 *priority = (volatile u8 *)gicd + GICD_IPRIORITYR;

	priority[timer_irq] = GIC_PRIORITY_HOST;
	gicd[GICD_ISENABLER / 4 + timer_irq / 32] = 1u << (timer_irq % 32);
	gicc[GICC_PMR / 4] = GICC_PMR_ALL;
	gicc[GICC_CTLR / 4] = GICC_CTLR_ENABLE;
	write_sysreg(CNT_CTL_IMASK, CNTP_CTL);
	return 0;
}

void preempt_start_slice(void)
{
	u64 end = read_sysreg64(CNTPCT) + slice_ticks;

	slice_end[smp_this_cpu()] = end;
	write_sysreg64(end, CNTP_CVAL);
	write_sysreg(CNT_CTL_ENABLE, CNTP_CTL);
	isb();
}

bool preempt_slice_over(void)
{
	return read_sysreg64(CNTPCT) >= slice_end[smp_this_cpu()];
}

bool preempt_irq(void)
{
	u32 iar = gicc[GICC_IAR / 4], irq = iar & GICC_IAR_ID_MASK;

	if (irq == GIC_SPURIOUS)
		return false;
	if (irq == timer_irq)
		write_sysreg(CNT_CTL_IMASK, CNTP_CTL);
	else
		pr_err("unexpected interrupt %u while a guest ran; ignoring it\n", irq);
	gicc[GICC_EOIR / 4] = iar;
	return irq == timer_irq;
}
