/* The boot and runtime HYP page tables of the dual-step HYP init (hyp_pgd.h). */
#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include <hyp7/hyp_pgd.h>

#define PAGE_BYTES PGTABLE_PAGE_SIZE
/* Read-only: nothing at PL2 has any business writing its own code. */
#define INIT_PAGE_ATTRS (MMU_READ | MMU_EXEC)

static u64 va_of(const void *va)
{
	return (uintptr_t)va;
}

static const void *va_ptr(u64 va)
{
	return (const void *)(uintptr_t)va;
}

int hyp_idmap_prepare(struct hyp_idmap *idmap, const void *text_start, const void *text_end,
		      const void *vector)
{
	u64 start = va_of(text_start), end = va_of(text_end), vec = va_of(vector);
	void *bounce;

	if (end <= start || vec < start || vec >= end)
		return -EINVAL;
	if (end - start > PAGE_BYTES)
		return -E2BIG;

	if (ALIGN_DOWN(start, PAGE_BYTES) == ALIGN_DOWN(end - 1, PAGE_BYTES)) {
		idmap->vector = mmu_arch_va_to_pa(vector);
		idmap->page = pa_init(ALIGN_DOWN(pa_addr(idmap->vector), PAGE_BYTES));
		idmap->vector_offset = pa_addr(idmap->vector) - pa_addr(idmap->page);
		idmap->bounce = NULL;
		return 0;
	}

	/*
	 * Only one page is mapped at the trampoline, and the two pages the code
	 * straddles need not even be physically contiguous: run a copy.
	 */
	bounce = mmu_arch_alloc_table();
	if (!bounce)
		return -ENOMEM;
	memcpy(bounce, text_start, end - start);
	/* HYP fetches the copy with the MMU and caches off: it must be in memory. */
	mmu_arch_clean_to_poc(bounce, end - start);

	idmap->bounce = bounce;
	idmap->page = mmu_arch_va_to_pa(bounce);
	idmap->vector_offset = vec - start;
	idmap->vector = pa_add(idmap->page, idmap->vector_offset);
	return 0;
}

void hyp_idmap_release(struct hyp_idmap *idmap)
{
	if (idmap->bounce)
		mmu_arch_free_table(idmap->bounce);
	idmap->bounce = NULL;
}

static int map_init_page(struct pgtable *pt, u64 va, const struct hyp_idmap *idmap)
{
	return pgtable_map(pt, va, idmap->page, PAGE_BYTES, INIT_PAGE_ATTRS);
}

int hyp_boot_pgd_build(struct pgtable *boot, const struct hyp_idmap *idmap)
{
	int err;

	/* The idmap and the trampoline must be two different pages. */
	if (pa_addr(idmap->page) == TRAMPOLINE_VA)
		return -EINVAL;
	err = pgtable_init(boot, PGTABLE_HYP);
	if (err)
		return err;
	err = map_init_page(boot, pa_addr(idmap->page), idmap);
	if (!err)
		err = map_init_page(boot, TRAMPOLINE_VA, idmap);
	if (err)
		pgtable_destroy(boot);
	return err;
}

int hyp_runtime_pgd_build(struct pgtable *rt, const struct hyp_idmap *idmap)
{
	int err = pgtable_init(rt, PGTABLE_HYP);

	if (err)
		return err;
	err = map_init_page(rt, TRAMPOLINE_VA, idmap);
	if (err)
		pgtable_destroy(rt);
	return err;
}

int hyp_map_kernel_range(struct pgtable *rt, const void *start, const void *end,
			 unsigned attrs)
{
	u64 first = ALIGN_DOWN(va_of(start), PAGE_BYTES);
	u64 last = ALIGN_UP(va_of(end), PAGE_BYTES);
	u64 run = first;
	paddr_t run_pa;

	if (va_of(end) <= va_of(start))
		return -EINVAL;

	/* One pgtable_map() per physically contiguous run of pages. */
	run_pa = mmu_arch_va_to_pa(va_ptr(run));
	for (u64 va = run + PAGE_BYTES;; va += PAGE_BYTES) {
		paddr_t pa = va < last ? mmu_arch_va_to_pa(va_ptr(va)) : pa_init(0);
		int err;

		if (va < last && pa_addr(pa) == pa_addr(run_pa) + (va - run))
			continue;
		err = pgtable_map(rt, run, run_pa, va - run, attrs);
		if (err) {
			/* Whole leaves of this call only: the unmap splits nothing, cannot fail. */
			if (run > first)
				pgtable_unmap(rt, first, run - first);
			return err;
		}
		if (va == last)
			return 0;
		run = va;
		run_pa = pa;
	}
}
