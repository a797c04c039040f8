/*
 * The two HYP (PL2 stage 1) page tables of the dual-step HYP init
 * (DESIGN.md section 2). The init page is mapped three times:
 *  - boot PGD: at its physical address (the idmap the MMU is switched on
 *    in) and at TRAMPOLINE_VA;
 *  - runtime PGD: at TRAMPOLINE_VA only, next to the HYP text, data and
 *    stacks at their kernel VAs (KERN_TO_HYP is the identity).
 * Init turns the MMU on with the boot PGD, jumps to the same code at
 * TRAMPOLINE_VA, then switches HTTBR to the runtime PGD: the code it runs
 * has the same VA and the same physical page in both. The boot PGD is kept
 * to bring CPUs up again after hotplug.
 */
#ifndef HYP7_HYP_PGD_H
#define HYP7_HYP_PGD_H

/*
 * The top 64 KiB: the host never maps anything there, and no RAM (so no
 * idmap of the init page) sits that high on the boards we run on. No 'u'
 * suffix, for the assembler's sake: C makes it an unsigned int anyway.
 */
#define TRAMPOLINE_VA 0xFFFF0000

#ifndef __ASSEMBLER__

#include <hyp7/pgtable.h>

struct hyp_idmap {
	paddr_t page;      /* physical page holding the init code: the original page or the bounce page */
	paddr_t vector;    /* physical address of the init vector inside that page */
	u32 vector_offset; /* offset of the vector from the page start: the trampoline VA + this is the vector's VA */
	void *bounce;      /* the bounce page (VA) when the init code crosses a page boundary, else NULL */
};

/*
 * Finds the page to map for the init code [text_start, text_end) (kernel
 * VAs) holding vector. Code crossing a page boundary is copied to a bounce
 * page, cleaned to the point of coherency as HYP runs it with the MMU and
 * caches off. -EINVAL: empty text or vector outside it; -E2BIG: text
 * longer than a page; -ENOMEM: no bounce page.
 */
int hyp_idmap_prepare(struct hyp_idmap *idmap, const void *text_start, const void *text_end,
		      const void *vector);
void hyp_idmap_release(struct hyp_idmap *idmap);

/*
 * Each builds a new HYP table mapping the init page read-only and
 * executable, and destroys it again on failure. Boot: -EINVAL if the init
 * page's physical address is TRAMPOLINE_VA's page, -ERANGE if it is not
 * below 4 GiB (it cannot be idmapped).
 */
int hyp_boot_pgd_build(struct pgtable *boot, const struct hyp_idmap *idmap);
int hyp_runtime_pgd_build(struct pgtable *rt, const struct hyp_idmap *idmap);

/*
 * Maps the pages covering [start, end) at their kernel VA, each to its own
 * physical page (mmu_arch_va_to_pa() page by page: the kernel's mapping
 * need not be physically contiguous; contiguous runs get 2 MiB blocks where
 * aligned). Errors as pgtable_map(), e.g. -EEXIST over TRAMPOLINE_VA; on
 * error nothing this call mapped stays mapped.
 */
int hyp_map_kernel_range(struct pgtable *rt, const void *start, const void *end,
			 unsigned attrs);

#endif /* __ASSEMBLER__ */
#endif
