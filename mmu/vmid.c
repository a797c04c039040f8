/* The VMID allocator: see include/hyp7/vmid.h for the rules. */
#include <hyp7/printk.h>
#include <hyp7/vmid.h>

#define VMID_FIRST 1 /* 0 is the host's */

void vmid_allocator_init(struct vmid_allocator *alloc, unsigned int bits)
{
	BUG_ON(bits < 1 || bits > VMID_BITS);
	alloc->generation = 1;
	alloc->next_vmid = VMID_FIRST;
	alloc->nr_vmids = 1u << bits;
}

bool vmid_is_current(const struct vmid_allocator *alloc, const struct vm_vmid *vm)
{
	return vm->generation == alloc->generation;
}

bool vmid_update(struct vmid_allocator *alloc, struct vm_vmid *vm)
{
	bool new_generation = false;

	if (vmid_is_current(alloc, vm))
		return false;
	if (alloc->next_vmid == alloc->nr_vmids) {
		/* Every VM now holds a stale VMID, so each can be reused. */
		alloc->generation++;
		alloc->next_vmid = VMID_FIRST;
		new_generation = true;
	}
	vm->vmid = alloc->next_vmid++;
	vm->generation = alloc->generation;
	return new_generation;
}
