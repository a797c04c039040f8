/* Secondary CPUs: started through PSCI, each initialises HYP for itself. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <hyp7/types.h>

/* This CPU's number: its position in the DTB's /cpus. */
unsigned int smp_this_cpu(void);
/* Starts every other CPU of the DTB in turn and waits for its HYP init. */
void smp_boot_secondaries(void);
void secondary_start_kernel(u32 cpu);

#endif
