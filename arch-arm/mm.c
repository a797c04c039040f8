/*
 * The host's address space after boot/head.S: the early tables become
 * host_pgtable, RAM gets mapped at PAGE_OFFSET with 2 MiB blocks, and what
 * is not the image, the DTB or reserved goes to the page allocator. Also
 * the target's side of mmu/'s arch interface.
 */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>
#include <arch/mm.h>
#include <arch/spinlock.h>
#include <arch/sysregs.h>
#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include <hyp7/page_alloc.h>
#include <hyp7/printk.h>

extern u64 early_l1[];

struct pgtable host_pgtable;

static struct page_pool pool;
static struct spinlock pool_lock = SPINLOCK_INIT;
static u32 pool_bitmap[PAGE_POOL_BITMAP_WORDS(LINEAR_MAX / PAGE_SIZE)];
static u64 phys_offset, linear_size;
static u64 kimage_pa;
static u32 kimage_size;
static u32 ioremap_next = IOREMAP_VA;

paddr_t virt_to_phys(const void *va)
{
	u32 addr = (u32)va;

	if (addr >= PAGE_OFFSET && addr - PAGE_OFFSET < linear_size)
		return pa_init(phys_offset + (addr - PAGE_OFFSET));
	if (addr >= KIMAGE_VA && addr - KIMAGE_VA < kimage_size)
		return pa_init(kimage_pa + (addr - KIMAGE_VA));
	panic("virt_to_phys(%p): neither linear map nor image", va);
}

void *phys_to_virt(paddr_t pa)
{
	u64 addr = pa_addr(pa);

	if (addr >= phys_offset && addr - phys_offset < linear_size)
		return (void *)(u32)(PAGE_OFFSET + (addr - phys_offset));
	if (addr >= kimage_pa && addr - kimage_pa < kimage_size)
		return (void *)(u32)(KIMAGE_VA + (addr - kimage_pa));
	panic("phys_to_virt(0x%llx): not in the linear map", addr);
}

void *alloc_pages(u32 nr_pages)
{
	return alloc_pages_aligned(nr_pages, 1);
}

void *alloc_pages_aligned(u32 nr_pages, u32 align_pages)
{
	paddr_t pa;
	void *va;
	int err;

	spin_lock(&pool_lock);
	err = page_pool_alloc(&pool, nr_pages, align_pages, &pa);
	spin_unlock(&pool_lock);
	if (err)
		return NULL;
	va = phys_to_virt(pa);
	memset(va, 0, nr_pages * PAGE_SIZE);
	return va;
}

void free_pages(void *va, u32 nr_pages)
{
	int err;

	spin_lock(&pool_lock);
	err = page_pool_free(&pool, virt_to_phys(va), nr_pages);
	spin_unlock(&pool_lock);
	BUG_ON(err);
}

int mm_reserve(paddr_t start, u64 size)
{
	u64 first = pa_addr(start);

	if (first < phys_offset || first - phys_offset + size > linear_size)
		return -ERANGE;
	page_pool_reserve_range(&pool, start, pa_add(start, size));
	return 0;
}

u32 nr_free_pages(void)
{
	return pool.nr_free;
}

void *ioremap(paddr_t pa, u32 size)
{
	u32 offset = pa_addr(pa) & (PAGE_SIZE - 1);
	u32 va = ioremap_next;

	size = ALIGN_UP(size + offset, PAGE_SIZE);
	if (size > IOREMAP_END - va)
		return NULL;
	if (pgtable_map(&host_pgtable, va, pa_init(pa_addr(pa) - offset), size,
			MMU_READ | MMU_WRITE | MMU_DEVICE))
		return NULL;
	ioremap_next += size;
	return (void *)(va + offset);
}

/* The RAM bank holding the image is the one mapped linearly. */
static const struct mem_range *image_bank(const struct platform *plat, paddr_t image_pa)
{
	unsigned int i;

	for (i = 0; i < plat->nr_mem; i++)
		if (pa_addr(image_pa) >= plat->mem[i].base &&
		    pa_addr(image_pa) - plat->mem[i].base < plat->mem[i].size)
			return &plat->mem[i];
	return NULL;
}

void mm_early_init(paddr_t image_pa, u32 image_size)
{
	kimage_pa = pa_addr(image_pa);
	kimage_size = image_size;
	pgtable_init_with_root(&host_pgtable, PGTABLE_HOST, early_l1);
}

int mm_init(const struct platform *plat, paddr_t image_pa, u32 image_size, paddr_t dtb_pa,
	    u32 dtb_size)
{
	const struct mem_range *bank = image_bank(plat, image_pa);
	unsigned int i;
	u64 end;
	int err;

	if (!bank) {
		pr_err("the image at 0x%llx is not in any memory node of the DTB\n", kimage_pa);
		return -EINVAL;
	}
	/* 2 MiB blocks only, so that the map needs no table allocation yet. */
	phys_offset = ALIGN_UP(bank->base, SECTION_SIZE);
	end = ALIGN_DOWN(bank->base + bank->size, SECTION_SIZE);
	if (end - phys_offset > LINEAR_MAX) {
		pr_info("RAM above 0x%llx is not used (the linear map holds %u MiB)\n",
			phys_offset + LINEAR_MAX, LINEAR_MAX >> 20);
		end = phys_offset + LINEAR_MAX;
	}
	err = pgtable_map(&host_pgtable, PAGE_OFFSET, pa_init(phys_offset), end - phys_offset,
			  MMU_READ | MMU_WRITE);
	if (err) {
		pr_err("linear map of RAM 0x%llx-0x%llx failed (%d)\n", phys_offset, end, err);
		return err;
	}
	linear_size = end - phys_offset;
	for (i = 0; i < plat->nr_mem; i++)
		if (&plat->mem[i] != bank)
			pr_info("RAM 0x%llx-0x%llx is not used: only the bank holding hyp7 is mapped\n",
				plat->mem[i].base, plat->mem[i].base + plat->mem[i].size - 1);

	page_pool_init(&pool, pa_init(phys_offset), linear_size / PAGE_SIZE, pool_bitmap);
	page_pool_release_range(&pool, pa_init(phys_offset), pa_init(end));
	page_pool_reserve_range(&pool, image_pa, pa_add(image_pa, image_size));
	page_pool_reserve_range(&pool, dtb_pa, pa_add(dtb_pa, dtb_size));
	for (i = 0; i < plat->nr_reserved; i++)
		page_pool_reserve_range(&pool, pa_init(plat->reserved[i].base),
					pa_init(plat->reserved[i].base + plat->reserved[i].size));
	return 0;
}

/* mmu/'s arch interface on the target. */

/*
 * Tables needed before the page allocator exists (the console's ioremap
 * comes before the DTB's memory is known) come from a small static pool.
 */
static u8 early_table_pool[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int early_tables_used;

void *mmu_arch_alloc_table(void)
{
	if (!pool.nr_pages) {
		if (early_tables_used == ARRAY_SIZE(early_table_pool))
			return NULL;
		return early_table_pool[early_tables_used++];
	}
	return alloc_pages(1);
}

void mmu_arch_free_table(void *table)
{
	u8 *t = table;

	if (t >= early_table_pool[0] && t < early_table_pool[ARRAY_SIZE(early_table_pool)])
		return; /* part of the image: never given back */
	free_pages(table, 1);
}

paddr_t mmu_arch_va_to_pa(const void *va)
{
	return virt_to_phys(va);
}

void *mmu_arch_pa_to_va(paddr_t pa)
{
	return phys_to_virt(pa);
}

void mmu_arch_clean_to_poc(const void *va, size_t size)
{
	dcache_clean_poc(va, size);
}

void mmu_arch_tlb_invalidate(const struct pgtable *pt, u64 ia)
{
	switch (pt->kind) {
	case PGTABLE_HOST:
		dsb(ishst);
		write_sysreg((u32)ia & ~(PAGE_SIZE - 1), TLBIMVAAIS);
		dsb(ish);
		isb();
		break;
	case PGTABLE_HYP:
		/* Refused harmlessly by the stub before HYP init, when no TLB entry can exist. */
		kvm_call_hyp(__kvm_tlb_flush_hyp);
		break;
	case PGTABLE_STAGE2: {
		u64 vttbr = pa_addr(pgtable_root_pa(pt)) | (u64)pt->vmid << VTTBR_VMID_SHIFT_64;

		kvm_call_hyp(__kvm_tlb_flush_vmid, (u32)vttbr, (u32)(vttbr >> 32));
		break;
	}
	}
}
