/*
 * A guest virtual address to its IPA, through the guest's own stage 1,
 * for the host to fetch a trapped instruction when the guest's MMU is on.
 * ATS1CPR uses whatever PL1 translation regime is loaded, which is the
 * host's after an exit: the guest's stage-1 registers are put back for
 * the one operation, with its VMID and stage 2 so that its table walk
 * reads guest memory (ARM ARM B4.2.4, B3.12.x), and the host's restored.
 */
#include <arch/cp15.h>
#include <arch/sysregs.h>
#include <hyp7/vcpu.h>


u64 __kvm_guest_ats1cpr(struct vcpu *vcpu, u32 va);

u64 __kvm_guest_ats1cpr(struct vcpu *vcpu, u32 va)
{
	const struct cp15_context *g = &vcpu->guest.cp15;
	u64 ttbr0 = read_sysreg64(TTBR0), ttbr1 = read_sysreg64(TTBR1), par = read_sysreg64(PAR64);
	u32 ttbcr = read_sysreg(TTBCR), dacr = read_sysreg(DACR), sctlr = read_sysreg(SCTLR);
	u32 prrr = read_sysreg(PRRR), nmrr = read_sysreg(NMRR), contextidr = read_sysreg(CONTEXTIDR);
	u64 result;

	write_sysreg64(vcpu->vttbr, VTTBR);
	write_sysreg(HCR_VM, HCR);
	write_sysreg(g->reg[CP15_TTBCR], TTBCR);
	write_sysreg64(cp15_read64(g, CP15_TTBR0), TTBR0);
	write_sysreg64(cp15_read64(g, CP15_TTBR1), TTBR1);
	write_sysreg(g->reg[CP15_DACR], DACR);
	write_sysreg(g->reg[CP15_PRRR], PRRR);
	write_sysreg(g->reg[CP15_NMRR], NMRR);
	write_sysreg(g->reg[CP15_CONTEXTIDR], CONTEXTIDR);
	write_sysreg(g->reg[CP15_SCTLR], SCTLR);
	isb();
	write_sysreg(va, ATS1CPR);
	isb();
	result = read_sysreg64(PAR64);

	write_sysreg(sctlr, SCTLR);
	write_sysreg(contextidr, CONTEXTIDR);
	write_sysreg(nmrr, NMRR);
	write_sysreg(prrr, PRRR);
	write_sysreg(dacr, DACR);
	write_sysreg64(ttbr1, TTBR1);
	write_sysreg64(ttbr0, TTBR0);
	write_sysreg(ttbcr, TTBCR);
	write_sysreg64(par, PAR64);
	write_sysreg(0, HCR);
	write_sysreg64(0, VTTBR);
	isb();
	return result;
}
