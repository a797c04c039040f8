/*
 * The machine's virtio-blk disks for the host (include/hyp7/host_disk.h):
 * found among the DTB's virtio-mmio transports, set up with the features
 * hyp7 handles (read-only, flush), then one synchronous request at a time
 * per disk (drivers/virtio_mmio_host.c carries it).
 */
#include <arch/memory.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/spinlock.h>
#include <hyp7/errno.h>
#include <hyp7/host_disk.h>
#include <hyp7/printk.h>
#include <hyp7/virtio_blk.h>
#include <hyp7/virtio_host.h>

/* The configuration space's capacity: le64, in 512-byte sectors (5.2.4). */
#define VIRTIO_BLK_CONFIG_CAPACITY 0

/* What hyp7 handles; any other feature the device offers is declined. */
#define HOST_DISK_FEATURES ((1ull << VIRTIO_BLK_F_RO) | (1ull << VIRTIO_BLK_F_FLUSH))

/* Header, data and status: a request's descriptors. */
#define REQUEST_SEGS 3

/* The request header (5.2.6). */
struct blk_req_hdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

_Static_assert(sizeof(struct blk_req_hdr) == VIRTIO_BLK_HDR_SIZE, "virtio-blk header layout");
_Static_assert(HOST_DISK_SECTOR_SIZE == VIRTIO_BLK_SECTOR_SIZE, "virtio-blk sectors");
_Static_assert(REQUEST_SEGS <= VIRTIO_HOST_SEGS_MAX, "a request fits a transfer");

struct host_disk {
	struct spinlock lock;
	struct virtio_host_dev dev;
	u64 sectors;
	bool read_only;
	bool write_cache; /* VIRTIO_BLK_F_FLUSH: writes need a flush to be on the medium */
	bool error_said;
	bool dead; /* a virtio-blk that did not come up: it keeps its number, and serves nothing */
	/* The header and the status byte, in a page of their own, on cache lines of their own. */
	struct blk_req_hdr *hdr;
	u8 *status;
};

static struct host_disk disks[HOST_DISK_MAX];
static unsigned int nr_disks;

static const char *const request_names[] = {
	[VIRTIO_BLK_T_IN] = "read",
	[VIRTIO_BLK_T_OUT] = "write",
	[VIRTIO_BLK_T_FLUSH] = "flush",
};

/* The first failure of a disk is said; later ones would only repeat it. */
static void say_error(struct host_disk *d, u32 type, u64 sector, u32 bytes, const char *why)
{
	if (d->error_said)
		return;
	d->error_said = true;
	pr_err("disk%u: %s of %u bytes at sector %llu failed: %s (further errors of disk%u are "
	       "not shown)\n", (unsigned int)(d - disks), request_names[type], bytes, sector, why,
	       (unsigned int)(d - disks));
}

/* One request of at most HOST_DISK_REQUEST_MAX bytes; d->lock held. */
static int request(struct host_disk *d, u32 type, u64 sector, void *buf, u32 bytes)
{
	struct virtio_host_seg seg[REQUEST_SEGS];
	unsigned int nr = 0;
	u32 written;
	int err;

	*d->hdr = (struct blk_req_hdr){ .type = type, .sector = sector };
	seg[nr++] = (struct virtio_host_seg){ d->hdr, sizeof(*d->hdr), false };
	if (bytes)
		seg[nr++] = (struct virtio_host_seg){ buf, bytes, type == VIRTIO_BLK_T_IN };
	*d->status = 0xff; /* no status a device gives: one that writes none is caught */
	seg[nr++] = (struct virtio_host_seg){ d->status, 1, true };
	err = virtio_host_transfer(&d->dev, seg, nr, HOST_DISK_TIMEOUT_MS, &written);
	if (err == -ETIMEDOUT) {
		char why[80];

		snprintf(why, sizeof(why), "no answer in %u ms; the disk is reset and not used again",
			 HOST_DISK_TIMEOUT_MS);
		say_error(d, type, sector, bytes, why);
		return err;
	}
	if (err) {
		say_error(d, type, sector, bytes, "the disk is out of use after an earlier failure");
		return -EIO;
	}
	switch (*d->status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		say_error(d, type, sector, bytes, "the device does not support the request");
		return -EOPNOTSUPP;
	case VIRTIO_BLK_S_IOERR:
		say_error(d, type, sector, bytes, "the device reports an I/O error");
		return -EIO;
	default:
		say_error(d, type, sector, bytes, "the device wrote no valid status");
		return -EIO;
	}
}

static struct host_disk *disk_of(unsigned int disk)
{
	return disk < nr_disks && !disks[disk].dead ? &disks[disk] : NULL;
}

/* A read or write, in pieces of HOST_DISK_REQUEST_MAX. */
static int transfer(unsigned int disk, u32 type, u64 sector, void *buf, u32 bytes)
{
	struct host_disk *d = disk_of(disk);
	u32 piece;
	int err = 0;

	if (!d)
		return -ENODEV;
	if (!IS_ALIGNED(bytes, HOST_DISK_SECTOR_SIZE))
		return -EINVAL;
	if (sector > d->sectors || bytes / HOST_DISK_SECTOR_SIZE > d->sectors - sector)
		return -ERANGE;
	if (type == VIRTIO_BLK_T_OUT && d->read_only)
		return -EROFS;
	for (; bytes && !err; bytes -= piece) {
		piece = bytes < HOST_DISK_REQUEST_MAX ? bytes : HOST_DISK_REQUEST_MAX;
		/* Per piece, so that another CPU's request waits for one piece at most. */
		spin_lock(&d->lock);
		err = request(d, type, sector, buf, piece);
		spin_unlock(&d->lock);
		sector += piece / HOST_DISK_SECTOR_SIZE;
		buf = (u8 *)buf + piece;
	}
	return err;
}

int host_disk_read(unsigned int disk, u64 sector, void *buf, u32 bytes)
{
	return transfer(disk, VIRTIO_BLK_T_IN, sector, buf, bytes);
}

int host_disk_write(unsigned int disk, u64 sector, const void *buf, u32 bytes)
{
	/* The device only reads it: the cast drops no promise. */
	return transfer(disk, VIRTIO_BLK_T_OUT, sector, (void *)buf, bytes);
}

int host_disk_flush(unsigned int disk)
{
	struct host_disk *d = disk_of(disk);
	int err;

	if (!d)
		return -ENODEV;
	if (!d->write_cache)
		return 0; /* without VIRTIO_BLK_F_FLUSH the device writes through (5.2.6.2) */
	spin_lock(&d->lock);
	err = request(d, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
	spin_unlock(&d->lock);
	return err;
}

unsigned int host_disk_count(void)
{
	return nr_disks;
}

u64 host_disk_sectors(unsigned int disk)
{
	struct host_disk *d = disk_of(disk);

	return d ? d->sectors : 0;
}

bool host_disk_read_only(unsigned int disk)
{
	struct host_disk *d = disk_of(disk);

	return d && d->read_only;
}

/* Sets up the virtio-blk device found in d->dev; the disk is counted if 0. */
static int disk_init(struct host_disk *d)
{
	struct virtio_host_dev *dev = &d->dev;
	int err;

	err = virtio_host_negotiate(dev, "virtio-blk", HOST_DISK_FEATURES);
	if (!err)
		err = virtio_host_setup_queue(dev, "virtio-blk", REQUEST_SEGS);
	if (!err) {
		d->hdr = alloc_pages(1);
		if (!d->hdr) {
			pr_err("virtio-blk at 0x%llx: no memory for its requests; skipped\n", dev->pa);
			err = -ENOMEM;
		}
	}
	if (err) {
		virtio_host_fail(dev);
		if (dev->queue_mem)
			free_pages(dev->queue_mem, VIRTIO_HOST_QUEUE_PAGES);
		return err;
	}
	/* Half a page apart: more than any cache line (ARMv7's writeback granule is 2 KiB at most). */
	d->status = (u8 *)d->hdr + PAGE_SIZE / 2;
	d->sectors = virtio_host_config64(dev, VIRTIO_BLK_CONFIG_CAPACITY);
	d->read_only = dev->features & (1ull << VIRTIO_BLK_F_RO);
	d->write_cache = dev->features & (1ull << VIRTIO_BLK_F_FLUSH);
	d->lock = (struct spinlock)SPINLOCK_INIT;
	virtio_host_driver_ok(dev);
	return 0;
}

void host_disk_probe(void)
{
	struct host_disk *d;
	unsigned int i;

	for (i = 0; i < platform.nr_virtio_mmio; i++) {
		const struct plat_virtio_mmio *slot = &platform.virtio_mmio[i];

		if (nr_disks == HOST_DISK_MAX) {
			pr_info("more than %d disks: the rest are not used\n", HOST_DISK_MAX);
			break;
		}
		d = &disks[nr_disks];
		if (virtio_host_probe(&d->dev, slot->pa, slot->size) ||
		    d->dev.device_id != VIRTIO_ID_BLOCK)
			continue;
		/*
		 * A disk that fails keeps its number, so that the next one is
		 * not taken for it: VMs name disks by number.
		 */
		if (disk_init(d)) {
			pr_err("disk%u: the virtio-blk at 0x%llx does not come up: no VM gets it\n",
			       nr_disks, d->dev.pa);
			d->dead = true;
			nr_disks++;
			continue;
		}
		pr_info("disk%u: virtio-blk at 0x%llx, %llu sectors (%llu MiB)%s\n", nr_disks,
			d->dev.pa, d->sectors, d->sectors / (1024 * 1024 / HOST_DISK_SECTOR_SIZE),
			d->read_only ? ", read-only" : "");
		nr_disks++;
	}
}
