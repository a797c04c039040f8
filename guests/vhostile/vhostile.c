/*
 * vhostile: a driver of the VM's virtio-blk disk (virtio-mmio transport at
 * 0x0a000000, virtio 1.2 section 4.2.2, SPI 16 = GIC ID 48) that first
 * behaves and then writes every kind of broken ring it can think of.
 *  1. Bring-up as a modern driver (3.1.1): magic, version 2, device ID 2,
 *     reset, ACKNOWLEDGE|DRIVER, VERSION_1 + INDIRECT_DESC + EVENT_IDX,
 *     FEATURES_OK kept, queue 0 of 8 entries in this image's .bss,
 *     DRIVER_OK. Refused negotiations (a feature not offered, no
 *     VERSION_1, a bit above 63) must read back without FEATURES_OK.
 *  2. Good requests: a write and read-back of sector 0 and of the last
 *     sector, GET_ID, FLUSH, an unknown type (UNSUPP), reads and writes
 *     past the capacity, a sector number whose byte offset wraps 2^64,
 *     data that is not whole sectors (IOERR); a header split over two
 *     descriptors, an indirect table, a buffer ending at RAM's last byte
 *     (all fine); the used-ring interrupt reaches the GIC as ID 48.
 *  3. Broken rings (2.7): a loop, buffers outside RAM or running past its
 *     end, a buffer wrapping 2^64, bad indirect tables (huge, not a
 *     multiple of 16, empty, with NEXT, nested, outside RAM), an available
 *     index far ahead, next or head past the queue, a readable descriptor
 *     after a writable one, a header too short, no status byte. Each must
 *     leave nothing used and set DEVICE_NEEDS_RESET with the configuration
 *     interrupt (2.1.2); then a reset (Status reads 0), a new bring-up and
 *     a read of sector 0 that must work again.
 *  4. Rings hyp7 must refuse when the queue is made ready (outside RAM,
 *     above 4 GiB, misaligned, a size not a power of 2 or above
 *     QueueNumMax, before FEATURES_OK): hyp7's transport
 *     (vdev/virtio_mmio.c) then leaves QueueReady at 0 and sets
 *     DEVICE_NEEDS_RESET at once, and raises the configuration interrupt
 *     when DRIVER_OK is written.
 * Every wait is bounded (WAIT_MS); a device that does not answer is a
 * FAIL and the guest goes on. MMU and caches stay off: what the device
 * writes is read straight from RAM.
 */
#include "guest.h"
#include "virtio.h"

#define VIO_BASE VIO_TRANSPORT(0) /* the disk's */

/* virtio-blk (5.2). */
#define VIRTIO_ID_BLOCK 2
#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define S_OK 0
#define S_IOERR 1
#define S_UNSUPP 2
#define ID_BYTES 20
#define SECTOR 512
#define CFG_CAPACITY 0

/* GIC, for the device's interrupt. */
#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define SPURIOUS 1023

#define QN 8                /* our queue size */
#define WAIT_MS 200         /* the longest any answer may take */
#define STATUS_UNTOUCHED 0xa5

struct vavail {
	u16 flags, idx, ring[QN], used_event;
};
struct vused {
	u16 flags, idx;
	struct vused_elem ring[QN];
	u16 avail_event;
};
struct blk_hdr {
	u32 type, reserved;
	u64 sector;
};

static volatile struct vdesc desc[QN] __attribute__((aligned(4096)));
static volatile struct vavail avail __attribute__((aligned(64)));
static volatile struct vused used __attribute__((aligned(64)));
static volatile struct vdesc itab[2][QN] __attribute__((aligned(16)));
static volatile struct blk_hdr hdr __attribute__((aligned(16)));
static volatile u8 data[2 * SECTOR] __attribute__((aligned(16)));
static volatile u8 status_byte __attribute__((aligned(16)));

static u16 avail_idx, last_used;
static u32 dev_features[2];
static u64 capacity;
static u32 ram_end;

/* The transport: VIO_BASE under hyp7; "virtio=" for plain QEMU, which fills its slots from the top. */
static u32 vio_base = VIO_BASE, vio_irq_id = 32 + VIO_SPI(0);

static u32 vr(u32 off) { return readl(vio_base + off); }
static void vw(u32 off, u32 v) { writel(vio_base + off, v); }
static u32 pa(volatile const void *p) { return (u32)(uptr)p; }


static void set_desc(volatile struct vdesc *t, u32 i, u64 addr, u32 len, u16 flags, u16 next)
{
	t[i].addr = addr;
	t[i].len = len;
	t[i].flags = flags;
	t[i].next = next;
}

static u8 pattern(u32 sector, u32 i)
{
	return (u8)(i * 7 + 0x5a + sector * 13 + (i >> 8));
}

static void fill_data(u32 sector, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		data[i] = pattern(sector, i);
}

/* Index of the first byte of data[0, len) that is not sector's pattern, or len. */
static u32 data_mismatch(u32 sector, u32 len)
{
	u32 i;

	for (i = 0; i < len && data[i] == pattern(sector, i); i++)
		;
	return i;
}

static void rings_clear(void)
{
	u32 i;

	for (i = 0; i < QN; i++) {
		set_desc(desc, i, 0, 0, 0, 0);
		set_desc(itab[0], i, 0, 0, 0, 0);
		set_desc(itab[1], i, 0, 0, 0, 0);
		avail.ring[i] = 0;
		used.ring[i].id = used.ring[i].len = 0;
	}
	avail.flags = avail.idx = avail.used_event = 0;
	used.flags = used.idx = used.avail_event = 0;
	avail_idx = last_used = 0;
	dsb();
}

/*
 * One step of the bring-up: verbose prints every step, quiet only the
 * first that goes wrong (ctx says after which case).
 */
static int step(int verbose, const char *ctx, const char *what, u32 got, u32 want)
{
	if (got == want) {
		if (verbose)
			ok("%s 0x%x", what, got);
		return 1;
	}
	fail("%s%s%s expected 0x%x got 0x%x", ctx, *ctx ? ": " : "", what, want, got);
	return 0;
}

/*
 * Reset, ACKNOWLEDGE|DRIVER, driver features lo/hi (and word 2, beyond any
 * feature, if w2), FEATURES_OK; returns Status as read back.
 */
static u32 negotiate(u32 lo, u32 hi, u32 w2)
{
	vw(VIO_STATUS, 0);
	vw(VIO_STATUS, ST_ACKNOWLEDGE);
	vw(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vw(VIO_DEVICE_FEATURES_SEL, 0);
	dev_features[0] = vr(VIO_DEVICE_FEATURES);
	vw(VIO_DEVICE_FEATURES_SEL, 1);
	dev_features[1] = vr(VIO_DEVICE_FEATURES);
	if (w2) {
		vw(VIO_DRIVER_FEATURES_SEL, 2);
		vw(VIO_DRIVER_FEATURES, w2);
	}
	vw(VIO_DRIVER_FEATURES_SEL, 0);
	vw(VIO_DRIVER_FEATURES, lo);
	vw(VIO_DRIVER_FEATURES_SEL, 1);
	vw(VIO_DRIVER_FEATURES, hi);
	vw(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	return vr(VIO_STATUS);
}

/* Queue 0 at these addresses (64-bit, as the registers take them); QueueReady as read back. */
static u32 queue_setup(u64 d, u64 drv, u64 dev, u32 num)
{
	vw(VIO_QUEUE_SEL, 0);
	vw(VIO_QUEUE_NUM, num);
	vw(VIO_QUEUE_DESC_LOW, (u32)d);
	vw(VIO_QUEUE_DESC_HIGH, (u32)(d >> 32));
	vw(VIO_QUEUE_DRIVER_LOW, (u32)drv);
	vw(VIO_QUEUE_DRIVER_HIGH, (u32)(drv >> 32));
	vw(VIO_QUEUE_DEVICE_LOW, (u32)dev);
	vw(VIO_QUEUE_DEVICE_HIGH, (u32)(dev >> 32));
	vw(VIO_QUEUE_READY, 1);
	return vr(VIO_QUEUE_READY);
}

/* What we take of word 0: the ring features, if offered (read now: the first caller may come before any negotiate()). */
static u32 wanted_features_lo(void)
{
	vw(VIO_DEVICE_FEATURES_SEL, 0);
	dev_features[0] = vr(VIO_DEVICE_FEATURES);
	return dev_features[0] & (F_INDIRECT_DESC | F_EVENT_IDX);
}

static int bring_up(int verbose, const char *ctx)
{
	u32 st, lo;

	vw(VIO_STATUS, 0);
	if (!step(verbose, ctx, "reset: status", vr(VIO_STATUS), 0) ||
	    !step(verbose, ctx, "reset: interrupt status", vr(VIO_INTERRUPT_STATUS), 0))
		return 0;
	vw(VIO_DEVICE_FEATURES_SEL, 0);
	lo = vr(VIO_DEVICE_FEATURES) & (F_INDIRECT_DESC | F_EVENT_IDX);
	st = negotiate(lo, F_HI_VERSION_1, 0);
	if (verbose)
		print("note device features 0x%08x_%08x, driver takes 0x00000001_%08x\n",
		      dev_features[1], dev_features[0], lo);
	if (!step(verbose, ctx, "VERSION_1 offered (feature word 1 bit 0)",
		  dev_features[1] & F_HI_VERSION_1, F_HI_VERSION_1) ||
	    !step(verbose, ctx, "FEATURES_OK stays set: status", st,
		  ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK))
		return 0;
	vw(VIO_QUEUE_SEL, 0);
	if (verbose) {
		u32 max = vr(VIO_QUEUE_NUM_MAX);
		check(max >= QN && !(max & (max - 1)), "queue 0 QueueNumMax", ">= 8, a power of 2",
		      "%u", max);
	}
	if (!step(verbose, ctx, "queue 0 QueueReady before set-up", vr(VIO_QUEUE_READY), 0))
		return 0;
	rings_clear();
	if (!step(verbose, ctx, "queue 0 of 8 made ready: QueueReady",
		  queue_setup(pa(desc), pa(&avail), pa(&used), QN), 1))
		return 0;
	vw(VIO_STATUS, ST_UP);
	if (!step(verbose, ctx, "DRIVER_OK: status", vr(VIO_STATUS), ST_UP))
		return 0;
	if (!verbose)
		ok("%s: reset and up again, status 0x%x", ctx, vr(VIO_STATUS));
	return 1;
}

/* ---- the GIC: the device's line, polled through GICC_IAR with IRQs masked ---- */

static void gic_init(void)
{
	writel(GICD_BASE + GICD_CTLR, 1);
	writeb(GICD_BASE + GICD_IPRIORITYR + vio_irq_id, 0xa0);
	writeb(GICD_BASE + GICD_ITARGETSR + vio_irq_id, 1);
	writel(GICD_BASE + GICD_ISENABLER + vio_irq_id / 32 * 4, 1u << (vio_irq_id % 32));
	writel(GICC_BASE + GICC_PMR, 0xf0);
	writel(GICC_BASE + GICC_CTLR, 1);
}

/* Acknowledges whatever is pending (at most a few), so that a later check starts clean. */
static void gic_drain(void)
{
	u32 i, iar;

	for (i = 0; i < 8; i++) {
		iar = readl(GICC_BASE + GICC_IAR);
		if ((iar & 0x3ff) == SPURIOUS)
			return;
		writel(GICC_BASE + GICC_EOIR, iar);
	}
}

/* The ID the GIC hands out within WAIT_MS (activated: the caller EOIs it), or SPURIOUS. */
static u32 gic_wait_iar(void)
{
	u32 i, iar = SPURIOUS;

	for (i = 0; i <= WAIT_MS; i++) {
		iar = readl(GICC_BASE + GICC_IAR);
		if ((iar & 0x3ff) != SPURIOUS)
			break;
		spin_ms(1);
	}
	return iar;
}

/* ---- requests ---- */

static void publish(u16 head)
{
	avail.ring[avail_idx % QN] = head;
	/* EVENT_IDX: an interrupt when the entry we are about to wait for is used. */
	avail.used_event = last_used;
	dsb();
	avail.idx = ++avail_idx;
	dsb();
	vw(VIO_QUEUE_NOTIFY, 0);
}

static int wait_used(void)
{
	u32 i;

	for (i = 0;; i++) {
		dsb();
		if (used.idx != last_used)
			return 1;
		if (i >= WAIT_MS)
			return 0;
		spin_ms(1);
	}
}

static void set_hdr(u32 type, u64 sector)
{
	hdr.type = type;
	hdr.reserved = 0;
	hdr.sector = sector;
	status_byte = STATUS_UNTOUCHED;
}

/* Set: complete() leaves InterruptStatus alone, for a look at the GIC first. */
static int keep_isr;

/*
 * Takes the next used entry (its id and len, and the status byte) within
 * WAIT_MS. A device that does not answer leaves the ring out of step: it
 * is then reset and brought up again, and the caller fails the check.
 */
static int take_used(const char *what, u32 *id, u32 *len, u8 *st)
{
	if (!wait_used()) {
		fail("%s: nothing used within %u ms (used idx %u, device status 0x%x)", what,
		     WAIT_MS, used.idx, vr(VIO_STATUS));
		bring_up(0, "resync after a lost request");
		return 0;
	}
	*id = used.ring[last_used % QN].id;
	*len = used.ring[last_used % QN].len;
	last_used++;
	*st = status_byte;
	if (!keep_isr)
		vw(VIO_INTERRUPT_ACK, vr(VIO_INTERRUPT_STATUS) & INT_VRING);
	return 1;
}

/* The used entry of head must carry want_len, the status byte want_status. */
static int complete(const char *what, u16 head, u8 want_status, u32 want_len)
{
	u32 id, len;
	u8 st;

	if (!take_used(what, &id, &len, &st))
		return 0;
	return check(id == head && len == want_len && st == want_status && used.idx == last_used,
		     what, "the used entry and status asked", "used id %u len %u, status %u (want %u %u %u)",
		     id, len, st, head, want_len, want_status);
}

/* The usual chain in descriptors 0-2: header, data (device-writable or not), status. */
static int request(const char *what, u32 type, u64 sector, u32 data_len, int data_writable,
		   u8 want_status, u32 want_len)
{
	set_hdr(type, sector);
	if (data_len) {
		set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
		set_desc(desc, 1, pa(data), data_len, D_NEXT | (data_writable ? D_WRITE : 0), 2);
	} else {
		set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 2);
	}
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	return complete(what, 0, want_status, want_len);
}

static void read_sector_check(const char *what, u32 sector)
{
	u32 bad;

	memset((void *)data, 0xee, sizeof(data));
	if (!request(what, T_IN, sector, SECTOR, 1, S_OK, SECTOR + 1))
		return;
	bad = data_mismatch(sector, SECTOR);
	check(bad == SECTOR, what, "the sector's pattern", "%u of 512 bytes match", bad);
}

static void write_sector(const char *what, u32 sector)
{
	fill_data(sector, SECTOR);
	request(what, T_OUT, sector, SECTOR, 0, S_OK, 1);
}

/* ---- after a hostile ring ---- */

/* ctx + suffix in buf (cut short to fit). */
static const char *join(char *buf, u32 size, const char *ctx, const char *suffix)
{
	u32 i = 0, j;

	for (j = 0; ctx[j] && i < size - 1; j++)
		buf[i++] = ctx[j];
	for (j = 0; suffix[j] && i < size - 1; j++)
		buf[i++] = suffix[j];
	buf[i] = 0;
	return buf;
}

/* The device must use nothing, set DEVICE_NEEDS_RESET and raise the configuration interrupt. */
static int expect_needs_reset(const char *ctx)
{
	char what[96];
	u32 st = 0, isr, i;
	u16 uidx;

	for (i = 0; i <= WAIT_MS; i++) {
		st = vr(VIO_STATUS);
		if (st & ST_NEEDS_RESET)
			break;
		spin_ms(1);
	}
	isr = vr(VIO_INTERRUPT_STATUS);
	dsb();
	uidx = used.idx;
	join(what, sizeof(what), ctx, ": needs reset");
	return check((st & ST_NEEDS_RESET) && (isr & INT_CONFIG) && uidx == last_used &&
			     status_byte == STATUS_UNTOUCHED,
		     what, "NEEDS_RESET, isr 2, none used",
		     "status 0x%x isr 0x%x used idx %u (was %u) status byte 0x%x", st, isr, uidx,
		     last_used, status_byte);
}

/* Reset, bring-up, and a read of sector 0 that must work. */
static void recover(const char *ctx)
{
	char what[96];

	if (!bring_up(0, ctx))
		return;
	read_sector_check(join(what, sizeof(what), ctx, ": read again"), 0);
}

static void hostile_end(const char *ctx)
{
	expect_needs_reset(ctx);
	recover(ctx);
}

/* ---- the cases ---- */

static void case_loop(void)
{
	u32 st, iar;

	gic_drain();
	/* Readable both, so that only the loop can be what is wrong. */
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(desc, 1, pa(data), SECTOR, D_NEXT, 0);
	publish(0);
	expect_needs_reset("loop 0->1->0");
	/* 2.1.2: the configuration change is an interrupt, ID 48 at the GIC. */
	iar = gic_wait_iar();
	check_eq("loop 0->1->0: GIC hands out the device's ID", iar & 0x3ff, vio_irq_id);
	if ((iar & 0x3ff) != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	/* Only a reset clears it (2.1.1). */
	vw(VIO_STATUS, ST_UP);
	st = vr(VIO_STATUS);
	check(st & ST_NEEDS_RESET, "loop 0->1->0: Status written without NEEDS_RESET", "it stays",
	      "status 0x%x", st);
	vw(VIO_INTERRUPT_ACK, INT_CONFIG);
	check_eq("loop 0->1->0: InterruptACK clears the config bit", vr(VIO_INTERRUPT_STATUS) & INT_CONFIG, 0);
	/* Still broken: the device touches nothing more, whatever is notified. */
	vw(VIO_QUEUE_NOTIFY, 0);
	check(used.idx == last_used && (vr(VIO_STATUS) & ST_NEEDS_RESET),
	      "loop 0->1->0: notify again", "nothing used, still NEEDS_RESET", "used idx %u status 0x%x",
	      used.idx, vr(VIO_STATUS));
	vw(VIO_STATUS, 0);
	iar = readl(GICC_BASE + GICC_IAR);
	check_eq("loop 0->1->0: line low after the reset (GIC IAR spurious)", iar & 0x3ff, SPURIOUS);
	if ((iar & 0x3ff) != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	recover("loop 0->1->0");
}

static void case_empty_loop(void)
{
	/* Descriptors of length 0 count for nothing, but still go round. */
	set_desc(desc, 0, pa(&hdr), 0, D_NEXT, 0);
	set_hdr(T_IN, 0);
	publish(0);
	hostile_end("loop of empty descriptors 0->0");
}

/* Header, then a device-writable data buffer at addr+len, then the status byte. */
static void bad_data_buffer(const char *ctx, u64 addr, u32 len)
{
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(desc, 1, addr, len, D_WRITE | D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	hostile_end(ctx);
}

static void case_outside_ram(void)
{
	u32 last = ram_end - 16, i;
	u8 before[16];

	bad_data_buffer("data at 0x10000000 (PCIe window)", 0x10000000, SECTOR);
	bad_data_buffer("data at 0xfffff000", 0xfffff000, SECTOR);
	bad_data_buffer("data at 0x08000000 (GICD)", 0x08000000, SECTOR);
	bad_data_buffer("data at 0x0a000000 (the device)", 0x0a000000, SECTOR);
	bad_data_buffer("data at 0x3ffffe00 (just below RAM)", 0x3ffffe00, SECTOR);
	bad_data_buffer("data at 0x3fffff00 (over RAM's start)", 0x3fffff00, SECTOR);
	bad_data_buffer("data at 0x1_40000000 (RAM + 4 GiB)", 0x140000000ull, SECTOR);

	/* Past RAM's end: nothing of it may be written, not even the part inside. */
	for (i = 0; i < 16; i++) {
		before[i] = (u8)(0xc3 ^ i);
		*(volatile u8 *)(uptr)(last + i) = before[i];
	}
	bad_data_buffer("data at RAM end - 16, 4096 bytes", last, 4096);
	for (i = 0; i < 16 && *(volatile u8 *)(uptr)(last + i) == before[i]; i++)
		;
	check(i == 16, "RAM's last 16 bytes after it", "unchanged", "%u of 16 unchanged", i);
	bad_data_buffer("data at RAM end, 1 byte", ram_end, 1);
	/* The last sector of RAM is RAM: a read into it is fine. */
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(desc, 1, ram_end - SECTOR, SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	if (complete("read into RAM's last 512 bytes", 0, S_OK, SECTOR + 1)) {
		for (i = 0; i < SECTOR && *(volatile u8 *)(uptr)(ram_end - SECTOR + i) == pattern(0, i); i++)
			;
		check(i == SECTOR, "RAM's last 512 bytes", "sector 0's pattern", "%u of 512 match", i);
	}
}

static void case_wrap(void)
{
	bad_data_buffer("data at 0xffffffff_fffff000, 0x2000 bytes", 0xfffffffffffff000ull, 0x2000);
	bad_data_buffer("data at 0xffffffff_ffffff00, 0x100 bytes", 0xffffffffffffff00ull, 0x100);
	/* The header the device reads first, wrapping too. */
	set_hdr(T_IN, 0);
	set_desc(desc, 0, 0xfffffffffffffff8ull, 16, D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	hostile_end("header at 0xffffffff_fffffff8");
}

/* desc 0 refers to an indirect table at addr of len bytes (flags added). */
static void bad_indirect(const char *ctx, u64 addr, u32 len, u16 flags)
{
	set_hdr(T_IN, 0);
	set_desc(itab[0], 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(itab[0], 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(itab[0], 2, pa(&status_byte), 1, D_WRITE, 0);
	set_desc(desc, 0, addr, len, D_INDIRECT | flags, 1);
	set_desc(desc, 1, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	hostile_end(ctx);
}

static void case_indirect(void)
{
	if (!check(dev_features[0] & F_INDIRECT_DESC, "INDIRECT_DESC offered", "feature bit 28",
		   "features 0x%08x", dev_features[0]))
		return;
	/* A good one first: header, data and status in a table of three. */
	memset((void *)data, 0xee, SECTOR);
	set_hdr(T_IN, 0);
	set_desc(itab[0], 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(itab[0], 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(itab[0], 2, pa(&status_byte), 1, D_WRITE, 0);
	set_desc(desc, 0, pa(itab[0]), 3 * sizeof(struct vdesc), D_INDIRECT, 0);
	publish(0);
	if (complete("indirect read of sector 0", 0, S_OK, SECTOR + 1))
		check(data_mismatch(0, SECTOR) == SECTOR, "indirect read data", "sector 0's pattern",
		      "%u of 512 match", data_mismatch(0, SECTOR));

	bad_indirect("indirect table of 0x100000 bytes", pa(itab[0]), 0x100000, 0);
	bad_indirect("indirect table of 40 bytes (not 16s)", pa(itab[0]), 40, 0);
	bad_indirect("indirect table of 0 bytes", pa(itab[0]), 0, 0);
	bad_indirect("indirect with NEXT", pa(itab[0]), 3 * sizeof(struct vdesc), D_NEXT);
	bad_indirect("indirect table at 0x20000000", 0x20000000, 3 * sizeof(struct vdesc), 0);
	bad_indirect("indirect table at 0xffffffff_fffffff0", 0xfffffffffffffff0ull, 48, 0);

	/* Nested: the table's only entry is itself an indirect descriptor. */
	set_hdr(T_IN, 0);
	set_desc(itab[1], 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(itab[1], 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(itab[1], 2, pa(&status_byte), 1, D_WRITE, 0);
	set_desc(itab[0], 0, pa(itab[1]), 3 * sizeof(struct vdesc), D_INDIRECT, 0);
	set_desc(desc, 0, pa(itab[0]), sizeof(struct vdesc), D_INDIRECT, 0);
	publish(0);
	hostile_end("nested indirect");

	/* A loop inside the table, and a next past the table's end. */
	set_hdr(T_IN, 0);
	set_desc(itab[0], 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(itab[0], 1, pa(&hdr), sizeof(hdr), D_NEXT, 0);
	set_desc(desc, 0, pa(itab[0]), 2 * sizeof(struct vdesc), D_INDIRECT, 0);
	publish(0);
	hostile_end("loop in an indirect table");
	set_hdr(T_IN, 0);
	set_desc(itab[0], 0, pa(&hdr), sizeof(hdr), D_NEXT, 3);
	set_desc(desc, 0, pa(itab[0]), 3 * sizeof(struct vdesc), D_INDIRECT, 0);
	publish(0);
	hostile_end("next 3 in an indirect table of 3");
}

static void case_avail_ahead(void)
{
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(desc, 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	avail.ring[avail_idx % QN] = 0;
	dsb();
	avail.idx = avail_idx + 1000;
	dsb();
	vw(VIO_QUEUE_NOTIFY, 0);
	hostile_end("avail idx 1000 ahead");
}

static void case_next_past(void)
{
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, QN);
	publish(0);
	hostile_end("next 8 in a queue of 8");
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 0xffff);
	publish(0);
	hostile_end("next 0xffff");
	/* The head itself past the queue. */
	set_hdr(T_IN, 0);
	publish(QN);
	hostile_end("avail head 8 in a queue of 8");
}

static void case_write_then_read(void)
{
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
	set_desc(desc, 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, 0, 0);
	publish(0);
	hostile_end("readable after writable");
}

static void case_short_header(void)
{
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), 8, D_NEXT, 1);
	set_desc(desc, 1, pa(data), SECTOR, D_WRITE | D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	hostile_end("header of 8 bytes");
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), 0, 0);
	publish(0);
	hostile_end("header only, no status byte");
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	hostile_end("status byte only, no header");
}

/* A queue hyp7 must refuse at QueueReady: NEEDS_RESET at once, the interrupt at DRIVER_OK. */
static void bad_queue(const char *ctx, u64 d, u64 drv, u64 dev, u32 num, int before_features_ok)
{
	char what[96];
	u32 ready, st, isr, st2;

	vw(VIO_STATUS, 0);
	rings_clear();
	if (before_features_ok) {
		/* 3.1.1: queues are set up after FEATURES_OK, which says how their rings work. */
		vw(VIO_STATUS, ST_ACKNOWLEDGE);
		vw(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
		ready = queue_setup(d, drv, dev, num);
		st = vr(VIO_STATUS);
		vw(VIO_DRIVER_FEATURES_SEL, 0);
		vw(VIO_DRIVER_FEATURES, wanted_features_lo());
		vw(VIO_DRIVER_FEATURES_SEL, 1);
		vw(VIO_DRIVER_FEATURES, F_HI_VERSION_1);
		vw(VIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	} else {
		negotiate(wanted_features_lo(), F_HI_VERSION_1, 0);
		ready = queue_setup(d, drv, dev, num);
		st = vr(VIO_STATUS);
	}
	isr = vr(VIO_INTERRUPT_STATUS);
	check(ready == 0 && (st & ST_NEEDS_RESET) && isr == 0, join(what, sizeof(what), ctx, ": refused"),
	      "QueueReady 0, NEEDS_RESET, isr 0", "QueueReady %u status 0x%x isr 0x%x",
	      ready, st, isr);
	vw(VIO_STATUS, ST_UP);
	st2 = vr(VIO_STATUS);
	isr = vr(VIO_INTERRUPT_STATUS);
	check((st2 & ST_NEEDS_RESET) && (isr & INT_CONFIG), join(what, sizeof(what), ctx, ": DRIVER_OK"),
	      "still NEEDS_RESET, isr 2", "status 0x%x isr 0x%x", st2, isr);
	/* A request there must go nowhere: the rings are ours, in RAM, and must stay untouched. */
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), sizeof(hdr), D_NEXT, 2);
	set_desc(desc, 2, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	spin_ms(2);
	check(used.idx == 0 && status_byte == STATUS_UNTOUCHED, join(what, sizeof(what), ctx, ": notify"),
	      "nothing done",
	      "used idx %u status byte 0x%x", used.idx, status_byte);
	recover(ctx);
}

static void case_bad_queues(void)
{
	u32 d = pa(desc), a = pa(&avail), u = pa(&used);

	bad_queue("desc ring at 0x20000000", 0x20000000, a, u, QN, 0);
	bad_queue("avail ring at 0x0a000000", d, 0x0a000000, u, QN, 0);
	bad_queue("used ring over RAM's end", d, a, ram_end - 8, QN, 0);
	bad_queue("used ring at RAM + 4 GiB", d, a, 0x100000000ull | u, QN, 0);
	bad_queue("desc ring 8-aligned", d + 8, a, u, QN, 0);
	bad_queue("used ring 2-aligned", d, a, u + 2, QN, 0);
	bad_queue("queue size 0", d, a, u, 0, 0);
	bad_queue("queue size 3", d, a, u, 3, 0);
	bad_queue("queue size 256 (above QueueNumMax)", d, a, u, 256, 0);
	bad_queue("queue made ready before FEATURES_OK", d, a, u, QN, 1);
}

/* Negotiations the device must refuse: FEATURES_OK does not stay set. */
static void case_bad_features(void)
{
	u32 st, unoffered = 31;

	while (unoffered > 0 && (dev_features[0] & (1u << unoffered)))
		unoffered--;
	st = negotiate(wanted_features_lo() | (1u << unoffered), F_HI_VERSION_1, 0);
	check(!(st & ST_FEATURES_OK), "features with an unoffered bit", "FEATURES_OK refused",
	      "bit %u: status 0x%x", unoffered, st);
	st = negotiate(wanted_features_lo(), 0, 0);
	check(!(st & ST_FEATURES_OK), "features without VERSION_1", "FEATURES_OK refused",
	      "status 0x%x", st);
	st = negotiate(wanted_features_lo(), F_HI_VERSION_1, 1);
	check(!(st & ST_FEATURES_OK), "features with bit 64", "FEATURES_OK refused", "status 0x%x",
	      st);
	vw(VIO_STATUS, 0);
	check_eq("reset after refused features: status", vr(VIO_STATUS), 0);
}

/* The capacity (config space, le64 in sectors): whole, at least 2 sectors, below 2^32. */
static int read_capacity(void)
{
	u32 cap_lo = vr(VIO_CONFIG + CFG_CAPACITY), cap_hi = vr(VIO_CONFIG + CFG_CAPACITY + 4);
	u32 gen = vr(VIO_CONFIG_GENERATION);

	capacity = (u64)cap_hi << 32 | cap_lo;
	if (!check(capacity >= 2 && cap_hi == 0, "capacity", "2 sectors or more, below 2^32",
		   "%u sectors (generation %u)", cap_lo, gen))
		return 0;
	vw(VIO_CONFIG + CFG_CAPACITY, 0x1234);
	check_eq("capacity after a config write (ignored)", vr(VIO_CONFIG + CFG_CAPACITY), cap_lo);
	check_eq("capacity byte 0 by a byte read", readb(vio_base + VIO_CONFIG), cap_lo & 0xff);
	return 1;
}

static void good_requests(void)
{
	u32 iar, last = (u32)capacity - 1, id5, len5;
	u8 id[ID_BYTES + 1], st5;
	u32 i;

	gic_drain();
	keep_isr = 1;
	write_sector("write sector 0", 0);
	keep_isr = 0;
	/* Used-buffer interrupt: the line is SPI 16. */
	iar = gic_wait_iar();
	check_eq("used-buffer interrupt: GIC hands out ID", iar & 0x3ff, vio_irq_id);
	check_eq("InterruptStatus", vr(VIO_INTERRUPT_STATUS), INT_VRING);
	vw(VIO_INTERRUPT_ACK, INT_VRING);
	if ((iar & 0x3ff) != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	iar = readl(GICC_BASE + GICC_IAR);
	check_eq("after InterruptACK and EOI: GIC IAR", iar & 0x3ff, SPURIOUS);
	if ((iar & 0x3ff) != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	read_sector_check("read sector 0", 0);
	write_sector("write the last sector", last);
	read_sector_check("read the last sector", last);

	memset((void *)data, 0, sizeof(data));
	if (request("GET_ID", T_GET_ID, 0, ID_BYTES, 1, S_OK, ID_BYTES + 1)) {
		for (i = 0; i < ID_BYTES; i++)
			id[i] = data[i];
		id[ID_BYTES] = 0;
		print("note GET_ID: \"%s\"\n", (const char *)id);
	}
	request("FLUSH", T_FLUSH, 0, 0, 0, S_OK, 1);
	request("type 0x1234", 0x1234, 0, SECTOR, 1, S_UNSUPP, 1);
	request("read at sector = capacity", T_IN, capacity, SECTOR, 1, S_IOERR, 1);
	request("read of 2 sectors from the last", T_IN, last, 2 * SECTOR, 1, S_IOERR, 1);
	request("read at sector 2^64 - 1", T_IN, ~0ull, SECTOR, 1, S_IOERR, 1);
	request("read of 100 bytes", T_IN, 0, 100, 1, S_IOERR, 1);
	fill_data(99, SECTOR);
	request("write at sector 2^55 (x512 = 2^64)", T_OUT, 1ull << 55, SECTOR, 0, S_IOERR, 1);
	request("write at sector = capacity", T_OUT, capacity, SECTOR, 0, S_IOERR, 1);
	request("write at sector 2^64 - 1", T_OUT, ~0ull, SECTOR, 0, S_IOERR, 1);
	read_sector_check("sector 0 after the refused writes", 0);

	/* Framing is the driver's (2.6.4): a header in two pieces is a header. */
	memset((void *)data, 0xee, SECTOR);
	set_hdr(T_IN, 0);
	set_desc(desc, 0, pa(&hdr), 8, D_NEXT, 1);
	set_desc(desc, 1, pa(&hdr) + 8, 8, D_NEXT, 2);
	set_desc(desc, 2, pa(data), SECTOR, D_WRITE | D_NEXT, 3);
	set_desc(desc, 3, pa(&status_byte), 1, D_WRITE, 0);
	publish(0);
	if (complete("header split 8+8", 0, S_OK, SECTOR + 1))
		check(data_mismatch(0, SECTOR) == SECTOR, "header split 8+8 data",
		      "sector 0's pattern", "%u of 512 match", data_mismatch(0, SECTOR));
	/* Data and status in one buffer, from a head other than 0. */
	memset((void *)data, 0xee, sizeof(data));
	set_hdr(T_IN, 0);
	set_desc(desc, 5, pa(&hdr), sizeof(hdr), D_NEXT, 6);
	set_desc(desc, 6, pa(data), SECTOR + 1, D_WRITE, 0);
	publish(5);
	if (take_used("data and status in one buffer, head 5", &id5, &len5, &st5))
		check(id5 == 5 && len5 == SECTOR + 1 && data_mismatch(0, SECTOR) == SECTOR &&
			      data[SECTOR] == S_OK,
		      "data and status in one buffer, head 5", "used id 5 len 513, pattern, status 0",
		      "used id %u len %u, %u of 512 match, status 0x%x", id5, len5,
		      data_mismatch(0, SECTOR), data[SECTOR]);
	/* Round the ring more than once (avail and used indices wrap the queue). */
	for (i = 0; i < 3 * QN; i++) {
		u32 id, len;
		u8 st;

		set_hdr(T_FLUSH, 0);
		set_desc(desc, i % QN, pa(&hdr), sizeof(hdr), D_NEXT, (i + 1) % QN);
		set_desc(desc, (i + 1) % QN, pa(&status_byte), 1, D_WRITE, 0);
		publish(i % QN);
		if (!take_used("ring round", &id, &len, &st))
			break;
		if (id != i % QN || len != 1 || st != S_OK)
			break;
	}
	check(i == 3 * QN, "24 flushes, three times round the ring", "all status 0",
	      "%u done, used idx %u", i, used.idx);
}


/* ---- a flood: every entry of a full-size queue reads the whole disk, per notify ---- */

#define FQN 128                       /* hyp7's QueueNumMax */
#define FLOOD_BUF 0x42000000u         /* RAM + 32 MiB: clear of the image and the DTB */
#define FLOOD_MAX_BYTES 0x100000u

struct favail {
	u16 flags, idx, ring[FQN], used_event;
};
struct fused {
	u16 flags, idx;
	struct vused_elem ring[FQN];
	u16 avail_event;
};
static volatile struct vdesc fdesc[FQN] __attribute__((aligned(16)));
static volatile struct favail favail __attribute__((aligned(64)));
static volatile struct fused fused __attribute__((aligned(64)));
static volatile struct vdesc ftab[FQN][3] __attribute__((aligned(16)));
static volatile u8 fstatus[FQN];
/* A notify's share of the flood is bounded; the rest comes in the vCPU's later turns. */
#define FLOOD_WAIT_MS 30000

static u32 flood_most_at_return;
static u32 flood_ms[8], flood_rounds, flood_bytes, flood_bad, flood_worst, flood_used, flood_seen;

/*
 * How long one notify keeps the vCPU in hyp7 when it names FQN requests of
 * up to 1 MiB each: hyp7 must take a bounded share of it per exit, so that
 * the VM beside it on the same CPU does not wait it out.
 */
static void flood(u32 rounds)
{
	u32 bytes = capacity * SECTOR < FLOOD_MAX_BYTES ? capacity * SECTOR : FLOOD_MAX_BYTES;
	u32 max, r, i, bad = 0, worst_ms = 0, ms, at_return, most_at_return = 0;
	u16 fused_seen = 0;
	u64 t0, t1;

	if (!rounds)
		return;
	negotiate(wanted_features_lo(), F_HI_VERSION_1, 0);
	vw(VIO_QUEUE_SEL, 0);
	max = vr(VIO_QUEUE_NUM_MAX);
	if (max < FQN || !(dev_features[0] & F_INDIRECT_DESC)) {
		print("note flood skipped: QueueNumMax %u, features 0x%08x\n", max, dev_features[0]);
		return;
	}
	for (i = 0; i < FQN; i++) {
		set_desc(ftab[i], 0, pa(&hdr), sizeof(hdr), D_NEXT, 1);
		set_desc(ftab[i], 1, FLOOD_BUF, bytes, D_WRITE | D_NEXT, 2);
		set_desc(ftab[i], 2, pa(&fstatus[i]), 1, D_WRITE, 0);
		set_desc(fdesc, i, pa(ftab[i]), sizeof(ftab[i]), D_INDIRECT, 0);
	}
	favail.flags = favail.idx = favail.used_event = 0;
	fused.flags = fused.idx = fused.avail_event = 0;
	set_hdr(T_IN, 0);
	if (queue_setup(pa(fdesc), pa(&favail), pa(&fused), FQN) != 1) {
		print("note flood: queue of %u not made ready (status 0x%x)\n", FQN, vr(VIO_STATUS));
		return;
	}
	vw(VIO_STATUS, ST_UP);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < FQN; i++) {
			fstatus[i] = STATUS_UNTOUCHED;
			favail.ring[(u16)(favail.idx + i) % FQN] = i;
		}
		favail.used_event = fused_seen;
		dsb();
		favail.idx += FQN;
		dsb();
		t0 = read_cntvct();
		vw(VIO_QUEUE_NOTIFY, 0);
		t1 = read_cntvct();
		/* A bounded share per notify: the ring is not all done when the notify returns. */
		at_return = (u16)(fused.idx - fused_seen);
		if (at_return > most_at_return)
			most_at_return = at_return;
		/* hyp7 takes a bounded share per notify and goes on in the vCPU's next turns. */
		for (i = 0; i <= FLOOD_WAIT_MS && fused.idx != (u16)(fused_seen + FQN); i++)
			spin_ms(1);
		ms = (u32)((t1 - t0) * 1000 / read_cntfrq());
		if (ms > worst_ms)
			worst_ms = ms;
		for (i = 0; i < FQN; i++) {
			volatile struct vused_elem *e = &fused.ring[(u16)(fused_seen + i) % FQN];

			if (e->len != bytes + 1 || fstatus[e->id % FQN] != S_OK)
				bad++;
		}
		fused_seen += FQN;
		vw(VIO_INTERRUPT_ACK, vr(VIO_INTERRUPT_STATUS));
		flood_ms[r % ARRAY_SIZE(flood_ms)] = ms;
	}
	flood_rounds = rounds;
	flood_bytes = bytes;
	flood_bad = bad;
	flood_worst = worst_ms;
	flood_used = fused.idx;
	flood_seen = fused_seen;
	flood_most_at_return = most_at_return;
	vw(VIO_STATUS, 0);
}

/* What the flood measured, told once the console is free. */
static void flood_report(void)
{
	u32 r;

	if (!flood_rounds)
		return;
	for (r = 0; r < flood_rounds && r < ARRAY_SIZE(flood_ms); r++)
		print("note flood round %u: one notify, %u reads of %u KiB, %u ms in hyp7\n", r, FQN,
		      flood_bytes / 1024, flood_ms[r]);
	check(flood_used == flood_seen && !flood_bad, "flood: every request done", "all used, status 0",
	      "used idx %u of %u, %u wrong; the longest notify %u ms", flood_used, flood_seen,
	      flood_bad, flood_worst);
	check(flood_most_at_return < FQN, "flood: a notify returns before its ring is done",
	      "fewer than 128 used", "at most %u used when a notify returned", flood_most_at_return);
}

void guest_main(void);
void guest_main(void)
{
	u32 magic;

	ram_end = guest_ram_end();
	vio_base = bootarg_u32("virtio", VIO_BASE);
	vio_irq_id = 32 + VIO_SPI((vio_base - VIO_BASE) / (VIO_TRANSPORT(1) - VIO_TRANSPORT(0)));
	/* The transport may be absent (a VM without a disk): its first read aborts. */
	if (!readl_may_abort(vio_base + VIO_MAGIC_VALUE, &magic)) {
		fail("virtio-mmio at 0x%08x expected a transport got a data abort (no disk?)", vio_base);
		return;
	}
	/*
	 * The flood first, before the slow console output below, while the VM
	 * beside it (victim) still has its work to do.
	 */
	if (magic == VIRTIO_MAGIC && vr(VIO_DEVICE_ID) == VIRTIO_ID_BLOCK) {
		capacity = (u64)vr(VIO_CONFIG + CFG_CAPACITY + 4) << 32 | vr(VIO_CONFIG + CFG_CAPACITY);
		flood(bootarg_u32("flood", 3));
	}
	print("vhostile: virtio-mmio at 0x%08x, RAM ends at 0x%08x; rings at desc 0x%08x avail 0x%08x used 0x%08x\n",
	      vio_base, ram_end, pa(desc), pa(&avail), pa(&used));
	if (!check_eq("MagicValue", magic, VIRTIO_MAGIC) ||
	    !check_eq("Version (modern)", vr(VIO_VERSION), 2) ||
	    !check_eq("DeviceID (block)", vr(VIO_DEVICE_ID), VIRTIO_ID_BLOCK))
		return;
	print("note VendorID 0x%08x\n", vr(VIO_VENDOR_ID));
	gic_init();
	if (!bring_up(1, "") || !read_capacity())
		return;
	flood_report();
	good_requests();
	case_bad_features();
	if (!bring_up(0, "after the refused features"))
		return;
	case_loop();
	case_empty_loop();
	case_outside_ram();
	case_wrap();
	case_indirect();
	case_avail_ahead();
	case_next_past();
	case_write_then_read();
	case_short_header();
	case_bad_queues();
	/* Last, the device still works as at the start. */
	if (bring_up(0, "at the end")) {
		read_sector_check("at the end: read sector 0", 0);
		read_sector_check("at the end: read the last sector", (u32)capacity - 1);
	}
	vw(VIO_STATUS, 0);
}
