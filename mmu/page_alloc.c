/* The bitmap page allocator described in include/hyp7/page_alloc.h. */
#include <hyp7/errno.h>
#include <hyp7/page_alloc.h>

static bool page_used(const struct page_pool *pool, u32 page)
{
	return pool->used[page / 32] & (1u << (page % 32));
}

static void set_page(struct page_pool *pool, u32 page, bool used)
{
	if (page_used(pool, page) == used)
		return;
	pool->used[page / 32] ^= 1u << (page % 32);
	if (used)
		pool->nr_free--;
	else
		pool->nr_free++;
}

void page_pool_init(struct page_pool *pool, paddr_t base, u32 nr_pages, u32 *bitmap)
{
	u32 i;

	pool->base = base;
	pool->nr_pages = nr_pages;
	pool->nr_free = 0;
	pool->used = bitmap;
	for (i = 0; i < PAGE_POOL_BITMAP_WORDS(nr_pages); i++)
		bitmap[i] = ~0u;
}

/* The pool's page numbers covering [start, end), clipped to the pool. */
static void page_span(const struct page_pool *pool, u64 start, u64 end, u32 *first, u32 *last)
{
	u64 base = pa_addr(pool->base);
	u64 top = base + (u64)pool->nr_pages * POOL_PAGE_SIZE;

	start = start < base ? base : start > top ? top : start;
	end = end < base ? base : end > top ? top : end;
	*first = (u32)((start - base) / POOL_PAGE_SIZE);
	*last = (u32)((end - base) / POOL_PAGE_SIZE);
}

void page_pool_release_range(struct page_pool *pool, paddr_t start, paddr_t end)
{
	u32 first, last;

	page_span(pool, ALIGN_UP(pa_addr(start), POOL_PAGE_SIZE), ALIGN_DOWN(pa_addr(end), POOL_PAGE_SIZE),
		  &first, &last);
	for (; first < last; first++)
		set_page(pool, first, false);
}

void page_pool_reserve_range(struct page_pool *pool, paddr_t start, paddr_t end)
{
	u32 first, last;

	page_span(pool, ALIGN_DOWN(pa_addr(start), POOL_PAGE_SIZE), ALIGN_UP(pa_addr(end), POOL_PAGE_SIZE),
		  &first, &last);
	for (; first < last; first++)
		set_page(pool, first, true);
}

int page_pool_alloc(struct page_pool *pool, u32 nr_pages, u32 align_pages, paddr_t *pa)
{
	u32 first, n;

	if (!nr_pages || !align_pages || (align_pages & (align_pages - 1)))
		return -EINVAL;
	if (nr_pages > pool->nr_free)
		return -ENOMEM;
	/* First fit. The pool's base is treated as aligned: callers align the pool. */
	for (first = 0; first + nr_pages <= pool->nr_pages; first += align_pages) {
		for (n = 0; n < nr_pages && !page_used(pool, first + n); n++)
			;
		if (n < nr_pages)
			continue;
		for (n = 0; n < nr_pages; n++)
			set_page(pool, first + n, true);
		*pa = pa_add(pool->base, (u64)first * POOL_PAGE_SIZE);
		return 0;
	}
	return -ENOMEM;
}

int page_pool_free(struct page_pool *pool, paddr_t pa, u32 nr_pages)
{
	u64 offset = pa_addr(pa) - pa_addr(pool->base);
	u32 first = (u32)(offset / POOL_PAGE_SIZE), n;

	if (pa_addr(pa) < pa_addr(pool->base) || !IS_ALIGNED(offset, POOL_PAGE_SIZE) ||
	    offset / POOL_PAGE_SIZE + nr_pages > pool->nr_pages)
		return -EINVAL;
	for (n = 0; n < nr_pages; n++)
		if (!page_used(pool, first + n))
			return -EINVAL;
	for (n = 0; n < nr_pages; n++)
		set_page(pool, first + n, false);
	return 0;
}
