/* How the VMM's virtio devices reach their VM's RAM (vmm/guest_mem.c). */
#ifndef HYP7_VMM_GUEST_MEM_H
#define HYP7_VMM_GUEST_MEM_H

#include <hyp7/virtqueue.h>

struct vm;

/* The map callback over vm's RAM alone (vm_ipa_to_va()), for a device of vm. */
struct virtio_guest_mem vmm_guest_mem(struct vm *vm);

#endif
