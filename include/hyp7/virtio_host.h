/*
 * The driver side of virtio-mmio, for the host's own use of the machine's
 * virtio devices (drivers/virtio_mmio_host.c): probe, feature negotiation,
 * one split virtqueue and synchronous transfers polled on its used ring.
 * Version 2 (virtio 1.2 section 4.2.2) and the legacy version 1 (4.2.4,
 * QEMU's default: -global virtio-mmio.force-legacy=false gives version 2).
 * Register offsets and status bits are the device side's
 * (include/hyp7/virtio_mmio.h). Not locked: the caller serialises.
 */
#ifndef HYP7_VIRTIO_HOST_H
#define HYP7_VIRTIO_HOST_H

#include <hyp7/types.h>

#define VIRTIO_MMIO_VERSION_LEGACY 1

/* One buffer of a transfer: host kernel VA, physically contiguous (the linear map or the image). */
struct virtio_host_seg {
	void *buf;
	u32 len;
	bool device_writes; /* the device writes it (after every buffer it only reads) */
};

/* The most segments a transfer takes (a virtio-blk request: header, data, status). */
#define VIRTIO_HOST_SEGS_MAX 4

/*
 * A legacy device without it wants a virtio-net header in a descriptor of
 * its own (virtio 1.2 section 2.7.4.3); with VERSION_1 any layout goes.
 */
#define VIRTIO_F_ANY_LAYOUT 27

/* Queue 0's size at most (a transfer needs a few entries only), and the pages its rings take. */
#define VIRTIO_HOST_QUEUE_NUM_MAX 16
#define VIRTIO_HOST_QUEUE_PAGES 2

struct virtio_host_desc;
struct virtio_host_avail;
struct virtio_host_used;

struct virtio_host_dev {
	volatile u32 *regs;
	u64 pa;
	u32 version; /* VIRTIO_MMIO_VERSION_LEGACY or VIRTIO_MMIO_VERSION_MODERN */
	u32 device_id;
	u64 features; /* negotiated */
	u16 queue_num;
	void *queue_mem; /* the rings, VIRTIO_HOST_QUEUE_PAGES pages */
	struct virtio_host_desc *desc;
	struct virtio_host_avail *avail;
	struct virtio_host_used *used; /* on a page of its own: the driver never writes it */
	u16 avail_idx, used_idx; /* the driver's copies */
	bool broken;              /* timed out: reset, never used again */
};

/*
 * Maps the transport at pa and reads what it holds: 0 with dev->version and
 * dev->device_id; -ENODEV if it holds no device (DeviceID 0); -EINVAL, said,
 * if it is not a virtio-mmio transport of a version hyp7 knows.
 */
int virtio_host_probe(struct virtio_host_dev *dev, u64 pa, u64 size);
/* The same, saying nothing: for a second driver's look at transports the first one reported on. */
int virtio_host_probe_quiet(struct virtio_host_dev *dev, u64 pa, u64 size);

/*
 * Resets the device and negotiates: the features it offers of supported,
 * VIRTIO_F_VERSION_1 added on version 2 (and required). 0 with
 * dev->features; -EOPNOTSUPP, said, if the device refuses.
 */
int virtio_host_negotiate(struct virtio_host_dev *dev, const char *name, u64 supported);

/* Sets queue 0 up with at least min_num entries; -EINVAL, said, if it cannot. */
int virtio_host_setup_queue(struct virtio_host_dev *dev, const char *name, u16 min_num);

/* DRIVER_OK: the device is live. */
void virtio_host_driver_ok(struct virtio_host_dev *dev);

/* FAILED: the driver gave up on the device (after a failed set-up). */
void virtio_host_fail(struct virtio_host_dev *dev);

/* The device configuration space; 64-bit fields read consistently (ConfigGeneration). */
u32 virtio_host_config32(struct virtio_host_dev *dev, u32 offset);
u64 virtio_host_config64(struct virtio_host_dev *dev, u32 offset);

/*
 * Puts seg[0, nr) on queue 0 as one chain, notifies and polls the used
 * ring for at most timeout_ms. 0 with *written the bytes the device says it
 * wrote; -ETIMEDOUT if it did not answer (the device is then reset, since
 * it still owns the buffers, and marked broken); -EIO if it is broken.
 */
int virtio_host_transfer(struct virtio_host_dev *dev, const struct virtio_host_seg *seg,
			 unsigned int nr, u32 timeout_ms, u32 *written);

/*
 * A queue the caller runs itself, for a device with several buffers in
 * flight (the NIC's): each buffer is one descriptor, and the caller names
 * it by its descriptor's index, 0 to num - 1, which the used ring gives
 * back. Each ring takes VIRTIO_HOST_QUEUE_PAGES pages, laid out as queue
 * 0's. Not locked: the caller serialises the calls on one ring (two rings
 * of a device may be used at once).
 */
#define VIRTIO_HOST_RING_NUM_MAX 128

struct virtio_host_ring {
	u16 index; /* the device's queue number */
	u16 num;
	void *mem;
	struct virtio_host_desc *desc;
	struct virtio_host_avail *avail;
	struct virtio_host_used *used;
	u16 avail_idx, used_idx;
};

/*
 * Sets queue index up with num entries (a power of 2, at most
 * VIRTIO_HOST_RING_NUM_MAX), fewer if QueueNumMax is smaller: r->num
 * says. interrupts: whether the device interrupts when it uses a buffer
 * (else VIRTQ_AVAIL_F_NO_INTERRUPT). 0, or a negative error, said.
 */
int virtio_host_ring_setup(struct virtio_host_dev *dev, struct virtio_host_ring *r,
			   const char *name, u16 index, u16 num, bool interrupts);
void virtio_host_ring_free(struct virtio_host_ring *r);
/*
 * Makes buffer id (its len bytes at buf, physically contiguous) available,
 * cleaned to the point of coherency, and cleaned and invalidated if the
 * device writes it; the device is not told yet. After the device has
 * written it, the caller invalidates what it reads (dcache_clean_inval_poc).
 */
void virtio_host_ring_add(struct virtio_host_ring *r, u16 id, void *buf, u32 len,
			  bool device_writes);
/* Tells the device what was added. */
void virtio_host_ring_notify(struct virtio_host_dev *dev, struct virtio_host_ring *r);
/*
 * The next buffer the device is done with: 1 with its id and the bytes it
 * wrote into it, 0 if none yet, -EIO if the device gave back an id that is
 * no descriptor (a device bug: the entry is skipped).
 */
int virtio_host_ring_used(struct virtio_host_ring *r, u16 *id, u32 *len);

/* Reads InterruptStatus and acknowledges what it holds: its VIRTIO_MMIO_INT_* bits. */
u32 virtio_host_interrupt_ack(struct virtio_host_dev *dev);

#endif
