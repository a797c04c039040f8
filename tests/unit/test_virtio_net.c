/*
 * vdev/virtio_net.c (virtio 1.2 section 5.1), as Linux's virtio_net uses it
 * over virtio-mmio without offloads: the features and configuration space,
 * frames out to the backend and in from it, the frames dropped and the
 * chains that break a queue, interrupts with EVENT_IDX, the bounded work of
 * a transmit notification, and the MAC address helpers.
 */
#include <check.h>
#include <string.h>

#include "fake_guest_mem.h"
#include "run_suite.h"
#include <hyp7/errno.h>
#include <hyp7/virtio_net.h>

extern char printk_log[];
void printk_log_reset(void);

#define NUM 32
#define NEXT VIRTQ_DESC_F_NEXT
#define W VIRTQ_DESC_F_WRITE
#define BIT64(n) (1ull << (n))
#define NET_FEATURES (BIT64(VIRTIO_NET_F_MAC) | BIT64(VIRTIO_NET_F_STATUS) | BIT64(VIRTIO_NET_F_MTU))
#define STATUS_RUNNING (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
			VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)
#define HDR VIRTIO_NET_HDR_SIZE
/* Transmit buffers from TXBUF, receive buffers of RXBUF_SIZE each from RXBUF. */
#define TXBUF GUEST_BUF
#define RXBUF (GUEST_BUF + 0x10000)
#define RXBUF_SIZE 0x800u
#define RXBUF_AT(i) (RXBUF + (u64)(i) * RXBUF_SIZE)

/* The driver's side of one split ring, two of them in the fake RAM (fake_guest_mem.h has one). */
struct net_ring {
	u64 desc, avail, used;
	u16 num, avail_idx;
};

static struct net_ring rxq = { .desc = GUEST_RAM_BASE, .avail = GUEST_RAM_BASE + 0x1000,
			       .used = GUEST_RAM_BASE + 0x2000 };
static struct net_ring txq = { .desc = GUEST_RAM_BASE + 0x3000, .avail = GUEST_RAM_BASE + 0x4000,
			       .used = GUEST_RAM_BASE + 0x5000 };

static void ring_reset(struct net_ring *r)
{
	r->num = NUM;
	r->avail_idx = 0;
}

static void desc(const struct net_ring *r, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	table_desc(r->desc, i, addr, len, flags, next);
}

static void publish(struct net_ring *r, u16 head)
{
	guest_put16(r->avail + 4 + 2 * (r->avail_idx % r->num), head);
	guest_put16(r->avail + 2, ++r->avail_idx);
}

static u16 used_idx(const struct net_ring *r)
{
	return guest_get16(r->used + 2);
}

static void used_elem(const struct net_ring *r, u16 i, u32 *id, u32 *len)
{
	const u8 *e = guest_ptr(r->used + 4 + 8 * (i % r->num));

	memcpy(id, e, 4);
	memcpy(len, e + 4, 4);
}

static void set_used_event(const struct net_ring *r, u16 event)
{
	guest_put16(r->avail + 4 + 2 * r->num, event);
}

static u16 avail_event(const struct net_ring *r)
{
	return guest_get16(r->used + 4 + 8 * r->num);
}

static const u8 test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static struct virtio_net net;
static bool line;

/* The backend: every frame sent recorded, rx_ready counted and, if asked, delivering one frame. */
static u8 sent[2][VIRTIO_NET_FRAME_MAX_VLAN];
static u32 sent_len[2];
static unsigned int nr_sent, nr_rx_ready;
static const u8 *pending_frame;
static u32 pending_len;
static bool refill_tx; /* send() makes the same frame available again, as another vCPU would */

static void be_send(struct virtio_net_backend *be, const u8 *frame, u32 len)
{
	(void)be;
	ck_assert_uint_le(len, sizeof(sent[0]));
	memcpy(sent[nr_sent % 2], frame, len);
	sent_len[nr_sent % 2] = len;
	nr_sent++;
	if (refill_tx)
		publish(&txq, 0);
}

static void be_rx_ready(struct virtio_net_backend *be)
{
	nr_rx_ready++;
	(void)be;
	if (pending_frame && virtio_net_receive(&net, pending_frame, pending_len))
		pending_frame = NULL;
}

static struct virtio_net_backend backend = { .send = be_send, .rx_ready = be_rx_ready };

static void set_line(void *opaque, bool level)
{
	(void)opaque;
	line = level;
}

static const struct virtio_irq irq = { .set_level = set_line };

static u32 rd(u32 offset, u8 size)
{
	u32 v = 0xdeadbeef;

	virtio_mmio_access(&net.mmio, offset, size, false, &v);
	return v;
}

static void wr(u32 offset, u32 v)
{
	virtio_mmio_access(&net.mmio, offset, 4, true, &v);
}

static void setup_queue(u32 q, const struct net_ring *r)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, q);
	wr(VIRTIO_MMIO_QUEUE_NUM, r->num);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, r->desc);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, r->avail);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, r->used);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
}

/* Linux's probe, taking every feature offered but EVENT_IDX (unless in extra). */
static void bring_up(u64 extra)
{
	u64 features = NET_FEATURES | BIT64(VIRTIO_F_VERSION_1) | BIT64(VIRTIO_RING_F_INDIRECT_DESC) |
		       extra;

	wr(VIRTIO_MMIO_STATUS, 0);
	guest_mem_reset();
	ring_reset(&rxq);
	ring_reset(&txq);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, features >> 32);
	wr(VIRTIO_MMIO_STATUS, STATUS_RUNNING & ~VIRTIO_STATUS_DRIVER_OK);
	setup_queue(VIRTIO_NET_RXQ, &rxq);
	setup_queue(VIRTIO_NET_TXQ, &txq);
	wr(VIRTIO_MMIO_STATUS, STATUS_RUNNING);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
}

static void setup(void)
{
	printk_log_reset();
	line = false;
	nr_sent = nr_rx_ready = 0;
	pending_frame = NULL;
	refill_tx = false;
	virtio_net_init(&net, &backend, test_mac, &guest_mem, &irq, "vm0");
	bring_up(0);
}

/* A frame of len bytes, each its own: byte i is i * 7 + seed. */
static void make_frame(u8 *f, u32 len, u8 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		f[i] = i * 7 + seed;
}

/* A transmit header, zero but for flags and gso_type, at ipa. */
static void write_tx_header(u64 ipa, u8 flags, u8 gso_type)
{
	u8 *h = guest_ptr(ipa);

	memset(h, 0, HDR);
	h[0] = flags;
	h[1] = gso_type;
}

/* Publishes the transmit chain at head 0 and notifies; its used length. */
static u32 run_tx(void)
{
	u16 used = used_idx(&txq);
	u32 id, len;

	publish(&txq, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(used_idx(&txq), (u16)(used + 1));
	used_elem(&txq, used, &id, &len);
	ck_assert_uint_eq(id, 0);
	return len;
}

/* A frame of len bytes as Linux sends it: the header, then the frame, in one descriptor. */
static u32 send_frame(u32 len, u8 flags, u8 gso_type)
{
	write_tx_header(TXBUF, flags, gso_type);
	make_frame(guest_ptr(TXBUF + HDR), len, 1);
	desc(&txq, 0, TXBUF, HDR + len, 0, 0);
	return run_tx();
}

/* Receive buffer i, RXBUF_SIZE bytes of 0xee in one writable descriptor, posted. */
static void post_rx(u16 i)
{
	memset(guest_ptr(RXBUF_AT(i)), 0xee, RXBUF_SIZE);
	desc(&rxq, i, RXBUF_AT(i), RXBUF_SIZE, W, 0);
	publish(&rxq, i);
}

static void assert_rx(u16 used, u16 head, u64 buf, const u8 *frame, u32 len)
{
	static const u8 hdr[HDR] = { [VIRTIO_NET_HDR_NUM_BUFFERS] = 1 };
	u32 id, used_len;

	used_elem(&rxq, used, &id, &used_len);
	ck_assert_uint_eq(id, head);
	ck_assert_uint_eq(used_len, HDR + len);
	ck_assert_int_eq(memcmp(guest_ptr(buf), hdr, HDR), 0);
	ck_assert_int_eq(memcmp(guest_ptr(buf + HDR), frame, len), 0);
}

/* A broken queue: DEVICE_NEEDS_RESET, said once, the driver told by a configuration interrupt. */
static void assert_needs_reset(const char *message)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4) & VIRTIO_MMIO_INT_CONFIG,
			  VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
	ck_assert_str_eq(printk_log, message);
}

START_TEST(test_features)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_ID, 4), VIRTIO_ID_NET);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	/* MTU, MAC, STATUS and the ring's INDIRECT_DESC and EVENT_IDX; no MRG_RXBUF, CSUM, GSO, CTRL_VQ */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES, 4),
			  BIT64(3) | BIT64(5) | BIT64(16) | BIT64(28) | BIT64(29));
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES, 4), 1); /* VERSION_1 */
	wr(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_NET_RXQ);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4), VIRTIO_NET_QUEUE_MAX);
	wr(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4), VIRTIO_NET_QUEUE_MAX);
	wr(VIRTIO_MMIO_QUEUE_SEL, 2); /* no control queue */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX, 4), 0);
}
END_TEST

START_TEST(test_config_space)
{
	u32 v = 0x11;
	unsigned int i;

	for (i = 0; i < 6; i++)
		ck_assert_uint_eq(rd(0x100 + i, 1), test_mac[i]);
	ck_assert_uint_eq(rd(0x100, 4), 0x12005452);
	ck_assert_uint_eq(rd(0x100 + 4, 4), 0x00015634); /* mac[4], mac[5], status LINK_UP */
	ck_assert_uint_eq(rd(0x100 + VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS, 2), 1);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_NET_CFG_MTU, 2), 1500);
	ck_assert_uint_eq(rd(0x100 + 8, 4), 1500u << 16 | 1);
	ck_assert_uint_eq(rd(0x100 + 12, 4), 0); /* speed: not offered */
	ck_assert_uint_eq(rd(0x100 + 11, 2), 0); /* unaligned */
	/* The MAC is read-only with VERSION_1. */
	virtio_mmio_access(&net.mmio, 0x100, 1, true, &v);
	ck_assert_uint_eq(rd(0x100, 1), 0x52);
}
END_TEST

START_TEST(test_link_status)
{
	u32 generation = rd(VIRTIO_MMIO_CONFIG_GENERATION, 4);

	virtio_net_set_link(&net, false);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_NET_CFG_STATUS, 2), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_CONFIG_GENERATION, 4), generation + 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
	virtio_net_set_link(&net, false); /* no change, no interrupt */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_CONFIG_GENERATION, 4), generation + 1);
	virtio_net_set_link(&net, true);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_NET_CFG_STATUS, 2), VIRTIO_NET_S_LINK_UP);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_CONFIG_GENERATION, 4), generation + 2);
}
END_TEST

START_TEST(test_tx_frame_reaches_backend)
{
	static u8 frame[VIRTIO_NET_FRAME_MAX];

	make_frame(frame, sizeof(frame), 1);
	ck_assert_uint_eq(send_frame(60, 0, VIRTIO_NET_HDR_GSO_NONE), 0);
	ck_assert_uint_eq(nr_sent, 1);
	ck_assert_uint_eq(sent_len[0], 60);
	ck_assert_int_eq(memcmp(sent[0], frame, 60), 0);
	ck_assert_uint_eq(net.counters.tx_frames, 1);
	ck_assert_uint_eq(net.counters.tx_bytes, 60);
	ck_assert_uint_eq(net.counters.tx_dropped, 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_VRING);
	ck_assert(line);
	/* The largest frame goes too. */
	ck_assert_uint_eq(send_frame(VIRTIO_NET_FRAME_MAX, 0, 0), 0);
	ck_assert_uint_eq(nr_sent, 2);
	ck_assert_uint_eq(sent_len[1], 1514);
	ck_assert_int_eq(memcmp(sent[1], frame, 1514), 0);
	ck_assert_uint_eq(net.counters.tx_bytes, 60 + 1514);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

/* The header over two descriptors, the second also holding the frame's start, the rest indirect. */
START_TEST(test_tx_header_split_across_descriptors)
{
	u8 hdr[HDR] = { 0 }, frame[100];
	u64 table = TXBUF + 0x800;

	make_frame(frame, sizeof(frame), 9);
	hdr[10] = 0x77; /* num_buffers: meaningless on transmit */
	memcpy(guest_ptr(TXBUF), hdr, 5);
	memcpy(guest_ptr(TXBUF + 0x100), hdr + 5, 7);
	memcpy(guest_ptr(TXBUF + 0x107), frame, 20);
	memcpy(guest_ptr(TXBUF + 0x200), frame + 20, 80);
	desc(&txq, 0, table, 3 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	table_desc(table, 0, TXBUF, 5, NEXT, 1);
	table_desc(table, 1, TXBUF + 0x100, 27, NEXT, 2);
	table_desc(table, 2, TXBUF + 0x200, 80, 0, 0);
	ck_assert_uint_eq(run_tx(), 0);
	ck_assert_uint_eq(nr_sent, 1);
	ck_assert_uint_eq(sent_len[0], 100);
	ck_assert_int_eq(memcmp(sent[0], frame, 100), 0);

	/* Header alone in a descriptor, the frame in the next, as a legacy-minded driver does. */
	write_tx_header(TXBUF, 0, 0);
	memcpy(guest_ptr(TXBUF + 0x300), frame, 64);
	desc(&txq, 0, TXBUF, HDR, NEXT, 1);
	desc(&txq, 1, TXBUF + 0x300, 64, 0, 0);
	ck_assert_uint_eq(run_tx(), 0);
	ck_assert_uint_eq(nr_sent, 2);
	ck_assert_uint_eq(sent_len[1], 64);
	ck_assert_int_eq(memcmp(sent[1], frame, 64), 0);
}
END_TEST

/* Dropped frames: counted, not sent, the chain given back with used length 0. */
START_TEST(test_tx_too_short_or_too_long)
{
	ck_assert_uint_eq(send_frame(13, 0, 0), 0);
	ck_assert_uint_eq(send_frame(0, 0, 0), 0); /* a header and no frame */
	ck_assert_uint_eq(net.counters.tx_too_short, 2);
	ck_assert_uint_eq(send_frame(VIRTIO_NET_FRAME_MAX + 1, 0, 0), 0);
	ck_assert_uint_eq(send_frame(9000, 0, 0), 0);
	ck_assert_uint_eq(net.counters.tx_too_large, 2);
	ck_assert_uint_eq(net.counters.tx_dropped, 4);
	ck_assert_uint_eq(nr_sent, 0);
	ck_assert_uint_eq(used_idx(&txq), 4);
	ck_assert_uint_eq(net.counters.tx_frames, 0);
	/* The shortest frame goes. */
	ck_assert_uint_eq(send_frame(14, 0, 0), 0);
	ck_assert_uint_eq(nr_sent, 1);
	ck_assert_uint_eq(sent_len[0], 14);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

/* An 802.1Q-tagged frame may be 4 bytes longer (5.1.6.2.1: the MTU plus the link header). */
static u32 send_tagged_frame(u32 len)
{
	u8 *f = guest_ptr(TXBUF + HDR);

	write_tx_header(TXBUF, 0, 0);
	make_frame(f, len, 1);
	f[12] = 0x81;
	f[13] = 0x00;
	desc(&txq, 0, TXBUF, HDR + len, 0, 0);
	return run_tx();
}

START_TEST(test_tx_vlan_tagged)
{
	ck_assert_uint_eq(send_tagged_frame(VIRTIO_NET_FRAME_MAX_VLAN), 0);
	ck_assert_uint_eq(nr_sent, 1);
	ck_assert_uint_eq(sent_len[0], 1518);
	ck_assert_int_eq(memcmp(sent[0], guest_ptr(TXBUF + HDR), 1518), 0);
	ck_assert_uint_eq(send_tagged_frame(VIRTIO_NET_FRAME_MAX_VLAN + 1), 0);
	ck_assert_uint_eq(send_frame(VIRTIO_NET_FRAME_MAX_VLAN, 0, 0), 0); /* untagged */
	ck_assert_uint_eq(net.counters.tx_too_large, 2);
	ck_assert_uint_eq(nr_sent, 1);
}
END_TEST

/* Offloads not negotiated are dropped; flag bits without meaning on transmit are ignored. */
START_TEST(test_tx_offload_dropped)
{
	ck_assert_uint_eq(send_frame(60, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0), 0);
	ck_assert_uint_eq(send_frame(60, 0, 1 /* GSO_TCPV4 */), 0);
	ck_assert_uint_eq(send_frame(60, 0, 0x80 /* GSO_ECN */), 0);
	ck_assert_uint_eq(net.counters.tx_offload, 3);
	ck_assert_uint_eq(net.counters.tx_dropped, 3);
	ck_assert_uint_eq(nr_sent, 0);
	ck_assert_uint_eq(send_frame(60, 2 /* DATA_VALID */ | 0x40, 0), 0);
	ck_assert_uint_eq(nr_sent, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
}
END_TEST

START_TEST(test_tx_writable_descriptor_needs_reset)
{
	write_tx_header(TXBUF, 0, 0);
	desc(&txq, 0, TXBUF, HDR, NEXT, 1);
	desc(&txq, 1, TXBUF + 0x100, 60, W, 0);
	publish(&txq, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(used_idx(&txq), 0);
	ck_assert_uint_eq(nr_sent, 0);
	assert_needs_reset("hyp7: warning: vm vm0: virtio-net: queue 1: frame at head 0: 12 bytes to "
			   "read and 60 to write, not a 12-byte header and a frame to read only: the "
			   "device needs a reset\n");
	/* Nothing more is taken; after a reset the device works again. */
	desc(&txq, 1, TXBUF + 0x100, 60, 0, 0);
	publish(&txq, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(used_idx(&txq), 0);
	ck_assert_uint_eq(nr_sent, 0);
	wr(VIRTIO_MMIO_STATUS, 0);
	ck_assert(!line);
	bring_up(0);
	ck_assert_uint_eq(send_frame(60, 0, 0), 0);
	ck_assert_uint_eq(nr_sent, 1);
}
END_TEST

START_TEST(test_tx_header_too_short_needs_reset)
{
	write_tx_header(TXBUF, 0, 0);
	desc(&txq, 0, TXBUF, 10, 0, 0); /* a legacy header without num_buffers */
	publish(&txq, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(used_idx(&txq), 0);
	assert_needs_reset("hyp7: warning: vm vm0: virtio-net: queue 1: frame at head 0: 10 bytes to "
			   "read and 0 to write, not a 12-byte header and a frame to read only: the "
			   "device needs a reset\n");
}
END_TEST

/* However fast the guest refills the ring, one notification takes a ring's worth; resume the next. */
START_TEST(test_tx_refilled_ring_is_taken_a_ring_at_a_time)
{
	refill_tx = true;
	write_tx_header(TXBUF, 0, 0);
	make_frame(guest_ptr(TXBUF + HDR), 60, 0);
	desc(&txq, 0, TXBUF, HDR + 60, 0, 0);
	publish(&txq, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_TXQ);
	ck_assert_uint_eq(nr_sent, NUM);
	ck_assert(net.tx_more);
	virtio_net_resume(&net);
	ck_assert_uint_eq(nr_sent, 2 * NUM);
	ck_assert_uint_eq(used_idx(&txq), 2 * NUM);
	ck_assert(net.tx_more);
	refill_tx = false;
	virtio_net_resume(&net); /* the one made available by the last send() */
	ck_assert_uint_eq(nr_sent, 2 * NUM + 1);
	ck_assert(!net.tx_more);
	virtio_net_resume(&net);
	ck_assert_uint_eq(nr_sent, 2 * NUM + 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

START_TEST(test_rx_delivered)
{
	u8 frame[100];

	make_frame(frame, sizeof(frame), 3);
	post_rx(0);
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 1);
	assert_rx(0, 0, RXBUF_AT(0), frame, 100);
	ck_assert_uint_eq(*(u8 *)guest_ptr(RXBUF_AT(0) + HDR + 100), 0xee); /* nothing past it */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_VRING);
	ck_assert(line);
	ck_assert_uint_eq(net.counters.rx_frames, 1);
	ck_assert_uint_eq(net.counters.rx_bytes, 100);
	ck_assert_uint_eq(net.counters.rx_no_buffer, 0);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

/* The smallest buffer allowed, as two descriptors (header, frame), takes the largest frame. */
START_TEST(test_rx_largest_frame_into_two_descriptors)
{
	static u8 frame[VIRTIO_NET_FRAME_MAX];
	static const u8 hdr[HDR] = { [VIRTIO_NET_HDR_NUM_BUFFERS] = 1 };
	u32 id, len;

	make_frame(frame, sizeof(frame), 5);
	memset(guest_ptr(RXBUF), 0xee, 0x1000);
	desc(&rxq, 3, RXBUF, HDR, W | NEXT, 4);
	desc(&rxq, 4, RXBUF + 0x100, VIRTIO_NET_FRAME_MAX, W, 0);
	publish(&rxq, 3);
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	used_elem(&rxq, 0, &id, &len);
	ck_assert_uint_eq(id, 3);
	ck_assert_uint_eq(len, 1526);
	ck_assert_int_eq(memcmp(guest_ptr(RXBUF), hdr, HDR), 0);
	ck_assert_int_eq(memcmp(guest_ptr(RXBUF + 0x100), frame, sizeof(frame)), 0);
}
END_TEST

/* No buffer: false; the driver's next notification of receiveq1 calls rx_ready(). */
START_TEST(test_rx_no_buffer_then_rx_ready)
{
	u8 frame[64];

	make_frame(frame, sizeof(frame), 8);
	ck_assert_uint_eq(nr_rx_ready, 1); /* DRIVER_OK notifies every queue */
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(net.counters.rx_no_buffer, 1);
	ck_assert_uint_eq(used_idx(&rxq), 0);
	ck_assert(!line);
	pending_frame = frame;
	pending_len = sizeof(frame);
	post_rx(0);
	post_rx(1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_NET_RXQ);
	ck_assert_uint_eq(nr_rx_ready, 2);
	ck_assert_ptr_null(pending_frame);
	ck_assert_uint_eq(used_idx(&rxq), 1);
	assert_rx(0, 0, RXBUF_AT(0), frame, sizeof(frame));
	ck_assert(line);
	ck_assert_uint_eq(net.counters.rx_frames, 1);
	ck_assert_uint_eq(net.counters.rx_no_buffer, 1);
}
END_TEST

/* With EVENT_IDX, running out of buffers asks the driver to notify the next one it posts. */
START_TEST(test_rx_no_buffer_sets_avail_event)
{
	u8 frame[64];

	make_frame(frame, sizeof(frame), 8);
	bring_up(BIT64(VIRTIO_RING_F_EVENT_IDX));
	post_rx(0);
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(avail_event(&rxq), 1);
}
END_TEST

/* Before the driver runs the device, or after a reset: false, nothing written. */
START_TEST(test_rx_device_not_running)
{
	u8 frame[64];

	make_frame(frame, sizeof(frame), 8);
	post_rx(0);
	wr(VIRTIO_MMIO_STATUS, 0);
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(RXBUF_AT(0)), 0xee);
	ck_assert_uint_eq(net.counters.rx_no_buffer, 1);
}
END_TEST

/* A frame the VMM should not have passed: dropped, no buffer used. */
START_TEST(test_rx_frame_size_limits)
{
	static u8 frame[VIRTIO_NET_FRAME_MAX + 1];

	post_rx(0);
	ck_assert(virtio_net_receive(&net, frame, VIRTIO_NET_FRAME_MAX + 1));
	ck_assert(virtio_net_receive(&net, frame, 13));
	ck_assert_uint_eq(net.counters.rx_dropped, 2);
	ck_assert_uint_eq(used_idx(&rxq), 0);
	ck_assert(virtio_net_receive(&net, frame, 14));
	ck_assert_uint_eq(used_idx(&rxq), 1);
	ck_assert_uint_eq(net.counters.rx_frames, 1);
}
END_TEST

/* A tagged 1518-byte frame: into a buffer with room; dropped, the buffer given back, without. */
START_TEST(test_rx_vlan_tagged)
{
	static u8 frame[VIRTIO_NET_FRAME_MAX_VLAN + 1];
	u32 id, len;

	make_frame(frame, sizeof(frame), 4);
	frame[12] = 0x81;
	frame[13] = 0x00;
	post_rx(0);
	ck_assert(virtio_net_receive(&net, frame, VIRTIO_NET_FRAME_MAX_VLAN));
	assert_rx(0, 0, RXBUF_AT(0), frame, 1518);
	ck_assert(virtio_net_receive(&net, frame, VIRTIO_NET_FRAME_MAX_VLAN + 1));
	ck_assert_uint_eq(net.counters.rx_dropped, 1);
	frame[12] = 0x08; /* untagged */
	ck_assert(virtio_net_receive(&net, frame, VIRTIO_NET_FRAME_MAX + 1));
	ck_assert_uint_eq(net.counters.rx_dropped, 2);
	ck_assert_uint_eq(used_idx(&rxq), 1);
	/* The smallest buffer the driver may post takes an untagged frame only. */
	frame[12] = 0x81;
	memset(guest_ptr(RXBUF_AT(1)), 0xee, RXBUF_SIZE);
	desc(&rxq, 1, RXBUF_AT(1), VIRTIO_NET_RX_BUF_MIN, W, 0);
	publish(&rxq, 1);
	ck_assert(virtio_net_receive(&net, frame, VIRTIO_NET_FRAME_MAX_VLAN));
	ck_assert_uint_eq(net.counters.rx_dropped, 3);
	ck_assert_uint_eq(used_idx(&rxq), 2);
	used_elem(&rxq, 1, &id, &len);
	ck_assert_uint_eq(id, 1);
	ck_assert_uint_eq(len, 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(RXBUF_AT(1)), 0xee);
	ck_assert_uint_eq(net.counters.rx_frames, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
}
END_TEST

START_TEST(test_rx_buffer_too_small_needs_reset)
{
	u8 frame[64] = { 0 };

	memset(guest_ptr(RXBUF), 0xee, RXBUF_SIZE);
	desc(&rxq, 0, RXBUF, VIRTIO_NET_RX_BUF_MIN - 1, W, 0);
	publish(&rxq, 0);
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(RXBUF), 0xee);
	assert_needs_reset("hyp7: warning: vm vm0: virtio-net: queue 0: receive buffer at head 0: "
			   "1525 bytes, not the 1526 of a header and a 1514-byte frame (no "
			   "MRG_RXBUF): the device needs a reset\n");
	/* Nothing more is taken. */
	post_rx(1);
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 0);
}
END_TEST

START_TEST(test_rx_readable_descriptor_needs_reset)
{
	u8 frame[64] = { 0 };

	memset(guest_ptr(RXBUF), 0xee, RXBUF_SIZE);
	desc(&rxq, 0, RXBUF, 16, NEXT, 1);
	desc(&rxq, 1, RXBUF + 0x100, RXBUF_SIZE, W, 0);
	publish(&rxq, 0);
	ck_assert(!virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(RXBUF + 0x100), 0xee);
	assert_needs_reset("hyp7: warning: vm vm0: virtio-net: queue 0: receive buffer at head 0: "
			   "16 bytes to read: the device needs a reset\n");
}
END_TEST

/* With EVENT_IDX, no interrupt until the used index passes used_event. */
START_TEST(test_rx_event_idx_suppresses_interrupts)
{
	u8 frame[64];

	make_frame(frame, sizeof(frame), 2);
	bring_up(BIT64(VIRTIO_RING_F_EVENT_IDX));
	post_rx(0);
	post_rx(1);
	post_rx(2);
	set_used_event(&rxq, 1);
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), 0);
	ck_assert(!line);
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_VRING);
	ck_assert(line);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ck_assert(!line);
	/* used_event still 1: the third is not signalled */
	ck_assert(virtio_net_receive(&net, frame, sizeof(frame)));
	ck_assert_uint_eq(used_idx(&rxq), 3);
	ck_assert(!line);
	assert_rx(2, 2, RXBUF_AT(2), frame, sizeof(frame));
}
END_TEST

START_TEST(test_mac_from_name)
{
	static const u8 vm0[6] = { 0x52, 0x54, 0x50, 0x1c, 0x92, 0x14 };
	static const u8 vm1[6] = { 0x52, 0x54, 0x51, 0x1c, 0x93, 0xa7 };
	static const u8 empty[6] = { 0x52, 0x54, 0x81, 0x1c, 0x9d, 0xc5 };
	u8 mac[6], again[6];

	virtio_net_mac_from_name("vm0", mac);
	ck_assert_int_eq(memcmp(mac, vm0, 6), 0);
	virtio_net_mac_from_name("vm0", again);
	ck_assert_int_eq(memcmp(again, vm0, 6), 0);
	ck_assert_uint_eq(mac[0] & 3, 2); /* locally administered, unicast */
	virtio_net_mac_from_name("vm1", mac);
	ck_assert_int_eq(memcmp(mac, vm1, 6), 0);
	virtio_net_mac_from_name("", mac);
	ck_assert_int_eq(memcmp(mac, empty, 6), 0);
	/* What it makes, parse_mac takes. */
	ck_assert_int_eq(virtio_net_parse_mac("52:54:50:1c:92:14", mac), 0);
	ck_assert_int_eq(memcmp(mac, vm0, 6), 0);
}
END_TEST

START_TEST(test_parse_mac)
{
	static const char *const bad[] = {
		"", "02:00:5e:10:00", "02:00:5e:10:00:", "02:00:5e:10:00:01:", "02:00:5e:10:00:011",
		"0g:00:5e:10:00:01", "2:00:5e:10:00:01", "02-00-5e-10-00-01", " 02:00:5e:10:00:01",
		"02:00:5e:10:00:01 ", "0200.5e10.0001", "02:00:5e:10:00:0",
		"01:00:5e:00:00:01", /* multicast */
		"ff:ff:ff:ff:ff:ff", /* broadcast */
		"00:00:00:00:00:00",
	};
	static const u8 good[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	static const u8 mixed[6] = { 0x52, 0x54, 0xab, 0xcd, 0xef, 0x01 };
	u8 mac[6];
	unsigned int i;

	ck_assert_int_eq(virtio_net_parse_mac("02:00:5e:10:00:01", mac), 0);
	ck_assert_int_eq(memcmp(mac, good, 6), 0);
	ck_assert_int_eq(virtio_net_parse_mac("52:54:AB:cd:Ef:01", mac), 0);
	ck_assert_int_eq(memcmp(mac, mixed, 6), 0);
	ck_assert_int_eq(virtio_net_parse_mac("00:00:00:00:00:01", mac), 0); /* universal: fine */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(mac, 0x99, 6);
		ck_assert_msg(virtio_net_parse_mac(bad[i], mac) == -EINVAL, "\"%s\" taken", bad[i]);
		ck_assert_uint_eq(mac[0], 0x99); /* untouched */
	}
}
END_TEST

static Suite *virtio_net_suite(void)
{
	Suite *s = suite_create("virtio_net");
	TCase *dev = tcase_create("device"), *tx = tcase_create("transmit");
	TCase *rx = tcase_create("receive"), *mac = tcase_create("mac");

	tcase_add_checked_fixture(dev, setup, NULL);
	tcase_add_test(dev, test_features);
	tcase_add_test(dev, test_config_space);
	tcase_add_test(dev, test_link_status);
	suite_add_tcase(s, dev);

	tcase_add_checked_fixture(tx, setup, NULL);
	tcase_add_test(tx, test_tx_frame_reaches_backend);
	tcase_add_test(tx, test_tx_header_split_across_descriptors);
	tcase_add_test(tx, test_tx_too_short_or_too_long);
	tcase_add_test(tx, test_tx_vlan_tagged);
	tcase_add_test(tx, test_tx_offload_dropped);
	tcase_add_test(tx, test_tx_writable_descriptor_needs_reset);
	tcase_add_test(tx, test_tx_header_too_short_needs_reset);
	tcase_add_test(tx, test_tx_refilled_ring_is_taken_a_ring_at_a_time);
	suite_add_tcase(s, tx);

	tcase_add_checked_fixture(rx, setup, NULL);
	tcase_add_test(rx, test_rx_delivered);
	tcase_add_test(rx, test_rx_largest_frame_into_two_descriptors);
	tcase_add_test(rx, test_rx_no_buffer_then_rx_ready);
	tcase_add_test(rx, test_rx_no_buffer_sets_avail_event);
	tcase_add_test(rx, test_rx_device_not_running);
	tcase_add_test(rx, test_rx_frame_size_limits);
	tcase_add_test(rx, test_rx_vlan_tagged);
	tcase_add_test(rx, test_rx_buffer_too_small_needs_reset);
	tcase_add_test(rx, test_rx_readable_descriptor_needs_reset);
	tcase_add_test(rx, test_rx_event_idx_suppresses_interrupts);
	suite_add_tcase(s, rx);

	tcase_add_test(mac, test_mac_from_name);
	tcase_add_test(mac, test_parse_mac);
	suite_add_tcase(s, mac);
	return s;
}

int main(void)
{
	return run_suite(virtio_net_suite());
}
