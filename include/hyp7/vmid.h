/*
 * VMIDs for VTTBR.VMID (8 bits on ARMv7), handed out with a generation
 * counter as 32-bit KVM/ARM did: a VM keeps its VMID while the generation
 * it got it in is current; when all 255 are used, a new generation starts
 * and every VM gets a new VMID the next time it runs. TLB entries are
 * tagged with the VMID, so reusing one means flushing every guest's TLB
 * entries on every CPU first. VMID 0 is the host's (VTTBR = 0 outside a
 * guest, DESIGN section 3) and is never handed out.
 */
#ifndef HYP7_VMID_H
#define HYP7_VMID_H

#include <hyp7/types.h>

#define VMID_BITS 8

struct vmid_allocator {
	u64 generation; /* starts at 1; 64 bits never wrap */
	u32 next_vmid;  /* 1 .. nr_vmids; nr_vmids: this generation is used up */
	u32 nr_vmids;   /* 1 << bits, VMID 0 included */
};

/* A VM's VMID. Zero-initialised it is stale, so its first run allocates one. */
struct vm_vmid {
	u64 generation;
	u32 vmid;
};

/* bits: VMID_BITS, or fewer so tests reach a rollover quickly (1 to 8). */
void vmid_allocator_init(struct vmid_allocator *alloc, unsigned int bits);

bool vmid_is_current(const struct vmid_allocator *alloc, const struct vm_vmid *vm);

/*
 * Called before entering a guest of vm, with the allocator's lock held and
 * interrupts off, so that the VMID cannot go stale between this check and
 * the world switch. Gives vm a VMID of the current generation if it has
 * none. Returns true when that started a new generation: the caller must
 * then invalidate all guest (non-secure PL1&0) TLB entries on every CPU
 * and make every CPU running a guest exit, so it takes a new VMID before
 * re-entering, before any guest runs with the new VMID.
 */
bool vmid_update(struct vmid_allocator *alloc, struct vm_vmid *vm);

#endif
