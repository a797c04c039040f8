/*
 * A fake of the mmu_arch_* interface for the host unit tests: simulated
 * physical memory with a write-back cache in front of it, so tests can see
 * which table writes reached the point of coherency.
 *
 * Memory: FAKE_MEM_SIZE bytes at physical FAKE_MEM_BASE. The lower half is
 * the tests' own (fake_mem()), tables and bounce pages come from the upper
 * half. Each byte exists twice: the CPU's view (what loads and stores see)
 * and the PoC view (what a non-coherent table walker sees). Only
 * mmu_arch_clean_to_poc() copies the first to the second, a cache line at a
 * time; a freshly allocated page is zero in the CPU's view and stale
 * garbage at PoC.
 */
#ifndef FAKE_ARCH_H
#define FAKE_ARCH_H

#include <check.h>
#include <hyp7/pgtable.h>

#define FAKE_MEM_BASE 0x40000000ull
#define FAKE_MEM_SIZE (64ull << 20)
#define FAKE_POOL_OFFSET (32ull << 20)
#define FAKE_CACHE_LINE 64

/*
 * An assertion for hot paths: check's ck_assert*() record the location of
 * every assertion that passes, far too slow for millions of them.
 */
#define REQUIRE(cond, ...)                     \
	do {                                   \
		if (!(cond))                   \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

struct fake_arch {
	unsigned live_tables;   /* allocated and not freed yet */
	unsigned allocs;
	unsigned fail_alloc_at; /* the nth allocation from now fails (1: the next); 0: none */
	unsigned clean_calls;
	const void *last_clean_va;
	size_t last_clean_size;
	unsigned tlbi_calls;
	u64 last_tlbi_ia;
	/* TLB invalidations of an ia that the PoC view still mapped: a broken break-before-make */
	unsigned tlbi_while_mapped;
};

extern struct fake_arch fake;

/* Everything freed, counters zero, no kernel VA ranges. */
void fake_arch_reset(void);
/* The CPU's view of the tests' half of memory at offset (below FAKE_POOL_OFFSET). */
u8 *fake_mem(u64 offset);
/* Makes mmu_arch_va_to_pa() translate [va, va + size) to pa: a fake kernel mapping. */
void fake_arch_map_kernel(u64 va, u64 pa, u64 size);
/* Whether memory at PoC holds what the CPU sees in [va, va + size). */
bool fake_poc_matches(const void *va, size_t size);
/* The leaf a non-coherent walker finds for ia in pt's tables, or 0. */
u64 fake_poc_desc_at(const struct pgtable *pt, u64 ia);

#endif
