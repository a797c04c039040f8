/*
 * netflood: a bare-metal driver of the VM's virtio-net (virtio 1.2 section
 * 5.1) on the second virtio-mmio transport (0x0a000200, SPI 17 = GIC ID
 * 49), which floods its network with broadcast frames while the VMs beside
 * it try to talk.
 *  1. Bring-up as a modern driver (3.1.1): magic, version 2, device ID 1,
 *     VERSION_1 + MAC + STATUS (STATUS so that the status field may be
 *     read, 5.1.4), the MAC from the configuration space, the link up;
 *     receiveq1 with RXN buffers of 1526 bytes, transmitq1, DRIVER_OK.
 *  2. Malformed frames (5.1.6.2, vdev/virtio_net.c): frames of 10 and
 *     1515 bytes, and headers asking for a checksum or GSO, which were not
 *     negotiated, are dropped and given back with used length 0, and the
 *     queue goes on (good frames after them are taken).
 *  3. The flood: for flood_ms= (default 20000) the transmit ring is kept
 *     full of broadcast frames (EtherType 0x88b5, local experimental,
 *     1000 bytes of payload), one notification per batch; what comes in is
 *     counted and its buffer posted again. Every second a progress line.
 *  4. With attack_ms=, every attack_ms a round of ring attacks during the
 *     flood (attacks.c): each must stop the device and a reset bring it
 *     back. Its receive attacks need frames from another VM, so a hostile
 *     netflood runs beside a flooding one.
 * No interrupts: both rings are polled (VIRTQ_AVAIL_F_NO_INTERRUPT set).
 * MMU and caches stay off, so what the device writes is read from RAM.
 */
#include "netflood.h"

/* virtio-net (5.1): its features, bits of word 0. */
#define VIRTIO_ID_NET 1
#define F_NET_MAC (1u << 5)
#define F_NET_STATUS (1u << 16)

/* virtio-net configuration space (5.1.4). */
#define CFG_MAC 0
#define CFG_STATUS 6
#define CFG_MTU 10
#define NET_S_LINK_UP 1

#define PAYLOAD 1000
#define FLOOD_FRAME (ETH_HLEN + PAYLOAD)
#define MIN_SENT 1000

volatile struct vdesc rx_desc[RXN] __attribute__((aligned(16)));
volatile struct rx_avail rx_avail __attribute__((aligned(4)));
volatile struct rx_used rx_used __attribute__((aligned(4)));
volatile struct vdesc tx_desc[TXN] __attribute__((aligned(16)));
volatile struct tx_avail tx_avail __attribute__((aligned(4)));
volatile struct tx_used tx_used __attribute__((aligned(4)));

volatile u8 rx_buf[RXN][RX_BUF] __attribute__((aligned(16)));
/* All-zero headers: no checksum to finish, no GSO (5.1.6.2). */
volatile u8 tx_hdr[TX_CHAINS][NET_HDR] __attribute__((aligned(16)));
volatile u8 tx_frame[TX_CHAINS][FRAME_MAX + 2] __attribute__((aligned(16)));

u16 rx_avail_idx, tx_avail_idx;
static u16 rx_last_used, tx_last_used;
static u8 mac[ETH_ALEN];
/* Chains free to fill: their numbers, a stack; and which ones the device holds. */
static u16 tx_free[TX_CHAINS];
static u32 nr_tx_free;
static u8 tx_held[TX_CHAINS];

/* Counted over the whole run. */
static u32 tx_done, tx_bad_len, rx_frames, rx_flood_frames, rx_refused_frames, rx_bad_len;

u32 vr(u32 off) { return readl(VIO_BASE + off); }
void vw(u32 off, u32 v) { writel(VIO_BASE + off, v); }


void set_desc(volatile struct vdesc *t, u32 i, u64 addr, u32 len, u16 flags, u16 next)
{
	t[i].addr = addr;
	t[i].len = len;
	t[i].flags = flags;
	t[i].next = next;
}

u32 now_ms(void)
{
	return (u32)(read_cntvct() * 1000 / read_cntfrq());
}

static int queue_setup(u32 q, u32 num, volatile const void *d, volatile const void *drv,
		       volatile const void *dev)
{
	vw(VIO_QUEUE_SEL, q);
	if (vr(VIO_QUEUE_NUM_MAX) < num || vr(VIO_QUEUE_READY))
		return 0;
	vw(VIO_QUEUE_NUM, num);
	vw(VIO_QUEUE_DESC_LOW, pa(d));
	vw(VIO_QUEUE_DESC_HIGH, 0);
	vw(VIO_QUEUE_DRIVER_LOW, pa(drv));
	vw(VIO_QUEUE_DRIVER_HIGH, 0);
	vw(VIO_QUEUE_DEVICE_LOW, pa(dev));
	vw(VIO_QUEUE_DEVICE_HIGH, 0);
	vw(VIO_QUEUE_READY, 1);
	return vr(VIO_QUEUE_READY) == 1;
}

void rx_post(u32 b, u32 rx_len)
{
	set_desc(rx_desc, b, pa(rx_buf[b]), rx_len, D_WRITE, 0);
	rx_avail.ring[rx_avail_idx % RXN] = b;
	dsb();
	rx_avail.idx = ++rx_avail_idx;
}

static void rings_clear(void)
{
	memset((void *)rx_desc, 0, sizeof(rx_desc));
	memset((void *)&rx_avail, 0, sizeof(rx_avail));
	memset((void *)&rx_used, 0, sizeof(rx_used));
	memset((void *)tx_desc, 0, sizeof(tx_desc));
	memset((void *)&tx_avail, 0, sizeof(tx_avail));
	memset((void *)&tx_used, 0, sizeof(tx_used));
	rx_avail.flags = tx_avail.flags = AVAIL_F_NO_INTERRUPT;
	rx_avail_idx = rx_last_used = tx_avail_idx = tx_last_used = 0;
	for (nr_tx_free = 0; nr_tx_free < TX_CHAINS; nr_tx_free++)
		tx_free[nr_tx_free] = TX_CHAINS - 1 - nr_tx_free;
	memset(tx_held, 0, sizeof(tx_held));
	dsb();
}

/* One step of the bring-up: printed at EVERY_STEP, or when it goes wrong (ctx says which bring-up). */
static int step(enum verbosity v, const char *ctx, const char *what, u32 got, u32 want)
{
	if (got == want) {
		if (v == EVERY_STEP)
			ok("%s 0x%x", what, got);
		return 1;
	}
	fail("%s%s%s expected 0x%x got 0x%x", ctx, *ctx ? ": " : "", what, want, got);
	return 0;
}

int bring_up(enum verbosity v, const char *ctx, u32 rx_bufs, u32 rx_len)
{
	u32 dev_lo, dev_hi, i;

	vw(VIO_STATUS, 0);
	if (!step(v, ctx, "reset: status", vr(VIO_STATUS), 0))
		return 0;
	vw(VIO_STATUS, ST_ACKNOWLEDGE);
	vw(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vw(VIO_DEVICE_FEATURES_SEL, 0);
	dev_lo = vr(VIO_DEVICE_FEATURES);
	vw(VIO_DEVICE_FEATURES_SEL, 1);
	dev_hi = vr(VIO_DEVICE_FEATURES);
	if (v == EVERY_STEP)
		print("note device features 0x%08x_%08x, driver takes 0x00000001_%08x\n", dev_hi,
		      dev_lo, dev_lo & (F_NET_MAC | F_NET_STATUS));
	if (!step(v, ctx, "VERSION_1 offered (word 1 bit 0)", dev_hi & F_HI_VERSION_1,
		  F_HI_VERSION_1) ||
	    !step(v, ctx, "MAC and STATUS offered (bits 5, 16)",
		  dev_lo & (F_NET_MAC | F_NET_STATUS), F_NET_MAC | F_NET_STATUS))
		return 0;
	vw(VIO_DRIVER_FEATURES_SEL, 0);
	vw(VIO_DRIVER_FEATURES, F_NET_MAC | F_NET_STATUS);
	vw(VIO_DRIVER_FEATURES_SEL, 1);
	vw(VIO_DRIVER_FEATURES, F_HI_VERSION_1);
	vw(VIO_STATUS, ST_NEGOTIATED);
	if (!step(v, ctx, "FEATURES_OK stays set: status", vr(VIO_STATUS), ST_NEGOTIATED))
		return 0;
	rings_clear();
	if (!step(v, ctx, "receiveq1 of 8 made ready",
		  queue_setup(RXQ, RXN, rx_desc, &rx_avail, &rx_used), 1) ||
	    !step(v, ctx, "transmitq1 of 128 made ready",
		  queue_setup(TXQ, TXN, tx_desc, &tx_avail, &tx_used), 1))
		return 0;
	vw(VIO_STATUS, ST_UP);
	if (!step(v, ctx, "DRIVER_OK: status", vr(VIO_STATUS), ST_UP))
		return 0;
	for (i = 0; i < rx_bufs; i++)
		rx_post(i, rx_len);
	dsb();
	vw(VIO_QUEUE_NOTIFY, RXQ);
	if (v == ONE_LINE)
		ok("%s: status 0x%x, %u receive buffers of %u bytes", ctx, vr(VIO_STATUS), rx_bufs,
		   rx_len);
	return 1;
}

/* MAC (config, byte by byte), link status, MTU; a stable generation around them (4.2.2.2). */
static int read_config(void)
{
	u32 gen, i, status, mtu;

	do {
		gen = vr(VIO_CONFIG_GENERATION);
		for (i = 0; i < ETH_ALEN; i++)
			mac[i] = readb(VIO_BASE + VIO_CONFIG + CFG_MAC + i);
		status = readw(VIO_BASE + VIO_CONFIG + CFG_STATUS);
		mtu = readw(VIO_BASE + VIO_CONFIG + CFG_MTU);
	} while (gen != vr(VIO_CONFIG_GENERATION));
	/* A NIC's own address: unicast, not all zero. */
	check(!(mac[0] & 1) && (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]), "MAC",
	      "a unicast address", "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
	      mac[4], mac[5]);
	print("note MTU %u (read without F_MTU negotiated: informative)\n", mtu);
	return check(status & NET_S_LINK_UP, "link", "up (status bit 0)", "status 0x%x", status);
}

/* ---- transmitting ---- */

void tx_chain(u32 c, u32 frame_len, u16 frame_flags)
{
	set_desc(tx_desc, 2 * c, pa(tx_hdr[c]), NET_HDR, D_NEXT, 2 * c + 1);
	set_desc(tx_desc, 2 * c + 1, pa(tx_frame[c]), frame_len, frame_flags, 0);
	tx_avail.ring[tx_avail_idx % TXN] = 2 * c;
	tx_avail_idx++;
}

void tx_publish(void)
{
	dsb();
	tx_avail.idx = tx_avail_idx;
	dsb();
	vw(VIO_QUEUE_NOTIFY, TXQ);
}

void frame_fill(u32 c, u16 type, u32 seq, u32 len)
{
	volatile u8 *f = tx_frame[c];
	u32 i;

	for (i = 0; i < ETH_ALEN; i++) {
		f[i] = 0xff;
		f[ETH_ALEN + i] = mac[i];
	}
	f[12] = type >> 8;
	f[13] = type & 0xff;
	f[14] = seq >> 24;
	f[15] = seq >> 16;
	f[16] = seq >> 8;
	f[17] = seq;
	for (i = 18; i < len; i++)
		f[i] = (u8)(i + seq);
}

/* The next transmit completion within WAIT_MS: its head and used length. */
static int tx_take(u32 *id, u32 *len)
{
	u32 i;

	for (i = 0;; i++) {
		dsb();
		if (tx_used.idx != tx_last_used)
			break;
		if (i >= WAIT_MS)
			return 0;
		spin_ms(1);
	}
	*id = tx_used.ring[tx_last_used % TXN].id;
	*len = tx_used.ring[tx_last_used % TXN].len;
	tx_last_used++;
	return 1;
}

/* The chain at head 0, made available: it must come back with used length 0, the device up. */
static int tx_head0_sent(const char *what, int loud)
{
	u32 id = ~0u, len = ~0u, st;
	int taken, good;

	tx_avail.ring[tx_avail_idx % TXN] = 0;
	tx_avail_idx++;
	tx_publish();
	taken = tx_take(&id, &len);
	st = vr(VIO_STATUS);
	good = taken && id == 0 && len == 0 && st == ST_UP;
	if (!taken)
		fail("%s: nothing used within %u ms, status 0x%x", what, WAIT_MS, st);
	else if (loud || !good)
		check(good, what, "used id 0 len 0, status 0xf", "used id %u len %u, status 0x%x", id,
		      len, st);
	return good;
}

int tx_one(const char *what, u16 type, u32 frame_len, int loud)
{
	frame_fill(0, type, 0, frame_len);
	set_desc(tx_desc, 0, pa(tx_hdr[0]), NET_HDR, D_NEXT, 1);
	set_desc(tx_desc, 1, pa(tx_frame[0]), frame_len, 0, 0);
	return tx_head0_sent(what, loud);
}

/*
 * Layouts a driver may choose (message framing: a device may not assume
 * any), which the device must send: the header and the frame in one
 * buffer, as Linux sends them; the frame in 63 one-byte buffers, 64 with
 * the header, the most the device takes (65 break the queue: attacks.c).
 */
static void unusual_layouts(void)
{
	volatile u8 *one = tx_frame[1];
	u32 i;

	frame_fill(0, ETH_P_FLOOD, 0, 60);
	for (i = 0; i < NET_HDR; i++)
		one[i] = 0;
	for (i = 0; i < 60; i++)
		one[NET_HDR + i] = tx_frame[0][i];
	set_desc(tx_desc, 0, pa(one), NET_HDR + 60, 0, 0);
	tx_head0_sent("header and frame in one buffer: taken", 1);

	set_desc(tx_desc, 0, pa(tx_hdr[0]), NET_HDR, D_NEXT, 1);
	for (i = 0; i < 63; i++)
		set_desc(tx_desc, 1 + i, pa(&tx_frame[0][i]), 1, i < 62 ? D_NEXT : 0, 2 + i);
	tx_head0_sent("frame of 63 bytes in 63 buffers, 64 with the header: taken", 1);
}

/* Chain 0 with header byte at of tx_hdr[0] set to v: the device must drop the frame, not break. */
static void tx_one_with_header(const char *what, u32 at, u8 v)
{
	tx_hdr[0][at] = v;
	tx_one(what, ETH_P_REFUSED, 60, 1);
	tx_hdr[0][at] = 0;
}

/*
 * Well-formed chains with frames the device will not send (5.1.6.2): each
 * dropped and given back, and the queue goes on.
 */
static void malformed_frames(void)
{
	tx_one("frame of 10 bytes (too short): dropped", ETH_P_REFUSED, 10, 1);
	tx_one("frame of 1515 bytes (too long, untagged): dropped", ETH_P_REFUSED, FRAME_MAX + 1, 1);
	tx_one_with_header("header asking for a checksum (CSUM not negotiated): dropped", 0,
			   NET_HDR_F_NEEDS_CSUM);
	tx_one_with_header("header of a TCPv4 GSO frame (HOST_TSO4 not negotiated): dropped", 1,
			   NET_HDR_GSO_TCPV4);
	tx_one("frame of 14 bytes after them: taken", ETH_P_FLOOD, ETH_HLEN, 1);
	tx_one("frame of 1514 bytes: taken", ETH_P_FLOOD, FRAME_MAX, 1);
	unusual_layouts();
}

/* ---- the flood ---- */

static u16 rx_ethertype(u32 b)
{
	return rx_buf[b][NET_HDR + 12] << 8 | rx_buf[b][NET_HDR + 13];
}

/* Completed receive buffers counted (and checked for a sane length), then posted again. */
static void rx_reap(void)
{
	u32 n = 0;

	dsb();
	while (rx_used.idx != rx_last_used) {
		volatile struct vused_elem *e = &rx_used.ring[rx_last_used % RXN];
		u32 b = e->id, len = e->len;

		rx_last_used++;
		if (b >= RXN) {
			rx_bad_len++; /* not a head of ours: nothing to post again */
			continue;
		}
		if (len < NET_HDR + ETH_HLEN || len > RX_BUF)
			rx_bad_len++;
		else if (rx_ethertype(b) == ETH_P_FLOOD)
			rx_flood_frames++;
		else if (rx_ethertype(b) == ETH_P_REFUSED)
			rx_refused_frames++;
		rx_frames++;
		rx_post(b, RX_BUF);
		n++;
	}
	if (n) {
		dsb();
		vw(VIO_QUEUE_NOTIFY, RXQ);
	}
}

/*
 * Completed transmit chains checked and freed: used length 0, and a head
 * of a chain the device holds (not one it gave back already, nor one it
 * made up).
 */
static void tx_reap(void)
{
	dsb();
	while (tx_used.idx != tx_last_used) {
		volatile struct vused_elem *e = &tx_used.ring[tx_last_used % TXN];
		u32 id = e->id;

		tx_last_used++;
		tx_done++;
		if (e->len != 0)
			tx_bad_len++;
		if (id < TXN && !(id & 1) && tx_held[id / 2]) {
			tx_held[id / 2] = 0;
			tx_free[nr_tx_free++] = id / 2;
		} else {
			tx_bad_len++;
		}
	}
}

/* Chains the device holds. */
static u32 tx_in_flight(void)
{
	return TX_CHAINS - nr_tx_free;
}

/*
 * Every attack_ms (0: never) a round of ring attacks, each ending in a
 * reset; the flood then goes on with new rings. What the device gave back
 * is taken first; the chains it still held the reset takes back.
 */
static void attack_now(u32 round, u32 *taken_back)
{
	u32 total, done;

	tx_reap();
	rx_reap();
	*taken_back += tx_in_flight();
	done = attack_round(round == 1, &total);
	print("netflood: attack round %u: %u of %u attacks stopped the device, which a reset "
	      "brought back\n", round, done, total);
	if (done != total)
		fail("attack round %u expected %u of %u got %u", round, total, total, done);
	if (!bring_up(QUIET, "up for the flood after the attacks", RXN, RX_BUF))
		fail("attack round %u: the device did not come back for the flood", round);
}

static void flood(u32 ms, u32 attack_ms)
{
	u32 start = now_ms(), next_report = start + 1000, next_attack = start + attack_ms;
	u32 seq = 0, t, st, notifies = 0, stalled_ms = 0, stall_from = 0, rounds = 0;
	u32 taken_back = 0;

	print("netflood: flooding for %u ms: broadcast, EtherType 0x%04x, %u-byte frames\n", ms,
	      ETH_P_FLOOD, FLOOD_FRAME);
	if (attack_ms)
		print("netflood: a round of ring attacks every %u ms\n", attack_ms);
	tx_done = tx_bad_len = 0;
	for (;;) {
		t = now_ms();
		if (t - start >= ms)
			break;
		if ((s32)(t - next_report) >= 0) {
			/* Sent: taken by the device, i.e. given back used. */
			print("netflood: sent %u frames\n", tx_done);
			next_report += 1000;
		}
		if (attack_ms && (s32)(t - next_attack) >= 0) {
			attack_now(++rounds, &taken_back);
			stall_from = 0;
			next_attack = now_ms() + attack_ms;
			continue;
		}
		rx_reap();
		tx_reap();
		if (!nr_tx_free) {
			/* The device holds every chain: it must give some back soon. */
			if (!stall_from)
				stall_from = t | 1;
			else if (t - stall_from > WAIT_MS * 10) {
				fail("flood: the device held all %u chains for %u ms", TX_CHAINS,
				     WAIT_MS * 10);
				break;
			}
			continue;
		}
		if (stall_from && t - stall_from > stalled_ms)
			stalled_ms = t - stall_from;
		stall_from = 0;
		while (nr_tx_free) {
			u32 c = tx_free[--nr_tx_free];

			/*
			 * Filled whole once; then only its EtherType, which an
			 * attack may have changed, and its sequence number.
			 */
			if (seq < TX_CHAINS)
				frame_fill(c, ETH_P_FLOOD, seq, FLOOD_FRAME);
			tx_frame[c][12] = ETH_P_FLOOD >> 8;
			tx_frame[c][13] = ETH_P_FLOOD & 0xff;
			tx_frame[c][14] = seq >> 24;
			tx_frame[c][15] = seq >> 16;
			tx_frame[c][16] = seq >> 8;
			tx_frame[c][17] = seq;
			seq++;
			tx_held[c] = 1;
			tx_chain(c, FLOOD_FRAME, 0);
		}
		tx_publish();
		notifies++;
	}
	/* Every chain given back before counting: the device takes them at the notify. */
	spin_ms(WAIT_MS);
	tx_reap();
	rx_reap();
	st = vr(VIO_STATUS);
	print("note flood: %u frames made available in %u notifies, %u used; longest stall %u ms\n",
	      seq, notifies, tx_done, stalled_ms);
	check(st == ST_UP, "device status after the flood", "0xf", "status 0x%x", st);
	check(tx_done >= MIN_SENT, "frames taken by the device", ">= 1000", "%u in %u ms", tx_done,
	      ms);
	check(!tx_in_flight(), "every chain given back", "none held after 200 ms",
	      "%u still held", tx_in_flight());
	check(tx_done + taken_back == seq, "frames made available: used or taken back by a reset",
	      "used + taken back = made available", "%u + %u of %u", tx_done, taken_back, seq);
	check(tx_bad_len == 0, "transmit completions", "all used len 0, heads ours",
	      "%u of %u wrong", tx_bad_len, tx_done);
	check(rx_bad_len == 0, "receive completions", "all used len 26..1526, heads ours",
	      "%u of %u wrong", rx_bad_len, rx_frames);
	check(rx_refused_frames == 0, "frames of EtherType 0x88b6 received",
	      "0: another VM's malformed frames and broken rings' frames never sent",
	      "%u of %u", rx_refused_frames, rx_frames);
	print("note received %u frames, %u of them 0x%04x floods of another\n", rx_frames,
	      rx_flood_frames, ETH_P_FLOOD);
	print("netflood: done flooding: %u frames sent, %u received, %u attack rounds\n", tx_done,
	      rx_frames, rounds);
}

void guest_main(void);
void guest_main(void)
{
	u32 magic, flood_ms = bootarg_u32("flood_ms", 20000);
	u32 attack_ms = bootarg_u32("attack_ms", 0);

	/* The transport may be absent (a VM without --net): its first read aborts. */
	if (!readl_may_abort(VIO_BASE + VIO_MAGIC_VALUE, &magic)) {
		fail("virtio-mmio at 0x%08x expected a transport got a data abort (no --net?)",
		     VIO_BASE);
		return;
	}
	print("netflood: virtio-mmio at 0x%08x; rx rings 0x%08x tx rings 0x%08x\n", VIO_BASE,
	      pa(rx_desc), pa(tx_desc));
	if (!check_eq("MagicValue", magic, VIRTIO_MAGIC) ||
	    !check_eq("Version (modern)", vr(VIO_VERSION), 2) ||
	    !check_eq("DeviceID (net)", vr(VIO_DEVICE_ID), VIRTIO_ID_NET))
		return;
	if (!bring_up(EVERY_STEP, "", RXN, RX_BUF) || !read_config())
		return;
	malformed_frames();
	flood(flood_ms, attack_ms);
	vw(VIO_STATUS, 0);
}
