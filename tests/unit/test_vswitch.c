/*
 * vdev/vswitch.c: learning and forwarding (802.1D's rules: flood what is
 * not known, never back out of its port, forget after the ageing time),
 * the frames refused and where they are counted, and each port's queue:
 * its bound, its fairness between sources, and a flooding VM that cannot
 * stop two others exchanging a file.
 */
#include <check.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/errno.h>
#include <hyp7/vswitch.h>

extern char printk_log[];
void printk_log_reset(void);

#define NR_PORTS 4
#define MAC(n) (0x020000000000ull | (n)) /* locally administered, unicast */
#define MAC_BROADCAST 0xffffffffffffull
#define MAC_IPV4_MCAST 0x01005e000001ull
#define ETHERTYPE_IPV4 0x0800
#define HALF (VSWITCH_QUEUE_FRAMES / 2)

static struct vswitch sw;
static struct vswitch_port port[NR_PORTS];
/* The ports as VMs a, b, c and d, with MAC(1) to MAC(4). */
static struct vswitch_port *const a = &port[0], *const b = &port[1], *const c = &port[2],
			   *const d = &port[3];
static unsigned int notified[NR_PORTS];
static u8 frame[2048];

static void count_notify(void *opaque)
{
	struct vswitch_port *p = opaque;

	ck_assert(!sw.lock.locked); /* never called with the switch locked */
	notified[p - port]++;
}

static void setup(void)
{
	static const char *const names[NR_PORTS] = { "vm-a", "vm-b", "vm-c", "vm-d" };
	unsigned int i;

	printk_log_reset();
	vswitch_init(&sw, "net0");
	for (i = 0; i < NR_PORTS; i++) {
		ck_assert_int_eq(vswitch_add_port(&sw, &port[i], names[i], count_notify, &port[i]), 0);
		notified[i] = 0;
	}
}

static void put_mac(u8 *b, u64 mac)
{
	unsigned int i;

	for (i = 0; i < VSWITCH_ETH_ALEN; i++)
		b[i] = mac >> (8 * (VSWITCH_ETH_ALEN - 1 - i));
}

/* A frame of len bytes, its payload numbered seq, in frame[]. */
static void build(u64 dst, u64 src, u16 ethertype, u32 len, u8 seq)
{
	u32 i;

	memset(frame, 0, sizeof(frame));
	put_mac(frame, dst);
	put_mac(frame + VSWITCH_ETH_ALEN, src);
	frame[12] = ethertype >> 8;
	frame[13] = ethertype;
	for (i = VSWITCH_ETH_HLEN; i < len; i++)
		frame[i] = seq + i;
}

static int send(struct vswitch_port *from, u64 dst, u64 src, u32 len, u8 seq, u64 now)
{
	build(dst, src, ETHERTYPE_IPV4, len, seq);
	return vswitch_send(from, frame, len, now);
}

/* Sends from port p's own MAC. */
static int send_own(struct vswitch_port *from, u64 dst, u64 now)
{
	return send(from, dst, MAC(from - port + 1), 60, 0, now);
}

static void drain_all(void)
{
	u8 buf[VSWITCH_FRAME_MAX_VLAN];
	unsigned int i;

	for (i = 0; i < NR_PORTS; i++)
		while (vswitch_recv(&port[i], buf, sizeof(buf)))
			;
}

static void assert_pending(unsigned int na, unsigned int nb, unsigned int nc, unsigned int nd)
{
	ck_assert_uint_eq(vswitch_pending(a), na);
	ck_assert_uint_eq(vswitch_pending(b), nb);
	ck_assert_uint_eq(vswitch_pending(c), nc);
	ck_assert_uint_eq(vswitch_pending(d), nd);
}

static struct vswitch_port_stats stats_of(struct vswitch_port *p)
{
	struct vswitch_port_stats s;

	vswitch_get_stats(p, &s);
	return s;
}

/* a's frame for b's unknown MAC floods; b's answer goes to a alone, and so does a's next. */
START_TEST(test_learning)
{
	ck_assert_int_eq(send_own(a, MAC(2), 0), 3);
	assert_pending(0, 1, 1, 1);
	ck_assert_uint_eq(notified[1] + notified[2] + notified[3], 3);
	drain_all();
	ck_assert_int_eq(send_own(b, MAC(1), 1), 1);
	assert_pending(1, 0, 0, 0);
	ck_assert_uint_eq(notified[0], 1);
	drain_all();
	ck_assert_int_eq(send_own(a, MAC(2), 2), 1);
	assert_pending(0, 1, 0, 0);
}
END_TEST

/* Broadcast and multicast go to every other port even when all MACs are known. */
START_TEST(test_flood_group_addresses)
{
	unsigned int i;

	for (i = 0; i < NR_PORTS; i++)
		ck_assert_int_eq(send_own(&port[i], MAC_BROADCAST, 0), NR_PORTS - 1);
	drain_all();
	ck_assert_int_eq(send_own(a, MAC_BROADCAST, 1), 3);
	assert_pending(0, 1, 1, 1);
	ck_assert_int_eq(send_own(a, MAC_IPV4_MCAST, 1), 3);
	assert_pending(0, 2, 2, 2);
	/* and unknown unicast */
	ck_assert_int_eq(send_own(a, MAC(99), 1), 3);
	assert_pending(0, 3, 3, 3);
}
END_TEST

/* A frame for a MAC learnt on its own port goes nowhere, and is no drop. */
START_TEST(test_no_reflection)
{
	struct vswitch_port_stats s;

	ck_assert_int_eq(send(a, MAC_BROADCAST, MAC(50), 60, 0, 0), 3);
	drain_all();
	ck_assert_int_eq(send_own(a, MAC(50), 1), 0);
	assert_pending(0, 0, 0, 0);
	s = stats_of(a);
	ck_assert_uint_eq(s.rx_frames, 2);
	ck_assert_uint_eq(s.drop_queue_full, 0);
	ck_assert_uint_eq(stats_of(b).drop_queue_full, 0);
}
END_TEST

/* A MAC is known for VSWITCH_AGE_MS after it was last seen, then flooded for again. */
START_TEST(test_aging)
{
	ck_assert_int_eq(send_own(a, MAC_BROADCAST, 1000), 3);
	drain_all();
	ck_assert_int_eq(send_own(b, MAC(1), 1000 + VSWITCH_AGE_MS), 1);
	assert_pending(1, 0, 0, 0);
	drain_all();
	ck_assert_int_eq(send_own(b, MAC(1), 1000 + VSWITCH_AGE_MS + 1), 3);
	assert_pending(1, 0, 1, 1);
	drain_all();
	/* Relearnt by a's next frame. */
	ck_assert_int_eq(send_own(a, MAC(2), 5000 + VSWITCH_AGE_MS), 1);
	ck_assert_int_eq(send_own(b, MAC(1), 5000 + VSWITCH_AGE_MS), 1);
	assert_pending(1, 1, 0, 0);
}
END_TEST

/* A full table makes room by forgetting the MAC seen longest ago, and only that one. */
START_TEST(test_table_full_replaces_oldest)
{
	unsigned int i;

	for (i = 1; i <= VSWITCH_TABLE_SIZE; i++) {
		ck_assert_int_eq(send(a, MAC_BROADCAST, MAC(100 + i), 60, 0, i), 3);
		drain_all();
	}
	/* b's own MAC, the 257th, takes the place of MAC(101), seen at time 1. */
	ck_assert_int_eq(send_own(b, MAC(102), 1000), 1);
	ck_assert_int_eq(send_own(b, MAC(101), 1001), 3);
	ck_assert_int_eq(send_own(b, MAC(103), 1002), 1);
	ck_assert_int_eq(send_own(b, MAC(100 + VSWITCH_TABLE_SIZE), 1003), 1);
	assert_pending(4, 0, 1, 1);
	/* and b's MAC stays known */
	ck_assert_int_eq(send_own(a, MAC(2), 1004), 1);
}
END_TEST

/* A MAC seen on another port is forwarded there from then on. */
START_TEST(test_mac_moves)
{
	ck_assert_int_eq(send(a, MAC_BROADCAST, MAC(7), 60, 0, 0), 3);
	ck_assert_int_eq(send_own(c, MAC(7), 1), 1);
	assert_pending(1, 1, 1, 1);
	drain_all();
	ck_assert_int_eq(send(b, MAC_BROADCAST, MAC(7), 60, 0, 2), 3);
	drain_all();
	ck_assert_int_eq(send_own(c, MAC(7), 3), 1);
	assert_pending(0, 1, 0, 0);
}
END_TEST

/* Shorter than a header, or longer than 1514 bytes (1518 with a VLAN tag): refused and counted. */
START_TEST(test_frame_length)
{
	struct vswitch_port_stats s;
	u8 buf[VSWITCH_FRAME_MAX_VLAN];

	ck_assert_int_eq(send_own(b, MAC_BROADCAST, 0), 3); /* b is known: a's frames go to b alone */
	drain_all();
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 13, 0, 1), -EINVAL);
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 0, 0, 1), -EINVAL);
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 14, 0, 1), 1);
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 1515, 0, 1), -E2BIG);
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 1518, 0, 1), -E2BIG);
	ck_assert_int_eq(send(a, MAC(2), MAC(1), 1514, 0, 1), 1);
	build(MAC(2), MAC(1), VSWITCH_ETH_P_8021Q, 1518, 0);
	ck_assert_int_eq(vswitch_send(a, frame, 1518, 1), 1);
	ck_assert_int_eq(vswitch_send(a, frame, 1519, 1), -E2BIG);
	s = stats_of(a);
	ck_assert_uint_eq(s.drop_too_small, 2);
	ck_assert_uint_eq(s.drop_too_large, 3);
	ck_assert_uint_eq(s.drop_bad_source, 0);
	ck_assert_uint_eq(s.rx_frames, 3);
	ck_assert_uint_eq(s.rx_bytes, 14 + 1514 + 1518);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 14);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 1514);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 1518);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 0);
	assert_pending(0, 0, 0, 0);
}
END_TEST

/* A group or all-zero source address is refused, counted, and not learnt. */
START_TEST(test_bad_source)
{
	struct vswitch_port_stats s;

	ck_assert_int_eq(send(a, MAC(2), MAC_BROADCAST, 60, 0, 0), -EINVAL);
	ck_assert_int_eq(send(a, MAC(2), MAC_IPV4_MCAST, 60, 0, 0), -EINVAL);
	ck_assert_int_eq(send(a, MAC(2), 0x030000000001ull, 60, 0, 0), -EINVAL);
	ck_assert_int_eq(send(a, MAC(2), 0, 60, 0, 0), -EINVAL);
	assert_pending(0, 0, 0, 0);
	s = stats_of(a);
	ck_assert_uint_eq(s.drop_bad_source, 4);
	ck_assert_uint_eq(s.rx_frames, 0);
	ck_assert_uint_eq(s.rx_bytes, 0);
	/* The multicast group is still flooded for, not sent to a. */
	ck_assert_int_eq(send_own(b, MAC_IPV4_MCAST, 1), 3);
	/* A universally administered unicast source is fine. */
	ck_assert_int_eq(send(a, MAC(2), 0x005056000001ull, 60, 0, 0), 1);
	ck_assert_uint_eq(stats_of(a).drop_bad_source, 4);
}
END_TEST

/* One source alone fills half a port's queue; the rest is dropped there, and only there. */
START_TEST(test_queue_bound)
{
	struct vswitch_port_stats s;
	unsigned int i;

	send_own(b, MAC_BROADCAST, 0);
	send_own(c, MAC_BROADCAST, 0);
	drain_all();
	for (i = 0; i < 100; i++)
		send_own(a, MAC_BROADCAST, 1);
	assert_pending(0, HALF, HALF, HALF);
	s = stats_of(b);
	ck_assert_uint_eq(s.drop_queue_full, 100 - HALF);
	ck_assert_uint_eq(stats_of(a).drop_queue_full, 0);
	ck_assert_uint_eq(stats_of(a).rx_frames, 100);
	/* A second and a third source get half of what is left each time. */
	for (i = 0; i < 100; i++)
		send_own(c, MAC(2), 2);
	ck_assert_uint_eq(vswitch_pending(b), HALF + HALF / 2);
	for (i = 0; i < 100; i++)
		send_own(d, MAC(2), 3);
	ck_assert_uint_eq(vswitch_pending(b), HALF + HALF / 2 + HALF / 4);
	ck_assert_uint_eq(stats_of(b).drop_queue_full,
			  (100 - HALF) + (100 - HALF / 2) + (100 - HALF / 4));
	/* A frame taken makes room for one more of d's, who holds less than is free, not a's. */
	ck_assert_uint_eq(vswitch_recv(b, frame, sizeof(frame)), 60);
	ck_assert_int_eq(send_own(a, MAC(2), 4), 0);
	ck_assert_int_eq(send_own(d, MAC(2), 4), 1);
	ck_assert_int_eq(send_own(d, MAC(2), 4), 0);
	ck_assert_uint_eq(vswitch_pending(b), HALF + HALF / 2 + HALF / 4);
	ck_assert_uint_eq(stats_of(b).drop_queue_full,
			  (100 - HALF) + (100 - HALF / 2) + (100 - HALF / 4) + 2);
}
END_TEST

/* c's broadcasts fill the queue of b, which is not draining; a's frames for b still get in. */
START_TEST(test_fairness_reserve)
{
	unsigned int i;

	send_own(b, MAC_BROADCAST, 0);
	drain_all();
	for (i = 0; i < VSWITCH_QUEUE_FRAMES; i++)
		send_own(c, MAC_BROADCAST, 1);
	ck_assert_uint_eq(vswitch_pending(b), HALF);
	for (i = 0; i < HALF / 2; i++)
		ck_assert_int_eq(send_own(a, MAC(2), 2), 1);
	ck_assert_int_eq(send_own(a, MAC(2), 2), 0);
	ck_assert_uint_eq(vswitch_pending(b), HALF + HALF / 2);
	ck_assert_uint_eq(stats_of(b).drop_queue_full, (VSWITCH_QUEUE_FRAMES - HALF) + 1);
}
END_TEST

/*
 * a sends b a file of 300 frames, b acknowledges each one it takes, while
 * c broadcasts 8 frames for each of a's. b takes 4 frames a round, d none:
 * every frame of the file and every acknowledgement arrives, in order.
 */
START_TEST(test_flood_does_not_stop_a_file_transfer)
{
	unsigned int round, i, file_in = 0, acks_in = 0, storm_at_b = 0, file_in_rounds;
	u8 buf[VSWITCH_FRAME_MAX_VLAN];
	u32 len;

	send_own(a, MAC_BROADCAST, 0);
	send_own(b, MAC_BROADCAST, 0);
	drain_all();
	for (round = 0; round < 300; round++) {
		for (i = 0; i < 8; i++)
			send(c, MAC_BROADCAST, MAC(3), 1000, 0xcc, round);
		ck_assert_int_eq(send(a, MAC(2), MAC(1), 1514, round, round), 1);
		for (i = 0; i < 4 && (len = vswitch_recv(b, buf, sizeof(buf))); i++) {
			if (buf[VSWITCH_ETH_ALEN + 5] == 3) {
				storm_at_b++;
				continue;
			}
			ck_assert_uint_eq(len, 1514);
			ck_assert_uint_eq(buf[VSWITCH_ETH_HLEN], (u8)(file_in + VSWITCH_ETH_HLEN));
			file_in++;
			ck_assert_int_eq(send(b, MAC(1), MAC(2), 60, file_in, round), 1);
		}
		while ((len = vswitch_recv(a, buf, sizeof(buf))))
			if (len == 60) {
				acks_in++;
				ck_assert_uint_eq(buf[VSWITCH_ETH_HLEN], (u8)(acks_in + VSWITCH_ETH_HLEN));
			}
	}
	file_in_rounds = file_in;
	while ((len = vswitch_recv(b, buf, sizeof(buf))))
		if (len == 1514)
			ck_assert_uint_eq(buf[VSWITCH_ETH_HLEN], (u8)(file_in++ + VSWITCH_ETH_HLEN));
		else
			storm_at_b++;
	ck_assert_uint_eq(file_in, 300);
	ck_assert_uint_eq(acks_in, file_in_rounds);
	ck_assert_uint_eq(stats_of(b).drop_queue_full, 8 * 300 - storm_at_b);
	ck_assert_uint_eq(stats_of(a).drop_queue_full, 0);
	ck_assert_uint_eq(vswitch_pending(d), HALF);
	ck_assert_uint_eq(stats_of(d).drop_queue_full, 8 * 300 - HALF);
}
END_TEST

/* Frames come out in the order they went in, as they were sent, and a short buffer cuts them. */
START_TEST(test_recv_order_and_content)
{
	static const u32 lens[] = { 60, 14, 1514, 99, 61 };
	u8 buf[VSWITCH_FRAME_MAX_VLAN], sent[ARRAY_SIZE(lens)][VSWITCH_FRAME_MAX_VLAN];
	struct vswitch_port_stats s;
	unsigned int i;

	send_own(b, MAC_BROADCAST, 0);
	drain_all();
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		build(MAC(2), MAC(1), ETHERTYPE_IPV4, lens[i], i * 40);
		memcpy(sent[i], frame, lens[i]);
		ck_assert_int_eq(vswitch_send(a, frame, lens[i], 1), 1);
		memset(frame, 0xee, sizeof(frame)); /* the switch has its own copy */
	}
	ck_assert_uint_eq(vswitch_pending(b), ARRAY_SIZE(lens));
	for (i = 0; i < ARRAY_SIZE(lens) - 1; i++) {
		memset(buf, 0, sizeof(buf));
		ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), lens[i]);
		ck_assert(!memcmp(buf, sent[i], lens[i]));
	}
	memset(buf, 0x55, sizeof(buf));
	ck_assert_uint_eq(vswitch_recv(b, buf, 20), 61);
	ck_assert(!memcmp(buf, sent[4], 20));
	ck_assert_uint_eq(buf[20], 0x55);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 0);
	s = stats_of(b);
	ck_assert_uint_eq(s.tx_frames, ARRAY_SIZE(lens));
	ck_assert_uint_eq(s.tx_bytes, 60 + 14 + 1514 + 99 + 61);
	ck_assert_uint_eq(stats_of(a).rx_bytes, 60 + 14 + 1514 + 99 + 61);
}
END_TEST

/* The port's notify may take the frame at once: the switch's lock is not held. */
static struct vswitch_port *echo_port;
static u32 echo_len;

static void recv_at_once(void *opaque)
{
	u8 buf[VSWITCH_FRAME_MAX_VLAN];

	(void)opaque;
	echo_len = vswitch_recv(echo_port, buf, sizeof(buf));
}

START_TEST(test_notify_may_recv)
{
	vswitch_remove_port(d);
	ck_assert_int_eq(vswitch_add_port(&sw, d, "vm-d", recv_at_once, NULL), 0);
	echo_port = d;
	ck_assert_int_eq(send(a, MAC_BROADCAST, MAC(1), 77, 0, 0), 3);
	ck_assert_uint_eq(echo_len, 77);
	assert_pending(0, 1, 1, 0);
	ck_assert_uint_eq(stats_of(d).tx_frames, 1);
}
END_TEST

/* A port that leaves takes its queue and its MACs with it; its place can be taken. */
START_TEST(test_remove_port)
{
	static struct vswitch_port extra[VSWITCH_MAX_PORTS], late;
	unsigned int i;

	send_own(b, MAC_BROADCAST, 0);
	send_own(a, MAC(2), 0);
	ck_assert_uint_eq(vswitch_pending(b), 1);
	vswitch_remove_port(b);
	ck_assert_int_eq(send_own(a, MAC(2), 1), 2);
	ck_assert_int_eq(send_own(c, MAC(2), 1), 2);
	for (i = 0; i < VSWITCH_MAX_PORTS - NR_PORTS + 1; i++)
		ck_assert_int_eq(vswitch_add_port(&sw, &extra[i], "extra", NULL, NULL), 0);
	ck_assert_uint_eq(extra[0].index, 1); /* b's */
	ck_assert_int_eq(vswitch_add_port(&sw, &late, "late", NULL, NULL), -ENOMEM);
	ck_assert_uint_eq(vswitch_pending(&extra[0]), 0);
	ck_assert_int_eq(send_own(a, MAC_BROADCAST, 2), VSWITCH_MAX_PORTS - 1);
}
END_TEST

/* The queue numbers below are for VSWITCH_QUEUE_FRAMES 64: half of it is 32. */
START_TEST(test_print_stats)
{
	u8 buf[VSWITCH_FRAME_MAX_VLAN];
	static const char want[] =
		"hyp7: net0 port vm-a: in 34 frames 2040 bytes, out 0 frames 0 bytes, 0 queued, "
		"dropped: 1 short, 1 long, 1 bad source, 0 queue full\n"
		"hyp7: net0 port vm-b: in 0 frames 0 bytes, out 1 frames 60 bytes, 31 queued, "
		"dropped: 0 short, 0 long, 0 bad source, 2 queue full\n"
		"hyp7: net0 port vm-c: in 0 frames 0 bytes, out 0 frames 0 bytes, 32 queued, "
		"dropped: 0 short, 0 long, 0 bad source, 2 queue full\n"
		"hyp7: net0 port a-long-port-nam: in 0 frames 0 bytes, out 0 frames 0 bytes, "
		"32 queued, dropped: 0 short, 0 long, 0 bad source, 2 queue full\n";
	unsigned int i;

	ck_assert_uint_eq(HALF, 32);
	vswitch_remove_port(d);
	ck_assert_int_eq(vswitch_add_port(&sw, d, "a-long-port-name", NULL, NULL), 0);
	for (i = 0; i < HALF + 2; i++)
		send_own(a, MAC_BROADCAST, 0);
	send(a, MAC_BROADCAST, MAC(1), 13, 0, 0);
	send(a, MAC_BROADCAST, MAC(1), 1515, 0, 0);
	send(a, MAC_BROADCAST, MAC_BROADCAST, 60, 0, 0);
	ck_assert_uint_eq(vswitch_recv(b, buf, sizeof(buf)), 60);
	printk_log_reset();
	vswitch_print_stats(&sw);
	ck_assert_msg(!strcmp(printk_log, want), "got:\n%s\nwant:\n%s", printk_log, want);
}
END_TEST

/* A VM's port sends from its own MAC only: spoofing another VM's would steal its traffic. */
START_TEST(test_port_sends_from_its_own_mac_only)
{
	u8 mac_a[VSWITCH_ETH_ALEN];

	put_mac(mac_a, MAC(1));
	vswitch_port_own_mac(a, mac_a);
	ck_assert_int_eq(send_own(b, MAC_BROADCAST, 0), 3); /* b is learnt */
	drain_all();
	ck_assert_int_eq(send(a, MAC_BROADCAST, MAC(2), 60, 0, 1), -EINVAL); /* a as b */
	ck_assert_uint_eq(stats_of(a).drop_bad_source, 1);
	ck_assert_int_eq(send_own(c, MAC(2), 2), 1); /* still b's */
	ck_assert_uint_eq(vswitch_pending(b), 1);
	ck_assert_int_eq(send_own(a, MAC(2), 3), 1); /* its own address passes */
}
END_TEST

static Suite *vswitch_suite(void)
{
	Suite *s = suite_create("vswitch");
	TCase *fwd = tcase_create("forwarding"), *bad = tcase_create("refused frames");
	TCase *queue = tcase_create("queues");

	tcase_add_checked_fixture(fwd, setup, NULL);
	tcase_add_test(fwd, test_learning);
	tcase_add_test(fwd, test_port_sends_from_its_own_mac_only);
	tcase_add_test(fwd, test_flood_group_addresses);
	tcase_add_test(fwd, test_no_reflection);
	tcase_add_test(fwd, test_aging);
	tcase_add_test(fwd, test_table_full_replaces_oldest);
	tcase_add_test(fwd, test_mac_moves);
	tcase_add_test(fwd, test_remove_port);
	suite_add_tcase(s, fwd);

	tcase_add_checked_fixture(bad, setup, NULL);
	tcase_add_test(bad, test_frame_length);
	tcase_add_test(bad, test_bad_source);
	suite_add_tcase(s, bad);

	tcase_add_checked_fixture(queue, setup, NULL);
	tcase_add_test(queue, test_queue_bound);
	tcase_add_test(queue, test_fairness_reserve);
	tcase_add_test(queue, test_flood_does_not_stop_a_file_transfer);
	tcase_add_test(queue, test_recv_order_and_content);
	tcase_add_test(queue, test_notify_may_recv);
	tcase_add_test(queue, test_print_stats);
	suite_add_tcase(s, queue);
	return s;
}

int main(void)
{
	return run_suite(vswitch_suite());
}
