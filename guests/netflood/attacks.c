/*
 * Ring attacks on the VM's own virtio-net (virtio 1.2 section 2.7 and
 * 5.1.6): chains that loop, run off the table, point outside RAM or at
 * devices, wrap at 2^64, use an indirect table that was not negotiated,
 * put a writable buffer in transmitq1 or a readable or short one in
 * receiveq1, make a broken queue ready again without a reset. Each must
 * set DEVICE_NEEDS_RESET with nothing used and raise the configuration
 * interrupt alone (2.1.2); the device must then stay stopped, taking
 * neither a good frame to send nor one to receive, until a reset brings
 * it back. A transmit attack breaks the queue at its notify; a receive
 * attack only when a frame is to go into the broken buffer, so it waits
 * for another VM's frame. Every frame an attack offers is of EtherType
 * ETH_P_REFUSED, which no VM may receive.
 */
#include "netflood.h"

/* How long a stopped device is watched for frames it must not take. */
#define STAY_MS 20

/* Addresses outside this VM's RAM (QEMU virt's map, DESIGN section 5). */
#define GICD_BASE 0x08000000u
#define PCIE_WINDOW 0x10000000u
#define RAM_PLUS_4G 0x140000000ull
#define WRAPS_AT_2_64 0xffffffffffffff00ull

struct attack {
	const char *what;
	u16 queue;
	void (*arm)(const struct attack *a);
	u64 addr;  /* the broken buffer's address, if it has one (0: its own) */
	u32 len;   /* and length */
	u16 flags; /* and descriptor flags (receive attacks) */
};

/* ---- transmitq1: chain 0 (descriptors 0 and 1) with a frame of 60 bytes, then one change ---- */

static void tx_good_chain(void)
{
	frame_fill(0, ETH_P_REFUSED, 0, 60);
	tx_chain(0, 60, 0);
}

static void tx_buffer_at(const struct attack *a)
{
	tx_good_chain();
	tx_desc[1].addr = a->addr;
	tx_desc[1].len = a->len;
	tx_publish();
}

/* Empty descriptors 1 -> 2 -> 1 after the header: only a count of descriptors can end it. */
static void tx_loop(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	set_desc(tx_desc, 1, pa(tx_frame[0]), 0, D_NEXT, 2);
	set_desc(tx_desc, 2, pa(tx_frame[0]), 0, D_NEXT, 1);
	tx_publish();
}

/* The header and 64 one-byte pieces of the frame: 65 buffers, one more than the device takes. */
static void tx_65_segments(const struct attack *a)
{
	u32 i;

	(void)a;
	tx_good_chain();
	for (i = 0; i < 64; i++)
		set_desc(tx_desc, 1 + i, pa(&tx_frame[0][i]), 1, i < 63 ? D_NEXT : 0, 2 + i);
	tx_publish();
}

static void tx_writable_frame(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	tx_desc[1].flags = D_WRITE;
	tx_publish();
}

static void tx_8_bytes_only(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	tx_desc[0].len = 8;
	tx_desc[0].flags = 0;
	tx_publish();
}

static void tx_next_past_table(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	tx_desc[0].next = 0xffff;
	tx_publish();
}

static void tx_head_past_queue(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	tx_avail.ring[0] = TXN;
	tx_publish();
}

static void tx_avail_far_ahead(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	tx_avail_idx = 1000;
	tx_publish();
}

static void tx_indirect(const struct attack *a)
{
	(void)a;
	tx_good_chain();
	/* A table of the two descriptors after them: well-formed, but INDIRECT_DESC was not taken. */
	set_desc(tx_desc, 2, pa(tx_hdr[0]), NET_HDR, D_NEXT, 1);
	set_desc(tx_desc, 3, pa(tx_frame[0]), 60, 0, 0);
	set_desc(tx_desc, 0, pa(&tx_desc[2]), 2 * sizeof(struct vdesc), D_INDIRECT, 0);
	tx_publish();
}

/* A queue broken by a writable frame, then made ready again on the same rings, and a good frame. */
static void tx_ready_again(const struct attack *a)
{
	tx_writable_frame(a);
	vw(VIO_QUEUE_SEL, TXQ);
	vw(VIO_QUEUE_READY, 0);
	vw(VIO_QUEUE_READY, 1);
	frame_fill(1, ETH_P_REFUSED, 0, 60);
	tx_chain(1, 60, 0);
	tx_publish();
}

/* ---- receiveq1: one buffer posted, with nothing else in the queue ---- */

static void rx_publish(u16 head)
{
	rx_avail.ring[rx_avail_idx % RXN] = head;
	dsb();
	rx_avail.idx = ++rx_avail_idx;
	dsb();
	vw(VIO_QUEUE_NOTIFY, RXQ);
}

static void rx_buffer_at(const struct attack *a)
{
	set_desc(rx_desc, 0, a->addr ? a->addr : pa(rx_buf[0]), a->len, a->flags, 0);
	rx_publish(0);
}

static void rx_loop(const struct attack *a)
{
	(void)a;
	set_desc(rx_desc, 0, pa(rx_buf[0]), 100, D_WRITE | D_NEXT, 1);
	set_desc(rx_desc, 1, pa(rx_buf[1]), RX_BUF, D_WRITE | D_NEXT, 0);
	rx_publish(0);
}

static void rx_head_past_queue(const struct attack *a)
{
	(void)a;
	set_desc(rx_desc, 0, pa(rx_buf[0]), RX_BUF, D_WRITE, 0);
	rx_publish(RXN);
}

#define TX(w, fn) { .what = (w), .queue = TXQ, .arm = (fn) }
#define TX_AT(w, a, l) { .what = (w), .queue = TXQ, .arm = tx_buffer_at, .addr = (a), .len = (l) }
#define RX(w, fn) { .what = (w), .queue = RXQ, .arm = (fn) }
#define RX_AT(w, a, l, f) \
	{ .what = (w), .queue = RXQ, .arm = rx_buffer_at, .addr = (a), .len = (l), .flags = (f) }

static const struct attack attacks[] = {
	TX("transmit loop 1->2->1 of empty descriptors", tx_loop),
	TX("transmit chain of 65 segments", tx_65_segments),
	TX_AT("transmit frame at 0x10000000 (PCIe window)", PCIE_WINDOW, 60),
	TX_AT("transmit frame at 0x0a000200 (the device)", VIO_BASE, 60),
	TX_AT("transmit frame at 0x1_40000000 (RAM + 4 GiB)", RAM_PLUS_4G, 60),
	TX_AT("transmit frame wrapping at 2^64", WRAPS_AT_2_64, 0x200),
	TX("transmit frame writable", tx_writable_frame),
	TX("transmit chain of 8 bytes only", tx_8_bytes_only),
	TX("transmit next 0xffff", tx_next_past_table),
	TX("transmit head 128 in a queue of 128", tx_head_past_queue),
	TX("transmit avail idx 1000 ahead", tx_avail_far_ahead),
	TX("transmit indirect table, not negotiated", tx_indirect),
	TX("transmit queue made ready again without a reset", tx_ready_again),
	RX_AT("receive buffer readable", 0, RX_BUF, 0),
	RX_AT("receive buffer of 100 bytes", 0, 100, D_WRITE),
	RX_AT("receive buffer at 0x08000000 (GICD)", GICD_BASE, RX_BUF, D_WRITE),
	RX_AT("receive buffer at 0x0a000200 (the device)", VIO_BASE, RX_BUF, D_WRITE),
	RX_AT("receive buffer wrapping at 2^64", WRAPS_AT_2_64, RX_BUF, D_WRITE),
	RX("receive loop 0->1->0", rx_loop),
	RX("receive head 8 in a queue of 8", rx_head_past_queue),
};

/* Buffers ending 16 bytes past RAM's end, which the DTB gives: their address is set then. */
static const struct attack over_ram_end[] = {
	TX_AT("transmit frame over RAM's end", 0, 60),
	RX_AT("receive buffer over RAM's end", 0, RX_BUF, D_WRITE),
};

/*
 * After it stopped: a good frame to send and, for a receive attack, a good
 * buffer to receive into, and STAY_MS for frames to come; the device must
 * use neither.
 */
static u32 used_after_stop(const struct attack *a)
{
	u16 rx0 = rx_used.idx, tx0 = tx_used.idx;

	if (a->queue == RXQ) {
		set_desc(rx_desc, 1, pa(rx_buf[1]), RX_BUF, D_WRITE, 0);
		rx_publish(1);
	}
	frame_fill(2, ETH_P_REFUSED, 0, 60);
	tx_chain(2, 60, 0);
	tx_publish();
	spin_ms(STAY_MS);
	dsb();
	return (u16)(rx_used.idx - rx0) + (u16)(tx_used.idx - tx0);
}

/*
 * DEVICE_NEEDS_RESET within the wait, the configuration interrupt alone
 * (both rings ask for no used-buffer interrupts), nothing used in the
 * broken queue (its rings are new; the other queue of a transmit attack
 * may take frames before it), and nothing used after.
 */
static int stopped(const struct attack *a, int loud)
{
	u32 wait_ms = a->queue == RXQ ? RX_WAIT_MS : WAIT_MS, st = 0, isr, used, after, i;
	int good;

	for (i = 0; i <= wait_ms; i++) {
		st = vr(VIO_STATUS);
		if (st & ST_NEEDS_RESET)
			break;
		spin_ms(1);
	}
	dsb();
	isr = vr(VIO_INTERRUPT_STATUS);
	used = a->queue == RXQ ? rx_used.idx : tx_used.idx;
	if (!(st & ST_NEEDS_RESET) && a->queue == RXQ && !used) {
		fail("%s: no frame came within %u ms to go into it (no other VM sending?)", a->what,
		     wait_ms);
		return 0;
	}
	after = used_after_stop(a);
	st = vr(VIO_STATUS);
	good = st == (ST_UP | ST_NEEDS_RESET) && isr == INT_CONFIG && !used && !after;
	if (loud || !good)
		check(good, a->what, "NEEDS_RESET, the config interrupt alone, nothing used, then or after",
		      "status 0x%x isr 0x%x, used idx %u, then %u more used", st, isr, used, after);
	return good;
}

static int run_attack(const struct attack *a, int loud)
{
	/* Receive attacks: no good buffer beside the broken one, which would take the frame. */
	if (!bring_up(QUIET, a->what, a->queue == RXQ ? 0 : RXN, RX_BUF))
		return 0;
	a->arm(a);
	return stopped(a, loud);
}

u32 attack_round(int loud, u32 *total)
{
	u32 n = sizeof(attacks) / sizeof(attacks[0]), done = 0, i;
	u32 over_end = guest_ram_end() + 16;

	for (i = 0; i < n; i++)
		done += run_attack(&attacks[i], loud);
	for (i = 0; i < sizeof(over_ram_end) / sizeof(over_ram_end[0]); i++) {
		struct attack a = over_ram_end[i];

		a.addr = over_end - a.len;
		done += run_attack(&a, loud);
	}
	*total = n + i + 1;
	/* And back: a reset, a new bring-up, a frame sent. */
	if (bring_up(QUIET, "up after the attacks", RXN, RX_BUF) &&
	    tx_one("after the attacks: a frame of 60 bytes", ETH_P_FLOOD, 60, loud))
		done++;
	return done;
}
