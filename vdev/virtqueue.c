/*
 * The device side of a split virtqueue (virtio 1.2 section 2.7). The
 * guest may change its rings while the device reads them, so each field is
 * loaded once into a local copy and checked there; whatever it names is
 * reached through the VM's map callback, which refuses anything outside its
 * RAM. Any fault in the ring (a loop, a buffer outside RAM, an available
 * index too far ahead, a malformed indirect table) breaks the queue: the
 * transport then sets DEVICE_NEEDS_RESET (2.1.1) and the device touches it
 * no more.
 */
#include <stdarg.h>

#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/virtqueue.h>

/* printk's %llx wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

/* Ring layout (2.7.5, 2.7.6, 2.7.8), as byte offsets. */
#define DESC_SIZE 16
#define AVAIL_IDX 2
#define AVAIL_RING 4
#define USED_IDX 2
#define USED_RING 4
#define USED_ELEM_SIZE 8
/* Alignment each part must have (2.7, table "Virtqueue Part Alignment"). */
#define DESC_ALIGN 16
#define AVAIL_ALIGN 2
#define USED_ALIGN 4

/* A descriptor as the guest wrote it, in host order. */
struct vq_desc {
	u64 addr;
	u32 len;
	u16 flags, next;
};

static u16 load16(volatile const u8 *p)
{
	return *(volatile const u16 *)p;
}

static void store16(volatile u8 *p, u16 v)
{
	*(volatile u16 *)p = v;
}

static void store32(volatile u8 *p, u32 v)
{
	*(volatile u32 *)p = v;
}

static u64 le_bytes(const u8 *b, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

/*
 * Byte by byte: an indirect table need not be aligned (2.7.5.3 asks for
 * nothing), and ARMv7 faults on an unaligned LDRD whatever SCTLR.A says.
 */
static void read_desc(volatile const u8 *table, u32 i, struct vq_desc *d)
{
	u8 b[DESC_SIZE];
	unsigned int k;

	for (k = 0; k < DESC_SIZE; k++)
		b[k] = table[(size_t)i * DESC_SIZE + k];
	d->addr = le_bytes(b, 8);
	d->len = le_bytes(b + 8, 4);
	d->flags = le_bytes(b + 12, 2);
	d->next = le_bytes(b + 14, 2);
}

int vq_fail(struct virtqueue *vq, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vq->error, sizeof(vq->error), fmt, ap);
	va_end(ap);
	vq->broken = true;
	return -EINVAL;
}

static volatile u8 *map_ring(struct virtqueue *vq, const char *what, ipaddr_t ipa, u32 align,
			     u32 len, bool writable)
{
	volatile u8 *p;

	if (!IS_ALIGNED(ipa_addr(ipa), align)) {
		vq_fail(vq, "%s ring at 0x%llx is not %u-byte aligned", what, ULL(ipa_addr(ipa)), align);
		return NULL;
	}
	p = vq->mem->map(vq->mem->opaque, ipa, len, writable);
	if (!p)
		vq_fail(vq, "%s ring [0x%llx, +0x%x) is not in the VM's RAM", what, ULL(ipa_addr(ipa)), len);
	return p;
}

int vq_init(struct virtqueue *vq, const struct virtio_guest_mem *mem,
	    const struct vq_layout *layout, u16 num_max, u64 features, unsigned int segs_max)
{
	u32 num = layout->num;

	*vq = (struct virtqueue){
		.mem = mem,
		.num = layout->num,
		.indirect = features & (1ull << VIRTIO_RING_F_INDIRECT_DESC),
		.event_idx = features & (1ull << VIRTIO_RING_F_EVENT_IDX),
		.segs_max = segs_max < VQ_SEGS_MAX ? segs_max : VQ_SEGS_MAX,
	};
	/* A split ring's size is a power of 2 (2.7: "Queue Size"). */
	if (num == 0 || (num & (num - 1)) || num > num_max || num > VIRTQ_NUM_MAX)
		return vq_fail(vq, "queue size %u: it must be a power of 2 from 1 to %u", num, num_max);
	/* used_event and avail_event are there whether EVENT_IDX is negotiated or not (2.7.6, 2.7.8). */
	vq->desc = map_ring(vq, "descriptor", layout->desc, DESC_ALIGN, DESC_SIZE * num, false);
	if (vq->desc)
		vq->avail = map_ring(vq, "available", layout->driver, AVAIL_ALIGN,
				     AVAIL_RING + 2 * num + 2, false);
	if (vq->avail)
		vq->used = map_ring(vq, "used", layout->device, USED_ALIGN,
				    USED_RING + USED_ELEM_SIZE * num + 2, true);
	return vq->used ? 0 : -EINVAL;
}

/* Adds d's buffer to the chain: readable ones first, within segs_max, in RAM. */
static int add_seg(struct virtqueue *vq, struct vq_chain *chain, const struct vq_desc *d)
{
	bool writable = d->flags & VIRTQ_DESC_F_WRITE;
	struct vq_seg *seg;

	if (d->len == 0)
		return 0; /* nothing to read or write: no address to check either */
	if (!writable && chain->num_writable)
		return vq_fail(vq, "chain at head %u: a readable descriptor after a writable one",
			       chain->head);
	if (chain->num_readable + chain->num_writable == vq->segs_max)
		return vq_fail(vq, "chain at head %u: more than %u segments", chain->head,
			       vq->segs_max);
	if (d->addr > ~0ull - d->len)
		return vq_fail(vq, "chain at head %u: buffer [0x%llx, +0x%x) wraps around",
			       chain->head, ULL(d->addr), d->len);
	seg = &chain->seg[chain->num_readable + chain->num_writable];
	seg->buf = vq->mem->map(vq->mem->opaque, ipa_init(d->addr), d->len, writable);
	if (!seg->buf)
		return vq_fail(vq, "chain at head %u: buffer [0x%llx, +0x%x) is not in the VM's RAM",
			       chain->head, ULL(d->addr), d->len);
	seg->len = d->len;
	if (writable) {
		chain->num_writable++;
		chain->writable_len += d->len;
	} else {
		chain->num_readable++;
		chain->readable_len += d->len;
	}
	return 0;
}

/*
 * d refers to an indirect table (2.7.5.3): maps it as the table the chain
 * goes on in. Its WRITE flag is ignored, as 2.7.5.3.2 requires.
 */
static int enter_indirect(struct virtqueue *vq, u16 head, const struct vq_desc *d,
			  bool in_indirect, volatile const u8 **table, u32 *table_num)
{
	if (!vq->indirect)
		return vq_fail(vq, "chain at head %u: indirect descriptor, not negotiated", head);
	if (in_indirect)
		return vq_fail(vq, "chain at head %u: indirect descriptor in an indirect table", head);
	if (d->flags & VIRTQ_DESC_F_NEXT)
		return vq_fail(vq, "chain at head %u: indirect descriptor with NEXT", head);
	/* The spec allows 2^32 / 16 entries; no chain of this queue needs more than num. */
	if (d->len == 0 || d->len % DESC_SIZE || d->len / DESC_SIZE > vq->num)
		return vq_fail(vq, "chain at head %u: indirect table of 0x%x bytes (not 16 to %u x 16)",
			       head, d->len, vq->num);
	if (d->addr > ~0ull - d->len)
		return vq_fail(vq, "chain at head %u: indirect table [0x%llx, +0x%x) wraps around",
			       head, ULL(d->addr), d->len);
	*table = vq->mem->map(vq->mem->opaque, ipa_init(d->addr), d->len, false);
	if (!*table)
		return vq_fail(vq, "chain at head %u: indirect table [0x%llx, +0x%x) is not in the VM's RAM",
			       head, ULL(d->addr), d->len);
	*table_num = d->len / DESC_SIZE;
	return 0;
}

/* Follows the chain at head, through at most one indirect table, each at most once around. */
static int walk_chain(struct virtqueue *vq, u16 head, struct vq_chain *chain)
{
	volatile const u8 *table = vq->desc;
	u32 table_num = vq->num, seen = 0, i = head;
	bool in_indirect = false;
	struct vq_desc d;
	int err;

	chain->head = head;
	chain->num_readable = chain->num_writable = 0;
	chain->readable_len = chain->writable_len = 0;
	for (;;) {
		/* A chain visiting more descriptors than its table holds has a loop. */
		if (++seen > table_num)
			return vq_fail(vq, "chain at head %u: more than %u descriptors (a loop)", head,
				       table_num);
		read_desc(table, i, &d);
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			err = enter_indirect(vq, head, &d, in_indirect, &table, &table_num);
			if (err)
				return err;
			in_indirect = true;
			seen = 0;
			i = 0;
			continue;
		}
		err = add_seg(vq, chain, &d);
		if (err)
			return err;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		if (d.next >= table_num)
			return vq_fail(vq, "chain at head %u: next %u is past the table's %u", head,
				       d.next, table_num);
		i = d.next;
	}
}

/* How many entries the driver has made available past the device's; -EINVAL if too many. */
static int avail_pending(struct virtqueue *vq)
{
	u16 idx = load16(vq->avail + AVAIL_IDX), pending = idx - vq->last_avail;

	if (pending > vq->num)
		return vq_fail(vq, "available index %u is %u ahead of %u, more than the queue's %u",
			       idx, pending, vq->last_avail, vq->num);
	return pending;
}

int vq_pop(struct virtqueue *vq, struct vq_chain *chain)
{
	int pending;
	u16 head;

	if (vq->broken)
		return -EINVAL;
	pending = avail_pending(vq);
	if (pending == 0 && vq->event_idx) {
		/*
		 * Ask to be notified of the next entry, then look again: the
		 * driver may have added one before it could see avail_event
		 * (2.7.10), and would then not notify.
		 */
		store16(vq->used + USED_RING + USED_ELEM_SIZE * vq->num, vq->last_avail);
		vq_mb();
		pending = avail_pending(vq);
	}
	if (pending <= 0)
		return pending;
	/* The index before the entry it publishes (2.7.13.3 on the driver's side). */
	vq_mb();
	head = load16(vq->avail + AVAIL_RING + 2 * (vq->last_avail & (vq->num - 1)));
	if (head >= vq->num)
		return vq_fail(vq, "available entry %u: head %u is past the queue's %u",
			       vq->last_avail, head, vq->num);
	if (walk_chain(vq, head, chain))
		return -EINVAL;
	vq->last_avail++;
	return 1;
}

void vq_push(struct virtqueue *vq, u16 head, u32 len)
{
	volatile u8 *elem = vq->used + USED_RING + USED_ELEM_SIZE * (vq->used_idx & (vq->num - 1));

	if (vq->broken)
		return;
	store32(elem, head);
	store32(elem + 4, len);
	/* The buffer's data and its used entry before the index that publishes them (2.7.8). */
	vq_mb();
	store16(vq->used + USED_IDX, ++vq->used_idx);
}

/* 2.7.10: whether new_idx moved past event since old. */
static bool vring_need_event(u16 event, u16 new_idx, u16 old)
{
	return (u16)(new_idx - event - 1) < (u16)(new_idx - old);
}

bool vq_should_notify(struct virtqueue *vq)
{
	u16 old = vq->signalled_used;

	if (vq->broken || old == vq->used_idx)
		return false;
	vq->signalled_used = vq->used_idx;
	/* The used index out before the driver's answer is read (2.7.10). */
	vq_mb();
	if (vq->event_idx)
		return vring_need_event(load16(vq->avail + AVAIL_RING + 2 * vq->num), vq->used_idx,
					old);
	return !(load16(vq->avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

/* Copies between buf and the chain's bytes [offset, offset + len) in segs[0, n). */
static int chain_copy(const struct vq_seg *segs, unsigned int n, u64 offset, void *buf, u64 len,
		      bool to_chain)
{
	u8 *p = buf;
	unsigned int i;

	for (i = 0; i < n && len; i++) {
		u64 step;

		if (offset >= segs[i].len) {
			offset -= segs[i].len;
			continue;
		}
		step = segs[i].len - offset;
		if (step > len)
			step = len;
		if (to_chain)
			memcpy((u8 *)segs[i].buf + offset, p, step);
		else
			memcpy(p, (const u8 *)segs[i].buf + offset, step);
		p += step;
		len -= step;
		offset = 0;
	}
	return len ? -EINVAL : 0;
}

int vq_chain_read(const struct vq_chain *chain, u64 offset, void *dst, u64 len)
{
	if (offset > chain->readable_len || len > chain->readable_len - offset)
		return -EINVAL;
	return chain_copy(chain->seg, chain->num_readable, offset, dst, len, false);
}

int vq_chain_write(const struct vq_chain *chain, u64 offset, const void *src, u64 len)
{
	if (offset > chain->writable_len || len > chain->writable_len - offset)
		return -EINVAL;
	return chain_copy(chain->seg + chain->num_readable, chain->num_writable, offset,
			  (void *)src, len, true);
}
