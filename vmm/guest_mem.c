/*
 * A virtio device's view of its VM's memory: whole ranges of its RAM only,
 * through the VM's own IPA map, so that no guest-supplied address reaches
 * anything else.
 */
#include <hyp7/vm.h>
#include <hyp7/vmm_guest_mem.h>

static void *map_ram(void *opaque, ipaddr_t ipa, u32 len, bool writable)
{
	(void)writable; /* a VM's RAM is all writable */
	return vm_ipa_to_va(opaque, ipa, len);
}

struct virtio_guest_mem vmm_guest_mem(struct vm *vm)
{
	return (struct virtio_guest_mem){ map_ram, vm };
}
