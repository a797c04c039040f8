/*
 * A virtio-blk backend on a disk image in host memory: every request is
 * done by the time submit returns, and nothing is cached, so a flush has
 * nothing to do.
 */
#include <hyp7/virtio_blk.h>

static void mem_submit(struct virtio_blk_backend *be, struct virtio_blk_req *req)
{
	struct virtio_blk_mem *disk = (struct virtio_blk_mem *)be;
	/* The device checked the range against the capacity. */
	u8 *at = disk->image + (size_t)(req->sector * VIRTIO_BLK_SECTOR_SIZE);
	int err = 0;

	if (req->type == VIRTIO_BLK_T_IN)
		err = virtio_blk_req_write_data(req, 0, at, req->data_len);
	else if (req->type == VIRTIO_BLK_T_OUT)
		err = virtio_blk_req_read_data(req, 0, at, req->data_len);
	virtio_blk_complete(req, err ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

void virtio_blk_mem_init(struct virtio_blk_mem *disk, void *image, u64 size, bool read_only)
{
	*disk = (struct virtio_blk_mem){
		.be = {
			.capacity = size / VIRTIO_BLK_SECTOR_SIZE,
			.read_only = read_only,
			.submit = mem_submit,
		},
		.image = image,
	};
}
