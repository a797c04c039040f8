/*
 * A guest CPU's general-purpose registers, every banked copy included
 * (ARM ARM B1.3.2), as the world switch saves them on every exit.
 */
#ifndef HYP7_VCPU_REGS_H
#define HYP7_VCPU_REGS_H

#include <hyp7/types.h>

#define REG_SP 13
#define REG_LR 14
#define REG_PC 15

struct vcpu_regs {
	u32 r[13]; /* r0-r12 outside FIQ mode */
	u32 sp_usr, lr_usr;
	u32 pc, cpsr;
	u32 sp_svc, lr_svc, spsr_svc;
	u32 sp_abt, lr_abt, spsr_abt;
	u32 sp_und, lr_und, spsr_und;
	u32 sp_irq, lr_irq, spsr_irq;
	u32 fiq_r[5]; /* r8_fiq-r12_fiq */
	u32 sp_fiq, lr_fiq, spsr_fiq;
};

/* Register n (0-15) as the guest's current mode (cpsr) sees it. */
u32 *vcpu_reg(struct vcpu_regs *regs, unsigned int n);
/* Past the instruction at pc, length 2 or 4 bytes, advancing the Thumb IT state. */
void vcpu_regs_skip(struct vcpu_regs *regs, unsigned int length);
/* The result of an MRC into Rt (0-15: 15 sets the N, Z, C, V flags instead of the PC). */
void vcpu_write_mrc_result(struct vcpu_regs *regs, unsigned int rt, u32 value);
/* The current mode's SPSR; NULL in USR and SYS mode, which have none. */
u32 *vcpu_spsr(struct vcpu_regs *regs);

#endif
