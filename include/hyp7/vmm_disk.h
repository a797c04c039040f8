/* A VM's virtio-blk disk and its backend (vmm/disk.c). */
#ifndef HYP7_VMM_DISK_H
#define HYP7_VMM_DISK_H

#include <hyp7/types.h>
#include <hyp7/virtio_blk.h>

struct vm;

/* Bytes of a request moved at once between the machine's disk and the guest's buffers. */
#define VMM_DISK_BOUNCE (64 * 1024)

enum vmm_disk_kind { VMM_DISK_NONE, VMM_DISK_IMAGE, VMM_DISK_HOST };

struct vmm_disk_spec {
	enum vmm_disk_kind kind;
	bool read_only;
	void *image; /* VMM_DISK_IMAGE: in host memory, whole sectors */
	u64 image_size;
	u32 host_disk; /* VMM_DISK_HOST: the machine's disk, and the VM's sectors of it */
	u64 first, sectors; /* sectors 0: to its end */
};

struct vmm_disk {
	struct virtio_blk blk;
	struct virtio_guest_mem guest_mem;
	struct virtio_irq irq; /* its SPI on the VM's vGIC */
	union {
		struct virtio_blk_mem mem;
		struct {
			struct virtio_blk_backend be;
			u32 disk;
			u64 first;
			/* Cache-line aligned: the disk's DMA writes into it (drivers/host_disk.c). */
			u8 bounce[VMM_DISK_BOUNCE] __attribute__((aligned(64)));
		} host;
	};
};

/* The device on its backend, for vm; 0, or -errno after an error line naming the VM. */
int vmm_disk_init(struct vmm_disk *d, struct vm *vm, const struct vmm_disk_spec *spec);

#endif
