/*
 * virtio-blk (virtio 1.2 section 5.2) on the virtio-mmio transport, one
 * request queue, its storage behind a backend (vdev/virtio_blk.c). The
 * device takes a request off the queue, checks it, and hands a read, write
 * or flush to the backend, which ends it with virtio_blk_complete(), at
 * once (the memory backend, vdev/virtio_blk_mem.c) or later (a host
 * driver's interrupt), under the same lock as the MMIO accesses.
 */
#ifndef HYP7_VIRTIO_BLK_H
#define HYP7_VIRTIO_BLK_H

#include <hyp7/types.h>
#include <hyp7/virtio_mmio.h>

#define VIRTIO_ID_BLOCK 2

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9

/* Request types and status (5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/* Configuration space offsets (5.2.4). */
#define VIRTIO_BLK_CFG_CAPACITY 0 /* le64, in 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX 8 /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX 12 /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE 20 /* le32 */
#define VIRTIO_BLK_CFG_SIZE 24

#define VIRTIO_BLK_SECTOR_SIZE 512
#define VIRTIO_BLK_HDR_SIZE 16 /* le32 type, le32 reserved, le64 sector */
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_QUEUE_MAX 128
/* Data segments of a request (seg_max): the header and the status take the other two. */
#define VIRTIO_BLK_SEG_MAX (VQ_SEGS_MAX - 2)
/* A segment's size at most (size_max), and so a request's: a larger one is an IOERR. */
#define VIRTIO_BLK_SIZE_MAX (64u << 10)
#define VIRTIO_BLK_REQ_MAX ((u64)VIRTIO_BLK_SEG_MAX * VIRTIO_BLK_SIZE_MAX)
/* What one notification, or one virtio_blk_resume(), takes at most, in bytes of requests. */
#define VIRTIO_BLK_BUDGET_BYTES (256u << 10)
/* Requests a backend may hold at once; the queue waits while all are out. */
#define VIRTIO_BLK_INFLIGHT 16

struct virtio_blk;

/*
 * A read (IN), write (OUT) or flush the device checked: inside the
 * capacity, whole sectors, in the right direction. Its data is data_len
 * bytes: for OUT, the chain's readable bytes after the header; for IN, its
 * writable bytes before the status byte.
 */
struct virtio_blk_req {
	struct virtio_blk *blk;
	u32 type;
	u64 sector;
	u64 data_len;
	struct vq_chain chain;
	u32 reset_count; /* the device's when it was taken: a completion after a reset is dropped */
	bool busy;
};

struct virtio_blk_backend {
	u64 capacity; /* in 512-byte sectors */
	bool read_only;
	/*
	 * Starts req; virtio_blk_complete() ends it, now or later. A later one
	 * must be done with the guest's buffers first, and a backend that
	 * completes later must also finish (or cancel) what it holds before a
	 * reset returns: the driver may reuse the buffers at once (2.4).
	 */
	void (*submit)(struct virtio_blk_backend *be, struct virtio_blk_req *req);
};

struct virtio_blk {
	struct virtio_mmio mmio; /* the guest's accesses go to virtio_mmio_access(&blk->mmio, ...) */
	struct virtio_blk_backend *backend;
	char serial[VIRTIO_BLK_ID_BYTES]; /* GET_ID's answer, NUL-padded */
	u32 reset_count;
	bool processing; /* taking requests off the queue: a completion does not start again */
	bool more;       /* stopped after a ring's worth of requests: virtio_blk_resume() goes on */
	struct virtio_blk_req req[VIRTIO_BLK_INFLIGHT];
};

/*
 * A disk on be, named serial (its first 20 bytes) for GET_ID, in VM
 * vm_name, reaching its RAM through mem and raising its line through irq.
 */
void virtio_blk_init(struct virtio_blk *blk, struct virtio_blk_backend *be, const char *serial,
		     const struct virtio_guest_mem *mem, const struct virtio_irq *irq,
		     const char *vm_name);
/* Takes the requests left when the last notification's ring's worth ran out, if any. */
void virtio_blk_resume(struct virtio_blk *blk);
/* The backend is done with req: VIRTIO_BLK_S_OK or VIRTIO_BLK_S_IOERR. */
void virtio_blk_complete(struct virtio_blk_req *req, u8 status);
/* For a backend: len bytes at offset in an OUT request's data, copied to dst. */
int virtio_blk_req_read_data(const struct virtio_blk_req *req, u64 offset, void *dst, u64 len);
/* For a backend: len bytes into an IN request's data at offset. */
int virtio_blk_req_write_data(const struct virtio_blk_req *req, u64 offset, const void *src, u64 len);

/* A disk image of size bytes (whole sectors count) in host memory; requests complete at once. */
struct virtio_blk_mem {
	struct virtio_blk_backend be; /* first: the backend is the disk */
	u8 *image;
};

void virtio_blk_mem_init(struct virtio_blk_mem *disk, void *image, u64 size, bool read_only);

#endif
