/*
 * The virtio-mmio transport, version 2 (virtio 1.2 section 4.2.2), for any
 * emulated virtio device: registers, feature negotiation, status, queue
 * set-up and interrupts here, the device's own work behind an ops table
 * (vdev/virtio_mmio.c). As the other devices, plain C on what the caller
 * passes, serialised by the caller (the VM's lock): MMIO accesses and a
 * backend's completions alike. The interrupt line, level-sensitive, is
 * driven through a callback whenever it changes, so that a completion
 * outside any MMIO access raises it too.
 */
#ifndef HYP7_VIRTIO_MMIO_H
#define HYP7_VIRTIO_MMIO_H

#include <hyp7/types.h>
#include <hyp7/virtqueue.h>

#define VIRTIO_MMIO_MAGIC 0x74726976 /* "virt" */
#define VIRTIO_MMIO_VERSION_MODERN 2
/* "QEMU", as QEMU's virtio-mmio: no driver looks at it, tools that list devices show it. */
#define VIRTIO_MMIO_VENDOR_QEMU 0x554d4551
#define VIRTIO_MMIO_QUEUES_MAX 4
/* Faults of a device said on the console; the others are counted (virtio_mmio.faults). */
#define VIRTIO_MMIO_FAULTS_SAID 64

/* Register offsets (4.2.2, table 4.1). */
#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

/* Device status (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING 1
#define VIRTIO_MMIO_INT_CONFIG 2

struct virtio_mmio;

/* What a device is and does; its state is reached through virtio_mmio.dev. */
struct virtio_dev_ops {
	const char *name;       /* "blk": messages say "virtio-blk" */
	u32 device_id;
	u16 num_queues;         /* at most VIRTIO_MMIO_QUEUES_MAX */
	u16 queue_max;          /* QueueNumMax, a power of 2 */
	unsigned int segs_max;  /* segments of a chain it takes, at most VQ_SEGS_MAX */
	/* The driver notified queue q, which is live (virtio_mmio_queue() gives it). */
	void (*notify)(struct virtio_mmio *m, u16 q);
	/* Device configuration space at offset, 1, 2 or 4 bytes, aligned. */
	u32 (*config_read)(struct virtio_mmio *m, u32 offset, u8 size);
	void (*config_write)(struct virtio_mmio *m, u32 offset, u8 size, u32 val);
	/* The driver reset the device: forget every request (after, the queues are gone). */
	void (*reset)(struct virtio_mmio *m);
};

/* The interrupt line (a vGIC SPI): set_level(opaque, level) when it changes. */
struct virtio_irq {
	void (*set_level)(void *opaque, bool level);
	void *opaque;
};

/* A queue's registers as the driver wrote them, 64-bit addresses in low and high words. */
struct virtio_mmio_queue {
	u16 num;
	bool ready;
	u64 desc, driver, device;
};

struct virtio_mmio {
	const struct virtio_dev_ops *ops;
	void *dev;
	const struct virtio_guest_mem *mem;
	struct virtio_irq irq;
	bool irq_level;
	u32 faults; /* DEVICE_NEEDS_RESET set, since the device was made: a reset keeps it */
	const char *vm_name;
	u64 device_features;
	u64 driver_features;       /* as written; what was negotiated once FEATURES_OK is set */
	bool driver_features_high; /* the driver wrote a bit above 63, which no device offers */
	u32 device_features_sel, driver_features_sel, queue_sel;
	u32 status, interrupt_status, config_generation;
	struct virtio_mmio_queue queue[VIRTIO_MMIO_QUEUES_MAX];
	struct virtqueue vq[VIRTIO_MMIO_QUEUES_MAX];
};

/*
 * A device offering its device-specific features (the transport adds
 * VERSION_1 and the ring features), of the VM vm_name (for messages),
 * reaching its RAM through mem, its line through irq; the line starts low.
 */
void virtio_mmio_init(struct virtio_mmio *m, const struct virtio_dev_ops *ops, void *dev,
		      u64 features, const struct virtio_guest_mem *mem,
		      const struct virtio_irq *irq, const char *vm_name);
/*
 * A guest access at offset in the device's page: registers take aligned
 * 32-bit accesses only, the config space aligned 1, 2 or 4 bytes; others
 * read 0 and write nothing.
 */
void virtio_mmio_access(struct virtio_mmio *m, u32 offset, u8 size, bool write, u32 *data);

/*
 * A transport without a device, as QEMU's virt has them: the magic, the
 * version and the vendor, DeviceID 0 (no device), 0 elsewhere; writes do
 * nothing.
 */
void virtio_mmio_empty_access(u32 offset, u8 size, bool write, u32 *data);

/* For the device. Queue q, if the driver made it ready, the device is live and not broken; else NULL. */
struct virtqueue *virtio_mmio_queue(struct virtio_mmio *m, u16 q);
/* The chain at head of queue q is done, len bytes written: used ring, and the interrupt if wanted. */
void virtio_mmio_complete(struct virtio_mmio *m, u16 q, u16 head, u32 len);
/*
 * Queue q is broken (vq_pop() failed, or the device called vq_fail()):
 * DEVICE_NEEDS_RESET, said once, and nothing is processed until a reset.
 */
void virtio_mmio_needs_reset(struct virtio_mmio *m, u16 q);
/* The configuration space changed. */
void virtio_mmio_config_changed(struct virtio_mmio *m);

#endif
