/*
 * A VM's disk: the virtio-blk device (vdev/virtio_blk.c) at the first
 * virtio-mmio transport, on the backend its configuration names. An image
 * in memory is the memory backend's; a region of one of the machine's
 * disks goes through hyp7's own driver for it (drivers/host_disk.c), a
 * bounce buffer between: the guest's buffers are reached only as the
 * device's checked segments, and the request is done before the vCPU's
 * notifying access returns. Each VM has its own bounce buffer, used under
 * its lock, so that no VM's requests wait for another's.
 */
#include <hyp7/errno.h>
#include <hyp7/host_disk.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>
#include <hyp7/vmm_guest_mem.h>
#include <hyp7/vmm_disk.h>

/* Under the VM's lock, as every device access and completion is. */
static void set_irq_level(void *opaque, bool level)
{
	vgic_set_spi_line(opaque, VIRT7_VIRTIO_SPI, level);
}

/* The request's data, a chunk at a time, between the region's sectors and the chain. */
static u8 host_transfer(struct vmm_disk *d, struct virtio_blk_req *req)
{
	u64 sector = d->host.first + req->sector, done;
	u8 *bounce = d->host.bounce;
	int err = 0;

	for (done = 0; !err && done < req->data_len; done += VMM_DISK_BOUNCE) {
		u32 len = (u32)(req->data_len - done < VMM_DISK_BOUNCE ? req->data_len - done :
									  VMM_DISK_BOUNCE);
		u64 at = sector + done / VIRTIO_BLK_SECTOR_SIZE;

		if (req->type == VIRTIO_BLK_T_IN) {
			err = host_disk_read(d->host.disk, at, bounce, len);
			if (!err)
				err = virtio_blk_req_write_data(req, done, bounce, len);
		} else {
			err = virtio_blk_req_read_data(req, done, bounce, len);
			if (!err)
				err = host_disk_write(d->host.disk, at, bounce, len);
		}
	}
	return err ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
}

static void host_submit(struct virtio_blk_backend *be, struct virtio_blk_req *req)
{
	struct vmm_disk *d = container_of(be, struct vmm_disk, host.be);
	u8 status;

	if (req->type == VIRTIO_BLK_T_FLUSH)
		status = host_disk_flush(d->host.disk) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	else
		status = host_transfer(d, req);
	virtio_blk_complete(req, status);
}

/* Whether the VM's region fits the machine's disk; its size in *sectors. */
static int host_region(const struct vmm_disk_spec *spec, const char *vm, u64 *sectors)
{
	u64 size;

	if (spec->host_disk >= host_disk_count()) {
		pr_err("vm %s: host-disk %u: the machine has %u disk%s\n", vm, spec->host_disk,
		       host_disk_count(), host_disk_count() == 1 ? "" : "s");
		return -ENODEV;
	}
	size = host_disk_sectors(spec->host_disk);
	if (!size) {
		pr_err("vm %s: host-disk %u did not come up at boot\n", vm, spec->host_disk);
		return -ENODEV;
	}
	*sectors = spec->sectors ? spec->sectors : size - (spec->first < size ? spec->first : size);
	if (spec->first >= size || *sectors > size - spec->first) {
		pr_err("vm %s: host-disk %u: sectors %llu..%llu are past its end (%llu sectors)\n", vm,
		       spec->host_disk, (unsigned long long)spec->first,
		       (unsigned long long)(spec->first + *sectors - 1), (unsigned long long)size);
		return -EINVAL;
	}
	if (!spec->read_only && host_disk_read_only(spec->host_disk)) {
		pr_err("vm %s: host-disk %u is read-only: give the VM host-disk-read-only\n", vm,
		       spec->host_disk);
		return -EROFS;
	}
	return 0;
}

int vmm_disk_init(struct vmm_disk *d, struct vm *vm, const struct vmm_disk_spec *spec)
{
	struct virtio_blk_backend *be;
	u64 sectors;
	int err;

	d->guest_mem = vmm_guest_mem(vm);
	d->irq = (struct virtio_irq){ set_irq_level, vm };
	if (spec->kind == VMM_DISK_IMAGE) {
		virtio_blk_mem_init(&d->mem, spec->image, spec->image_size, spec->read_only);
		be = &d->mem.be;
	} else {
		err = host_region(spec, vm->name, &sectors);
		if (err)
			return err;
		d->host.be = (struct virtio_blk_backend){
			.capacity = sectors,
			.read_only = spec->read_only,
			.submit = host_submit,
		};
		d->host.disk = spec->host_disk;
		d->host.first = spec->first;
		be = &d->host.be;
	}
	virtio_blk_init(&d->blk, be, vm->name, &d->guest_mem, &d->irq, vm->name);
	return 0;
}
