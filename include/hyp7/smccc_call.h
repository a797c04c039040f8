/*
 * Making SMCCC 1.2 calls: arguments and results in r0-r7, held in one
 * register struct rather than long argument lists (seed 003).
 */
#ifndef HYP7_SMCCC_CALL_H
#define HYP7_SMCCC_CALL_H

#include <hyp7/types.h>

struct smccc_regs {
	u32 r[8];
};

/* regs->r[0..7] go in r0-r7; r0-r7 come back into regs. */
void smccc_hvc(struct smccc_regs *regs);
void smccc_smc(struct smccc_regs *regs);

#endif
