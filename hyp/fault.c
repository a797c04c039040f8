/*
 * What a guest's abort left in HSR, HxFAR and HPFAR, for the host. HPFAR
 * is UNKNOWN after a stage-2 permission fault that is not on a stage-1
 * table walk (ARM ARM B3.13.7); the IPA is then found by translating the
 * faulting VA through the guest's stage 1, still live here.
 */
#include <arch/cp15.h>
#include <arch/hsr.h>
#include <arch/kvm_exit.h>
#include <arch/sysregs.h>
#include <hyp7/vcpu.h>

#define HPFAR_FROM_PA(pa) ((u32)(((pa) & PAR_PA_MASK) >> 8))


u32 __hyp_save_fault(struct vcpu *vcpu, u32 exit_code);

u32 __hyp_save_fault(struct vcpu *vcpu, u32 exit_code)
{
	u32 hsr = read_sysreg(HSR), ec = hsr >> HSR_EC_SHIFT;
	u64 par, saved_par;

	vcpu->fault.hsr = hsr;
	if (exit_code != ARM_EXCEPTION_TRAP || (ec != HSR_EC_DABT && ec != HSR_EC_IABT))
		return exit_code;
	vcpu->fault.hxfar = ec == HSR_EC_DABT ? read_sysreg(HDFAR) : read_sysreg(HIFAR);
	if ((hsr & HSR_ABT_FSC_TYPE) != HSR_FSC_PERM || (hsr & HSR_ABT_S1PTW)) {
		vcpu->fault.hpfar = read_sysreg(HPFAR);
		return exit_code;
	}
	saved_par = read_sysreg64(PAR64);
	write_sysreg(vcpu->fault.hxfar, ATS1CPR);
	isb();
	par = read_sysreg64(PAR64);
	write_sysreg64(saved_par, PAR64);
	/* The guest changed its stage 1 meanwhile: let it fault again. */
	if (par & PAR_F)
		return ARM_EXCEPTION_RETRY;
	vcpu->fault.hpfar = HPFAR_FROM_PA(par);
	return exit_code;
}
