/*
 * The host kernel's memory: the linear map of RAM, device mappings and the
 * page allocator behind them (arch-arm/mm.c, mmu/page_alloc.c).
 */
#ifndef ARCH_MM_H
#define ARCH_MM_H

#include <arch/memory.h>
#include <arch/platform.h>
#include <hyp7/pgtable.h>
#include <hyp7/types.h>

extern struct pgtable host_pgtable;

/* Adopts boot/head.S's tables as host_pgtable: ioremap works from here on. */
void mm_early_init(paddr_t image_pa, u32 image_size);

/* Maps RAM at PAGE_OFFSET and hands the free pages to the allocator. */
int mm_init(const struct platform *plat, paddr_t image_pa, u32 image_size, paddr_t dtb_pa,
	    u32 dtb_size);

paddr_t virt_to_phys(const void *va);
void *phys_to_virt(paddr_t pa);

/* Device memory at a fresh VA in the ioremap area; NULL if out of space. */
void *ioremap(paddr_t pa, u32 size);

/* Zeroed, physically contiguous pages from the linear map; NULL if none. */
void *alloc_pages(u32 nr_pages);
/* The same, the first page's number a multiple of align_pages (a power of two). */
void *alloc_pages_aligned(u32 nr_pages, u32 align_pages);
void free_pages(void *va, u32 nr_pages);
u32 nr_free_pages(void);
/* Keeps the allocator off [start, start + size) (images a loader put in RAM); -ERANGE outside the linear map. */
int mm_reserve(paddr_t start, u64 size);

void dcache_clean_poc(const void *va, size_t size);
void dcache_clean_inval_poc(const void *va, size_t size);

#endif
