#include <string.h>

#include "fake_guest_mem.h"

static u8 guest_ram[GUEST_RAM_SIZE] __attribute__((aligned(4096)));

/* As the VMM's must: all of the range in RAM, no wrap-around, no writes to what is read-only. */
static void *map(void *opaque, ipaddr_t ipa, u32 len, bool writable)
{
	u64 a = ipa_addr(ipa);

	(void)opaque;
	if (a < GUEST_RAM_BASE || a - GUEST_RAM_BASE > GUEST_RAM_SIZE ||
	    len > GUEST_RAM_SIZE - (a - GUEST_RAM_BASE))
		return NULL;
	if (writable && a + len > GUEST_ROM_BASE)
		return NULL;
	return guest_ram + (a - GUEST_RAM_BASE);
}

const struct virtio_guest_mem guest_mem = { .map = map };

void guest_mem_reset(void)
{
	memset(guest_ram, 0, sizeof(guest_ram));
}

void *guest_ptr(u64 ipa)
{
	return guest_ram + (ipa - GUEST_RAM_BASE);
}

void guest_put16(u64 ipa, u16 v)
{
	memcpy(guest_ptr(ipa), &v, 2);
}

u16 guest_get16(u64 ipa)
{
	u16 v;

	memcpy(&v, guest_ptr(ipa), 2);
	return v;
}

void table_desc(u64 ipa, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	u8 *d = guest_ptr(ipa + 16ull * i);

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

void ring_init(struct test_ring *r, u16 num)
{
	*r = (struct test_ring){ .num = num };
}

void ring_desc(const struct test_ring *r, u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	(void)r;
	table_desc(GUEST_DESC, i, addr, len, flags, next);
}

void ring_set_avail_idx(struct test_ring *r, u16 idx)
{
	r->avail_idx = idx;
	guest_put16(GUEST_AVAIL + 2, idx);
}

void ring_publish(struct test_ring *r, u16 head)
{
	guest_put16(GUEST_AVAIL + 4 + 2 * (r->avail_idx % r->num), head);
	ring_set_avail_idx(r, r->avail_idx + 1);
}

void ring_set_avail_flags(const struct test_ring *r, u16 flags)
{
	(void)r;
	guest_put16(GUEST_AVAIL, flags);
}

void ring_set_used_event(const struct test_ring *r, u16 event)
{
	guest_put16(GUEST_AVAIL + 4 + 2 * r->num, event);
}

u16 ring_avail_event(const struct test_ring *r)
{
	return guest_get16(GUEST_USED + 4 + 8 * r->num);
}

u16 ring_used_idx(const struct test_ring *r)
{
	(void)r;
	return guest_get16(GUEST_USED + 2);
}

void ring_used(const struct test_ring *r, u16 i, u32 *id, u32 *len)
{
	const u8 *e = guest_ptr(GUEST_USED + 4 + 8 * (i % r->num));

	memcpy(id, e, 4);
	memcpy(len, e + 4, 4);
}
