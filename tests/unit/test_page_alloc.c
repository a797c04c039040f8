/*
 * mmu/page_alloc.c against a reference model: an array saying, for each
 * page, whether the test believes it is in use.
 */
#include <check.h>

#include "run_suite.h"
#include <stdlib.h>

#include <hyp7/errno.h>
#include <hyp7/page_alloc.h>

#define NR_PAGES 200
#define BASE 0x80000000ull
#define PG POOL_PAGE_SIZE

static struct page_pool pool;
static u32 bitmap[PAGE_POOL_BITMAP_WORDS(NR_PAGES)];

static paddr_t page_pa(u32 page)
{
	return pa_init(BASE + (u64)page * PG);
}

static void setup(void)
{
	page_pool_init(&pool, pa_init(BASE), NR_PAGES, bitmap);
}

START_TEST(starts_all_used)
{
	paddr_t pa;

	ck_assert_uint_eq(pool.nr_free, 0);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 1, &pa), -ENOMEM);
}
END_TEST

START_TEST(release_rounds_in_reserve_rounds_out)
{
	paddr_t pa;

	/* Only pages 1 and 2 lie wholly inside [0.5, 3.5) pages. */
	page_pool_release_range(&pool, pa_init(BASE + PG / 2), pa_init(BASE + 3 * PG + PG / 2));
	ck_assert_uint_eq(pool.nr_free, 2);
	/* Reserving one byte of page 2 takes the whole page. */
	page_pool_reserve_range(&pool, pa_init(BASE + 2 * PG + 100), pa_init(BASE + 2 * PG + 101));
	ck_assert_uint_eq(pool.nr_free, 1);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 1, &pa), 0);
	ck_assert_uint_eq(pa_addr(pa), BASE + PG);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 1, &pa), -ENOMEM);
}
END_TEST

START_TEST(ranges_outside_the_pool_are_clipped)
{
	page_pool_release_range(&pool, pa_init(0), pa_init(BASE + 3 * PG));
	ck_assert_uint_eq(pool.nr_free, 3);
	page_pool_release_range(&pool, pa_init(BASE + (NR_PAGES - 2) * PG), pa_init(~0ull - PG));
	ck_assert_uint_eq(pool.nr_free, 5);
	page_pool_reserve_range(&pool, pa_init(0), pa_init(BASE + PG));
	ck_assert_uint_eq(pool.nr_free, 4);
}
END_TEST

START_TEST(bad_requests)
{
	paddr_t pa;

	page_pool_release_range(&pool, page_pa(0), page_pa(NR_PAGES));
	ck_assert_int_eq(page_pool_alloc(&pool, 0, 1, &pa), -EINVAL);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 3, &pa), -EINVAL);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 0, &pa), -EINVAL);
	ck_assert_int_eq(page_pool_alloc(&pool, NR_PAGES + 1, 1, &pa), -ENOMEM);
	/* Not allocated, unaligned, outside, overrunning the end: nothing changes. */
	ck_assert_int_eq(page_pool_free(&pool, page_pa(3), 1), -EINVAL);
	ck_assert_int_eq(page_pool_alloc(&pool, 2, 1, &pa), 0);
	ck_assert_int_eq(page_pool_free(&pool, pa_add(pa, 8), 1), -EINVAL);
	ck_assert_int_eq(page_pool_free(&pool, pa_init(BASE - PG), 1), -EINVAL);
	ck_assert_int_eq(page_pool_free(&pool, page_pa(NR_PAGES - 1), 2), -EINVAL);
	ck_assert_int_eq(page_pool_free(&pool, pa, 3), -EINVAL); /* the third page is free */
	ck_assert_uint_eq(pool.nr_free, NR_PAGES - 2);
	ck_assert_int_eq(page_pool_free(&pool, pa, 2), 0);
	ck_assert_int_eq(page_pool_free(&pool, pa, 2), -EINVAL); /* double free */
	ck_assert_uint_eq(pool.nr_free, NR_PAGES);
}
END_TEST

START_TEST(fragmented_pool_has_no_run)
{
	paddr_t pa;
	u32 page;

	page_pool_release_range(&pool, page_pa(0), page_pa(NR_PAGES));
	for (page = 0; page < NR_PAGES; page += 2)
		page_pool_reserve_range(&pool, page_pa(page), page_pa(page + 1));
	ck_assert_uint_eq(pool.nr_free, NR_PAGES / 2);
	ck_assert_int_eq(page_pool_alloc(&pool, 2, 1, &pa), -ENOMEM);
	ck_assert_int_eq(page_pool_alloc(&pool, 1, 1, &pa), 0);
	ck_assert_uint_eq(pa_addr(pa), BASE + PG);
}
END_TEST

/* Random allocations and frees; every result checked against the model. */
START_TEST(random_against_model)
{
	static bool used[NR_PAGES];
	struct { paddr_t pa; u32 n; } live[64];
	unsigned int nr_live = 0, step, i;
	u32 model_free = NR_PAGES;

	srand(7);
	page_pool_release_range(&pool, page_pa(0), page_pa(NR_PAGES));
	for (step = 0; step < 5000; step++) {
		if (nr_live < 64 && (rand() % 3 || !nr_live)) {
			u32 n = 1 + rand() % 8, align = 1u << (rand() % 3), first;
			paddr_t pa;
			int err = page_pool_alloc(&pool, n, align, &pa);

			if (err) {
				ck_assert_int_eq(err, -ENOMEM);
				continue;
			}
			first = (u32)((pa_addr(pa) - BASE) / PG);
			ck_assert_uint_eq(first % align, 0);
			ck_assert_uint_le(first + n, NR_PAGES);
			for (i = 0; i < n; i++) {
				ck_assert_msg(!used[first + i], "page %u handed out twice", first + i);
				used[first + i] = true;
			}
			model_free -= n;
			live[nr_live].pa = pa;
			live[nr_live++].n = n;
		} else {
			unsigned int k = rand() % nr_live;
			u32 first = (u32)((pa_addr(live[k].pa) - BASE) / PG);

			ck_assert_int_eq(page_pool_free(&pool, live[k].pa, live[k].n), 0);
			for (i = 0; i < live[k].n; i++)
				used[first + i] = false;
			model_free += live[k].n;
			live[k] = live[--nr_live];
		}
		ck_assert_uint_eq(pool.nr_free, model_free);
	}
}
END_TEST

Suite *page_alloc_suite(void)
{
	Suite *s = suite_create("page_alloc");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, starts_all_used);
	tcase_add_test(tc, release_rounds_in_reserve_rounds_out);
	tcase_add_test(tc, ranges_outside_the_pool_are_clipped);
	tcase_add_test(tc, bad_requests);
	tcase_add_test(tc, fragmented_pool_has_no_run);
	tcase_add_test(tc, random_against_model);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(page_alloc_suite());
}
