/*
 * Host CPUs going offline and coming back while VMs run (virt/hotplug.c).
 * For tests, the boot option hyp7.cpu-hotplug=S takes the highest
 * secondary CPU down every S seconds and brings it back S seconds later:
 * its vCPUs move to the other CPUs meanwhile, and its HYP is torn down and
 * initialised again from the kept boot PGD.
 */
#ifndef HYP7_HOTPLUG_H
#define HYP7_HOTPLUG_H

#include <hyp7/types.h>

/* Seconds between events of hyp7.cpu-hotplug=S; 0: off. Set before vmm_run(). */
extern u32 hotplug_period_s;

/* online: the CPUs that run guests; cpu_loop: what a CPU started again runs. */
void hotplug_start(u32 online, void (*cpu_loop)(unsigned int cpu));
/* Called by each CPU between turns: it may go offline here, or bring the other back. */
void hotplug_poll(unsigned int cpu);

#endif
