/*
 * A VM's RAM for the virtio tests: 1 MiB of host memory standing for IPAs
 * [GUEST_RAM_BASE, +GUEST_RAM_SIZE), whose last GUEST_ROM_SIZE bytes a
 * device may read but not write; and the driver's side of a split ring,
 * written into it as a guest would (fake_guest_mem.c).
 */
#ifndef FAKE_GUEST_MEM_H
#define FAKE_GUEST_MEM_H

#include <hyp7/virtqueue.h>

#define GUEST_RAM_BASE 0x40000000ull
#define GUEST_RAM_SIZE (1u << 20)
#define GUEST_ROM_SIZE 0x10000u
#define GUEST_ROM_BASE (GUEST_RAM_BASE + GUEST_RAM_SIZE - GUEST_ROM_SIZE)
/* Where the test driver puts its rings, and buffers from GUEST_BUF on. */
#define GUEST_DESC (GUEST_RAM_BASE + 0x0000)
#define GUEST_AVAIL (GUEST_RAM_BASE + 0x8000)
#define GUEST_USED (GUEST_RAM_BASE + 0x9000)
#define GUEST_BUF (GUEST_RAM_BASE + 0x10000)

extern const struct virtio_guest_mem guest_mem;

/* Zeroes the RAM. */
void guest_mem_reset(void);
/* The host's view of ipa, which must be in RAM. */
void *guest_ptr(u64 ipa);
/* A little-endian 16-bit field at ipa, as the driver writes and reads its rings. */
void guest_put16(u64 ipa, u16 v);
u16 guest_get16(u64 ipa);

/* The driver's state of one split ring of num entries at GUEST_DESC/AVAIL/USED. */
struct test_ring {
	u16 num;
	u16 avail_idx;
};

void ring_init(struct test_ring *r, u16 num);
void ring_desc(const struct test_ring *r, u16 i, u64 addr, u32 len, u16 flags, u16 next);
/* Descriptor i of the table at ipa (an indirect one). */
void table_desc(u64 ipa, u16 i, u64 addr, u32 len, u16 flags, u16 next);
/* Makes head available and publishes the new index. */
void ring_publish(struct test_ring *r, u16 head);
void ring_set_avail_idx(struct test_ring *r, u16 idx);
void ring_set_avail_flags(const struct test_ring *r, u16 flags);
void ring_set_used_event(const struct test_ring *r, u16 event);
u16 ring_avail_event(const struct test_ring *r);
u16 ring_used_idx(const struct test_ring *r);
/* The used ring's entry i (taken modulo num). */
void ring_used(const struct test_ring *r, u16 i, u32 *id, u32 *len);

#endif
