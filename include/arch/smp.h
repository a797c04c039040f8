/* Secondary CPUs: started through PSCI, each initialises HYP for itself. */
#ifndef ARCH_SMP_H
#define ARCH_SMP_H

#include <hyp7/types.h>

/*
 * This CPU's number: its position in the DTB's /cpus, kept in TPIDRPRW
 * (the world switch swaps it with a guest's) from start_kernel() and
 * secondary_start_kernel() on:
 * one instruction, as the exit path asks for it a few times.
 */
static inline unsigned int smp_this_cpu(void)
{
	unsigned int cpu;

	asm("mrc p15, 0, %0, c13, c0, 4" : "=r"(cpu)); /* TPIDRPRW */
	return cpu;
}
/* The boot CPU, once the DTB's /cpus are known: finds its number by its MPIDR. */
void smp_set_boot_cpu(void);
/* Starts every other CPU of the DTB in turn and waits for its HYP init. */
void smp_boot_secondaries(void);
void secondary_start_kernel(u32 cpu);
/* Whether cpu came up with HYP initialised (the calling CPU always has). */
bool smp_cpu_online(unsigned int cpu);
/* The CPU hyp7 was booted on. */
unsigned int smp_boot_cpu(void);
/* Has the online secondary cpu run work(cpu); smp_wait_for() waits for its end. */
void smp_run_on(unsigned int cpu, void (*work)(unsigned int cpu));
void smp_wait_for(unsigned int cpu);
/*
 * This secondary CPU goes offline: HYP teardown, then PSCI CPU_OFF, which
 * does not return. If it fails, the CPU is told so and stays online.
 */
void smp_cpu_off(unsigned int cpu);
/* Starts the offline secondary cpu again, to run work(cpu) once HYP is up; false if it failed. */
bool smp_cpu_restart(unsigned int cpu, void (*work)(unsigned int cpu));

#endif
