/*
 * virtio-blk (virtio 1.2 section 5.2): a request is a 16-byte header the
 * device reads, the data (read for OUT, written for IN), and a status byte
 * the device writes last. A chain too short for a header and a status is
 * a driver's bug the device cannot even answer: the queue breaks
 * (DEVICE_NEEDS_RESET). Anything else wrong with a request is answered in
 * its status byte: UNSUPP for an unknown type, IOERR for data that is not
 * whole sectors, runs past the capacity, or writes a read-only disk (as
 * Linux expects, 5.2.6.2).
 */
#include <hyp7/errno.h>
#include <hyp7/le.h>
#include <hyp7/lib.h>
#include <hyp7/virtio_blk.h>

/* printk's %llx wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

#define BIT64(n) (1ull << (n))
#define BLK_QUEUE 0

static u32 blk_config_read(struct virtio_mmio *m, u32 offset, u8 size)
{
	const struct virtio_blk *blk = m->dev;
	u8 cfg[VIRTIO_BLK_CFG_SIZE] = { 0 };

	put_le(cfg + VIRTIO_BLK_CFG_CAPACITY, blk->backend->capacity, 8);
	put_le(cfg + VIRTIO_BLK_CFG_SIZE_MAX, VIRTIO_BLK_SIZE_MAX, 4);
	put_le(cfg + VIRTIO_BLK_CFG_SEG_MAX, VIRTIO_BLK_SEG_MAX, 4);
	put_le(cfg + VIRTIO_BLK_CFG_BLK_SIZE, VIRTIO_BLK_SECTOR_SIZE, 4);
	if (offset > sizeof(cfg) - size)
		return 0; /* fields this device does not offer */
	return get_le(cfg + offset, size);
}

/*
 * The status byte goes last in the chain's writable bytes (5.2.6), and
 * written data bytes before it; nothing once the queue is broken or reset.
 */
static void finish(struct virtio_blk *blk, struct virtio_blk_req *req, u8 status, u64 written)
{
	if (!virtio_mmio_queue(&blk->mmio, BLK_QUEUE))
		return;
	vq_chain_write(&req->chain, req->chain.writable_len - 1, &status, 1);
	virtio_mmio_complete(&blk->mmio, BLK_QUEUE, req->chain.head, written + 1);
}

static void get_id(struct virtio_blk *blk, struct virtio_blk_req *req)
{
	u64 len = req->chain.writable_len - 1;

	if (len > VIRTIO_BLK_ID_BYTES)
		len = VIRTIO_BLK_ID_BYTES;
	vq_chain_write(&req->chain, 0, blk->serial, len);
	finish(blk, req, VIRTIO_BLK_S_OK, len);
}

/*
 * A read or a write: whole sectors, inside the disk, and no writes to a
 * read-only one; and no more than seg_max segments of size_max make, so
 * that one request is bounded work, done before the vCPU runs again.
 */
static u8 check_transfer(const struct virtio_blk *blk, const struct virtio_blk_req *req)
{
	u64 capacity = blk->backend->capacity, sectors = req->data_len / VIRTIO_BLK_SECTOR_SIZE;

	if (req->data_len % VIRTIO_BLK_SECTOR_SIZE || req->data_len > VIRTIO_BLK_REQ_MAX)
		return VIRTIO_BLK_S_IOERR;
	if (req->sector > capacity || sectors > capacity - req->sector)
		return VIRTIO_BLK_S_IOERR;
	if (req->type == VIRTIO_BLK_T_OUT && blk->backend->read_only)
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

static void handle_request(struct virtio_blk *blk, struct virtio_blk_req *req)
{
	const struct vq_chain *chain = &req->chain;
	u8 hdr[VIRTIO_BLK_HDR_SIZE], status = VIRTIO_BLK_S_OK;

	if (chain->readable_len < VIRTIO_BLK_HDR_SIZE || chain->writable_len < 1) {
		vq_fail(&blk->mmio.vq[BLK_QUEUE],
			"request at head %u: %llu bytes to read and %llu to write, "
			"not a %u-byte header and a status byte", chain->head, ULL(chain->readable_len),
			ULL(chain->writable_len), VIRTIO_BLK_HDR_SIZE);
		virtio_mmio_needs_reset(&blk->mmio, BLK_QUEUE);
		return;
	}
	/* One copy: the guest may change the header while it is being used. */
	vq_chain_read(chain, 0, hdr, sizeof(hdr));
	req->type = get_le(hdr, 4);
	req->sector = get_le(hdr + 8, 8);
	switch (req->type) {
	case VIRTIO_BLK_T_IN:
		req->data_len = chain->writable_len - 1;
		status = check_transfer(blk, req);
		break;
	case VIRTIO_BLK_T_OUT:
		req->data_len = chain->readable_len - VIRTIO_BLK_HDR_SIZE;
		status = check_transfer(blk, req);
		break;
	case VIRTIO_BLK_T_FLUSH:
		req->data_len = 0;
		break;
	case VIRTIO_BLK_T_GET_ID:
		get_id(blk, req);
		return;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
	}
	if (status != VIRTIO_BLK_S_OK) {
		finish(blk, req, status, 0);
		return;
	}
	req->busy = true;
	req->reset_count = blk->reset_count;
	blk->backend->submit(blk->backend, req);
}

static struct virtio_blk_req *free_req(struct virtio_blk *blk)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_BLK_INFLIGHT; i++)
		if (!blk->req[i].busy)
			return &blk->req[i];
	return NULL;
}

/*
 * Takes requests while there are some and a slot to hold each; a
 * completion frees one. At most a ring's worth, or about
 * VIRTIO_BLK_BUDGET_BYTES, at a time: a guest that refills the ring from
 * another vCPU as fast as requests complete, or queues large reads, would
 * otherwise keep this host CPU here for ever, or for seconds. What is left
 * waits for virtio_blk_resume(), which the VMM calls before the vCPU runs
 * again (and so after the scheduler had its say).
 */
static void process_queue(struct virtio_blk *blk)
{
	unsigned int taken = 0;
	u64 bytes = 0;

	blk->processing = true;
	blk->more = false;
	for (;;) {
		struct virtqueue *vq = virtio_mmio_queue(&blk->mmio, BLK_QUEUE);
		struct virtio_blk_req *req = free_req(blk);
		int ret;

		if (!vq || !req)
			break;
		if (taken == vq->num || bytes >= VIRTIO_BLK_BUDGET_BYTES) {
			blk->more = true;
			break;
		}
		ret = vq_pop(vq, &req->chain);
		if (ret < 0)
			virtio_mmio_needs_reset(&blk->mmio, BLK_QUEUE);
		if (ret <= 0)
			break;
		taken++;
		bytes += req->chain.readable_len + req->chain.writable_len;
		handle_request(blk, req);
	}
	blk->processing = false;
}

void virtio_blk_resume(struct virtio_blk *blk)
{
	if (blk->more && !blk->processing)
		process_queue(blk);
}

void virtio_blk_complete(struct virtio_blk_req *req, u8 status)
{
	struct virtio_blk *blk = req->blk;

	req->busy = false;
	if (req->reset_count != blk->reset_count)
		return; /* for a driver that has reset the device since */
	finish(blk, req, status,
	       req->type == VIRTIO_BLK_T_IN && status == VIRTIO_BLK_S_OK ? req->data_len : 0);
	/* A backend completing later: the queue may have waited for this slot. */
	if (!blk->processing)
		process_queue(blk);
}

/* Inside the data, so that a backend cannot reach the header or the status byte. */
static bool in_data(const struct virtio_blk_req *req, u64 offset, u64 len)
{
	return offset <= req->data_len && len <= req->data_len - offset;
}

int virtio_blk_req_read_data(const struct virtio_blk_req *req, u64 offset, void *dst, u64 len)
{
	if (!in_data(req, offset, len))
		return -EINVAL;
	return vq_chain_read(&req->chain, VIRTIO_BLK_HDR_SIZE + offset, dst, len);
}

int virtio_blk_req_write_data(const struct virtio_blk_req *req, u64 offset, const void *src, u64 len)
{
	if (!in_data(req, offset, len))
		return -EINVAL;
	return vq_chain_write(&req->chain, offset, src, len);
}

static void blk_notify(struct virtio_mmio *m, u16 q)
{
	struct virtio_blk *blk = m->dev;

	(void)q; /* one queue */
	if (!blk->processing)
		process_queue(blk);
}

static void blk_reset(struct virtio_mmio *m)
{
	struct virtio_blk *blk = m->dev;

	blk->reset_count++;
}

static const struct virtio_dev_ops blk_ops = {
	.name = "blk",
	.device_id = VIRTIO_ID_BLOCK,
	.num_queues = 1,
	.queue_max = VIRTIO_BLK_QUEUE_MAX,
	.segs_max = VIRTIO_BLK_SEG_MAX + 2,
	.notify = blk_notify,
	.config_read = blk_config_read,
	.reset = blk_reset,
};

void virtio_blk_init(struct virtio_blk *blk, struct virtio_blk_backend *be, const char *serial,
		     const struct virtio_guest_mem *mem, const struct virtio_irq *irq,
		     const char *vm_name)
{
	u64 features = BIT64(VIRTIO_BLK_F_SIZE_MAX) | BIT64(VIRTIO_BLK_F_SEG_MAX) |
		       BIT64(VIRTIO_BLK_F_BLK_SIZE) | BIT64(VIRTIO_BLK_F_FLUSH);
	unsigned int i;

	*blk = (struct virtio_blk){ .backend = be };
	memcpy(blk->serial, serial, strnlen(serial, VIRTIO_BLK_ID_BYTES));
	for (i = 0; i < VIRTIO_BLK_INFLIGHT; i++)
		blk->req[i].blk = blk;
	if (be->read_only)
		features |= BIT64(VIRTIO_BLK_F_RO);
	virtio_mmio_init(&blk->mmio, &blk_ops, blk, features, mem, irq, vm_name);
}
