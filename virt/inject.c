/* Exception entry into a guest (ARM ARM B1.8), done by the host on its behalf. */
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <hyp7/decode.h>
#include <hyp7/inject.h>

/*
 * B1.8.3 and the Take*Exception() pseudocode of B1.9: SPSR_<mode> = CPSR,
 * LR_<mode> = the preferred return address (the faulting instruction) +
 * return_offset, then CPSR: the new mode, I set, A set for aborts only
 * (an Undefined Instruction exception leaves A alone), IT and J cleared,
 * T from SCTLR.TE, E from SCTLR.EE; neither kind touches F.
 */
static void take_exception(struct vcpu_regs *regs, u32 sctlr, u32 vbar, u32 mode, u32 return_offset,
			   u32 vector, bool mask_async_aborts)
{
	u32 old_cpsr = regs->cpsr;
	u32 return_address = regs->pc + return_offset;
	u32 cpsr = old_cpsr & ~(PSR_MODE_MASK | PSR_IT_MASK | PSR_J | PSR_T | PSR_E);

	cpsr |= mode | PSR_I;
	if (mask_async_aborts)
		cpsr |= PSR_A;
	if (sctlr & SCTLR_TE)
		cpsr |= PSR_T;
	if (sctlr & SCTLR_EE)
		cpsr |= PSR_E;
	regs->cpsr = cpsr;
	*vcpu_spsr(regs) = old_cpsr;
	*vcpu_reg(regs, REG_LR) = return_address;
	regs->pc = (sctlr & SCTLR_V ? VECTOR_HIGH_BASE : vbar & VBAR_ADDR_MASK) + vector;
}

/* B4.1.52 DFSR, B4.1.96 IFSR: FS[4] sits apart from FS[3:0] in the short-descriptor format. */
static u32 fault_status(u32 ttbcr, enum abort_source source)
{
	u32 fs;

	if (ttbcr & TTBCR_EAE)
		return FSR_LPAE | (source == ABORT_ON_TABLE_WALK ? FSR_LONG_SYNC_EXT_ABT_WALK_L1
								 : FSR_LONG_SYNC_EXT_ABT);
	fs = source == ABORT_ON_TABLE_WALK ? FSR_SHORT_SYNC_EXT_ABT_WALK_L1 : FSR_SHORT_SYNC_EXT_ABT;
	return (fs & ~FSR_SHORT_FS_MASK) << FSR_SHORT_FS4_SHIFT | (fs & FSR_SHORT_FS_MASK);
}

/*
 * B1.8.3, Table B1-7: LR_und is the undefined instruction + 4 in ARM
 * state and + 2 in Thumb state, for a 32-bit Thumb instruction too (its
 * handler reads the instruction back from LR - 2 and sees its length).
 */
void inject_undef(struct vcpu_regs *regs, u32 sctlr, u32 vbar)
{
	take_exception(regs, sctlr, vbar, PSR_MODE_UND, regs->cpsr & PSR_T ? 2 : 4, VECTOR_UNDEF,
		       false);
}

/* B1.8.3: LR_abt is the aborted instruction + 8 in either state. */
void inject_dabt(struct vcpu_regs *regs, u32 sctlr, u32 vbar, u32 ttbcr, u32 addr, bool write,
		 enum abort_source source, u32 *dfsr, u32 *dfar)
{
	*dfsr = fault_status(ttbcr, source) | (write ? FSR_WNR : 0);
	*dfar = addr;
	take_exception(regs, sctlr, vbar, PSR_MODE_ABT, 8, VECTOR_DABT, true);
}

/* B1.8.3: LR_abt is the aborted instruction + 4 in either state. */
void inject_pabt(struct vcpu_regs *regs, u32 sctlr, u32 vbar, u32 ttbcr, u32 addr,
		 enum abort_source source, u32 *ifsr, u32 *ifar)
{
	*ifsr = fault_status(ttbcr, source);
	*ifar = addr;
	take_exception(regs, sctlr, vbar, PSR_MODE_ABT, 4, VECTOR_PABT, true);
}
