/*
 * vdev/virtio_mmio.c, the virtio-mmio transport (virtio 1.2 section
 * 4.2.2), driven through its registers as Linux's virtio_mmio driver
 * does, with a test device behind it that answers every chain with its
 * readable length.
 */
#include <check.h>
#include <string.h>

#include "fake_guest_mem.h"
#include "run_suite.h"
#include <hyp7/virtio_mmio.h>

extern char printk_log[];
void printk_log_reset(void);

#define TEST_DEVICE_ID 42
#define TEST_FEATURE 3 /* a device-specific feature bit */
#define NUM 8
#define QMAX 16
#define FEATURES_LO ((1u << TEST_FEATURE) | (1u << VIRTIO_RING_F_INDIRECT_DESC) | \
		     (1u << VIRTIO_RING_F_EVENT_IDX))
#define FEATURES_HI 1u /* VIRTIO_F_VERSION_1 */
#define S_ACK VIRTIO_STATUS_ACKNOWLEDGE
#define S_DRIVER VIRTIO_STATUS_DRIVER
#define S_FEATURES_OK VIRTIO_STATUS_FEATURES_OK
#define S_DRIVER_OK VIRTIO_STATUS_DRIVER_OK
#define S_NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET

static struct virtio_mmio mmio;
static struct test_ring ring;
static unsigned int notified, resets, line_changes;
static bool line;
static u32 config_written;

static void test_notify(struct virtio_mmio *m, u16 q)
{
	struct virtqueue *vq = virtio_mmio_queue(m, q);
	struct vq_chain chain;
	int ret;

	notified++;
	while ((ret = vq_pop(vq, &chain)) > 0)
		virtio_mmio_complete(m, q, chain.head, chain.readable_len);
	if (ret < 0)
		virtio_mmio_needs_reset(m, q);
}

static u32 test_config_read(struct virtio_mmio *m, u32 offset, u8 size)
{
	u32 v = 0;

	(void)m;
	while (size--)
		v = v << 8 | (0x10 + offset + size);
	return v;
}

static void test_config_write(struct virtio_mmio *m, u32 offset, u8 size, u32 val)
{
	(void)m;
	config_written = offset << 24 | size << 16 | (val & 0xffff);
}

static void test_dev_reset(struct virtio_mmio *m)
{
	(void)m;
	resets++;
}

static const struct virtio_dev_ops test_ops = {
	.name = "test",
	.device_id = TEST_DEVICE_ID,
	.num_queues = 1,
	.queue_max = QMAX,
	.segs_max = VQ_SEGS_MAX,
	.notify = test_notify,
	.config_read = test_config_read,
	.config_write = test_config_write,
	.reset = test_dev_reset,
};

static void set_line(void *opaque, bool level)
{
	ck_assert_ptr_eq(opaque, &line);
	ck_assert(level != line); /* called on changes only */
	line = level;
	line_changes++;
}

static const struct virtio_irq irq = { .set_level = set_line, .opaque = &line };

static u32 rd(u32 offset)
{
	u32 v = 0xdeadbeef;

	virtio_mmio_access(&mmio, offset, 4, false, &v);
	return v;
}

static void wr(u32 offset, u32 v)
{
	virtio_mmio_access(&mmio, offset, 4, true, &v);
}

static void setup(void)
{
	guest_mem_reset();
	printk_log_reset();
	notified = resets = line_changes = 0;
	line = false;
	ring_init(&ring, NUM);
	virtio_mmio_init(&mmio, &test_ops, NULL, 1ull << TEST_FEATURE, &guest_mem, &irq, "vm0");
}

static void negotiate(u32 lo, u32 hi)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, lo);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, hi);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
}

static void queue_regs(u32 num, u64 desc, u64 driver, u64 device)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, num);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, desc);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, desc >> 32);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, driver);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, driver >> 32);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, device);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, device >> 32);
}

/* As Linux's probe: features, queue 0 at the test rings, DRIVER_OK. */
static void bring_up(void)
{
	unsigned int before = notified;

	negotiate(1u << VIRTIO_RING_F_INDIRECT_DESC, FEATURES_HI);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK);
	queue_regs(NUM, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 1);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	ck_assert_uint_eq(notified, before + 1); /* DRIVER_OK looks at the ready queues */
	notified = 0;
}

static void assert_needs_reset(void)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET, S_NEEDS_RESET);
	ck_assert_ptr_null(virtio_mmio_queue(&mmio, 0));
}

START_TEST(test_identity)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_VERSION), 2);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_ID), TEST_DEVICE_ID);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), QMAX);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0); /* no such queue */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	/* No shared memory regions: their length reads -1 (4.2.2). */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffff);
	/* Write-only registers read 0. */
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NUM), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_NOTIFY), 0);
}
END_TEST

/* The device's own features, and VERSION_1 and the ring features the transport adds. */
/* An empty transport: what Linux's probe reads, then nothing to drive. */
START_TEST(test_empty_transport)
{
	u32 v = 0xdeadbeef;

	virtio_mmio_empty_access(VIRTIO_MMIO_MAGIC_VALUE, 4, false, &v);
	ck_assert_uint_eq(v, VIRTIO_MMIO_MAGIC);
	virtio_mmio_empty_access(VIRTIO_MMIO_VERSION, 4, false, &v);
	ck_assert_uint_eq(v, 2);
	virtio_mmio_empty_access(VIRTIO_MMIO_DEVICE_ID, 4, false, &v);
	ck_assert_uint_eq(v, 0);
	virtio_mmio_empty_access(VIRTIO_MMIO_MAGIC_VALUE, 1, false, &v);
	ck_assert_uint_eq(v, 0);
	v = VIRTIO_STATUS_ACKNOWLEDGE;
	virtio_mmio_empty_access(VIRTIO_MMIO_STATUS, 4, true, &v);
	virtio_mmio_empty_access(VIRTIO_MMIO_STATUS, 4, false, &v);
	ck_assert_uint_eq(v, 0);
	virtio_mmio_empty_access(VIRTIO_MMIO_QUEUE_NUM_MAX, 4, false, &v);
	ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(test_device_features)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), FEATURES_LO);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), FEATURES_HI);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
}
END_TEST

/* A modern device takes only a modern driver: FEATURES_OK reads back clear without VERSION_1. */
START_TEST(test_features_ok_needs_version_1)
{
	negotiate(1u << TEST_FEATURE, 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
	negotiate(1u << TEST_FEATURE, FEATURES_HI);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER | S_FEATURES_OK);
	ck_assert_uint_eq(mmio.driver_features, 1ull << TEST_FEATURE | 1ull << VIRTIO_F_VERSION_1);
	/* Agreed: later writes change nothing. */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	ck_assert_uint_eq(mmio.driver_features, 1ull << TEST_FEATURE | 1ull << VIRTIO_F_VERSION_1);
}
END_TEST

START_TEST(test_features_ok_refuses_what_was_not_offered)
{
	negotiate(1u << 4, FEATURES_HI);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(0, FEATURES_HI | 2); /* bit 33 */
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
	wr(VIRTIO_MMIO_STATUS, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1); /* bit 64 */
	negotiate(0, FEATURES_HI);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
}
END_TEST

/* DRIVER_OK needs FEATURES_OK; the driver can neither set nor clear DEVICE_NEEDS_RESET. */
START_TEST(test_status_bits_the_driver_cannot_set)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_DRIVER_OK | S_NEEDS_RESET);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), S_ACK | S_DRIVER);
	bring_up();
	mmio.status |= S_NEEDS_RESET;
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS) & S_NEEDS_RESET, S_NEEDS_RESET);
}
END_TEST

/* A used buffer raises InterruptStatus bit 0 and the line; InterruptACK lowers them. */
START_TEST(test_used_buffer_interrupt)
{
	u32 id, len;

	bring_up();
	ring_desc(&ring, 0, GUEST_BUF, 24, 0, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(notified, 1);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	ring_used(&ring, 0, &id, &len);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(len, 24);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
	ck_assert(line);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	ck_assert(!line);
	ck_assert_uint_eq(line_changes, 2);
}
END_TEST

/* Nothing is consumed before DRIVER_OK (3.1.1); what waited is taken then. */
START_TEST(test_notify_before_driver_ok_waits)
{
	negotiate(0, FEATURES_HI);
	queue_regs(NUM, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ring_desc(&ring, 0, GUEST_BUF, 24, 0, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(notified, 0);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	ck_assert_uint_eq(notified, 1);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 5); /* no such queue */
	ck_assert_uint_eq(notified, 1);
}
END_TEST

START_TEST(test_queue_size_not_power_of_2)
{
	negotiate(0, FEATURES_HI);
	queue_regs(12, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0); /* the driver does not listen yet */
	ck_assert_str_eq(printk_log, "hyp7: warning: vm vm0: virtio-test: queue 0: queue size 12: "
				     "it must be a power of 2 from 1 to 16: the device needs a reset\n");
	/* DRIVER_OK: now it hears of it, and nothing runs. */
	ring_desc(&ring, 0, GUEST_BUF, 24, 0, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
	ck_assert_uint_eq(notified, 0);
}
END_TEST

/* A guest that breaks and resets its device in a loop: the first faults said, then counted. */
START_TEST(test_faults_said_a_bounded_number_of_times)
{
	unsigned int i, lines = 0;
	const char *p;

	for (i = 0; i < VIRTIO_MMIO_FAULTS_SAID + 10; i++) {
		wr(VIRTIO_MMIO_STATUS, 0);
		negotiate(0, FEATURES_HI);
		queue_regs(12, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
		wr(VIRTIO_MMIO_QUEUE_READY, 1);
		assert_needs_reset();
	}
	for (p = printk_log; (p = strchr(p, '\n')); p++)
		lines++;
	ck_assert_uint_eq(lines, VIRTIO_MMIO_FAULTS_SAID);
	ck_assert_ptr_nonnull(strstr(printk_log, "needs a reset (its next faults are not said)\n"));
}
END_TEST

START_TEST(test_queue_larger_than_max)
{
	negotiate(0, FEATURES_HI);
	queue_regs(QMAX * 2, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
	setup();
	negotiate(0, FEATURES_HI);
	queue_regs(0x10000 + NUM, GUEST_DESC, GUEST_AVAIL, GUEST_USED); /* not NUM in a u16 */
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
}
END_TEST

/* The guest is 32-bit: a high address word that is not 0 is a broken driver. */
START_TEST(test_ring_above_4g)
{
	negotiate(0, FEATURES_HI);
	queue_regs(NUM, GUEST_DESC, GUEST_AVAIL | 1ull << 32, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
	ck_assert_str_eq(printk_log, "hyp7: warning: vm vm0: virtio-test: queue 0: a ring above 4 GiB "
				     "(desc 0x40000000, driver 0x140008000, device 0x40009000): the "
				     "device needs a reset\n");
}
END_TEST

START_TEST(test_ring_outside_ram)
{
	negotiate(0, FEATURES_HI);
	queue_regs(NUM, 0x1000, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
}
END_TEST

/* Step 7 of 3.1.1 comes after step 5: a queue needs the features that say how its ring works. */
START_TEST(test_queue_ready_before_features_ok)
{
	wr(VIRTIO_MMIO_STATUS, S_ACK | S_DRIVER);
	queue_regs(NUM, GUEST_DESC, GUEST_AVAIL, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_needs_reset();
	ck_assert(strstr(printk_log, "queue 0: made ready before FEATURES_OK"));
}
END_TEST

/* A queue's registers do not change under a ready queue. */
START_TEST(test_queue_registers_locked_while_ready)
{
	bring_up();
	queue_regs(4, GUEST_BUF, GUEST_BUF, GUEST_BUF);
	ck_assert_uint_eq(mmio.queue[0].num, NUM);
	ck_assert_uint_eq(mmio.queue[0].desc, GUEST_DESC);
	ck_assert_uint_eq(mmio.queue[0].device, GUEST_USED);
}
END_TEST

/* A ring error once running: DEVICE_NEEDS_RESET, a config interrupt, one warning, then nothing. */
START_TEST(test_ring_error_needs_reset)
{
	bring_up();
	ring_desc(&ring, 0, GUEST_BUF, 16, VIRTQ_DESC_F_NEXT, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_needs_reset();
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	ck_assert_str_eq(printk_log, "hyp7: warning: vm vm0: virtio-test: queue 0: chain at head 0: "
				     "more than 8 descriptors (a loop): the device needs a reset\n");
	printk_log_reset();
	ring_desc(&ring, 1, GUEST_BUF, 16, 0, 0);
	ring_publish(&ring, 1);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(notified, 1);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	virtio_mmio_needs_reset(&mmio, 0);
	ck_assert_str_eq(printk_log, ""); /* said once */
}
END_TEST

/* Status 0 resets the device and the transport; the driver can start again. */
START_TEST(test_status_0_resets)
{
	bring_up();
	ring_desc(&ring, 0, GUEST_BUF, 16, VIRTQ_DESC_F_NEXT, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_needs_reset();
	wr(VIRTIO_MMIO_STATUS, 0);
	ck_assert_uint_eq(resets, 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	ck_assert(!line);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	ck_assert_uint_eq(mmio.driver_features, 0);

	guest_mem_reset();
	ring_init(&ring, NUM);
	bring_up();
	ring_desc(&ring, 0, GUEST_BUF, 16, 0, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
}
END_TEST

START_TEST(test_config_changed)
{
	u32 gen = rd(VIRTIO_MMIO_CONFIG_GENERATION);

	virtio_mmio_config_changed(&mmio);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_CONFIG_GENERATION), gen + 1);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0); /* before DRIVER_OK */
	bring_up();
	virtio_mmio_config_changed(&mmio);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
}
END_TEST

/* Registers: aligned 32-bit accesses only; others read 0 and write nothing. */
START_TEST(test_register_access_widths)
{
	u32 v = 0xdeadbeef;

	virtio_mmio_access(&mmio, VIRTIO_MMIO_MAGIC_VALUE, 2, false, &v);
	ck_assert_uint_eq(v, 0);
	v = 0xdeadbeef;
	virtio_mmio_access(&mmio, VIRTIO_MMIO_MAGIC_VALUE + 1, 4, false, &v);
	ck_assert_uint_eq(v, 0);
	v = S_ACK;
	virtio_mmio_access(&mmio, VIRTIO_MMIO_STATUS, 1, true, &v);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), 0);
	virtio_mmio_access(&mmio, VIRTIO_MMIO_STATUS + 2, 4, true, &v);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS), 0);
}
END_TEST

/* The config space: aligned 8, 16 and 32-bit accesses, at offsets from 0x100. */
START_TEST(test_config_access_widths)
{
	u32 v;

	virtio_mmio_access(&mmio, 0x100, 4, false, &v);
	ck_assert_uint_eq(v, 0x13121110);
	virtio_mmio_access(&mmio, 0x102, 2, false, &v);
	ck_assert_uint_eq(v, 0x1312);
	virtio_mmio_access(&mmio, 0x105, 1, false, &v);
	ck_assert_uint_eq(v, 0x15);
	v = 0xdeadbeef;
	virtio_mmio_access(&mmio, 0x101, 2, false, &v);
	ck_assert_uint_eq(v, 0);
	v = 0xdeadbeef;
	virtio_mmio_access(&mmio, 0x100, 8, false, &v);
	ck_assert_uint_eq(v, 0);
	v = 0xabcd;
	virtio_mmio_access(&mmio, 0x104, 2, true, &v);
	ck_assert_uint_eq(config_written, 4u << 24 | 2 << 16 | 0xabcd);
}
END_TEST

static Suite *virtio_mmio_suite(void)
{
	Suite *s = suite_create("virtio_mmio");
	TCase *regs = tcase_create("registers"), *queues = tcase_create("queues");

	tcase_add_checked_fixture(regs, setup, NULL);
	tcase_add_test(regs, test_identity);
	tcase_add_test(regs, test_empty_transport);
	tcase_add_test(regs, test_device_features);
	tcase_add_test(regs, test_features_ok_needs_version_1);
	tcase_add_test(regs, test_features_ok_refuses_what_was_not_offered);
	tcase_add_test(regs, test_status_bits_the_driver_cannot_set);
	tcase_add_test(regs, test_config_changed);
	tcase_add_test(regs, test_register_access_widths);
	tcase_add_test(regs, test_config_access_widths);
	suite_add_tcase(s, regs);

	tcase_add_checked_fixture(queues, setup, NULL);
	tcase_add_test(queues, test_used_buffer_interrupt);
	tcase_add_test(queues, test_notify_before_driver_ok_waits);
	tcase_add_test(queues, test_queue_size_not_power_of_2);
	tcase_add_test(queues, test_faults_said_a_bounded_number_of_times);
	tcase_add_test(queues, test_queue_larger_than_max);
	tcase_add_test(queues, test_ring_above_4g);
	tcase_add_test(queues, test_ring_outside_ram);
	tcase_add_test(queues, test_queue_ready_before_features_ok);
	tcase_add_test(queues, test_queue_registers_locked_while_ready);
	tcase_add_test(queues, test_ring_error_needs_reset);
	tcase_add_test(queues, test_status_0_resets);
	suite_add_tcase(s, queues);
	return s;
}

int main(void)
{
	return run_suite(virtio_mmio_suite());
}
