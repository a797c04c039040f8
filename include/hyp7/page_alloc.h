/*
 * A physical page allocator: one bitmap over a contiguous range of pages,
 * a bit per page, set while the page is in use or not RAM at all. Small
 * enough to read at a glance, and contiguous runs for stacks and tables.
 */
#ifndef HYP7_PAGE_ALLOC_H
#define HYP7_PAGE_ALLOC_H

#include <hyp7/types.h>

#define POOL_PAGE_SIZE 4096u

struct page_pool {
	paddr_t base;
	u32 nr_pages;
	u32 nr_free;
	u32 *used; /* nr_pages bits */
};

#define PAGE_POOL_BITMAP_WORDS(nr_pages) (((nr_pages) + 31) / 32)

/* Starts with every page in use; bitmap has PAGE_POOL_BITMAP_WORDS(nr_pages) words. */
void page_pool_init(struct page_pool *pool, paddr_t base, u32 nr_pages, u32 *bitmap);
/* Pages wholly inside [start, end) become free. */
void page_pool_release_range(struct page_pool *pool, paddr_t start, paddr_t end);
/* Pages touching [start, end) become used (firmware, image, DTB). */
void page_pool_reserve_range(struct page_pool *pool, paddr_t start, paddr_t end);
/* nr_pages contiguous pages aligned to align_pages (a power of two): 0 or -ENOMEM/-EINVAL. */
int page_pool_alloc(struct page_pool *pool, u32 nr_pages, u32 align_pages, paddr_t *pa);
/* -EINVAL (and nothing changes) when a page is outside the pool or already free. */
int page_pool_free(struct page_pool *pool, paddr_t pa, u32 nr_pages);

#endif
