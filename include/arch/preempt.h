/*
 * Taking the CPU back from a guest that does not give it up: the physical
 * timer raises an interrupt after a time slice, which HYP routes to itself
 * while a guest runs (HCR.IMO) and turns into an exit (arch-arm/preempt.c).
 * The host itself runs with interrupts masked and never takes it.
 */
#ifndef ARCH_PREEMPT_H
#define ARCH_PREEMPT_H

#include <hyp7/types.h>

/* GIC distributor and this CPU's interface, and the timer's PPI; 0 or -errno. */
int preempt_init(void);
int preempt_init_cpu(void);
/* Arms the time slice before a guest runs. */
void preempt_arm(void);
/* After an IRQ exit: acknowledges it; true if the slice is over. */
bool preempt_irq(void);

#endif
