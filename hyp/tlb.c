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

/* After the host changed a live HYP mapping (break-before-make). */
void __kvm_tlb_flush_hyp(void)
{
	dsb(ishst);
	write_sysreg(0, TLBIALLH);
	dsb(ish);
	isb();
}
