/*
 * What a guest's abort left in HSR, HxFAR and HPFAR, for the host, taken
 * while the guest's stage 1 and VMID are still loaded (hyp/switch.S):
 *  - HPFAR is UNKNOWN after a stage-2 permission fault that is not on a
 *    stage-1 table walk (ARM ARM B3.13.7); the IPA is then found by
 *    translating the faulting VA through the guest's stage 1;
 *  - a data abort the syndrome does not describe leaves the host to
 *    decode the instruction: with the guest's MMU on, its PC is
 *    translated here too, so that the host never has to run a translation
 *    under a VMID it may no longer own.
 */
#include <arch/cp15.h>
#include <arch/hsr.h>
#include <arch/kvm_exit.h>
#include <arch/sysregs.h>
#include <hyp7/vcpu.h>

#define HPFAR_FROM_PA(pa) ((u32)(((pa) & PAR_PA_MASK) >> 8))

/* The guest's stage-1 translation of va for a PL1 read, in PAR's 64-bit format. */
static u64 guest_ats1cpr(u32 va)
{
	u64 par, saved_par = read_sysreg64(PAR64);

	write_sysreg(va, ATS1CPR);
	isb();
	par = read_sysreg64(PAR64);
	write_sysreg64(saved_par, PAR64);
	return par;
}

u32 __hyp_save_fault(struct vcpu *vcpu, u32 exit_code);

u32 __hyp_save_fault(struct vcpu *vcpu, u32 exit_code)
{
	u32 hsr = read_sysreg(HSR), ec = hsr >> HSR_EC_SHIFT;
	bool mmu_on = vcpu->guest.cp15.reg[CP15_SCTLR] & SCTLR_M;
	u64 par;

	vcpu->fault.hsr = hsr;
	vcpu->fault.pc_par = PAR_F;
	if (exit_code != ARM_EXCEPTION_TRAP || (ec != HSR_EC_DABT && ec != HSR_EC_IABT))
		return exit_code;
	vcpu->fault.hxfar = ec == HSR_EC_DABT ? read_sysreg(HDFAR) : read_sysreg(HIFAR);
	if (ec == HSR_EC_DABT && !(hsr & (HSR_DABT_ISV | HSR_ABT_S1PTW)) && mmu_on)
		vcpu->fault.pc_par = guest_ats1cpr(vcpu->guest.regs.pc & ~1u);
	if ((hsr & HSR_ABT_FSC_TYPE) != HSR_FSC_PERM || (hsr & HSR_ABT_S1PTW)) {
		vcpu->fault.hpfar = read_sysreg(HPFAR);
		return exit_code;
	}
	par = guest_ats1cpr(vcpu->fault.hxfar);
	/* The guest changed its stage 1 meanwhile: let it fault again. */
	if (par & PAR_F)
		return ARM_EXCEPTION_RETRY;
	vcpu->fault.hpfar = HPFAR_FROM_PA(par);
	return exit_code;
}
