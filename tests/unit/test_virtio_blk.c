/*
 * vdev/virtio_blk.c and its memory backend (virtio 1.2 section 5.2), as
 * Linux's virtio_blk uses them over virtio-mmio: every request type, the
 * answers to bad requests in the status byte, the chains too short to
 * answer, a read-only disk, and a backend that completes later.
 */
#include <check.h>
#include <string.h>

#include "fake_guest_mem.h"
#include "run_suite.h"
#include <hyp7/virtio_blk.h>

extern char printk_log[];
void printk_log_reset(void);

#define SECTORS 64
#define NUM 32
#define HDR GUEST_BUF
#define STATUS (GUEST_BUF + 0x100)
#define DATA (GUEST_BUF + 0x1000)
#define TABLE (GUEST_BUF + 0x800)
#define NEXT VIRTQ_DESC_F_NEXT
#define W VIRTQ_DESC_F_WRITE
#define BIT64(n) (1ull << (n))
#define BLK_FEATURES (BIT64(VIRTIO_BLK_F_SIZE_MAX) | BIT64(VIRTIO_BLK_F_SEG_MAX) | \
		      BIT64(VIRTIO_BLK_F_BLK_SIZE) | BIT64(VIRTIO_BLK_F_FLUSH))
#define STATUS_RUNNING (VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
			VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK)

static struct virtio_blk blk;
static struct virtio_blk_mem disk;
static u8 image[SECTORS * VIRTIO_BLK_SECTOR_SIZE];
static struct test_ring ring;
static bool line;

static void set_line(void *opaque, bool level)
{
	(void)opaque;
	line = level;
}

static const struct virtio_irq irq = { .set_level = set_line };

static u32 rd(u32 offset, u8 size)
{
	u32 v = 0xdeadbeef;

	virtio_mmio_access(&blk.mmio, offset, size, false, &v);
	return v;
}

static void wr(u32 offset, u32 v)
{
	virtio_mmio_access(&blk.mmio, offset, 4, true, &v);
}

/* Linux's probe, taking every feature offered but extra (EVENT_IDX, if asked). */
static void bring_up(u64 extra)
{
	u64 features = BLK_FEATURES | BIT64(VIRTIO_F_VERSION_1) | BIT64(VIRTIO_RING_F_INDIRECT_DESC) |
		       extra;

	wr(VIRTIO_MMIO_STATUS, 0);
	guest_mem_reset();
	ring_init(&ring, NUM);
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, features >> 32);
	wr(VIRTIO_MMIO_STATUS, STATUS_RUNNING & ~VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, GUEST_DESC);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, GUEST_AVAIL);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, GUEST_USED);
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	wr(VIRTIO_MMIO_STATUS, STATUS_RUNNING);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
}

static void make_disk(bool read_only)
{
	unsigned int i;

	for (i = 0; i < sizeof(image); i++)
		image[i] = i / VIRTIO_BLK_SECTOR_SIZE + i % 7;
	virtio_blk_mem_init(&disk, image, sizeof(image), read_only);
	virtio_blk_init(&blk, &disk.be, "hyp7-test-disk", &guest_mem, &irq, "vm0");
}

static void setup(void)
{
	printk_log_reset();
	line = false;
	make_disk(false);
	bring_up(0);
}

static void write_header(u32 type, u64 sector)
{
	u8 *h = guest_ptr(HDR);

	memset(h, 0, VIRTIO_BLK_HDR_SIZE);
	memcpy(h, &type, 4);
	memcpy(h + 8, &sector, 8);
	*(u8 *)guest_ptr(STATUS) = 0xee; /* the device must overwrite it */
}

/* Publishes the chain at head 0 and notifies; the used length of its entry. */
static u32 run_chain(void)
{
	u16 used = ring_used_idx(&ring);
	u32 id, len;

	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(ring_used_idx(&ring), (u16)(used + 1));
	ring_used(&ring, used, &id, &len);
	ck_assert_uint_eq(id, 0);
	return len;
}

/* A request as Linux makes it: header, data (if any), status; the status byte and the used length. */
static u8 request(u32 type, u64 sector, u32 data_len, bool device_writes, u32 *used_len)
{
	write_header(type, sector);
	ring_desc(&ring, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, data_len ? 1 : 2);
	ring_desc(&ring, 1, DATA, data_len, NEXT | (device_writes ? W : 0), 2);
	ring_desc(&ring, 2, STATUS, 1, W, 0);
	*used_len = run_chain();
	return *(u8 *)guest_ptr(STATUS);
}

START_TEST(test_config_and_features)
{
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_ID, 4), VIRTIO_ID_BLOCK);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES, 4),
			  BLK_FEATURES | BIT64(VIRTIO_RING_F_INDIRECT_DESC) | BIT64(VIRTIO_RING_F_EVENT_IDX));
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_CAPACITY, 4), SECTORS);
	ck_assert_uint_eq(rd(0x104, 4), 0);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_CAPACITY, 1), SECTORS);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_SEG_MAX, 4), VIRTIO_BLK_SEG_MAX);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_SIZE_MAX, 4), 64 * 1024);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_BLK_SIZE, 4), 512);
	ck_assert_uint_eq(rd(0x100 + VIRTIO_BLK_CFG_BLK_SIZE, 2), 512);
	ck_assert_uint_eq(rd(0x100 + 22, 4), 0); /* past the fields offered */
	ck_assert_uint_eq(rd(0x100 + 0x100, 4), 0);
}
END_TEST

START_TEST(test_read_only_feature)
{
	make_disk(true);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_DEVICE_FEATURES, 4) & BIT64(VIRTIO_BLK_F_RO),
			  BIT64(VIRTIO_BLK_F_RO));
}
END_TEST

START_TEST(test_write_then_read)
{
	u32 used_len;
	unsigned int i;

	for (i = 0; i < 1024; i++)
		((u8 *)guest_ptr(DATA))[i] = i * 3;
	ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 10, 1024, false, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(used_len, 1); /* only the status byte written */
	ck_assert_int_eq(memcmp(image + 10 * 512, guest_ptr(DATA), 1024), 0);
	ck_assert(line);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ck_assert(!line);

	memset(guest_ptr(DATA), 0, 1024);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 10, 1024, true, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(used_len, 1024 + 1);
	for (i = 0; i < 1024; i++)
		ck_assert_uint_eq(((u8 *)guest_ptr(DATA))[i], (u8)(i * 3));
	ck_assert(line);
}
END_TEST

/* The last sector, in data spread over three segments of an indirect table. */
START_TEST(test_read_over_segments_indirect)
{
	u32 used_len;

	write_header(VIRTIO_BLK_T_IN, SECTORS - 1);
	ring_desc(&ring, 0, TABLE, 5 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	table_desc(TABLE, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 1);
	table_desc(TABLE, 1, DATA, 100, W | NEXT, 2);
	table_desc(TABLE, 2, DATA + 0x400, 400, W | NEXT, 3);
	table_desc(TABLE, 3, DATA + 0x800, 12, W | NEXT, 4);
	table_desc(TABLE, 4, STATUS, 1, W, 0);
	used_len = run_chain();
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(used_len, 513);
	ck_assert_int_eq(memcmp(guest_ptr(DATA), image + 63 * 512, 100), 0);
	ck_assert_int_eq(memcmp(guest_ptr(DATA + 0x400), image + 63 * 512 + 100, 400), 0);
	ck_assert_int_eq(memcmp(guest_ptr(DATA + 0x800), image + 63 * 512 + 500, 12), 0);
}
END_TEST

START_TEST(test_flush)
{
	u32 used_len;

	ck_assert_uint_eq(request(VIRTIO_BLK_T_FLUSH, 0, 0, false, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(used_len, 1);
}
END_TEST

/* GET_ID: the serial in 20 bytes, NUL-padded (5.2.6). */
START_TEST(test_get_id)
{
	u32 used_len;

	memset(guest_ptr(DATA), 0xaa, 32);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_GET_ID, 0, VIRTIO_BLK_ID_BYTES, true, &used_len),
			  VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(used_len, 21);
	ck_assert_int_eq(memcmp(guest_ptr(DATA), "hyp7-test-disk\0\0\0\0\0\0\xaa", 21), 0);
}
END_TEST

START_TEST(test_unknown_type)
{
	u32 used_len;

	ck_assert_uint_eq(request(11 /* DISCARD, not offered */, 0, 512, false, &used_len),
			  VIRTIO_BLK_S_UNSUPP);
	ck_assert_uint_eq(used_len, 1);
	ck_assert_uint_eq(request(0x12345, 0, 0, false, &used_len), VIRTIO_BLK_S_UNSUPP);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING);
}
END_TEST

/* Past the capacity: IOERR, nothing read or written. */
START_TEST(test_sector_out_of_range)
{
	u8 before[sizeof(image)];
	u32 used_len;

	memcpy(before, image, sizeof(image));
	memset(guest_ptr(DATA), 0x5a, 1024);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, SECTORS, 512, true, &used_len), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(used_len, 1);
	ck_assert_uint_eq(*(u8 *)guest_ptr(DATA), 0x5a);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, SECTORS - 1, 1024, true, &used_len),
			  VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, SECTORS - 1, 1024, false, &used_len),
			  VIRTIO_BLK_S_IOERR);
	/* sector + length wraps around 2^64 */
	ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, ~0ull, 512, false, &used_len), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(*(u8 *)guest_ptr(DATA), 0x5a);
	ck_assert_int_eq(memcmp(before, image, sizeof(image)), 0);
	/* Up to the last sector is fine. */
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, SECTORS - 2, 1024, true, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, SECTORS, 0, true, &used_len), VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_not_whole_sectors)
{
	u32 used_len;

	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, 513, true, &used_len), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(used_len, 1);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 0, 100, false, &used_len), VIRTIO_BLK_S_IOERR);
}
END_TEST

/* Linux expects IOERR for a write to a read-only disk. */
START_TEST(test_write_to_read_only_disk)
{
	u8 before[sizeof(image)];
	u32 used_len;

	make_disk(true);
	bring_up(0);
	memcpy(before, image, sizeof(image));
	memset(guest_ptr(DATA), 0x77, 512);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 0, 512, false, &used_len), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(used_len, 1);
	ck_assert_int_eq(memcmp(before, image, sizeof(image)), 0);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, 512, true, &used_len), VIRTIO_BLK_S_OK);
}
END_TEST

/* No room for a header or a status: nothing to answer with, so the device needs a reset. */
static void assert_unanswerable(const char *message)
{
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), 0xee);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_CONFIG);
	ck_assert(line);
	ck_assert_str_eq(printk_log, message);
}

START_TEST(test_header_too_short)
{
	write_header(VIRTIO_BLK_T_IN, 0);
	ring_desc(&ring, 0, HDR, 8, NEXT, 1);
	ring_desc(&ring, 1, STATUS, 1, W, 0);
	assert_unanswerable("hyp7: warning: vm vm0: virtio-blk: queue 0: request at head 0: 8 bytes "
			    "to read and 1 to write, not a 16-byte header and a status byte: the "
			    "device needs a reset\n");
}
END_TEST

START_TEST(test_no_status_byte)
{
	write_header(VIRTIO_BLK_T_OUT, 0);
	ring_desc(&ring, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 1);
	ring_desc(&ring, 1, DATA, 512, 0, 0);
	assert_unanswerable("hyp7: warning: vm vm0: virtio-blk: queue 0: request at head 0: 528 bytes "
			    "to read and 0 to write, not a 16-byte header and a status byte: the "
			    "device needs a reset\n");
}
END_TEST

/* A ring error through the device: the same, and no request is taken after it. */
START_TEST(test_ring_error_stops_the_device)
{
	u32 id, len;

	write_header(VIRTIO_BLK_T_IN, 0);
	ring_desc(&ring, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 1);
	ring_desc(&ring, 1, DATA, 512, W | NEXT, 2);
	ring_desc(&ring, 2, STATUS, 1, W, 0);
	ring_desc(&ring, 3, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 3); /* a loop */
	ring_publish(&ring, 3);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_DEVICE_NEEDS_RESET,
			  VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	/* After a reset the disk works again. */
	wr(VIRTIO_MMIO_STATUS, 0);
	ck_assert(!line);
	bring_up(0);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, 512, true, &len), VIRTIO_BLK_S_OK);
	ring_used(&ring, 0, &id, &len);
	ck_assert_uint_eq(len, 513);
}
END_TEST

/* With EVENT_IDX, no interrupt until the used index passes used_event. */
START_TEST(test_event_idx_suppresses_interrupts)
{
	u32 used_len;

	bring_up(BIT64(VIRTIO_RING_F_EVENT_IDX));
	ring_set_used_event(&ring, 1);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_FLUSH, 0, 0, false, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), 0);
	ck_assert(!line);
	ck_assert_uint_eq(request(VIRTIO_BLK_T_FLUSH, 0, 0, false, &used_len), VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_INTERRUPT_STATUS, 4), VIRTIO_MMIO_INT_VRING);
	ck_assert(line);
	/* and the device asked to hear of the next request */
	ck_assert_uint_eq(ring_avail_event(&ring), 2);
}
END_TEST

/* A backend that holds its requests until the test completes them, as a host driver would. */
static struct virtio_blk_req *held[VIRTIO_BLK_INFLIGHT + 1];
static unsigned int nr_held;

static void held_submit(struct virtio_blk_backend *be, struct virtio_blk_req *req)
{
	(void)be;
	held[nr_held++] = req;
}

static struct virtio_blk_backend held_backend = { .capacity = SECTORS, .submit = held_submit };

static void async_setup(void)
{
	printk_log_reset();
	line = false;
	nr_held = 0;
	virtio_blk_init(&blk, &held_backend, "async", &guest_mem, &irq, "vm0");
	bring_up(0);
}

/* One flush request per descriptor i (header and status shared: only the count matters). */
static void publish_flushes(unsigned int n)
{
	unsigned int i;

	write_header(VIRTIO_BLK_T_FLUSH, 0);
	for (i = 0; i < n; i++) {
		ring_desc(&ring, i, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, NUM - 1);
		ring_publish(&ring, i);
	}
	ring_desc(&ring, NUM - 1, STATUS, 1, W, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

START_TEST(test_async_completion)
{
	u32 id, len;

	publish_flushes(1);
	ck_assert_uint_eq(nr_held, 1);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	ck_assert(!line);
	virtio_blk_complete(held[0], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	ring_used(&ring, 0, &id, &len);
	ck_assert_uint_eq(id, 0);
	ck_assert_uint_eq(len, 1);
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), VIRTIO_BLK_S_OK);
	ck_assert(line);
}
END_TEST

/* With every slot out the queue waits; a completion takes the next request. */
START_TEST(test_async_queue_waits_for_a_slot)
{
	publish_flushes(VIRTIO_BLK_INFLIGHT + 1);
	ck_assert_uint_eq(nr_held, VIRTIO_BLK_INFLIGHT);
	virtio_blk_complete(held[3], VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(ring_used_idx(&ring), 1);
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(nr_held, VIRTIO_BLK_INFLIGHT + 1);
	ck_assert_ptr_eq(held[VIRTIO_BLK_INFLIGHT], held[3]); /* the freed slot */
}
END_TEST

/* A completion after the driver reset the device is dropped: the buffers are not its any more. */
START_TEST(test_async_completion_after_reset)
{
	publish_flushes(1);
	wr(VIRTIO_MMIO_STATUS, 0);
	bring_up(0);
	*(u8 *)guest_ptr(STATUS) = 0xee;
	virtio_blk_complete(held[0], VIRTIO_BLK_S_OK);
	ck_assert_uint_eq(ring_used_idx(&ring), 0);
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), 0xee);
	ck_assert(!line);
	publish_flushes(1); /* the slot is free again */
	ck_assert_uint_eq(nr_held, 2);
}
END_TEST

/* A request larger than seg_max segments of size_max is refused before any work is done. */
START_TEST(test_request_over_the_maximum)
{
	static struct virtio_blk_backend huge = { .capacity = 1ull << 40, .submit = held_submit };
	unsigned int i;

	printk_log_reset();
	nr_held = 0;
	virtio_blk_init(&blk, &huge, "huge", &guest_mem, &irq, "vm0");
	bring_up(0);
	write_header(VIRTIO_BLK_T_IN, 0);
	/* Five descriptors of the same 1 MiB of RAM less the rings: over 3.9 MiB. */
	ring_desc(&ring, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 1);
	for (i = 1; i <= 5; i++)
		ring_desc(&ring, i, DATA, GUEST_RAM_SIZE - GUEST_ROM_SIZE - 0x11000, NEXT | W, i + 1);
	ring_desc(&ring, 6, STATUS, 1, W, 0);
	ck_assert_uint_eq(run_chain(), 1);
	ck_assert_uint_eq(*(u8 *)guest_ptr(STATUS), VIRTIO_BLK_S_IOERR);
	ck_assert_uint_eq(nr_held, 0);
}
END_TEST

/* A backend that, like a guest's other vCPU, makes one more request available for each it sees. */
static unsigned int refills;

static void refilling_submit(struct virtio_blk_backend *be, struct virtio_blk_req *req)
{
	(void)be;
	refills++;
	ring_publish(&ring, 0);
	virtio_blk_complete(req, VIRTIO_BLK_S_OK);
}

static struct virtio_blk_backend refilling_backend = { .capacity = SECTORS,
							.submit = refilling_submit };

/* However fast the ring refills, one notification takes a ring's worth; resume takes the next. */
START_TEST(test_refilled_ring_is_taken_a_ring_at_a_time)
{
	printk_log_reset();
	refills = 0;
	virtio_blk_init(&blk, &refilling_backend, "refill", &guest_mem, &irq, "vm0");
	bring_up(0);
	write_header(VIRTIO_BLK_T_FLUSH, 0);
	ring_desc(&ring, 0, HDR, VIRTIO_BLK_HDR_SIZE, NEXT, 1);
	ring_desc(&ring, 1, STATUS, 1, W, 0);
	ring_publish(&ring, 0);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ck_assert_uint_eq(refills, NUM);
	ck_assert(blk.more);
	virtio_blk_resume(&blk);
	ck_assert_uint_eq(refills, 2 * NUM);
	ck_assert_uint_eq(ring_used_idx(&ring), 2 * NUM);
	ck_assert_uint_eq(rd(VIRTIO_MMIO_STATUS, 4), STATUS_RUNNING); /* nothing wrong with it */
	ck_assert_str_eq(printk_log, "");
}
END_TEST

static Suite *virtio_blk_suite(void)
{
	Suite *s = suite_create("virtio_blk");
	TCase *ok = tcase_create("requests"), *bad = tcase_create("bad requests");
	TCase *async = tcase_create("async backend");

	tcase_add_checked_fixture(ok, setup, NULL);
	tcase_add_test(ok, test_config_and_features);
	tcase_add_test(ok, test_read_only_feature);
	tcase_add_test(ok, test_write_then_read);
	tcase_add_test(ok, test_read_over_segments_indirect);
	tcase_add_test(ok, test_flush);
	tcase_add_test(ok, test_get_id);
	tcase_add_test(ok, test_event_idx_suppresses_interrupts);
	suite_add_tcase(s, ok);

	tcase_add_checked_fixture(bad, setup, NULL);
	tcase_add_test(bad, test_unknown_type);
	tcase_add_test(bad, test_sector_out_of_range);
	tcase_add_test(bad, test_not_whole_sectors);
	tcase_add_test(bad, test_write_to_read_only_disk);
	tcase_add_test(bad, test_header_too_short);
	tcase_add_test(bad, test_no_status_byte);
	tcase_add_test(bad, test_ring_error_stops_the_device);
	suite_add_tcase(s, bad);

	tcase_add_checked_fixture(async, async_setup, NULL);
	tcase_add_test(async, test_async_completion);
	tcase_add_test(async, test_async_queue_waits_for_a_slot);
	tcase_add_test(async, test_async_completion_after_reset);
	tcase_add_test(async, test_refilled_ring_is_taken_a_ring_at_a_time);
	tcase_add_test(async, test_request_over_the_maximum);
	suite_add_tcase(s, async);
	return s;
}

int main(void)
{
	return run_suite(virtio_blk_suite());
}
