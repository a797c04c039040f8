/*
 * vdev/virtqueue.c, the device side of a split ring (virtio 1.2 section
 * 2.7), against rings a test driver writes into a fake VM's RAM: the
 * chains a driver may make, and every way a hostile one can get them
 * wrong, each of which must break the queue and say why.
 */
#include <check.h>
#include <string.h>

#include "fake_guest_mem.h"
#include "run_suite.h"
#include <hyp7/errno.h>

#define NUM 8
#define F_INDIRECT (1ull << VIRTIO_RING_F_INDIRECT_DESC)
#define F_EVENT_IDX (1ull << VIRTIO_RING_F_EVENT_IDX)
#define F_ALL (F_INDIRECT | F_EVENT_IDX)
#define R 0 /* a device-readable descriptor, last in its chain */
#define NEXT VIRTQ_DESC_F_NEXT
#define W VIRTQ_DESC_F_WRITE
#define IND VIRTQ_DESC_F_INDIRECT
#define TABLE (GUEST_BUF + 0x8000) /* an indirect table */

static struct virtqueue vq;
static struct test_ring ring;
static struct vq_chain chain;

static int init_queue(u16 num, u64 features)
{
	struct vq_layout layout = {
		.num = num,
		.desc = ipa_init(GUEST_DESC),
		.driver = ipa_init(GUEST_AVAIL),
		.device = ipa_init(GUEST_USED),
	};

	ring_init(&ring, num);
	return vq_init(&vq, &guest_mem, &layout, 128, features, VQ_SEGS_MAX);
}

static void setup(void)
{
	guest_mem_reset();
	ck_assert_int_eq(init_queue(NUM, F_ALL), 0);
}

/* The one chain at head 0 must break the queue, with error containing why. */
static void assert_pop_fails(const char *why)
{
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
	ck_assert(vq.broken);
	ck_assert_msg(strstr(vq.error, why), "error \"%s\" does not say \"%s\"", vq.error, why);
	/* Broken for good: nothing more is taken, nothing pushed. */
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
	vq_push(&vq, 0, 1);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
}

/* A header to read and a buffer to write: two segments, host pointers into the RAM. */
START_TEST(test_readable_then_writable)
{
	ring_desc(&ring, 3, GUEST_BUF, 16, NEXT, 5);
	ring_desc(&ring, 5, GUEST_BUF + 0x100, 100, W, 0);
	ring_publish(&ring, 3);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(chain.head, 3);
	ck_assert_uint_eq(chain.num_readable, 1);
	ck_assert_uint_eq(chain.num_writable, 1);
	ck_assert_uint_eq(chain.readable_len, 16);
	ck_assert_uint_eq(chain.writable_len, 100);
	ck_assert_ptr_eq(chain.seg[0].buf, guest_ptr(GUEST_BUF));
	ck_assert_ptr_eq(chain.seg[1].buf, guest_ptr(GUEST_BUF + 0x100));
	ck_assert_int_eq(vq_pop(&vq, &chain), 0);
	vq_push(&vq, 3, 100);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	{
		u32 id, len;

		ring_used(&ring, 0, &id, &len);
		ck_assert_uint_eq(id, 3);
		ck_assert_uint_eq(len, 100);
	}
}
END_TEST

/* Indices wrap around the ring's size, and the free-running u16 indices around 65536. */
START_TEST(test_rings_wrap)
{
	unsigned int i;
	u32 id, len;

	ring_desc(&ring, 0, GUEST_BUF, 8, R, 0);
	for (i = 0; i < 3 * NUM + 1; i++) {
		ring_publish(&ring, 0);
		ck_assert_int_eq(vq_pop(&vq, &chain), 1);
		vq_push(&vq, 0, i);
	}
	ck_assert_uint_eq(ring_used_idx(&ring), 3 * NUM + 1);
	ring_used(&ring, 3 * NUM, &id, &len);
	ck_assert_uint_eq(len, 3 * NUM);

	vq.last_avail = vq.used_idx = 0xffff;
	ring_set_avail_idx(&ring, 0xffff);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(vq.last_avail, 0);
}
END_TEST

START_TEST(test_chain_copies_across_segments)
{
	u8 out[12], in[6] = "abcdef";

	memcpy(guest_ptr(GUEST_BUF), "0123", 4);
	memcpy(guest_ptr(GUEST_BUF + 0x100), "456789ab", 8);
	ring_desc(&ring, 0, GUEST_BUF, 4, NEXT, 1);
	ring_desc(&ring, 1, GUEST_BUF + 0x100, 8, NEXT, 2);
	ring_desc(&ring, 2, GUEST_BUF + 0x200, 3, W | NEXT, 3);
	ring_desc(&ring, 3, GUEST_BUF + 0x300, 3, W, 0);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_int_eq(vq_chain_read(&chain, 2, out, 10), 0);
	ck_assert_int_eq(memcmp(out, "23456789ab", 10), 0);
	ck_assert_int_eq(vq_chain_read(&chain, 2, out, 11), -EINVAL);
	ck_assert_int_eq(vq_chain_read(&chain, 13, out, 0), -EINVAL);
	ck_assert_int_eq(vq_chain_write(&chain, 1, in, 5), 0);
	ck_assert_int_eq(memcmp(guest_ptr(GUEST_BUF + 0x201), "ab", 2), 0);
	ck_assert_int_eq(memcmp(guest_ptr(GUEST_BUF + 0x300), "cde", 3), 0);
	ck_assert_int_eq(vq_chain_write(&chain, 1, in, 6), -EINVAL);
}
END_TEST

/* A zero-length descriptor names no memory: it is skipped, whatever its address. */
START_TEST(test_empty_descriptor_skipped)
{
	ring_desc(&ring, 0, 0xdead0000, 0, NEXT, 1);
	ring_desc(&ring, 1, GUEST_BUF, 4, R, 0);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(chain.num_readable, 1);
	ck_assert_uint_eq(chain.readable_len, 4);
}
END_TEST

START_TEST(test_indirect_table)
{
	ring_desc(&ring, 2, TABLE, 3 * 16, IND | W /* W ignored */, 0);
	table_desc(TABLE, 0, GUEST_BUF, 16, NEXT, 2);
	table_desc(TABLE, 2, GUEST_BUF + 0x100, 512, W | NEXT, 1);
	table_desc(TABLE, 1, GUEST_BUF + 0x400, 1, W, 0);
	ring_publish(&ring, 2);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(chain.head, 2);
	ck_assert_uint_eq(chain.num_readable, 1);
	ck_assert_uint_eq(chain.num_writable, 2);
	ck_assert_uint_eq(chain.writable_len, 513);
	ck_assert_ptr_eq(chain.seg[2].buf, guest_ptr(GUEST_BUF + 0x400));
}
END_TEST

/* An indirect table need not be aligned (2.7.5.3 asks for nothing). */
START_TEST(test_unaligned_indirect_table)
{
	ring_desc(&ring, 0, TABLE + 3, 16, IND, 0);
	table_desc(TABLE + 3, 0, GUEST_BUF, 7, R, 0);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(chain.readable_len, 7);
}
END_TEST

START_TEST(test_descriptor_loop)
{
	ring_desc(&ring, 0, GUEST_BUF, 16, NEXT, 1);
	ring_desc(&ring, 1, GUEST_BUF, 16, NEXT, 0);
	assert_pop_fails("chain at head 0: more than 8 descriptors (a loop)");
}
END_TEST

START_TEST(test_loop_in_indirect_table)
{
	ring_desc(&ring, 0, TABLE, 2 * 16, IND, 0);
	table_desc(TABLE, 0, GUEST_BUF, 16, NEXT, 1);
	table_desc(TABLE, 1, GUEST_BUF, 16, NEXT, 0);
	assert_pop_fails("more than 2 descriptors (a loop)");
}
END_TEST

START_TEST(test_buffer_outside_ram)
{
	ring_desc(&ring, 0, 0x10000000, 16, R, 0);
	assert_pop_fails("chain at head 0: buffer [0x10000000, +0x10) is not in the VM's RAM");
}
END_TEST

START_TEST(test_buffer_past_the_end_of_ram)
{
	ring_desc(&ring, 0, GUEST_RAM_BASE + GUEST_RAM_SIZE - 16, 32, R, 0);
	assert_pop_fails("buffer [0x400ffff0, +0x20) is not in the VM's RAM");
}
END_TEST

START_TEST(test_buffer_wraps_around)
{
	ring_desc(&ring, 0, 0xfffffffffffffff0ull, 0x20, R, 0);
	assert_pop_fails("buffer [0xfffffffffffffff0, +0x20) wraps around");
}
END_TEST

/* What the VMM maps read-only the device may read but never write. */
START_TEST(test_writable_buffer_in_read_only_memory)
{
	ring_desc(&ring, 0, GUEST_ROM_BASE, 16, R, 0);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ring_desc(&ring, 1, GUEST_ROM_BASE, 16, W, 0);
	ring_publish(&ring, 1);
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
	ck_assert(strstr(vq.error, "chain at head 1: buffer [0x400f0000, +0x10) is not in the VM's RAM"));
}
END_TEST

START_TEST(test_readable_after_writable)
{
	ring_desc(&ring, 0, GUEST_BUF, 16, W | NEXT, 1);
	ring_desc(&ring, 1, GUEST_BUF + 0x100, 16, R, 0);
	assert_pop_fails("chain at head 0: a readable descriptor after a writable one");
}
END_TEST

START_TEST(test_next_past_the_table)
{
	ring_desc(&ring, 0, GUEST_BUF, 16, NEXT, NUM);
	assert_pop_fails("chain at head 0: next 8 is past the table's 8");
}
END_TEST

START_TEST(test_head_past_the_table)
{
	ring_publish(&ring, NUM);
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
	ck_assert_str_eq(vq.error, "available entry 0: head 8 is past the queue's 8");
}
END_TEST

START_TEST(test_more_segments_than_the_device_takes)
{
	struct vq_layout layout = { NUM, ipa_init(GUEST_DESC), ipa_init(GUEST_AVAIL), ipa_init(GUEST_USED) };
	unsigned int i;

	ck_assert_int_eq(vq_init(&vq, &guest_mem, &layout, 128, F_ALL, 3), 0);
	for (i = 0; i < 4; i++)
		ring_desc(&ring, i, GUEST_BUF + 0x100 * i, 16, i < 3 ? NEXT : R, i + 1);
	assert_pop_fails("chain at head 0: more than 3 segments");
}
END_TEST

/* Bounded by the queue size, not by the 2^32 / 16 the spec allows. */
START_TEST(test_huge_indirect_table)
{
	ring_desc(&ring, 0, TABLE, (NUM + 1) * 16, IND, 0);
	assert_pop_fails("chain at head 0: indirect table of 0x90 bytes (not 16 to 8 x 16)");
}
END_TEST

START_TEST(test_indirect_table_not_whole_descriptors)
{
	ring_desc(&ring, 0, TABLE, 24, IND, 0);
	assert_pop_fails("indirect table of 0x18 bytes");
}
END_TEST

START_TEST(test_empty_indirect_table)
{
	ring_desc(&ring, 0, TABLE, 0, IND, 0);
	assert_pop_fails("indirect table of 0x0 bytes");
}
END_TEST

START_TEST(test_indirect_table_outside_ram)
{
	ring_desc(&ring, 0, GUEST_RAM_BASE + GUEST_RAM_SIZE - 16, 32, IND, 0);
	assert_pop_fails("indirect table [0x400ffff0, +0x20) is not in the VM's RAM");
}
END_TEST

START_TEST(test_nested_indirect)
{
	ring_desc(&ring, 0, TABLE, 16, IND, 0);
	table_desc(TABLE, 0, TABLE + 0x100, 16, IND, 0);
	assert_pop_fails("chain at head 0: indirect descriptor in an indirect table");
}
END_TEST

START_TEST(test_indirect_with_next)
{
	ring_desc(&ring, 0, TABLE, 16, IND | NEXT, 1);
	table_desc(TABLE, 0, GUEST_BUF, 16, R, 0);
	assert_pop_fails("chain at head 0: indirect descriptor with NEXT");
}
END_TEST

START_TEST(test_indirect_not_negotiated)
{
	ck_assert_int_eq(init_queue(NUM, F_EVENT_IDX), 0);
	ring_desc(&ring, 0, TABLE, 16, IND, 0);
	table_desc(TABLE, 0, GUEST_BUF, 16, R, 0);
	assert_pop_fails("chain at head 0: indirect descriptor, not negotiated");
}
END_TEST

START_TEST(test_avail_idx_far_ahead)
{
	ring_desc(&ring, 0, GUEST_BUF, 16, R, 0);
	ring_set_avail_idx(&ring, NUM);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1); /* a full ring is fine */
	ring_set_avail_idx(&ring, NUM + 2);
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
	ck_assert_str_eq(vq.error, "available index 10 is 9 ahead of 1, more than the queue's 8");
}
END_TEST

START_TEST(test_queue_size_checked)
{
	ck_assert_int_eq(init_queue(100, F_ALL), -EINVAL);
	ck_assert_str_eq(vq.error, "queue size 100: it must be a power of 2 from 1 to 128");
	ck_assert(vq.broken);
	ck_assert_int_eq(init_queue(0, F_ALL), -EINVAL);
	ck_assert_int_eq(init_queue(256, F_ALL), -EINVAL); /* above QueueNumMax */
	ck_assert_int_eq(init_queue(1, F_ALL), 0);
	ck_assert_int_eq(init_queue(128, F_ALL), 0);
}
END_TEST

START_TEST(test_rings_checked)
{
	struct vq_layout layout = { NUM, ipa_init(GUEST_DESC + 8), ipa_init(GUEST_AVAIL),
				    ipa_init(GUEST_USED) };

	ck_assert_int_eq(vq_init(&vq, &guest_mem, &layout, 128, 0, VQ_SEGS_MAX), -EINVAL);
	ck_assert_str_eq(vq.error, "descriptor ring at 0x40000008 is not 16-byte aligned");
	layout.desc = ipa_init(GUEST_DESC);
	layout.device = ipa_init(GUEST_USED + 2);
	ck_assert_int_eq(vq_init(&vq, &guest_mem, &layout, 128, 0, VQ_SEGS_MAX), -EINVAL);
	ck_assert_str_eq(vq.error, "used ring at 0x40009002 is not 4-byte aligned");
	layout.device = ipa_init(GUEST_ROM_BASE); /* the device writes the used ring */
	ck_assert_int_eq(vq_init(&vq, &guest_mem, &layout, 128, 0, VQ_SEGS_MAX), -EINVAL);
	ck_assert_str_eq(vq.error, "used ring [0x400f0000, +0x46) is not in the VM's RAM");
	layout.device = ipa_init(GUEST_USED);
	layout.driver = ipa_init(GUEST_RAM_BASE + GUEST_RAM_SIZE - 4);
	ck_assert_int_eq(vq_init(&vq, &guest_mem, &layout, 128, 0, VQ_SEGS_MAX), -EINVAL);
	ck_assert_str_eq(vq.error, "available ring [0x400ffffc, +0x16) is not in the VM's RAM");
}
END_TEST

/* Without EVENT_IDX: a notification for anything pushed, unless NO_INTERRUPT. */
START_TEST(test_notify_without_event_idx)
{
	ck_assert_int_eq(init_queue(NUM, 0), 0);
	ring_desc(&ring, 0, GUEST_BUF, 16, R, 0);
	ck_assert(!vq_should_notify(&vq)); /* nothing pushed */
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0);
	ck_assert(vq_should_notify(&vq));
	ck_assert(!vq_should_notify(&vq)); /* once */
	ring_set_avail_flags(&ring, VIRTQ_AVAIL_F_NO_INTERRUPT);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0);
	ck_assert(!vq_should_notify(&vq));
}
END_TEST

/* used_event says after which used entry the driver wants to hear (2.7.10). */
START_TEST(test_event_idx_suppression)
{
	unsigned int i;

	ring_desc(&ring, 0, GUEST_BUF, 16, R, 0);
	for (i = 0; i < 5; i++)
		ring_publish(&ring, 0);
	ring_set_used_event(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0); /* used 1: past event 0 */
	ck_assert(vq_should_notify(&vq));
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0); /* used 2: event 0 was passed already */
	ck_assert(!vq_should_notify(&vq));
	ring_set_used_event(&ring, 3);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0); /* used 3: not past 3 yet */
	ck_assert(!vq_should_notify(&vq));
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0);
	vq_push(&vq, 0, 0); /* used 5: moved past 3 since the last ask */
	ck_assert(vq_should_notify(&vq));
	/* NO_INTERRUPT means nothing with EVENT_IDX (2.7.7). */
	ring_set_avail_flags(&ring, VIRTQ_AVAIL_F_NO_INTERRUPT);
	ring_set_used_event(&ring, 5);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	vq_push(&vq, 0, 0);
	ck_assert(vq_should_notify(&vq));
}
END_TEST

/* An empty queue asks for a notification of the next entry, in avail_event. */
START_TEST(test_avail_event_set_when_empty)
{
	ring_desc(&ring, 0, GUEST_BUF, 16, R, 0);
	ring_publish(&ring, 0);
	ring_publish(&ring, 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_int_eq(vq_pop(&vq, &chain), 1);
	ck_assert_uint_eq(ring_avail_event(&ring), 0);
	ck_assert_int_eq(vq_pop(&vq, &chain), 0);
	ck_assert_uint_eq(ring_avail_event(&ring), 2);
}
END_TEST

/* vq_fail(): the device's own reason breaks the queue as a ring error does. */
START_TEST(test_device_fails_the_queue)
{
	ck_assert_int_eq(vq_fail(&vq, "request at head %u: too short", 4), -EINVAL);
	ck_assert_str_eq(vq.error, "request at head 4: too short");
	ck_assert_int_eq(vq_pop(&vq, &chain), -EINVAL);
}
END_TEST

static Suite *virtqueue_suite(void)
{
	Suite *s = suite_create("virtqueue");
	TCase *ok = tcase_create("chains"), *bad = tcase_create("hostile"), *ev = tcase_create("events");

	tcase_add_checked_fixture(ok, setup, NULL);
	tcase_add_test(ok, test_readable_then_writable);
	tcase_add_test(ok, test_rings_wrap);
	tcase_add_test(ok, test_chain_copies_across_segments);
	tcase_add_test(ok, test_empty_descriptor_skipped);
	tcase_add_test(ok, test_indirect_table);
	tcase_add_test(ok, test_unaligned_indirect_table);
	suite_add_tcase(s, ok);

	tcase_add_checked_fixture(bad, setup, NULL);
	tcase_add_test(bad, test_descriptor_loop);
	tcase_add_test(bad, test_loop_in_indirect_table);
	tcase_add_test(bad, test_buffer_outside_ram);
	tcase_add_test(bad, test_buffer_past_the_end_of_ram);
	tcase_add_test(bad, test_buffer_wraps_around);
	tcase_add_test(bad, test_writable_buffer_in_read_only_memory);
	tcase_add_test(bad, test_readable_after_writable);
	tcase_add_test(bad, test_next_past_the_table);
	tcase_add_test(bad, test_head_past_the_table);
	tcase_add_test(bad, test_more_segments_than_the_device_takes);
	tcase_add_test(bad, test_huge_indirect_table);
	tcase_add_test(bad, test_indirect_table_not_whole_descriptors);
	tcase_add_test(bad, test_empty_indirect_table);
	tcase_add_test(bad, test_indirect_table_outside_ram);
	tcase_add_test(bad, test_nested_indirect);
	tcase_add_test(bad, test_indirect_with_next);
	tcase_add_test(bad, test_indirect_not_negotiated);
	tcase_add_test(bad, test_avail_idx_far_ahead);
	tcase_add_test(bad, test_queue_size_checked);
	tcase_add_test(bad, test_rings_checked);
	tcase_add_test(bad, test_device_fails_the_queue);
	suite_add_tcase(s, bad);

	tcase_add_checked_fixture(ev, setup, NULL);
	tcase_add_test(ev, test_notify_without_event_idx);
	tcase_add_test(ev, test_event_idx_suppression);
	tcase_add_test(ev, test_avail_event_set_when_empty);
	suite_add_tcase(s, ev);
	return s;
}

int main(void)
{
	return run_suite(virtqueue_suite());
}
