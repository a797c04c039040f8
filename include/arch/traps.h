/* The host's exceptions (arch-arm/vectors.S, arch-arm/traps.c). */
#ifndef ARCH_TRAPS_H
#define ARCH_TRAPS_H

#define HOST_EXC_RESET 0
#define HOST_EXC_UNDEF 1
#define HOST_EXC_SVC 2
#define HOST_EXC_PABT 3
#define HOST_EXC_DABT 4
#define HOST_EXC_IRQ 5
#define HOST_EXC_FIQ 6

#ifndef __ASSEMBLER__
#include <hyp7/types.h>

extern char host_vectors[];
void traps_init(void);
void __attribute__((noreturn)) host_exception(u32 kind, u32 lr, u32 spsr);
#endif

#endif
