/*
 * The device side of a split virtqueue (virtio 1.2 section 2.7), as an
 * emulated device in the host sees it: the guest writes the descriptor
 * table and the available ring, the device writes the used ring. The guest
 * runs on other CPUs meanwhile and may be hostile, so every field it writes
 * is read once into a local copy, which is checked before it is used, and
 * every buffer it names is reached only through the VM's map callback
 * (vdev/virtqueue.c). Rings are little-endian, as is hyp7.
 */
#ifndef HYP7_VIRTQUEUE_H
#define HYP7_VIRTQUEUE_H

#include <hyp7/types.h>

/* Feature bits the ring itself implements (virtio 1.2 section 6). */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

/* The largest queue size the split ring allows (2.7). */
#define VIRTQ_NUM_MAX 32768
/* Segments a chain may have at most, whatever the device allows. */
#define VQ_SEGS_MAX 64

/*
 * Both the ring and the device's data stores must be visible to the guest
 * before the used index that publishes them, and the used index before the
 * device reads used_event (2.7.10): a full barrier for both. Kept here,
 * not in an arch header, because the host tests build this code too.
 */
#ifdef __arm__
#define vq_mb() asm volatile("dmb ish" : : : "memory")
#else
#define vq_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

/*
 * How a device reaches guest memory: a host pointer to all of
 * [ipa, ipa + len), or NULL if any of it is not the VM's RAM (or is not
 * writable, if writable). It must refuse a range that wraps around.
 */
struct virtio_guest_mem {
	void *(*map)(void *opaque, ipaddr_t ipa, u32 len, bool writable);
	void *opaque;
};

/* Where the driver put the rings (QueueDesc, QueueDriver, QueueDevice). */
struct vq_layout {
	u16 num;
	ipaddr_t desc, driver, device;
};

struct vq_seg {
	void *buf; /* host pointer to the whole buffer */
	u32 len;
};

/*
 * One available buffer: seg[0, num_readable) are the device-readable
 * segments, seg[num_readable, num_readable + num_writable) the writable
 * ones after them, in chain order (2.7.4.2: no readable after a writable).
 */
struct vq_chain {
	u16 head;
	unsigned int num_readable, num_writable;
	u64 readable_len, writable_len;
	struct vq_seg seg[VQ_SEGS_MAX];
};

struct virtqueue {
	const struct virtio_guest_mem *mem;
	/* Host pointers to the rings, checked and mapped once by vq_init(). */
	volatile u8 *desc, *avail, *used;
	u16 num;
	u16 last_avail;     /* the next available entry the device takes */
	u16 used_idx;       /* the device's own copy: never read back from the guest */
	u16 signalled_used; /* used_idx when vq_should_notify() last ran */
	bool indirect, event_idx;
	unsigned int segs_max;
	bool broken;        /* a ring error: the queue is not touched again */
	char error[128];    /* what was wrong, for the transport's message */
};

/*
 * Checks the driver's queue (num a power of 2, at most num_max; rings
 * aligned and in RAM) and maps it, with the ring features of features.
 * Chains of more than segs_max (<= VQ_SEGS_MAX) segments are ring errors.
 * 0, or -EINVAL with vq->error saying why.
 */
int vq_init(struct virtqueue *vq, const struct virtio_guest_mem *mem,
	    const struct vq_layout *layout, u16 num_max, u64 features, unsigned int segs_max);
/* 1 with the next available chain in *chain, 0 if none, -EINVAL on a ring error. */
int vq_pop(struct virtqueue *vq, struct vq_chain *chain);
/* Returns the chain at head with len bytes written to its writable segments. */
void vq_push(struct virtqueue *vq, u16 head, u32 len);
/* Whether the driver wants a used-buffer notification for what was pushed since last asked. */
bool vq_should_notify(struct virtqueue *vq);
/* Marks the queue broken for a reason the device found (a bad request layout); -EINVAL. */
int vq_fail(struct virtqueue *vq, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies len bytes at offset of the chain's readable bytes out; -EINVAL if they run past. */
int vq_chain_read(const struct vq_chain *chain, u64 offset, void *dst, u64 len);
/* Copies len bytes into the chain's writable bytes at offset; -EINVAL if they run past. */
int vq_chain_write(const struct vq_chain *chain, u64 offset, const void *src, u64 len);

#endif
