/*
 * The machine's own disks, as the host kernel drives them: the virtio-blk
 * devices of the DTB's virtio,mmio nodes (drivers/host_disk.c), numbered
 * from the lowest address up. Requests are synchronous: the calling CPU
 * waits for the device, polling, for at most HOST_DISK_TIMEOUT_MS a
 * request. Any host CPU may call in; one lock per disk serialises them.
 *
 * Buffers are host kernel VAs in the linear map (or the image). On a
 * machine whose devices do not snoop the caches, a buffer being read into
 * should start and end on a cache line (64 bytes on Cortex-A15): the
 * lines at its edges are invalidated after the transfer, and other data
 * written to them meanwhile would be lost.
 *
 * Errors: -ENODEV (no such disk), -EINVAL (not whole sectors), -ERANGE
 * (past the end), -EROFS (a write to a read-only disk) come back silently,
 * for the caller to explain; -EIO and -ETIMEDOUT (the device failed) are
 * said once per disk, with what was asked. After a timeout the disk is
 * reset and every later request gets -EIO.
 */
#ifndef HYP7_HOST_DISK_H
#define HYP7_HOST_DISK_H

#include <hyp7/types.h>

#define HOST_DISK_MAX 8
#define HOST_DISK_SECTOR_SIZE 512
/* Bigger reads and writes go to the device in pieces of this size. */
#define HOST_DISK_REQUEST_MAX (64 << 10)
#define HOST_DISK_TIMEOUT_MS 10000

/* Finds the disks and prints a line for each; once, at boot, after mm_init(). */
void host_disk_probe(void);

unsigned int host_disk_count(void);
/* Capacity in 512-byte sectors; 0 for a disk that does not exist. */
u64 host_disk_sectors(unsigned int disk);
bool host_disk_read_only(unsigned int disk);

/* bytes: a multiple of HOST_DISK_SECTOR_SIZE. 0 or a negative error. */
int host_disk_read(unsigned int disk, u64 sector, void *buf, u32 bytes);
int host_disk_write(unsigned int disk, u64 sector, const void *buf, u32 bytes);
/* What was written is on the medium; 0 at once for a disk with no write cache. */
int host_disk_flush(unsigned int disk);

/*
 * hyp7.disk-check=read|write: reads sectors 0-7 of each disk and prints
 * their word sum and first bytes; with write, also overwrites the last
 * sector with a known pattern, flushes and reads it back
 * (drivers/disk_check.c).
 */
void host_disk_check(bool write);

#endif
