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

#endif
