/* Unit tests of mmu/hyp_pgd.c: the boot and runtime HYP tables, the bounce page. */
#include <check.h>

#include "run_suite.h"
#include <stdlib.h>
#include <string.h>
#include <hyp7/errno.h>
#include <hyp7/hyp_pgd.h>
#include "fake_arch.h"
#include "pt_inspect.h"

#define PAGE PGTABLE_PAGE_SIZE
#define BLOCK PGTABLE_BLOCK_SIZE
#define RW (MMU_READ | MMU_WRITE)
/* Read-only, executable, Normal memory, in the PL2 regime's encoding. */
#define INIT_PAGE_BITS (PTE_TYPE_PAGE | PTE_AF | PTE_SH_INNER | PTE_ATTRINDX(MAIR_IDX_NORMAL) | \
			PTE_AP1 | PTE_AP_RO)

static struct pgtable boot, rt;
static struct hyp_idmap idmap;
static struct pt_contents contents;

static void setup(void)
{
	fake_arch_reset();
	memset(&idmap, 0, sizeof(idmap));
}

/* Every table of t is at PoC; returns its leaves in contents. */
static void inspect(const struct pgtable *t)
{
	pt_inspect(t, &contents);
	ck_assert_uint_eq(contents.tables_at_poc, contents.tables);
	ck_assert_uint_eq(fake.tlbi_while_mapped, 0);
}

static void check_init_leaf(unsigned i, u64 va, paddr_t page)
{
	ck_assert_uint_lt(i, contents.nr_leaves);
	ck_assert_uint_eq(contents.leaves[i].ia, va);
	ck_assert_int_eq(contents.leaves[i].level, 3);
	ck_assert_uint_eq(contents.leaves[i].desc, pa_addr(page) | INIT_PAGE_BITS);
}

static void check_walk(const struct pgtable *t, u64 va, u64 pa, unsigned attrs, u64 size)
{
	paddr_t got_pa = pa_init(0);
	unsigned got_attrs = 0;
	u64 got_size = 0;

	ck_assert_int_eq(pgtable_walk(t, va, &got_pa, &got_attrs, &got_size), 0);
	ck_assert_uint_eq(pa_addr(got_pa), pa);
	ck_assert_uint_eq(got_attrs, attrs);
	ck_assert_uint_eq(got_size, size);
}

/* Builds both tables for init text at fake_mem(offset) and checks them. */
static void check_boot_and_runtime(void)
{
	u64 vector_va = TRAMPOLINE_VA + idmap.vector_offset;

	ck_assert_int_eq(hyp_boot_pgd_build(&boot, &idmap), 0);
	ck_assert_int_eq(hyp_runtime_pgd_build(&rt, &idmap), 0);
	ck_assert_uint_ne(pa_addr(pgtable_root_pa(&boot)), pa_addr(pgtable_root_pa(&rt)));

	/* Boot: the init page at its own address and at the trampoline, nothing else. */
	inspect(&boot);
	ck_assert_uint_eq(contents.nr_leaves, 2);
	check_init_leaf(0, pa_addr(idmap.page), idmap.page);
	check_init_leaf(1, TRAMPOLINE_VA, idmap.page);
	ck_assert_uint_eq(contents.tables, 5); /* root, and level 2 and 3 tables for each */
	check_walk(&boot, pa_addr(idmap.vector), pa_addr(idmap.vector), MMU_READ | MMU_EXEC, PAGE);
	check_walk(&boot, vector_va, pa_addr(idmap.vector), MMU_READ | MMU_EXEC, PAGE);

	/* Runtime: the trampoline only. */
	inspect(&rt);
	ck_assert_uint_eq(contents.nr_leaves, 1);
	check_init_leaf(0, TRAMPOLINE_VA, idmap.page);
	ck_assert_uint_eq(contents.tables, 3);
	check_walk(&rt, vector_va, pa_addr(idmap.vector), MMU_READ | MMU_EXEC, PAGE);
	ck_assert_int_eq(pgtable_walk(&rt, pa_addr(idmap.page), NULL, NULL, NULL), -ENOENT);
}

static void teardown_all(void)
{
	pgtable_destroy(&boot);
	pgtable_destroy(&rt);
	hyp_idmap_release(&idmap);
	ck_assert_ptr_null(idmap.bounce);
	ck_assert_uint_eq(fake.live_tables, 0);
}

START_TEST(test_init_page_in_place)
{
	u8 *text = fake_mem(0x3000);

	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x200, text + 0x20), 0);
	ck_assert_ptr_null(idmap.bounce);
	ck_assert_uint_eq(pa_addr(idmap.page), FAKE_MEM_BASE + 0x3000);
	ck_assert_uint_eq(pa_addr(idmap.vector), FAKE_MEM_BASE + 0x3020);
	ck_assert_uint_eq(idmap.vector_offset, 0x20);
	ck_assert_uint_eq(fake.live_tables, 0);
	check_boot_and_runtime();
	teardown_all();
}
END_TEST

/* Text ending right at a page end, or filling a page, does not cross it. */
START_TEST(test_init_text_up_to_page_end)
{
	u8 *text = fake_mem(0x4F00);

	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text + 0xFC), 0);
	ck_assert_ptr_null(idmap.bounce);
	ck_assert_uint_eq(pa_addr(idmap.page), FAKE_MEM_BASE + 0x4000);
	ck_assert_uint_eq(idmap.vector_offset, 0xFFC);

	text = fake_mem(0x6000);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + PAGE, text), 0);
	ck_assert_ptr_null(idmap.bounce);
	ck_assert_uint_eq(pa_addr(idmap.page), FAKE_MEM_BASE + 0x6000);
	ck_assert_uint_eq(idmap.vector_offset, 0);
	check_boot_and_runtime();
	teardown_all();
}
END_TEST

START_TEST(test_bounce_page)
{
	u8 *text = fake_mem(0x5F00);
	const size_t len = 0x200;

	for (size_t i = 0; i < len; i++)
		text[i] = (u8)(i * 7 + 1);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + len, text + 0x180), 0);

	ck_assert_ptr_nonnull(idmap.bounce);
	ck_assert_uint_eq(fake.live_tables, 1);
	ck_assert_mem_eq(idmap.bounce, text, len);
	ck_assert(fake_poc_matches(idmap.bounce, len)); /* cleaned to PoC */
	ck_assert_uint_eq(pa_addr(idmap.page), pa_addr(mmu_arch_va_to_pa(idmap.bounce)));
	ck_assert_uint_eq(idmap.vector_offset, 0x180);
	ck_assert_uint_eq(pa_addr(idmap.vector), pa_addr(idmap.page) + 0x180);

	check_boot_and_runtime(); /* both map the bounce page */
	teardown_all();
}
END_TEST

START_TEST(test_bad_init_text)
{
	u8 *text = fake_mem(0x7800);

	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + PAGE + 1, text), -E2BIG);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text + 0x100), -EINVAL);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text - 4), -EINVAL);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text, text), -EINVAL);
	ck_assert_uint_eq(fake.allocs, 0);

	/* A page-long text that crosses a page boundary needs a bounce page. */
	fake.fail_alloc_at = 1;
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + PAGE, text), -ENOMEM);
	ck_assert_ptr_null(idmap.bounce);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + PAGE, text + PAGE - 4), 0);
	ck_assert_ptr_nonnull(idmap.bounce);
	ck_assert_uint_eq(idmap.vector_offset, PAGE - 4);
	hyp_idmap_release(&idmap);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

/* The init code at physical TRAMPOLINE_VA: idmap and trampoline would be one page. */
START_TEST(test_idmap_on_trampoline)
{
	const u8 *text = (const u8 *)0xC0100000;

	fake_arch_map_kernel(0xC0100000, TRAMPOLINE_VA, PAGE);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text), 0);
	ck_assert_int_eq(hyp_boot_pgd_build(&boot, &idmap), -EINVAL);
	ck_assert_uint_eq(fake.live_tables, 0);

	/* Above 4 GiB there is no idmap either. */
	fake_arch_map_kernel(0xC0200000, 0x100000000ull, PAGE);
	text = (const u8 *)0xC0200000;
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text), 0);
	ck_assert_int_eq(hyp_boot_pgd_build(&boot, &idmap), -ERANGE);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

/* Fail each allocation in turn: nothing is left allocated. */
START_TEST(test_build_alloc_failure)
{
	u8 *text = fake_mem(0x3000);
	unsigned n;
	int err;

	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text), 0);
	for (n = 1;; n++) {
		fake.fail_alloc_at = n;
		err = hyp_boot_pgd_build(&boot, &idmap);
		fake.fail_alloc_at = 0;
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_assert_uint_eq(fake.live_tables, 0);
	}
	ck_assert_uint_eq(n, 6);
	for (n = 1;; n++) {
		fake.fail_alloc_at = n;
		err = hyp_runtime_pgd_build(&rt, &idmap);
		fake.fail_alloc_at = 0;
		if (!err)
			break;
		ck_assert_int_eq(err, -ENOMEM);
		ck_assert_uint_eq(fake.live_tables, 5);
	}
	ck_assert_uint_eq(n, 4);
	teardown_all();
}
END_TEST

/*
 * A kernel image whose pages are not physically contiguous: each page at
 * its own PA, blocks only where 2 MiB are contiguous and aligned.
 */
static const struct {
	u64 va, pa, size;
} kernel_map[] = {
	{ 0xC0000000, 0x80000000, BLOCK },     /* a block */
	{ 0xC0200000, 0x90000000, 2 * PAGE },
	{ 0xC0202000, 0x88000000, PAGE },      /* out of line */
	{ 0xC0203000, 0x80403000, 0x1FD000 },  /* pages, then contiguous with: */
	{ 0xC0400000, 0x80600000, BLOCK },     /* a block */
	{ 0xC0600000, 0x70000000, 0x100000 },  /* 2 MiB aligned but broken by: */
	{ 0xC0700000, 0x71000000, PAGE },
	{ 0xC0701000, 0x70101000, 0xFF000 },
};

static u64 kernel_pa(u64 va)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kernel_map); i++)
		if (va >= kernel_map[i].va && va < kernel_map[i].va + kernel_map[i].size)
			return kernel_map[i].pa + (va - kernel_map[i].va);
	ck_abort_msg("0x%llx is not in the kernel map", (unsigned long long)va);
	return 0;
}

START_TEST(test_map_discontiguous_kernel)
{
	u8 *text = fake_mem(0x3000);
	unsigned tables;

	for (unsigned i = 0; i < ARRAY_SIZE(kernel_map); i++)
		fake_arch_map_kernel(kernel_map[i].va, kernel_map[i].pa, kernel_map[i].size);
	ck_assert_int_eq(hyp_idmap_prepare(&idmap, text, text + 0x100, text), 0);
	ck_assert_int_eq(hyp_runtime_pgd_build(&rt, &idmap), 0);

	/* Unaligned ends: the pages covering them. */
	ck_assert_int_eq(hyp_map_kernel_range(&rt, (const void *)0xC0000010, (const void *)0xC07FFF80, RW),
			 0);
	for (u64 va = 0xC0000000; va < 0xC0800000; va += PAGE) {
		bool block = va < 0xC0200000 || (va >= 0xC0400000 && va < 0xC0600000);

		check_walk(&rt, va, kernel_pa(va), RW, block ? BLOCK : PAGE);
	}
	ck_assert_int_eq(pgtable_walk(&rt, 0xC0800000, NULL, NULL, NULL), -ENOENT);
	inspect(&rt);
	/* block, 512 pages, block, 512 pages, trampoline */
	ck_assert_uint_eq(contents.nr_leaves, 1 + 512 + 1 + 512 + 1);
	/* root, 3-4 GiB level 2, level 3 for 0xC0200000, 0xC0600000 and the trampoline */
	ck_assert_uint_eq(contents.tables, 5);
	tables = fake.live_tables;

	/* Over the trampoline: -EEXIST, and the pages before it are not left mapped. */
	fake_arch_map_kernel(TRAMPOLINE_VA - PAGE, 0x60000000, 2 * PAGE);
	ck_assert_int_eq(hyp_map_kernel_range(&rt, (const void *)(TRAMPOLINE_VA - PAGE),
					      (const void *)(TRAMPOLINE_VA + 1), RW),
			 -EEXIST);
	/* Discontiguous, so mapped in two steps: the first is undone. */
	fake_arch_map_kernel(TRAMPOLINE_VA - 2 * PAGE, 0x50000000, PAGE);
	ck_assert_int_eq(hyp_map_kernel_range(&rt, (const void *)(TRAMPOLINE_VA - 2 * PAGE),
					      (const void *)(TRAMPOLINE_VA + PAGE), RW),
			 -EEXIST);
	ck_assert_int_eq(pgtable_walk(&rt, TRAMPOLINE_VA - 2 * PAGE, NULL, NULL, NULL), -ENOENT);
	ck_assert_int_eq(pgtable_walk(&rt, TRAMPOLINE_VA - PAGE, NULL, NULL, NULL), -ENOENT);
	check_walk(&rt, TRAMPOLINE_VA, pa_addr(idmap.page), MMU_READ | MMU_EXEC, PAGE);
	ck_assert_uint_eq(fake.live_tables, tables);
	ck_assert_int_eq(hyp_map_kernel_range(&rt, (const void *)0xC0001000, (const void *)0xC0001000, RW),
			 -EINVAL);
	inspect(&rt);

	pgtable_destroy(&rt);
	hyp_idmap_release(&idmap);
	ck_assert_uint_eq(fake.live_tables, 0);
}
END_TEST

static Suite *hyp_pgd_suite(void)
{
	Suite *s = suite_create("hyp_pgd");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_init_page_in_place);
	tcase_add_test(tc, test_init_text_up_to_page_end);
	tcase_add_test(tc, test_bounce_page);
	tcase_add_test(tc, test_bad_init_text);
	tcase_add_test(tc, test_idmap_on_trampoline);
	tcase_add_test(tc, test_build_alloc_failure);
	tcase_add_test(tc, test_map_discontiguous_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hyp_pgd_suite());
}
