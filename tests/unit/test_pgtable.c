/* Unit tests of mmu/pgtable.c and mmu/desc.c against a reference model. */
#include <check.h>

#include "run_suite.h"
#include <stdlib.h>
#include <hyp7/errno.h>
#include "fake_arch.h"
#include "pt_inspect.h"

#define PAGE PGTABLE_PAGE_SIZE
#define BLOCK PGTABLE_BLOCK_SIZE
#define RW (MMU_READ | MMU_WRITE)
#define RX (MMU_READ | MMU_EXEC)

static struct pgtable pt;
static struct pt_contents contents;

static void setup(void)
{
	fake_arch_reset();
}

/* Every table written back to PoC, no TLB invalidated while still mapped. */
static void check_invariants(const struct pgtable *t)
{
	pt_inspect(t, &contents);
	ck_assert_uint_eq(contents.tables_at_poc, contents.tables);
	ck_assert_uint_eq(fake.tlbi_while_mapped, 0);
}

static void check_unmapped(const struct pgtable *t, u64 ia)
{
	int err = pgtable_walk(t, ia, NULL, NULL, NULL);

	REQUIRE(err == -ENOENT, "walk(0x%llx) = %d, want -ENOENT", (unsigned long long)ia, err);
}

static void check_walk(const struct pgtable *t, u64 ia, u64 pa, unsigned attrs, u64 size)
{
	paddr_t got_pa = pa_init(0);
	unsigned got_attrs = 0;
	u64 got_size = 0;
	int err = pgtable_walk(t, ia, &got_pa, &got_attrs, &got_size);

	REQUIRE(!err && pa_addr(got_pa) == pa && got_attrs == attrs && got_size == size,
		"walk(0x%llx) = %d, pa 0x%llx, attrs %#x, size 0x%llx; want pa 0x%llx, attrs %#x, "
		"size 0x%llx", (unsigned long long)ia, err, (unsigned long long)pa_addr(got_pa),
		got_attrs, (unsigned long long)got_size, (unsigned long long)pa, attrs,
		(unsigned long long)size);
}

/* --- descriptor bits ------------------------------------------------- */

static const struct {
	enum pgtable_kind kind;
	unsigned attrs;
	u64 bits; /* everything but type and address */
} attr_cases[] = {
	{ PGTABLE_HOST, RW, PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_XN | PTE_PXN },
	{ PGTABLE_HOST, MMU_READ,
	  PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP_RO | PTE_XN | PTE_PXN },
	{ PGTABLE_HOST, RX, PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP_RO },
	{ PGTABLE_HOST, RW | MMU_EXEC, PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) },
	{ PGTABLE_HOST, RW | MMU_USER,
	  PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP1 | PTE_XN | PTE_PXN },
	{ PGTABLE_HOST, RX | MMU_USER,
	  PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP1 | PTE_AP_RO | PTE_PXN },
	{ PGTABLE_HOST, RW | MMU_DEVICE, PTE_AF | PTE_ATTRINDX(MAIR_IDX_DEVICE) | PTE_XN | PTE_PXN },
	{ PGTABLE_HYP, RW, PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP1 | PTE_XN },
	{ PGTABLE_HYP, MMU_READ,
	  PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP1 | PTE_AP_RO | PTE_XN },
	{ PGTABLE_HYP, RX, PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_AP1 | PTE_AP_RO },
	{ PGTABLE_HYP, RW | MMU_DEVICE, PTE_AF | PTE_ATTRINDX(MAIR_IDX_DEVICE) | PTE_AP1 | PTE_XN },
	{ PGTABLE_STAGE2, RW,
	  PTE_AF | PTE_SH_INNER | S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | S2AP_R | S2AP_W | PTE_XN },
	{ PGTABLE_STAGE2, MMU_READ,
	  PTE_AF | PTE_SH_INNER | S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | S2AP_R | PTE_XN },
	{ PGTABLE_STAGE2, RX | MMU_WRITE,
	  PTE_AF | PTE_SH_INNER | S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | S2AP_R | S2AP_W },
	{ PGTABLE_STAGE2, RW | MMU_DEVICE,
	  PTE_AF | S2_MEMATTR(S2_MEMATTR_DEVICE) | S2AP_R | S2AP_W | PTE_XN },
};

START_TEST(test_mair0_value)
{
	ck_assert_uint_eq(MAIR0_VALUE, 0x004404FF);
}
END_TEST

START_TEST(test_descriptor_bits)
{
	u64 page_ia = 0x10003000, block_ia = 0x10200000;
	u64 page_pa = 0xF345678000ull, block_pa = 0xAB00200000ull; /* bit 39 set */
	int level;

	ck_assert_int_eq(pgtable_init(&pt, attr_cases[_i].kind), 0);
	ck_assert_int_eq(pgtable_map(&pt, page_ia, pa_init(page_pa), PAGE, attr_cases[_i].attrs), 0);
	ck_assert_int_eq(pgtable_map(&pt, block_ia, pa_init(block_pa), BLOCK, attr_cases[_i].attrs), 0);

	ck_assert_uint_eq(pgtable_desc_at(&pt, page_ia, &level),
			  page_pa | attr_cases[_i].bits | PTE_TYPE_PAGE);
	ck_assert_int_eq(level, 3);
	ck_assert_uint_eq(pgtable_desc_at(&pt, block_ia + 0x1234, &level),
			  block_pa | attr_cases[_i].bits | PTE_TYPE_BLOCK);
	ck_assert_int_eq(level, 2);
	check_walk(&pt, page_ia + 0x10, page_pa + 0x10, attr_cases[_i].attrs, PAGE);
	check_walk(&pt, block_ia + 0x1FF008, block_pa + 0x1FF008, attr_cases[_i].attrs, BLOCK);
	check_invariants(&pt);

	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

/* --- layout ---------------------------------------------------------- */

START_TEST(test_blocks_where_aligned)
{
	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_STAGE2), 0);
	/* ia and pa agree modulo 2 MiB: blocks in the middle, pages at both ends. */
	ck_assert_int_eq(pgtable_map(&pt, 0x001FF000, pa_init(0x801FF000), 0x402000, RW), 0);
	check_walk(&pt, 0x001FF000, 0x801FF000, RW, PAGE);
	check_walk(&pt, 0x00200000, 0x80200000, RW, BLOCK);
	check_walk(&pt, 0x005FFFFF, 0x805FFFFF, RW, BLOCK);
	check_walk(&pt, 0x00600000, 0x80600000, RW, PAGE);
	ck_assert_int_eq(pgtable_walk(&pt, 0x00601000, NULL, NULL, NULL), -ENOENT);
	ck_assert_int_eq(pgtable_walk(&pt, 0x001FE000, NULL, NULL, NULL), -ENOENT);
	/* root, one level 2 table, the level 3 tables of the two ends */
	ck_assert_uint_eq(fake.live_tables, 4);

	/* pa 4 KiB off the ia's 2 MiB alignment: pages only. */
	ck_assert_int_eq(pgtable_map(&pt, 0x40000000, pa_init(0x80001000), 2 * BLOCK, RW), 0);
	for (u64 off = 0; off < 2 * BLOCK; off += PAGE)
		check_walk(&pt, 0x40000000 + off, 0x80001000 + off, RW, PAGE);
	ck_assert_uint_eq(fake.live_tables, 4 + 1 + 2);

	/* A size short of 2 MiB at an aligned address: pages. */
	ck_assert_int_eq(pgtable_map(&pt, 0x80000000, pa_init(0x80000000), BLOCK - PAGE, RW), 0);
	check_walk(&pt, 0x80000000, 0x80000000, RW, PAGE);
	check_invariants(&pt);

	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

START_TEST(test_block_split_on_partial_unmap)
{
	unsigned tlbi_before;

	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_HYP), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x00200000, pa_init(0x90200000), 2 * BLOCK, RW), 0);
	ck_assert_uint_eq(fake.live_tables, 2);
	ck_assert_uint_eq(fake.tlbi_calls, 0);

	tlbi_before = fake.tlbi_calls;
	ck_assert_int_eq(pgtable_unmap(&pt, 0x00280000, PAGE), 0);
	/* The block was broken (invalid at PoC when invalidated), then the page removed. */
	ck_assert_uint_eq(fake.tlbi_calls, tlbi_before + 2);
	ck_assert_uint_eq(fake.tlbi_while_mapped, 0);
	ck_assert_uint_eq(fake.live_tables, 3);
	for (u64 off = 0; off < BLOCK; off += PAGE) {
		if (off == 0x80000)
			check_unmapped(&pt, 0x00200000 + off);
		else
			check_walk(&pt, 0x00200000 + off, 0x90200000 + off, RW, PAGE);
	}
	check_walk(&pt, 0x00400000, 0x90400000, RW, BLOCK);

	/* A range across two blocks' halves splits both ends. */
	ck_assert_int_eq(pgtable_unmap(&pt, 0x00300000, BLOCK), 0);
	for (u64 ia = 0x00200000; ia < 0x00600000; ia += PAGE) {
		bool gone = ia == 0x00280000 || (ia >= 0x00300000 && ia < 0x00500000);

		if (gone)
			check_unmapped(&pt, ia);
		else
			check_walk(&pt, ia, 0x90000000 + ia, RW, PAGE);
	}
	ck_assert_uint_eq(fake.live_tables, 4);
	check_invariants(&pt);

	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

START_TEST(test_empty_tables_freed)
{
	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_HOST), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x3FFFF000, pa_init(0x3FFFF000), 0x402000, RW), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0xC0000000, pa_init(0x80000000), 3 * BLOCK, RX), 0);
	ck_assert_uint_eq(fake.live_tables, 1 + 3 + 2);

	/* Unmapping nothing is fine and changes nothing. */
	ck_assert_int_eq(pgtable_unmap(&pt, 0x80000000, 16 * BLOCK), 0);
	ck_assert_uint_eq(fake.live_tables, 6);

	ck_assert_int_eq(pgtable_unmap(&pt, 0x3FFFF000, PAGE), 0);
	/* Both tables of 0-1 GiB are gone: root, 1-2 GiB's two tables, 3-4 GiB's. */
	ck_assert_uint_eq(fake.live_tables, 4);
	ck_assert_int_eq(pgtable_unmap(&pt, 0x40000000, 0x400000), 0);
	ck_assert_uint_eq(fake.live_tables, 4); /* 0x40400000's page keeps its tables */
	ck_assert_int_eq(pgtable_unmap(&pt, 0, PGTABLE_IA_LIMIT - 0x1000), 0);
	ck_assert_uint_eq(fake.live_tables, 1);
	check_invariants(&pt);
	ck_assert_uint_eq(contents.nr_leaves, 0);

	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

START_TEST(test_destroy_frees_everything)
{
	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_STAGE2), 0);
	for (u64 ia = 0; ia < PGTABLE_IA_LIMIT; ia += 0x10000000)
		ck_assert_int_eq(pgtable_map(&pt, ia + PAGE, pa_init(ia), BLOCK, RW), 0);
	/* every range straddles two 2 MiB regions without a block */
	ck_assert_uint_eq(fake.live_tables, 1 + 4 + 2 * 16);
	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
	ck_assert_ptr_null(pt.root);
}
END_TEST

START_TEST(test_adopted_root)
{
	u64 *root = (u64 *)fake_mem(0x20);
	u64 ia = 0x40000000 + 5 * BLOCK + 7 * PAGE;

	/* An early-boot 1 GiB block, as no pgtable_map() call writes. */
	root[1] = 0x80000000ull | PTE_TYPE_BLOCK | PTE_AF | PTE_SH_INNER | PTE_AP1 | PTE_XN;
	mmu_arch_clean_to_poc(root, 4 * sizeof(*root));
	pgtable_init_with_root(&pt, PGTABLE_HYP, root);
	ck_assert_uint_eq(pa_addr(pgtable_root_pa(&pt)), FAKE_MEM_BASE + 0x20);
	check_walk(&pt, ia, 0x80000000 + ia - 0x40000000, RW, 1ull << 30);
	ck_assert_int_eq(pgtable_map(&pt, 0x40200000, pa_init(0), PAGE, RW), -EEXIST);

	/* Each split needs a table: the second failing leaves everything mapped. */
	fake.fail_alloc_at = 2;
	ck_assert_int_eq(pgtable_unmap(&pt, ia, PAGE), -ENOMEM);
	fake.fail_alloc_at = 0;
	check_walk(&pt, ia, 0x80000000 + ia - 0x40000000, RW, BLOCK);
	check_walk(&pt, 0x7FFFF000, 0xBFFFF000, RW, BLOCK);

	ck_assert_int_eq(pgtable_unmap(&pt, ia, PAGE), 0);
	check_unmapped(&pt, ia);
	check_walk(&pt, ia - PAGE, 0x80000000 + ia - PAGE - 0x40000000, RW, PAGE);
	check_walk(&pt, ia + PAGE, 0x80000000 + ia + PAGE - 0x40000000, RW, PAGE);
	check_walk(&pt, 0x40000000, 0x80000000, RW, BLOCK);
	ck_assert_uint_eq(fake.live_tables, 2);
	check_invariants(&pt);

	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(root[i], 0);
	ck_assert(fake_poc_matches(root, 4 * sizeof(*root)));
}
END_TEST

/* The fake really catches a table write that was not cleaned. */
START_TEST(test_fake_catches_uncleaned_write)
{
	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_HOST), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x1000, pa_init(0x1000), PAGE, RW), 0);
	check_invariants(&pt);
	pt.root[2] = 0;
	pt.root[3] = 0x80000000ull | PTE_TYPE_BLOCK | PTE_AF;
	pt_inspect(&pt, &contents);
	ck_assert_uint_eq(contents.tables_at_poc, contents.tables - 1);
	pt.root[3] = 0;
	pgtable_destroy(&pt);
}
END_TEST

/* --- rejected requests ------------------------------------------------ */

struct snapshot {
	u64 checksum;
	unsigned nr_leaves, tables, allocs, live_tables, clean_calls, tlbi_calls;
};

static void take_snapshot(struct snapshot *s)
{
	pt_inspect(&pt, &contents);
	ck_assert_uint_eq(contents.tables_at_poc, contents.tables);
	*s = (struct snapshot){ contents.checksum, contents.nr_leaves, contents.tables,
				fake.allocs, fake.live_tables, fake.clean_calls, fake.tlbi_calls };
}

static void check_unchanged(const struct snapshot *before)
{
	struct snapshot now;

	take_snapshot(&now);
	ck_assert_uint_eq(now.checksum, before->checksum);
	ck_assert_uint_eq(now.nr_leaves, before->nr_leaves);
	ck_assert_uint_eq(now.tables, before->tables);
	ck_assert_uint_eq(now.allocs, before->allocs);
	ck_assert_uint_eq(now.live_tables, before->live_tables);
	ck_assert_uint_eq(now.clean_calls, before->clean_calls);
	ck_assert_uint_eq(now.tlbi_calls, before->tlbi_calls);
}

static const struct {
	enum pgtable_kind kind;
	u64 ia, pa, size;
	unsigned attrs;
	int err;
} bad_maps[] = {
	{ PGTABLE_HOST, 0x20000800, 0x1000, PAGE, RW, -EINVAL },  /* ia */
	{ PGTABLE_HOST, 0x20000000, 0x1010, PAGE, RW, -EINVAL },  /* pa */
	{ PGTABLE_HOST, 0x20000000, 0x1000, 0x1800, RW, -EINVAL }, /* size */
	{ PGTABLE_HOST, 0x20000000, 0x1000, 0, RW, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, 0x1000, PAGE, MMU_WRITE, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, 0x1000, PAGE, 0, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, 0x1000, PAGE, RW | 0x100, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, 0x1000, PAGE, MMU_READ | MMU_DEVICE | MMU_EXEC, -EINVAL },
	{ PGTABLE_HYP, 0x20000000, 0x1000, PAGE, RW | MMU_USER, -EINVAL },
	{ PGTABLE_STAGE2, 0x20000000, 0x1000, PAGE, RW | MMU_USER, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, PGTABLE_PA_LIMIT, PAGE, RW, -EINVAL },
	{ PGTABLE_HOST, 0x20000000, PGTABLE_PA_LIMIT - PAGE, 2 * PAGE, RW, -EINVAL },
	{ PGTABLE_HOST, 0xFFFFF000, 0x1000, 2 * PAGE, RW, -ERANGE },
	{ PGTABLE_HOST, PGTABLE_IA_LIMIT, 0x1000, PAGE, RW, -ERANGE },
	{ PGTABLE_HOST, 0, 0, PGTABLE_IA_LIMIT + PAGE, RW, -ERANGE },
	/* the existing mappings: pages 0x10000000-0x10003fff and the block 0x10200000 */
	{ PGTABLE_HOST, 0x0FFFF000, 0x1000, 2 * PAGE, RW, -EEXIST },
	{ PGTABLE_HOST, 0x10003000, 0x1000, 2 * PAGE, RW, -EEXIST },
	{ PGTABLE_HOST, 0x10000000, 0x1000, BLOCK, RW, -EEXIST },
	{ PGTABLE_HOST, 0x10000000, 0x0, 4 * BLOCK, RW, -EEXIST },
	{ PGTABLE_HOST, 0x103FF000, 0x1000, PAGE, RW, -EEXIST },
	{ PGTABLE_HOST, 0x0FE00000, 0x0FE00000, 3 * BLOCK, RW, -EEXIST },
	{ PGTABLE_HOST, 0x00000000, 0x00000000, PGTABLE_IA_LIMIT, RW, -EEXIST },
};

START_TEST(test_bad_map_changes_nothing)
{
	struct snapshot before;

	ck_assert_int_eq(pgtable_init(&pt, bad_maps[_i].kind), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x10000000, pa_init(0x50000000), 4 * PAGE, RW), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x10200000, pa_init(0x50200000), BLOCK, RW), 0);
	take_snapshot(&before);

	ck_assert_int_eq(pgtable_map(&pt, bad_maps[_i].ia, pa_init(bad_maps[_i].pa), bad_maps[_i].size,
				     bad_maps[_i].attrs),
			 bad_maps[_i].err);
	check_unchanged(&before);
	pgtable_destroy(&pt);
}
END_TEST

START_TEST(test_bad_unmap_and_walk)
{
	struct snapshot before;
	paddr_t pa = pa_init(0x1234);

	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_STAGE2), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x10200000, pa_init(0x50200000), BLOCK, RW), 0);
	take_snapshot(&before);

	ck_assert_int_eq(pgtable_unmap(&pt, 0x10200800, PAGE), -EINVAL);
	ck_assert_int_eq(pgtable_unmap(&pt, 0x10200000, 0x800), -EINVAL);
	ck_assert_int_eq(pgtable_unmap(&pt, 0x10200000, 0), -EINVAL);
	ck_assert_int_eq(pgtable_unmap(&pt, 0xFFFFF000, 2 * PAGE), -ERANGE);
	ck_assert_int_eq(pgtable_unmap(&pt, PGTABLE_IA_LIMIT, PAGE), -ERANGE);
	ck_assert_int_eq(pgtable_walk(&pt, PGTABLE_IA_LIMIT, &pa, NULL, NULL), -ERANGE);
	ck_assert_int_eq(pgtable_walk(&pt, 0x10400000, &pa, NULL, NULL), -ENOENT);
	ck_assert_uint_eq(pa_addr(pa), 0x1234);
	ck_assert_uint_eq(pgtable_desc_at(&pt, 0x10400000, NULL), 0);
	check_unchanged(&before);
	pgtable_destroy(&pt);
}
END_TEST

/* Fail each allocation of a map in turn: the tables stay as they were. */
START_TEST(test_map_alloc_failure_changes_nothing)
{
	struct snapshot before;
	unsigned n;
	int err;

	ck_assert_int_eq(pgtable_init(&pt, PGTABLE_HOST), 0);
	ck_assert_int_eq(pgtable_map(&pt, 0x3FC00000, pa_init(0x3FC00000), PAGE, RW), 0);
	for (n = 1;; n++) {
		take_snapshot(&before);
		fake.fail_alloc_at = n;
		/* needs a level 3 table below 1 GiB, level 2 and 3 tables above */
		err = pgtable_map(&pt, 0x3FFFF000, pa_init(0x7FFFF000), 0x202000, RW | MMU_EXEC);
		fake.fail_alloc_at = 0;
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_assert_uint_eq(fake.tlbi_while_mapped, 0);
		before.allocs = fake.allocs;
		before.clean_calls = fake.clean_calls;
		before.tlbi_calls = fake.tlbi_calls;
		check_unchanged(&before);
	}
	ck_assert_uint_eq(n, 4); /* three tables to allocate */
	check_walk(&pt, 0x3FFFF000, 0x7FFFF000, RW | MMU_EXEC, PAGE);
	check_walk(&pt, 0x40000000, 0x80000000, RW | MMU_EXEC, BLOCK);
	check_walk(&pt, 0x40200000, 0x80200000, RW | MMU_EXEC, PAGE);
	check_invariants(&pt);
	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

/* --- random operations against a reference model --------------------- */

#define WINDOWS 3
#define WINDOW_SIZE (8 * BLOCK)
#define WINDOW_PAGES (WINDOW_SIZE / PAGE)
#define CHUNK_PAGES (BLOCK / PAGE)
#define RANDOM_OPS 3000

/* 16 MiB each: at 0, across the 1 GiB boundary, up to 4 GiB */
static const u64 window_base[WINDOWS] = { 0x00000000, 0x3FC00000, 0xFF000000 };

struct model_page {
	bool mapped;
	bool block; /* part of a 2 MiB block */
	u64 pa;
	unsigned attrs;
};

static struct model_page model[WINDOWS][WINDOW_PAGES];
static u64 rng_state;
static unsigned model_splits;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static u64 page_ia(int w, u64 page)
{
	return window_base[w] + page * PAGE;
}

static bool slot_used(unsigned slot)
{
	for (int w = 0; w < WINDOWS; w++)
		for (u64 p = 0; p < WINDOW_PAGES; p++)
			if (model[w][p].mapped && page_ia(w, p) >> 30 == slot)
				return true;
	return false;
}

/* Whether the chunk holding page p has a level 3 table. */
static bool chunk_has_table(int w, u64 p)
{
	u64 first = ALIGN_DOWN(p, CHUNK_PAGES);

	for (u64 i = first; i < first + CHUNK_PAGES; i++)
		if (model[w][i].mapped && !model[w][i].block)
			return true;
	return false;
}

static unsigned expected_tables(void)
{
	unsigned n = 1;

	for (unsigned slot = 0; slot < 4; slot++)
		n += slot_used(slot);
	for (int w = 0; w < WINDOWS; w++)
		for (u64 p = 0; p < WINDOW_PAGES; p += CHUNK_PAGES)
			n += chunk_has_table(w, p);
	return n;
}

static bool block_fits(u64 first, u64 n, u64 pa, u64 p)
{
	return p % CHUNK_PAGES == 0 && p >= first && p + CHUNK_PAGES <= first + n &&
	       (pa + (p - first) * PAGE) % BLOCK == 0;
}

/* Tables a map of pages [first, first + n) of window w must allocate. */
static unsigned tables_needed(int w, u64 first, u64 n, u64 pa)
{
	unsigned needed = 0, last_slot = ~0u;

	for (u64 p = first; p < first + n; p++) {
		unsigned slot = page_ia(w, p) >> 30;

		if (slot != last_slot && !slot_used(slot))
			needed++;
		last_slot = slot;
		if ((p == first || p % CHUNK_PAGES == 0) && !block_fits(first, n, pa, p) &&
		    !chunk_has_table(w, p))
			needed++;
	}
	return needed;
}

static int model_map(int w, u64 first, u64 n, u64 pa, unsigned attrs, unsigned fail_at)
{
	for (u64 p = first; p < first + n; p++)
		if (model[w][p].mapped)
			return -EEXIST;
	if (fail_at && fail_at <= tables_needed(w, first, n, pa))
		return -ENOMEM;
	for (u64 p = first; p < first + n; p++)
		model[w][p] = (struct model_page){ true, block_fits(first, n, pa, ALIGN_DOWN(p, CHUNK_PAGES)),
						   pa + (p - first) * PAGE, attrs };
	return 0;
}

/* An unmap starting or ending at page p must split the block around it. */
static bool split_needed(int w, u64 p)
{
	return p < WINDOW_PAGES && p % CHUNK_PAGES && model[w][ALIGN_DOWN(p, CHUNK_PAGES)].block;
}

/* The block around page p becomes pages. */
static void model_split(int w, u64 p)
{
	for (u64 i = ALIGN_DOWN(p, CHUNK_PAGES); i < ALIGN_DOWN(p, CHUNK_PAGES) + CHUNK_PAGES; i++)
		model[w][i].block = false;
	model_splits++;
}

static int model_unmap(int w, u64 first, u64 n, unsigned fail_at)
{
	unsigned splits = 0;

	if (split_needed(w, first)) {
		if (++splits == fail_at)
			return -ENOMEM;
		model_split(w, first);
	}
	if (split_needed(w, first + n)) {
		if (++splits == fail_at)
			return -ENOMEM;
		model_split(w, first + n);
	}
	for (u64 p = first; p < first + n; p++)
		model[w][p] = (struct model_page){ 0 };
	return 0;
}

static void check_against_model(void)
{
	for (int w = 0; w < WINDOWS; w++) {
		for (u64 p = 0; p < WINDOW_PAGES; p++) {
			const struct model_page *m = &model[w][p];

			if (!m->mapped)
				check_unmapped(&pt, page_ia(w, p));
			else
				check_walk(&pt, page_ia(w, p), m->pa, m->attrs, m->block ? BLOCK : PAGE);
		}
	}
	check_invariants(&pt);
	ck_assert_uint_eq(contents.tables, expected_tables());
	ck_assert_uint_eq(fake.live_tables, contents.tables);
}

static const unsigned random_attrs[][6] = {
	[PGTABLE_HOST] = { MMU_READ, RW, RX, RW | MMU_USER, RX | MMU_USER, RW | MMU_DEVICE },
	[PGTABLE_HYP] = { MMU_READ, RW, RX, RW | MMU_EXEC, RW | MMU_DEVICE, MMU_READ | MMU_DEVICE },
	[PGTABLE_STAGE2] = { MMU_READ, RW, RX, RW | MMU_EXEC, RW | MMU_DEVICE, MMU_READ | MMU_DEVICE },
};

static u64 random_length(u64 first)
{
	u64 max = WINDOW_PAGES - first, n;

	switch (rnd() % 4) {
	case 0:
		n = 1 + rnd() % 16;
		break;
	case 1:
		n = CHUNK_PAGES * (1 + rnd() % 3);
		break;
	default:
		n = 1 + rnd() % (3 * CHUNK_PAGES);
		break;
	}
	return n < max ? n : max;
}

START_TEST(test_random_against_model)
{
	unsigned enomem = 0, eexist = 0;
	enum pgtable_kind kind = _i;

	rng_state = 0x9E3779B97F4A7C15ull + _i;
	model_splits = 0;
	memset(model, 0, sizeof(model));
	ck_assert_int_eq(pgtable_init(&pt, kind), 0);

	for (int op = 0; op < RANDOM_OPS; op++) {
		int w = rnd() % WINDOWS;
		u64 first = rnd() % 4 ? rnd() % WINDOW_PAGES : ALIGN_DOWN(rnd() % WINDOW_PAGES, CHUNK_PAGES);
		u64 n = random_length(first);
		unsigned fail_at = rnd() % 8 == 0 ? 1 + rnd() % 3 : 0;
		int want, got;

		if (rnd() % 5 < 3) {
			u64 pa = ALIGN_DOWN(rnd() % (PGTABLE_PA_LIMIT - WINDOW_SIZE), PAGE);
			unsigned attrs = random_attrs[kind][rnd() % 6];

			if (rnd() % 2)
				pa = ALIGN_DOWN(pa, BLOCK) + page_ia(w, first) % BLOCK;
			want = model_map(w, first, n, pa, attrs, fail_at);
			fake.fail_alloc_at = fail_at;
			got = pgtable_map(&pt, page_ia(w, first), pa_init(pa), n * PAGE, attrs);
		} else {
			want = model_unmap(w, first, n, fail_at);
			fake.fail_alloc_at = fail_at;
			got = pgtable_unmap(&pt, page_ia(w, first), n * PAGE);
		}
		fake.fail_alloc_at = 0;
		ck_assert_msg(got == want, "op %d: got %d, model says %d", op, got, want);
		enomem += got == -ENOMEM;
		eexist += got == -EEXIST;
		check_against_model();
	}
	/* The sequence did exercise the interesting paths. */
	ck_assert_uint_gt(enomem, 10);
	ck_assert_uint_gt(eexist, 100);
	ck_assert_uint_gt(model_splits, 10);

	for (int w = 0; w < WINDOWS; w++) {
		ck_assert_int_eq(pgtable_unmap(&pt, window_base[w], WINDOW_SIZE), 0);
		memset(model[w], 0, sizeof(model[w]));
	}
	check_against_model();
	ck_assert_uint_eq(fake.live_tables, 1);
	pgtable_destroy(&pt);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

static Suite *pgtable_suite(void)
{
	Suite *s = suite_create("pgtable");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_mair0_value);
	tcase_add_loop_test(tc, test_descriptor_bits, 0, ARRAY_SIZE(attr_cases));
	tcase_add_test(tc, test_blocks_where_aligned);
	tcase_add_test(tc, test_block_split_on_partial_unmap);
	tcase_add_test(tc, test_empty_tables_freed);
	tcase_add_test(tc, test_destroy_frees_everything);
	tcase_add_test(tc, test_adopted_root);
	tcase_add_test(tc, test_fake_catches_uncleaned_write);
	tcase_add_loop_test(tc, test_bad_map_changes_nothing, 0, ARRAY_SIZE(bad_maps));
	tcase_add_test(tc, test_bad_unmap_and_walk);
	tcase_add_test(tc, test_map_alloc_failure_changes_nothing);
	tcase_add_loop_test(tc, test_random_against_model, PGTABLE_HOST, PGTABLE_STAGE2 + 1);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(pgtable_suite());
}
