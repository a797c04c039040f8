/* Bringing HYP up on each CPU, and down again (virt/hyp_init.c). */
#ifndef HYP7_HYP_INIT_H
#define HYP7_HYP_INIT_H

#include <hyp7/types.h>

/* Builds the HYP page tables and stacks once; 0 or -errno. */
int hyp_setup(void *console_va, paddr_t console_pa);
/* Dual-step init of this CPU, then a check of HYP's runtime state. */
int hyp_init_cpu(unsigned int cpu);
/* Back to the hyp stub, so this CPU can go offline and be initialised again. */
int hyp_teardown_cpu(unsigned int cpu);
/* Host calls HYP must refuse are refused: 0 or -EFAULT. */
int hyp_check_abi(unsigned int cpu);

struct cpu_context;

/* This CPU's host context, where the world switch keeps the host's state. */
struct cpu_context *hyp_host_context(unsigned int cpu);
/* Kernel memory that HYP must read and write (vCPUs), at the same VA; 0 or -errno. */
int hyp_map(const void *start, const void *end);
void hyp_unmap(const void *start, const void *end);

#endif
