/*
 * Time slices: a turn of a vCPU on a host CPU lasts until a deadline set
 * once, when the turn starts (arch-arm/preempt.c). Every exit checks it,
 * so exits never extend a turn; a guest that does not exit is stopped at
 * the deadline by the physical timer, whose interrupt HYP routes to itself
 * while a guest runs (HCR.IMO) and turns into an exit. The host itself runs
 * with interrupts masked and never takes it.
 */
#ifndef ARCH_PREEMPT_H
#define ARCH_PREEMPT_H

#include <hyp7/types.h>

/* GIC distributor and this CPU's interface, and the timer's PPI; 0 or -errno. */
int preempt_init(void);
int preempt_init_cpu(void);
/* A turn's length, in counter ticks. */
u64 preempt_slice_ticks(void);
/* Starts this CPU's next turn: its deadline is one slice from now, and the timer armed for it. */
void preempt_start_slice(void);
/* Whether this CPU's turn has reached its deadline. */
bool preempt_slice_over(void);
/*
 * After an IRQ exit: acknowledges what is pending (the timer also wakes
 * this CPU's sleeping vCPUs whose virtual timers fired); true if the turn
 * has reached its deadline.
 */
bool preempt_irq(void);
/*
 * irq, a PPI, only ends a guest's run (the vGIC's maintenance and virtual
 * timer interrupts): enabled or disabled on this CPU; taken, it is
 * acknowledged and nothing else.
 */
void preempt_exit_irq(u32 irq, bool enabled);
/*
 * Nothing to run: WFI until the timer (this CPU's next scheduler event), a
 * kick or, on the boot CPU, typing or a frame from the machine's NIC,
 * which are then acknowledged.
 */
void preempt_idle(void);

#endif
