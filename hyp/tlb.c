/* TLB and cache maintenance that only HYP can do. */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>

/*
 * Forget every guest's translations and instructions on every CPU: needed
 * when VMIDs are recycled. TLBIALLNSNHIS reaches all non-secure PL1&0
 * entries whatever the VMID (ARM ARM B4.2.3).
 */
void __kvm_flush_vm_context(void)
{
	write_sysreg(0, TLBIALLNSNHIS);
	write_sysreg(0, ICIALLUIS);
	dsb(ish);
	isb();
}

/* After the host changed a live HYP mapping (break-before-make), on every CPU. */
void __kvm_tlb_flush_hyp(void)
{
	dsb(ishst);
	write_sysreg(0, TLBIALLHIS);
	dsb(ish);
	isb();
}

/*
 * Forget one VM's translations on every CPU (after changing its stage 2).
 * TLBIALLIS in HYP acts on the VMID in VTTBR (ARM ARM B4.2.3), so the
 * VM's VTTBR is installed for the operation, then the host's VMID 0 again.
 */
void __kvm_tlb_flush_vmid(u32 vttbr_low, u32 vttbr_high)
{
	write_sysreg64((u64)vttbr_high << 32 | vttbr_low, VTTBR);
	isb();
	write_sysreg(0, TLBIALLIS);
	dsb(ish);
	isb();
	write_sysreg64(0, VTTBR);
	isb();
}

/*
 * Forget one VM's translations on this CPU only: another vCPU of the same
 * VM, with its own stage 1, ran here last, and its entries are tagged with
 * the same VMID (and perhaps the same ASIDs). TLBIALL in HYP acts on the
 * VMID in VTTBR (ARM ARM B4.2.3).
 */
void __kvm_tlb_flush_local_vmid(u32 vttbr_low, u32 vttbr_high)
{
	write_sysreg64((u64)vttbr_high << 32 | vttbr_low, VTTBR);
	isb();
	write_sysreg(0, TLBIALL);
	dsb(nsh);
	isb();
	write_sysreg64(0, VTTBR);
	isb();
}
