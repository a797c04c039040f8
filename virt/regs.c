/* Banked register selection by the guest's mode (ARM ARM B1.3.2). */
#include <arch/psr.h>
#include <hyp7/vcpu_regs.h>

u32 *vcpu_reg(struct vcpu_regs *regs, unsigned int n)
{
	u32 mode = regs->cpsr & PSR_MODE_MASK;

	if (n == REG_PC)
		return &regs->pc;
	if (mode == PSR_MODE_FIQ && n >= 8 && n <= 12)
		return &regs->fiq_r[n - 8];
	if (n < REG_SP)
		return &regs->r[n];
	switch (mode) {
	case PSR_MODE_FIQ: return n == REG_SP ? &regs->sp_fiq : &regs->lr_fiq;
	case PSR_MODE_IRQ: return n == REG_SP ? &regs->sp_irq : &regs->lr_irq;
	case PSR_MODE_SVC: return n == REG_SP ? &regs->sp_svc : &regs->lr_svc;
	case PSR_MODE_ABT: return n == REG_SP ? &regs->sp_abt : &regs->lr_abt;
	case PSR_MODE_UND: return n == REG_SP ? &regs->sp_und : &regs->lr_und;
	default: return n == REG_SP ? &regs->sp_usr : &regs->lr_usr;
	}
}

u32 *vcpu_spsr(struct vcpu_regs *regs)
{
	switch (regs->cpsr & PSR_MODE_MASK) {
	case PSR_MODE_FIQ: return &regs->spsr_fiq;
	case PSR_MODE_IRQ: return &regs->spsr_irq;
	case PSR_MODE_SVC: return &regs->spsr_svc;
	case PSR_MODE_ABT: return &regs->spsr_abt;
	case PSR_MODE_UND: return &regs->spsr_und;
	default: return NULL;
	}
}

/* ITAdvance() (ARM ARM A2.5.2), on the IT bits split across the CPSR. */
static u32 it_advance(u32 cpsr)
{
	u32 it = ((cpsr >> 25) & 0x3) | ((cpsr >> 8) & 0xfc);

	if (!(cpsr & PSR_T) || !it)
		return cpsr;
	it = (it & 0x7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~((0x3u << 25) | (0x3fu << 10));
	return cpsr | (it & 0x3) << 25 | (it >> 2) << 10;
}

void vcpu_regs_skip(struct vcpu_regs *regs, unsigned int length)
{
	regs->pc += length;
	regs->cpsr = it_advance(regs->cpsr);
}

/* MRC's result (A8.8.108): Rt = 15 means APSR_nzcv, which takes value[31:28]; the PC is never written. */
void vcpu_write_mrc_result(struct vcpu_regs *regs, unsigned int rt, u32 value)
{
	if (rt == REG_PC)
		regs->cpsr = (regs->cpsr & ~PSR_NZCV_MASK) | (value & PSR_NZCV_MASK);
	else
		*vcpu_reg(regs, rt) = value;
}
