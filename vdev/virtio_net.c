/*
 * virtio-net (virtio 1.2 section 5.1), the plainest kind: receiveq1 and
 * transmitq1, the MAC address, the link status and the MTU in the
 * configuration space, and no offload at all. Every frame, either way, is
 * a 12-byte struct virtio_net_hdr (VERSION_1: num_buffers is always there,
 * 5.1.6) and one Ethernet frame of at most VIRTIO_NET_FRAME_MAX bytes,
 * or VIRTIO_NET_FRAME_MAX_VLAN with an 802.1Q tag.
 *
 * Not offered, and why: MRG_RXBUF, because without it (and without
 * GUEST_TSO4/6, GUEST_UFO, GUEST_USO4/6) a driver posts receive buffers of
 * at least 1526 bytes, header and a whole frame (5.1.6.3.1; Linux posts
 * 12 + 1518), so that one frame is one buffer; CSUM, GUEST_CSUM and every
 * GSO feature, so that a frame is always whole and checksummed and the
 * switch passes it on as it is; CTRL_VQ and MQ, so that there is nothing
 * to filter or steer.
 *
 * A chain that breaks the virtqueue rules of this device (a writable
 * buffer to transmit, a readable one to receive into, no room for the
 * header) breaks the queue: DEVICE_NEEDS_RESET, as virtio-blk does. A
 * well-formed chain carrying a frame the device will not send (too short,
 * too long, or asking for an offload) is dropped, counted, and given back.
 */
#include <hyp7/errno.h>
#include <hyp7/le.h>
#include <hyp7/lib.h>
#include <hyp7/virtio_net.h>

/* printk's %llx wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

#define BIT64(n) (1ull << (n))
#define NET_FEATURES (BIT64(VIRTIO_NET_F_MAC) | BIT64(VIRTIO_NET_F_STATUS) | BIT64(VIRTIO_NET_F_MTU))

/* 32-bit FNV-1a (Fowler, Noll, Vo). */
#define FNV1A_OFFSET_BASIS 2166136261u
#define FNV1A_PRIME 16777619u
/* IEEE 802 address bits of the first byte. */
#define MAC_MULTICAST 0x01
#define MAC_LOCAL 0x02
/* The first bytes of a name's address, as QEMU's own begin: 0x52 is local and unicast. */
#define MAC_NAMED_0 0x52
#define MAC_NAMED_1 0x54
_Static_assert((MAC_NAMED_0 & (MAC_LOCAL | MAC_MULTICAST)) == MAC_LOCAL,
	       "a name's address is locally administered and unicast");

static u16 get_be16(const u8 *b)
{
	return b[0] << 8 | b[1];
}

static u32 net_config_read(struct virtio_mmio *m, u32 offset, u8 size)
{
	const struct virtio_net *n = m->dev;
	u8 cfg[VIRTIO_NET_CFG_SIZE];

	memcpy(cfg + VIRTIO_NET_CFG_MAC, n->mac, VIRTIO_NET_MAC_LEN);
	put_le(cfg + VIRTIO_NET_CFG_STATUS, n->status, 2);
	/* Read only with MQ, which is not offered; one pair is the truth all the same. */
	put_le(cfg + VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS, 1, 2);
	put_le(cfg + VIRTIO_NET_CFG_MTU, VIRTIO_NET_MTU, 2);
	if (offset > sizeof(cfg) - size)
		return 0; /* speed, duplex and the RSS fields: not offered */
	return get_le(cfg + offset, size);
}

/* Over VIRTIO_NET_FRAME_MAX only with an 802.1Q tag; len is at least VIRTIO_NET_ETH_HLEN. */
static bool frame_too_large(const u8 *frame, u64 len)
{
	if (len <= VIRTIO_NET_FRAME_MAX)
		return false;
	return len > VIRTIO_NET_FRAME_MAX_VLAN ||
	       get_be16(frame + VIRTIO_NET_ETH_TYPE) != VIRTIO_NET_ETH_P_8021Q;
}

/*
 * Why the frame of len bytes after hdr is not sent, as the counter to
 * count it in, or NULL to send it; its bytes are in n->tx_frame then.
 */
static u64 *tx_refusal(struct virtio_net *n, const struct vq_chain *chain, const u8 *hdr, u64 len)
{
	struct virtio_net_counters *c = &n->counters;

	/*
	 * A partial checksum or a GSO super-frame cannot be passed on as it is,
	 * and neither was negotiated (5.1.6.2.1). Other flag bits mean nothing
	 * on transmit and are ignored, as 5.1.6.2.2 asks.
	 */
	if ((hdr[VIRTIO_NET_HDR_FLAGS] & VIRTIO_NET_HDR_F_NEEDS_CSUM) ||
	    hdr[VIRTIO_NET_HDR_GSO_TYPE] != VIRTIO_NET_HDR_GSO_NONE)
		return &c->tx_offload;
	if (len < VIRTIO_NET_ETH_HLEN)
		return &c->tx_too_short;
	/* Over the MTU offered (5.1.6.2.1: the driver MUST NOT). */
	if (len > VIRTIO_NET_FRAME_MAX_VLAN)
		return &c->tx_too_large;
	/* One copy, checked and sent: the guest may change its buffer meanwhile. */
	vq_chain_read(chain, VIRTIO_NET_HDR_SIZE, n->tx_frame, len);
	return frame_too_large(n->tx_frame, len) ? &c->tx_too_large : NULL;
}

/* One chain off transmitq1: a header, then the frame, all device-readable (5.1.6.2). */
static void transmit(struct virtio_net *n, const struct vq_chain *chain)
{
	u8 hdr[VIRTIO_NET_HDR_SIZE];
	u64 len, *refusal;

	if (chain->num_writable || chain->readable_len < VIRTIO_NET_HDR_SIZE) {
		vq_fail(&n->mmio.vq[VIRTIO_NET_TXQ],
			"frame at head %u: %llu bytes to read and %llu to write, not a %u-byte "
			"header and a frame to read only", chain->head, ULL(chain->readable_len),
			ULL(chain->writable_len), VIRTIO_NET_HDR_SIZE);
		virtio_mmio_needs_reset(&n->mmio, VIRTIO_NET_TXQ);
		return;
	}
	vq_chain_read(chain, 0, hdr, sizeof(hdr));
	len = chain->readable_len - VIRTIO_NET_HDR_SIZE;
	refusal = tx_refusal(n, chain, hdr, len);
	if (refusal) {
		(*refusal)++;
		n->counters.tx_dropped++;
	} else {
		n->counters.tx_frames++;
		n->counters.tx_bytes += len;
		n->backend->send(n->backend, n->tx_frame, len);
	}
	/* Nothing written: a transmit buffer's used length is 0 (5.1.6.2). */
	virtio_mmio_complete(&n->mmio, VIRTIO_NET_TXQ, chain->head, 0);
}

/*
 * At most a ring's worth of frames at a time: a guest refilling the ring
 * from another vCPU as fast as frames go would otherwise keep this host
 * CPU here for ever. What is left waits for virtio_net_resume(), which the
 * VMM calls before the vCPU runs again.
 */
static void process_tx(struct virtio_net *n)
{
	unsigned int taken = 0;

	n->tx_processing = true;
	n->tx_more = false;
	for (;;) {
		struct virtqueue *vq = virtio_mmio_queue(&n->mmio, VIRTIO_NET_TXQ);
		int ret;

		if (!vq)
			break;
		if (taken == vq->num) {
			n->tx_more = true;
			break;
		}
		ret = vq_pop(vq, &n->tx_chain);
		if (ret < 0)
			virtio_mmio_needs_reset(&n->mmio, VIRTIO_NET_TXQ);
		if (ret <= 0)
			break;
		taken++;
		transmit(n, &n->tx_chain);
	}
	n->tx_processing = false;
}

void virtio_net_resume(struct virtio_net *n)
{
	if (n->tx_more && !n->tx_processing)
		process_tx(n);
}

/* A buffer to receive into: device-writable only, room for a header and any frame (5.1.6.3.1). */
static bool rx_buffer_fits(struct virtio_net *n, const struct vq_chain *chain)
{
	struct virtqueue *vq = &n->mmio.vq[VIRTIO_NET_RXQ];

	if (chain->num_readable)
		vq_fail(vq, "receive buffer at head %u: %llu bytes to read", chain->head,
			ULL(chain->readable_len));
	/*
	 * The spec says SHOULD, but without MRG_RXBUF a frame cannot be spread
	 * over buffers (5.1.6.4.1: num_buffers is 1), and a cut one is no frame:
	 * a driver posting less would lose the frames that do not fit without
	 * knowing it. Better that it hears of its bug.
	 */
	else if (chain->writable_len < VIRTIO_NET_RX_BUF_MIN)
		vq_fail(vq, "receive buffer at head %u: %llu bytes, not the %u of a header and a "
			"%u-byte frame (no MRG_RXBUF)", chain->head, ULL(chain->writable_len),
			VIRTIO_NET_RX_BUF_MIN, VIRTIO_NET_FRAME_MAX);
	else
		return true;
	virtio_mmio_needs_reset(&n->mmio, VIRTIO_NET_RXQ);
	return false;
}

bool virtio_net_receive(struct virtio_net *n, const u8 *frame, u32 len)
{
	struct virtqueue *vq = virtio_mmio_queue(&n->mmio, VIRTIO_NET_RXQ);
	struct vq_chain *chain = &n->rx_chain;
	/* No DATA_VALID (no GUEST_CSUM), GSO_NONE; one buffer, as 5.1.6.4.1 requires without MRG_RXBUF. */
	u8 hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
	int ret;

	if (len < VIRTIO_NET_ETH_HLEN || frame_too_large(frame, len)) {
		n->counters.rx_dropped++;
		return true;
	}
	ret = vq ? vq_pop(vq, chain) : 0;
	if (ret < 0)
		virtio_mmio_needs_reset(&n->mmio, VIRTIO_NET_RXQ);
	if (ret <= 0 || !rx_buffer_fits(n, chain)) {
		n->counters.rx_no_buffer++;
		return false;
	}
	/*
	 * A tagged frame over 1514 bytes in a buffer the driver was right to
	 * make 1526 bytes: not cut, but lost, and the
	 * buffer goes back empty (a used length under the header's, which a
	 * driver counts as a length error).
	 */
	if (chain->writable_len < VIRTIO_NET_HDR_SIZE + len) {
		n->counters.rx_dropped++;
		virtio_mmio_complete(&n->mmio, VIRTIO_NET_RXQ, chain->head, 0);
		return true;
	}
	put_le(hdr + VIRTIO_NET_HDR_NUM_BUFFERS, 1, 2);
	vq_chain_write(chain, 0, hdr, sizeof(hdr));
	vq_chain_write(chain, VIRTIO_NET_HDR_SIZE, frame, len);
	virtio_mmio_complete(&n->mmio, VIRTIO_NET_RXQ, chain->head, VIRTIO_NET_HDR_SIZE + len);
	n->counters.rx_frames++;
	n->counters.rx_bytes += len;
	return true;
}

void virtio_net_set_link(struct virtio_net *n, bool up)
{
	u16 status = up ? VIRTIO_NET_S_LINK_UP : 0;

	if (status == n->status)
		return;
	n->status = status;
	virtio_mmio_config_changed(&n->mmio);
}

static void net_notify(struct virtio_mmio *m, u16 q)
{
	struct virtio_net *n = m->dev;

	if (q == VIRTIO_NET_TXQ) {
		if (!n->tx_processing)
			process_tx(n);
	} else if (n->backend->rx_ready) {
		n->backend->rx_ready(n->backend);
	}
}

static void net_reset(struct virtio_mmio *m)
{
	struct virtio_net *n = m->dev;

	n->tx_more = false;
}

static const struct virtio_dev_ops net_ops = {
	.name = "net",
	.device_id = VIRTIO_ID_NET,
	.num_queues = 2,
	.queue_max = VIRTIO_NET_QUEUE_MAX,
	.segs_max = VQ_SEGS_MAX,
	.notify = net_notify,
	.config_read = net_config_read,
	/* No config_write: every field is read-only (5.1.4; mac was writable for legacy drivers only). */
	.reset = net_reset,
};

void virtio_net_init(struct virtio_net *n, struct virtio_net_backend *be,
		     const u8 mac[VIRTIO_NET_MAC_LEN], const struct virtio_guest_mem *mem,
		     const struct virtio_irq *irq, const char *vm_name)
{
	*n = (struct virtio_net){ .backend = be, .status = VIRTIO_NET_S_LINK_UP };
	memcpy(n->mac, mac, VIRTIO_NET_MAC_LEN);
	virtio_mmio_init(&n->mmio, &net_ops, n, NET_FEATURES, mem, irq, vm_name);
}

void virtio_net_mac_from_name(const char *name, u8 mac[VIRTIO_NET_MAC_LEN])
{
	u32 h = FNV1A_OFFSET_BASIS;

	for (; *name; name++)
		h = (h ^ (u8)*name) * FNV1A_PRIME;
	mac[0] = MAC_NAMED_0;
	mac[1] = MAC_NAMED_1;
	mac[2] = h >> 24;
	mac[3] = h >> 16;
	mac[4] = h >> 8;
	mac[5] = h;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int virtio_net_parse_mac(const char *s, u8 mac[VIRTIO_NET_MAC_LEN])
{
	u8 addr[VIRTIO_NET_MAC_LEN];
	unsigned int i;

	for (i = 0; i < VIRTIO_NET_MAC_LEN; i++, s += 3) {
		int hi = hex_digit(s[0]), lo = hi < 0 ? -1 : hex_digit(s[1]);
		char end = lo < 0 ? 'x' : s[2];

		if (lo < 0 || end != (i == VIRTIO_NET_MAC_LEN - 1 ? '\0' : ':'))
			return -EINVAL;
		addr[i] = hi << 4 | lo;
	}
	/* A NIC's own address: not a group's, and not 00:00:00:00:00:00, which no NIC has. */
	if (addr[0] & MAC_MULTICAST)
		return -EINVAL;
	for (i = 0; i < VIRTIO_NET_MAC_LEN && !addr[i]; i++)
		;
	if (i == VIRTIO_NET_MAC_LEN)
		return -EINVAL;
	memcpy(mac, addr, VIRTIO_NET_MAC_LEN);
	return 0;
}
