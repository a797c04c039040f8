/* The fake arch layer of the unit tests: see fake_arch.h. */
#include <check.h>
#include <string.h>
#include "fake_arch.h"

#define PAGE_BYTES PGTABLE_PAGE_SIZE
#define POOL_PAGES ((FAKE_MEM_SIZE - FAKE_POOL_OFFSET) / PAGE_BYTES)
#define MAX_KERNEL_RANGES 16
#define STALE_BYTE 0xA5 /* what memory at PoC holds under a new page */
#define FREED_BYTE 0x5A /* what a freed page holds, to catch use after free */

struct fake_arch fake;

static u8 cpu_view[FAKE_MEM_SIZE] __attribute__((aligned(4096)));
static u8 poc_view[FAKE_MEM_SIZE];
static bool pool_used[POOL_PAGES];

static struct {
	u64 va, pa, size;
} kernel_ranges[MAX_KERNEL_RANGES];
static unsigned nr_kernel_ranges;

void fake_arch_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(pool_used, 0, sizeof(pool_used));
	nr_kernel_ranges = 0;
}

static u64 mem_offset(const void *va, size_t size)
{
	uintptr_t p = (uintptr_t)va, base = (uintptr_t)cpu_view;

	REQUIRE(p >= base && p - base <= FAKE_MEM_SIZE - size, "%p (+%zu) is not in fake memory",
		va, size);
	return p - base;
}

u8 *fake_mem(u64 offset)
{
	ck_assert_uint_lt(offset, FAKE_POOL_OFFSET);
	return &cpu_view[offset];
}

void fake_arch_map_kernel(u64 va, u64 pa, u64 size)
{
	ck_assert_uint_lt(nr_kernel_ranges, MAX_KERNEL_RANGES);
	kernel_ranges[nr_kernel_ranges].va = va;
	kernel_ranges[nr_kernel_ranges].pa = pa;
	kernel_ranges[nr_kernel_ranges].size = size;
	nr_kernel_ranges++;
}

void *mmu_arch_alloc_table(void)
{
	fake.allocs++;
	if (fake.fail_alloc_at && --fake.fail_alloc_at == 0)
		return NULL;
	for (u64 i = 0; i < POOL_PAGES; i++) {
		u64 off = FAKE_POOL_OFFSET + i * PAGE_BYTES;

		if (pool_used[i])
			continue;
		pool_used[i] = true;
		fake.live_tables++;
		memset(&cpu_view[off], 0, PAGE_BYTES);
		memset(&poc_view[off], STALE_BYTE, PAGE_BYTES);
		return &cpu_view[off];
	}
	ck_abort_msg("fake memory pool exhausted");
	return NULL;
}

void mmu_arch_free_table(void *table)
{
	u64 off = mem_offset(table, PAGE_BYTES);

	REQUIRE(off >= FAKE_POOL_OFFSET && off % PAGE_BYTES == 0,
		"freeing %p, which no allocation returned", table);
	REQUIRE(pool_used[(off - FAKE_POOL_OFFSET) / PAGE_BYTES], "double free of %p", table);
	pool_used[(off - FAKE_POOL_OFFSET) / PAGE_BYTES] = false;
	fake.live_tables--;
	memset(&cpu_view[off], FREED_BYTE, PAGE_BYTES);
}

paddr_t mmu_arch_va_to_pa(const void *va)
{
	uintptr_t p = (uintptr_t)va, base = (uintptr_t)cpu_view;

	if (p >= base && p - base < FAKE_MEM_SIZE)
		return pa_init(FAKE_MEM_BASE + (p - base));
	for (unsigned i = 0; i < nr_kernel_ranges; i++)
		if (p >= kernel_ranges[i].va && p - kernel_ranges[i].va < kernel_ranges[i].size)
			return pa_init(kernel_ranges[i].pa + (p - kernel_ranges[i].va));
	ck_abort_msg("va_to_pa(%p): not a fake kernel address", va);
	return pa_init(0);
}

void *mmu_arch_pa_to_va(paddr_t pa)
{
	REQUIRE(pa_addr(pa) >= FAKE_MEM_BASE && pa_addr(pa) - FAKE_MEM_BASE < FAKE_MEM_SIZE,
		"pa_to_va(0x%llx): not in fake memory", (unsigned long long)pa_addr(pa));
	return &cpu_view[pa_addr(pa) - FAKE_MEM_BASE];
}

void mmu_arch_clean_to_poc(const void *va, size_t size)
{
	u64 off = mem_offset(va, size);
	u64 first = ALIGN_DOWN(off, FAKE_CACHE_LINE);
	u64 last = ALIGN_UP(off + size, FAKE_CACHE_LINE);

	fake.clean_calls++;
	fake.last_clean_va = va;
	fake.last_clean_size = size;
	memcpy(&poc_view[first], &cpu_view[first], last - first);
}

static u64 poc_read(u64 pa)
{
	u64 desc;

	REQUIRE(pa >= FAKE_MEM_BASE && pa - FAKE_MEM_BASE < FAKE_MEM_SIZE,
		"walk reads 0x%llx, outside fake memory", (unsigned long long)pa);
	memcpy(&desc, &poc_view[pa - FAKE_MEM_BASE], sizeof(desc));
	return desc;
}

/* An independent walk (B3.6.1 descriptor types), through the PoC view. */
u64 fake_poc_desc_at(const struct pgtable *pt, u64 ia)
{
	u64 table = pa_addr(mmu_arch_va_to_pa(pt->root));

	for (int level = 1; level <= 3; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		u64 desc = poc_read(table + ((ia >> shift) & 511) * sizeof(u64));
		u64 type = desc & PTE_TYPE_MASK;

		if (level == 3)
			return type == PTE_TYPE_PAGE ? desc : 0;
		if (type == PTE_TYPE_BLOCK)
			return desc;
		if (type != PTE_TYPE_TABLE)
			return 0;
		table = desc & PTE_ADDR_MASK;
	}
	return 0;
}

void mmu_arch_tlb_invalidate(const struct pgtable *pt, u64 ia)
{
	fake.tlbi_calls++;
	fake.last_tlbi_ia = ia;
	if (fake_poc_desc_at(pt, ia))
		fake.tlbi_while_mapped++;
}

bool fake_poc_matches(const void *va, size_t size)
{
	u64 off = mem_offset(va, size);

	return memcmp(&cpu_view[off], &poc_view[off], size) == 0;
}
