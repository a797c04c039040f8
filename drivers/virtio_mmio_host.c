/*
 * The host as a virtio-mmio driver (include/hyp7/virtio_host.h): one split
 * virtqueue, one chain in flight at a time, completion polled on the used
 * ring. The device may not snoop the CPU's caches (QEMU's TCG does, a board
 * need not), so every ring and buffer is cleaned to the point of coherency
 * before the device is told, and what the device wrote is invalidated
 * before it is read; the used ring has a page of its own, which the CPU
 * never writes, so invalidating it cannot drop a store of the driver.
 */
#include <arch/cp15.h>
#include <arch/memory.h>
#include <arch/mm.h>
#include <hyp7/errno.h>
#include <hyp7/printk.h>
#include <hyp7/virtio_host.h>
#include <hyp7/virtio_mmio.h>
#include <hyp7/virtqueue.h>

/* Registers only the legacy interface has (virtio 1.2 section 4.2.4, table 4.2). */
#define VIRTIO_MMIO_LEGACY_GUEST_PAGE_SIZE 0x028
#define VIRTIO_MMIO_LEGACY_QUEUE_ALIGN 0x03c
#define VIRTIO_MMIO_LEGACY_QUEUE_PFN 0x040

/* How long a reset may take to show in Status (version 2 only), in reads. */
#define RESET_POLL_MAX 1000000

/* The split ring as the driver writes it (2.7.5, 2.7.6, 2.7.8); little-endian, as is hyp7. */
struct virtio_host_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtio_host_avail {
	u16 flags;
	u16 idx;
	u16 ring[]; /* queue_num entries, then used_event */
};

struct virtio_host_used_elem {
	u32 id;
	u32 len;
};

struct virtio_host_used {
	u16 flags;
	u16 idx;
	struct virtio_host_used_elem ring[]; /* queue_num entries, then avail_event */
};

_Static_assert(sizeof(struct virtio_host_desc) == 16, "virtq_desc is 16 bytes (2.7.5)");
/* Descriptors and available ring on the first page, the used ring on the second. */
_Static_assert(VIRTIO_HOST_QUEUE_NUM_MAX * (sizeof(struct virtio_host_desc) + 2) + 6 <= PAGE_SIZE &&
		       VIRTIO_HOST_QUEUE_NUM_MAX * sizeof(struct virtio_host_used_elem) + 6 <= PAGE_SIZE &&
		       VIRTIO_HOST_QUEUE_PAGES == 2,
	       "the rings fit VIRTIO_HOST_QUEUE_PAGES");

static u32 rd(const struct virtio_host_dev *dev, u32 offset)
{
	return dev->regs[offset / 4];
}

static void wr(struct virtio_host_dev *dev, u32 offset, u32 val)
{
	dev->regs[offset / 4] = val;
}

/* virtio_host_probe(), saying what is wrong only if say. */
static int probe(struct virtio_host_dev *dev, u64 pa, u64 size, bool say)
{
	u32 magic;

	*dev = (struct virtio_host_dev){ .pa = pa };
	if (size < VIRTIO_MMIO_CONFIG) {
		if (say)
			pr_err("virtio-mmio at 0x%llx: its window is 0x%llx bytes, less than the "
			       "0x%x of the registers; skipped\n", pa, size, VIRTIO_MMIO_CONFIG);
		return -EINVAL;
	}
	dev->regs = ioremap(pa_init(pa), size > PAGE_SIZE ? PAGE_SIZE : (u32)size);
	if (!dev->regs) {
		if (say)
			pr_err("virtio-mmio at 0x%llx: no room left to map it; skipped\n", pa);
		return -ENOMEM;
	}
	magic = rd(dev, VIRTIO_MMIO_MAGIC_VALUE);
	if (magic != VIRTIO_MMIO_MAGIC) {
		if (say)
			pr_err("virtio-mmio at 0x%llx: magic 0x%08x, not 0x%08x (\"virt\"): not a "
			       "virtio transport; skipped\n", pa, magic, VIRTIO_MMIO_MAGIC);
		return -EINVAL;
	}
	dev->version = rd(dev, VIRTIO_MMIO_VERSION);
	if (dev->version != VIRTIO_MMIO_VERSION_LEGACY && dev->version != VIRTIO_MMIO_VERSION_MODERN) {
		if (say)
			pr_err("virtio-mmio at 0x%llx: version %u, hyp7 knows 1 (legacy) and 2; "
			       "skipped\n", pa, dev->version);
		return -EINVAL;
	}
	dev->device_id = rd(dev, VIRTIO_MMIO_DEVICE_ID);
	return dev->device_id ? 0 : -ENODEV;
}

int virtio_host_probe(struct virtio_host_dev *dev, u64 pa, u64 size)
{
	return probe(dev, pa, size, true);
}

int virtio_host_probe_quiet(struct virtio_host_dev *dev, u64 pa, u64 size)
{
	return probe(dev, pa, size, false);
}

/* Status 0 resets the device; version 2 says it is done by reading 0 back (4.2.3.1). */
static int reset(struct virtio_host_dev *dev)
{
	unsigned int i;

	wr(dev, VIRTIO_MMIO_STATUS, 0);
	if (dev->version == VIRTIO_MMIO_VERSION_LEGACY)
		return 0;
	for (i = 0; i < RESET_POLL_MAX; i++)
		if (!rd(dev, VIRTIO_MMIO_STATUS))
			return 0;
	return -ETIMEDOUT;
}

static void set_status(struct virtio_host_dev *dev, u32 bits)
{
	wr(dev, VIRTIO_MMIO_STATUS, rd(dev, VIRTIO_MMIO_STATUS) | bits);
}

void virtio_host_fail(struct virtio_host_dev *dev)
{
	set_status(dev, VIRTIO_STATUS_FAILED);
}

void virtio_host_driver_ok(struct virtio_host_dev *dev)
{
	set_status(dev, VIRTIO_STATUS_DRIVER_OK);
}

int virtio_host_negotiate(struct virtio_host_dev *dev, const char *name, u64 supported)
{
	bool modern = dev->version == VIRTIO_MMIO_VERSION_MODERN;
	u64 offered;

	if (reset(dev)) {
		pr_err("%s at 0x%llx: the device does not come out of reset; skipped\n", name, dev->pa);
		return -ETIMEDOUT;
	}
	set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(dev, VIRTIO_STATUS_DRIVER);
	wr(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered = rd(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (modern) {
		wr(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		offered |= (u64)rd(dev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
		supported |= 1ull << VIRTIO_F_VERSION_1;
		if (!(offered & (1ull << VIRTIO_F_VERSION_1))) {
			pr_err("%s at 0x%llx: a version 2 transport whose device does not offer "
			       "VIRTIO_F_VERSION_1 (features 0x%llx); skipped\n", name, dev->pa, offered);
			virtio_host_fail(dev);
			return -EOPNOTSUPP;
		}
	} else {
		/* Legacy: 32 feature bits, and none of the ring's that hyp7 does not use. */
		supported &= 0xffffffffull;
	}
	dev->features = offered & supported;
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)dev->features);
	if (!modern)
		return 0; /* no FEATURES_OK handshake before version 1.0 */
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(dev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(dev->features >> 32));
	set_status(dev, VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(dev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		pr_err("%s at 0x%llx: the device refused the features 0x%llx (offered 0x%llx); "
		       "skipped\n", name, dev->pa, dev->features, offered);
		virtio_host_fail(dev);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Selects queue index, which must be unused after the reset: its QueueNumMax, or -EBUSY, said. */
static int select_queue(struct virtio_host_dev *dev, const char *name, u16 index, u32 *num_max)
{
	bool modern = dev->version == VIRTIO_MMIO_VERSION_MODERN;

	wr(dev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (rd(dev, modern ? VIRTIO_MMIO_QUEUE_READY : VIRTIO_MMIO_LEGACY_QUEUE_PFN)) {
		pr_err("%s at 0x%llx: queue %u is in use after a reset; skipped\n", name, dev->pa,
		       index);
		return -EBUSY;
	}
	*num_max = rd(dev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	return 0;
}

/*
 * Tells the device where the selected queue's rings are: descriptors and
 * available ring from the first page of mem, the used ring on the second
 * (the legacy layout with a 4 KiB QueueAlign, which version 2 accepts too).
 */
static void program_queue(struct virtio_host_dev *dev, void *mem, u16 num)
{
	u64 desc_pa = pa_addr(virt_to_phys(mem));
	u64 avail_pa = desc_pa + num * sizeof(struct virtio_host_desc);
	u64 used_pa = desc_pa + PAGE_SIZE;

	wr(dev, VIRTIO_MMIO_QUEUE_NUM, num);
	if (dev->version == VIRTIO_MMIO_VERSION_LEGACY) {
		wr(dev, VIRTIO_MMIO_LEGACY_GUEST_PAGE_SIZE, PAGE_SIZE);
		wr(dev, VIRTIO_MMIO_LEGACY_QUEUE_ALIGN, PAGE_SIZE);
		wr(dev, VIRTIO_MMIO_LEGACY_QUEUE_PFN, (u32)(desc_pa >> PAGE_SHIFT));
		return;
	}
	wr(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)desc_pa);
	wr(dev, VIRTIO_MMIO_QUEUE_DESC_HIGH, (u32)(desc_pa >> 32));
	wr(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (u32)avail_pa);
	wr(dev, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (u32)(avail_pa >> 32));
	wr(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (u32)used_pa);
	wr(dev, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (u32)(used_pa >> 32));
	wr(dev, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* The largest power of 2 at most max and at most num_max (split rings: 2.7); 0 if none. */
static u16 queue_size(u32 num_max, u16 max)
{
	u32 num;

	for (num = max; num > num_max; num /= 2)
		;
	return num;
}

int virtio_host_setup_queue(struct virtio_host_dev *dev, const char *name, u16 min_num)
{
	u32 num_max, num;
	int err;

	err = select_queue(dev, name, 0, &num_max);
	if (err)
		return err;
	num = queue_size(num_max, VIRTIO_HOST_QUEUE_NUM_MAX);
	if (num < min_num) {
		pr_err("%s at 0x%llx: queue 0 holds %u entries (QueueNumMax), hyp7 needs %u; skipped\n",
		       name, dev->pa, num_max, min_num);
		return -EINVAL;
	}
	dev->queue_mem = alloc_pages(VIRTIO_HOST_QUEUE_PAGES);
	if (!dev->queue_mem) {
		pr_err("%s at 0x%llx: no memory for its queue; skipped\n", name, dev->pa);
		return -ENOMEM;
	}
	dev->queue_num = num;
	dev->desc = dev->queue_mem;
	dev->avail = (void *)((u8 *)dev->queue_mem + num * sizeof(struct virtio_host_desc));
	dev->used = (void *)((u8 *)dev->queue_mem + PAGE_SIZE);
	/* The device polls nothing: no used-buffer interrupts either (2.7.7). */
	dev->avail->flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
	/* alloc_pages zeroed the rings through the cache: to memory before the device looks. */
	dcache_clean_inval_poc(dev->queue_mem, VIRTIO_HOST_QUEUE_PAGES * PAGE_SIZE);
	dev->avail_idx = dev->used_idx = 0;
	program_queue(dev, dev->queue_mem, num);
	return 0;
}

u32 virtio_host_config32(struct virtio_host_dev *dev, u32 offset)
{
	return rd(dev, VIRTIO_MMIO_CONFIG + offset);
}

u64 virtio_host_config64(struct virtio_host_dev *dev, u32 offset)
{
	u32 gen, lo, hi;

	if (dev->version == VIRTIO_MMIO_VERSION_LEGACY)
		return virtio_host_config32(dev, offset) |
		       (u64)virtio_host_config32(dev, offset + 4) << 32;
	/* The two halves of one generation (4.2.2.2: ConfigGeneration). */
	do {
		gen = rd(dev, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = virtio_host_config32(dev, offset);
		hi = virtio_host_config32(dev, offset + 4);
	} while (gen != rd(dev, VIRTIO_MMIO_CONFIG_GENERATION));
	return lo | (u64)hi << 32;
}

/* Counter ticks in ms milliseconds; CNTFRQ may be unset on a board whose firmware forgot it. */
static u64 ticks_in(u32 ms)
{
	u32 freq = read_sysreg(CNTFRQ);

	return (u64)(freq ? freq : 100000000) / 1000 * ms;
}

int virtio_host_transfer(struct virtio_host_dev *dev, const struct virtio_host_seg *seg,
			 unsigned int nr, u32 timeout_ms, u32 *written)
{
	u16 num = dev->queue_num;
	struct virtio_host_used_elem elem;
	volatile u16 *used_idx = &dev->used->idx;
	u64 start, limit;
	unsigned int i;

	if (dev->broken)
		return -EIO;
	BUG_ON(!nr || nr > num || nr > VIRTIO_HOST_SEGS_MAX);
	for (i = 0; i < nr; i++) {
		dev->desc[i] = (struct virtio_host_desc){
			.addr = pa_addr(virt_to_phys(seg[i].buf)),
			.len = seg[i].len,
			.flags = (i + 1 < nr ? VIRTQ_DESC_F_NEXT : 0) |
				 (seg[i].device_writes ? VIRTQ_DESC_F_WRITE : 0),
			.next = i + 1 < nr ? i + 1 : 0,
		};
		/*
		 * What the device writes is cleaned too, so that no dirty line
		 * of it can be written back over the device's data later.
		 */
		if (seg[i].device_writes)
			dcache_clean_inval_poc(seg[i].buf, seg[i].len);
		else
			dcache_clean_poc(seg[i].buf, seg[i].len);
	}
	dev->avail->ring[dev->avail_idx % num] = 0; /* the chain's head: descriptor 0 */
	dmb(st); /* the entry before the index that publishes it (2.7.13) */
	dev->avail->idx = ++dev->avail_idx;
	dcache_clean_poc(dev->desc, nr * sizeof(*dev->desc));
	dcache_clean_poc(dev->avail, sizeof(*dev->avail) + num * sizeof(u16));
	dsb(st); /* the rings in memory before the device is told */
	wr(dev, VIRTIO_MMIO_QUEUE_NOTIFY, 0);

	start = read_sysreg64(CNTPCT);
	limit = ticks_in(timeout_ms);
	for (;;) {
		dcache_clean_inval_poc((const void *)used_idx, sizeof(*used_idx));
		if (*used_idx != dev->used_idx)
			break;
		if (read_sysreg64(CNTPCT) - start > limit) {
			/* The device still owns the buffers: take them back by a reset. */
			dev->broken = true;
			reset(dev);
			return -ETIMEDOUT;
		}
	}
	dmb(sy); /* the index before the entry it publishes */
	dcache_clean_inval_poc(&dev->used->ring[dev->used_idx % num], sizeof(elem));
	elem = dev->used->ring[dev->used_idx % num];
	dev->used_idx++;
	for (i = 0; i < nr; i++)
		if (seg[i].device_writes) /* lines fetched while the device wrote are stale */
			dcache_clean_inval_poc(seg[i].buf, seg[i].len);
	if (elem.id != 0) {
		pr_err("virtio-mmio at 0x%llx: the device returned descriptor %u, not the chain's "
		       "head 0; it is reset and not used again\n", dev->pa, elem.id);
		dev->broken = true;
		reset(dev);
		return -EIO;
	}
	*written = elem.len;
	return 0;
}

/*
 * Rings the caller runs itself (include/hyp7/virtio_host.h): the driver's
 * ring fields as above, but several buffers in flight, one descriptor
 * each, and the used ring read whenever the caller likes.
 */
_Static_assert(VIRTIO_HOST_RING_NUM_MAX * (sizeof(struct virtio_host_desc) + 2) + 6 <= PAGE_SIZE &&
		       VIRTIO_HOST_RING_NUM_MAX * sizeof(struct virtio_host_used_elem) + 6 <= PAGE_SIZE,
	       "a ring fits VIRTIO_HOST_QUEUE_PAGES");

int virtio_host_ring_setup(struct virtio_host_dev *dev, struct virtio_host_ring *r,
			   const char *name, u16 index, u16 num, bool interrupts)
{
	u32 num_max;
	int err;

	BUG_ON(num > VIRTIO_HOST_RING_NUM_MAX);
	*r = (struct virtio_host_ring){ .index = index };
	err = select_queue(dev, name, index, &num_max);
	if (err)
		return err;
	r->num = queue_size(num_max, num);
	if (!r->num) {
		pr_err("%s at 0x%llx: queue %u has QueueNumMax 0; skipped\n", name, dev->pa, index);
		return -EINVAL;
	}
	r->mem = alloc_pages(VIRTIO_HOST_QUEUE_PAGES);
	if (!r->mem) {
		pr_err("%s at 0x%llx: no memory for queue %u; skipped\n", name, dev->pa, index);
		return -ENOMEM;
	}
	r->desc = r->mem;
	r->avail = (void *)((u8 *)r->mem + r->num * sizeof(struct virtio_host_desc));
	r->used = (void *)((u8 *)r->mem + PAGE_SIZE);
	r->avail->flags = interrupts ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
	dcache_clean_inval_poc(r->mem, VIRTIO_HOST_QUEUE_PAGES * PAGE_SIZE);
	program_queue(dev, r->mem, r->num);
	return 0;
}

void virtio_host_ring_free(struct virtio_host_ring *r)
{
	if (r->mem)
		free_pages(r->mem, VIRTIO_HOST_QUEUE_PAGES);
	r->mem = NULL;
}

void virtio_host_ring_add(struct virtio_host_ring *r, u16 id, void *buf, u32 len,
			  bool device_writes)
{
	u16 slot = r->avail_idx % r->num;

	BUG_ON(id >= r->num);
	/* As in virtio_host_transfer(): no dirty line of a buffer the device writes survives. */
	if (device_writes)
		dcache_clean_inval_poc(buf, len);
	else
		dcache_clean_poc(buf, len);
	r->desc[id] = (struct virtio_host_desc){
		.addr = pa_addr(virt_to_phys(buf)),
		.len = len,
		.flags = device_writes ? VIRTQ_DESC_F_WRITE : 0,
	};
	r->avail->ring[slot] = id;
	dcache_clean_poc(&r->desc[id], sizeof(r->desc[id]));
	dcache_clean_poc(&r->avail->ring[slot], sizeof(r->avail->ring[slot]));
	dmb(st); /* the entry before the index that publishes it (2.7.13) */
	r->avail->idx = ++r->avail_idx;
	dcache_clean_poc(&r->avail->idx, sizeof(r->avail->idx));
}

void virtio_host_ring_notify(struct virtio_host_dev *dev, struct virtio_host_ring *r)
{
	dsb(st); /* the rings in memory before the device is told */
	wr(dev, VIRTIO_MMIO_QUEUE_NOTIFY, r->index);
}

int virtio_host_ring_used(struct virtio_host_ring *r, u16 *id, u32 *len)
{
	volatile u16 *used_idx = &r->used->idx;
	struct virtio_host_used_elem elem;
	u16 slot = r->used_idx % r->num;

	dcache_clean_inval_poc((const void *)used_idx, sizeof(*used_idx));
	if (*used_idx == r->used_idx)
		return 0;
	dmb(sy); /* the index before the entry it publishes */
	dcache_clean_inval_poc(&r->used->ring[slot], sizeof(elem));
	elem = r->used->ring[slot];
	r->used_idx++;
	if (elem.id >= r->num)
		return -EIO;
	*id = elem.id;
	*len = elem.len;
	return 1;
}

u32 virtio_host_interrupt_ack(struct virtio_host_dev *dev)
{
	u32 status = rd(dev, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status)
		wr(dev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	return status;
}
