/*
 * The host kernel's virtual address layout (LPAE, TTBCR.T0SZ = 0: one
 * 4 GiB space in TTBR0).
 *
 *   0xBF000000  KIMAGE_VA   the hyp7 image, mapped page by page to wherever
 *                           it was loaded (so any 4 KiB-aligned load works)
 *   0xBF400000  FDT_VA      4 MiB window onto the DTB the bootloader passed
 *   0xC0000000  PAGE_OFFSET RAM, linearly (2 MiB blocks), LINEAR_MAX at most
 *   0xF0000000  IOREMAP_VA  device mappings (PL011, GIC, ...)
 *   0xFFFF0000  TRAMPOLINE_VA, used by HYP only (include/hyp7/hyp_pgd.h)
 *
 * HYP maps what it needs at the same VAs (KERN_TO_HYP is the identity).
 * The image must not be loaded at a physical address inside
 * 0xBF000000-0xFFFFFFFF, where the boot idmap would collide with these.
 */
#ifndef ARCH_MEMORY_H
#define ARCH_MEMORY_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define SECTION_SHIFT 21
#define SECTION_SIZE (1 << SECTION_SHIFT)

#define KIMAGE_VA 0xBF000000
#define KIMAGE_MAX_SIZE SECTION_SIZE
#define FDT_VA 0xBF400000
#define FDT_WINDOW_SIZE (2 * SECTION_SIZE)
#define PAGE_OFFSET 0xC0000000
#define LINEAR_MAX 0x30000000
#define IOREMAP_VA 0xF0000000
#define IOREMAP_END 0xFF000000

/* Per-CPU stacks (host SVC and HYP): one page each. */
#define NR_CPUS 4
#define STACK_SIZE PAGE_SIZE

#endif
