/* Why HYP panicked: the vector that was taken (hyp/entry.S, hyp/panic.c). */
#ifndef ARCH_HYP_PANIC_H
#define ARCH_HYP_PANIC_H

#define HYP_PANIC_RESET 0
#define HYP_PANIC_UNDEF 1
#define HYP_PANIC_HVC_IN_HYP 2
#define HYP_PANIC_PABT 3
#define HYP_PANIC_DABT 4
#define HYP_PANIC_TRAP 5
#define HYP_PANIC_IRQ 6
#define HYP_PANIC_FIQ 7

#ifndef __ASSEMBLER__
#include <hyp7/types.h>

void __attribute__((noreturn)) hyp_panic(u32 kind, u32 elr, u32 hsr, u32 hdfar);
#endif

#endif
