/*
 * hyp7.disk-check=read|write (include/hyp7/host_disk.h): proof that the
 * host reaches its disks, without any guest. The word sum (the sectors'
 * little-endian 32-bit words added modulo 2^32) and the first bytes can be
 * compared with the image on the machine that made it; the pattern written
 * to the last sector can be looked for there afterwards.
 */
#include <arch/memory.h>
#include <arch/mm.h>
#include <hyp7/host_disk.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>

#define CHECK_SECTORS 8
#define FIRST_BYTES 16
/* 16 bytes, repeated over the sector: easy to make again with printf(1). */
#define PATTERN "hyp7-disk-check\n"

_Static_assert(CHECK_SECTORS * HOST_DISK_SECTOR_SIZE + HOST_DISK_SECTOR_SIZE <= PAGE_SIZE * 2,
	       "the check's buffers fit its two pages");

static u32 word_sum(const u32 *words, u32 bytes)
{
	u32 sum = 0, i;

	for (i = 0; i < bytes / 4; i++)
		sum += words[i];
	return sum;
}

static void check_read(unsigned int disk, u8 *buf)
{
	u64 sectors = host_disk_sectors(disk);
	u32 n = sectors < CHECK_SECTORS ? (u32)sectors : CHECK_SECTORS;
	char bytes[FIRST_BYTES * 3 + 1];
	unsigned int i;
	int err;

	if (!n) {
		pr_info("disk%u: check: empty disk, nothing to read\n", disk);
		return;
	}
	err = host_disk_read(disk, 0, buf, n * HOST_DISK_SECTOR_SIZE);
	if (err) {
		pr_err("disk%u: check: reading sectors 0-%u failed (%d)\n", disk, n - 1, err);
		return;
	}
	for (i = 0; i < FIRST_BYTES; i++)
		snprintf(bytes + 3 * i, 4, " %02x", buf[i]);
	pr_info("disk%u: check: sectors 0-%u: word sum 0x%08x, first bytes%s\n", disk, n - 1,
		word_sum((const u32 *)buf, n * HOST_DISK_SECTOR_SIZE), bytes);
}

static void check_write(unsigned int disk, u8 *pattern, u8 *back)
{
	u64 last;
	unsigned int i;
	int err;

	if (host_disk_read_only(disk)) {
		pr_info("disk%u: check: read-only, nothing written\n", disk);
		return;
	}
	if (!host_disk_sectors(disk))
		return;
	last = host_disk_sectors(disk) - 1;
	for (i = 0; i < HOST_DISK_SECTOR_SIZE; i += sizeof(PATTERN) - 1)
		memcpy(pattern + i, PATTERN, sizeof(PATTERN) - 1);
	err = host_disk_write(disk, last, pattern, HOST_DISK_SECTOR_SIZE);
	if (!err)
		err = host_disk_flush(disk);
	if (!err)
		err = host_disk_read(disk, last, back, HOST_DISK_SECTOR_SIZE);
	if (err) {
		pr_err("disk%u: check: writing, flushing or reading back sector %llu failed (%d)\n",
		       disk, last, err);
		return;
	}
	if (memcmp(pattern, back, HOST_DISK_SECTOR_SIZE)) {
		pr_err("disk%u: check: sector %llu reads back other than what was written to it\n",
		       disk, last);
		return;
	}
	pr_info("disk%u: check: sector %llu written with \"hyp7-disk-check\" x 32, flushed, "
		"read back: ok\n", disk, last);
}

void host_disk_check(bool write)
{
	unsigned int disk;
	u8 *buf;

	if (!host_disk_count()) {
		pr_info("disk check: no disk\n");
		return;
	}
	buf = alloc_pages(2);
	if (!buf) {
		pr_err("disk check: no memory for its buffers\n");
		return;
	}
	for (disk = 0; disk < host_disk_count(); disk++) {
		check_read(disk, buf);
		if (write)
			check_write(disk, buf, buf + PAGE_SIZE);
	}
	free_pages(buf, 2);
}
