/*
 * virtio-mmio as a driver sees it (virtio 1.2 section 4.2.2, version 2),
 * for the test guests that drive hyp7's virtio devices: the transports at
 * VIO_TRANSPORT(n), their registers, the status bits and the split ring's
 * descriptor and used-ring entries. Each guest keeps its own rings (their
 * sizes are its own) and its device's request formats.
 */
#ifndef GUEST_VIRTIO_H
#define GUEST_VIRTIO_H

#include "guest.h"

#define VIO_TRANSPORT(n) (0x0a000000u + (n) * 0x200u)
#define VIO_SPI(n) (16 + (n)) /* the transport's SPI, as QEMU's virt wires them */

#define VIO_MAGIC_VALUE 0x000
#define VIO_VERSION 0x004
#define VIO_DEVICE_ID 0x008
#define VIO_VENDOR_ID 0x00c
#define VIO_DEVICE_FEATURES 0x010
#define VIO_DEVICE_FEATURES_SEL 0x014
#define VIO_DRIVER_FEATURES 0x020
#define VIO_DRIVER_FEATURES_SEL 0x024
#define VIO_QUEUE_SEL 0x030
#define VIO_QUEUE_NUM_MAX 0x034
#define VIO_QUEUE_NUM 0x038
#define VIO_QUEUE_READY 0x044
#define VIO_QUEUE_NOTIFY 0x050
#define VIO_INTERRUPT_STATUS 0x060
#define VIO_INTERRUPT_ACK 0x064
#define VIO_STATUS 0x070
#define VIO_QUEUE_DESC_LOW 0x080
#define VIO_QUEUE_DESC_HIGH 0x084
#define VIO_QUEUE_DRIVER_LOW 0x090
#define VIO_QUEUE_DRIVER_HIGH 0x094
#define VIO_QUEUE_DEVICE_LOW 0x0a0
#define VIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIO_CONFIG_GENERATION 0x0fc
#define VIO_CONFIG 0x100

#define VIRTIO_MAGIC 0x74726976 /* "virt" */

/* Device status (2.1). */
#define ST_ACKNOWLEDGE 1u
#define ST_DRIVER 2u
#define ST_DRIVER_OK 4u
#define ST_FEATURES_OK 8u
#define ST_NEEDS_RESET 64u
#define ST_NEGOTIATED (ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK)
#define ST_UP (ST_NEGOTIATED | ST_DRIVER_OK)

/* InterruptStatus. */
#define INT_VRING 1u
#define INT_CONFIG 2u

/* Transport features: bits 28 and 29 of the low word, VERSION_1 bit 0 of the high one. */
#define F_INDIRECT_DESC (1u << 28)
#define F_EVENT_IDX (1u << 29)
#define F_HI_VERSION_1 (1u << 0)

/* Descriptor flags (2.7.5). */
#define D_NEXT 1
#define D_WRITE 2
#define D_INDIRECT 4
#define AVAIL_F_NO_INTERRUPT 1

struct vdesc {
	u64 addr;
	u32 len;
	u16 flags, next;
};

struct vused_elem {
	u32 id, len;
};

#endif
