/*
 * LPAE page tables: ARM ARM B3.6 "Long-descriptor translation table format",
 * 4 KiB granule, three levels, 32-bit input addresses (TTBCR/HTCR/VTCR
 * T0SZ = 0, so the walk starts at level 1 with 4 entries) and output
 * addresses up to 40 bits. One library for the host's PL1 stage 1 tables,
 * the HYP (PL2) stage 1 tables and every VM's stage 2 tables; it compiles
 * for the target and for the host unit tests (see the arch interface below).
 *
 * The part above __ASSEMBLER__ is usable from assembly (HMAIR0/MAIR0 setup).
 */
#ifndef HYP7_PGTABLE_H
#define HYP7_PGTABLE_H

/*
 * MAIR0 and MAIR1, Memory Attribute Indirection Registers (HMAIR0/HMAIR1
 * have the same format): the stage 1 memory types are
 * reached through AttrIndx. The library fixes the indices; whoever enables
 * a stage 1 MMU programs MAIR0/HMAIR0 with MAIR0_VALUE (MAIR1 unused).
 */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_IDX_NORMAL_NC 2

#define MAIR_ATTR_NORMAL_WBWA 0xFF /* outer and inner write-back, read/write-allocate */
#define MAIR_ATTR_DEVICE 0x04      /* Device (nGnRE in ARMv8 words) */
#define MAIR_ATTR_NORMAL_NC 0x44   /* outer and inner non-cacheable */
#define MAIR_ATTR(idx, attr) ((attr) << (8 * (idx)))

#define MAIR0_VALUE (MAIR_ATTR(MAIR_IDX_NORMAL, MAIR_ATTR_NORMAL_WBWA) | \
		     MAIR_ATTR(MAIR_IDX_DEVICE, MAIR_ATTR_DEVICE) |       \
		     MAIR_ATTR(MAIR_IDX_NORMAL_NC, MAIR_ATTR_NORMAL_NC))

#ifndef __ASSEMBLER__

#include <hyp7/types.h>

#define PGTABLE_PAGE_SIZE 0x1000ull    /* level 3 page, and the size of every table */
#define PGTABLE_BLOCK_SIZE 0x200000ull /* level 2 block */
#define PGTABLE_IA_LIMIT (1ull << 32)  /* T0SZ = 0 */
#define PGTABLE_PA_LIMIT (1ull << 40)  /* LPAE output addresses */

/*
 * B3.6.1 Long-descriptor translation table format descriptors.
 * Bits [1:0]: invalid (x0), block (01, levels 1-2), table (11, levels 1-2),
 * page (11, level 3; 01 is reserved there and faults).
 */
#define PTE_VALID (1ull << 0)
#define PTE_TYPE_MASK (3ull << 0)
#define PTE_TYPE_BLOCK (1ull << 0)
#define PTE_TYPE_TABLE (3ull << 0)
#define PTE_TYPE_PAGE (3ull << 0)
/* Next-level table, page or block address; bits [20:12] are zero in a level 2 block. */
#define PTE_ADDR_MASK 0x000000FFFFFFF000ull

/*
 * Block and page attributes, stage 1. NS, nG, Contiguous and the table
 * descriptors' hierarchical bits (NSTable, APTable, XNTable, PXNTable) are
 * always left zero.
 */
#define PTE_ATTRINDX(idx) ((u64)(idx) << 2)
#define PTE_ATTRINDX_MASK PTE_ATTRINDX(7)
/*
 * AP[1]: in the PL1&0 regime, PL0 may access the page too. In the PL2
 * regime AP[1] has no meaning and should be one (B3.6.1, AP[2:1]), so every
 * HYP leaf carries it.
 */
#define PTE_AP1 (1ull << 6)
#define PTE_AP_RO (1ull << 7) /* AP[2]: read-only at every level that may access */
#define PTE_SH_MASK (3ull << 8)
#define PTE_SH_INNER (3ull << 8)
/* Access flag: set on every leaf, hardware AF management is not used. */
#define PTE_AF (1ull << 10)
#define PTE_PXN (1ull << 53) /* PL1&0 regime only: PL1 may not execute */
#define PTE_XN (1ull << 54)

/*
 * Stage 2 (B3.6.1; "Stage 2 memory region attributes"): MemAttr[3:0] in
 * bits [5:2] instead of AttrIndx, S2AP in bits [7:6] instead of AP[2:1];
 * SH, AF and XN where stage 1 has them.
 */
#define S2_MEMATTR(attr) ((u64)(attr) << 2)
#define S2_MEMATTR_MASK S2_MEMATTR(0xF)
#define S2_MEMATTR_NORMAL_WB 0xF /* outer and inner write-back */
#define S2_MEMATTR_DEVICE 0x1
/* MemAttr[3:2] == 00: Strongly-ordered or Device, whatever MemAttr[1:0] says. */
#define S2_MEMATTR_OUTER_MASK S2_MEMATTR(0xC)
#define S2AP_R (1ull << 6)
#define S2AP_W (1ull << 7)

/* Mapping attributes, translated by the library into each kind's bits. */
#define MMU_READ 1u   /* required: no write-only or no-access mappings */
#define MMU_WRITE 2u
#define MMU_EXEC 4u
#define MMU_DEVICE 8u /* Device memory, else Normal write-back inner-shareable */
#define MMU_USER 16u  /* PL0 may access: PGTABLE_HOST only */

enum pgtable_kind {
	PGTABLE_HOST,   /* PL1&0 stage 1 */
	PGTABLE_HYP,    /* PL2 stage 1 */
	PGTABLE_STAGE2, /* PL1&0 stage 2, one per VM */
};

struct pgtable {
	enum pgtable_kind kind;
	u64 *root;       /* VA of the level 1 table */
	u32 vmid;        /* for the stage 2 TLB maintenance hook; may be 0 */
	bool root_owned; /* root came from mmu_arch_alloc_table() */
};

/*
 * Arch interface: implemented by the target (MMU and cache code) and by a
 * fake in the host unit tests. Besides these, the library uses only memset
 * and memcpy.
 */
void *mmu_arch_alloc_table(void); /* one zeroed, 4 KiB-aligned page, or NULL */
void mmu_arch_free_table(void *table);
paddr_t mmu_arch_va_to_pa(const void *va);
void *mmu_arch_pa_to_va(paddr_t pa);
/*
 * Clean the D-cache lines holding [va, va + size) to the point of
 * coherency: HYP walks its tables before it trusts its caches, and every
 * walker may be non-coherent with the CPU writing the tables.
 */
void mmu_arch_clean_to_poc(const void *va, size_t size);
/*
 * Invalidate the TLB entries (walk caches included) that may translate ia
 * in pt's regime (pt->kind, pt->vmid). Called after an entry on the way to
 * ia was made invalid and cleaned: the break of break-before-make.
 */
void mmu_arch_tlb_invalidate(const struct pgtable *pt, u64 ia);

/* No locking here: callers serialise the calls on one table. */

/* Allocates the root table (vmid 0): 0 or -ENOMEM. */
int pgtable_init(struct pgtable *pt, enum pgtable_kind kind);
/*
 * Adopts an existing root (e.g. a static early-boot table): at least 4
 * entries, aligned to 32 bytes as the TTBR demands when T0SZ = 0. Its
 * current entries are kept: tables, and blocks (a level 1 block is split
 * like any other when it is partly unmapped).
 */
void pgtable_init_with_root(struct pgtable *pt, enum pgtable_kind kind, u64 *root);
/*
 * Frees every table page below the root, and the root if pgtable_init()
 * allocated it (an adopted root is cleared instead). The mapped memory is
 * untouched. No TTBR may point at the tables any more, and their TLB
 * entries must be gone.
 */
void pgtable_destroy(struct pgtable *pt);
paddr_t pgtable_root_pa(const struct pgtable *pt);

/*
 * Maps [ia, ia + size) to [pa, pa + size) with 2 MiB blocks wherever ia, pa
 * and the rest of the range allow, 4 KiB pages elsewhere.
 * -EINVAL: ia, pa or size not 4 KiB aligned, size 0, the output range past
 *          40 bits, attrs without MMU_READ or with unknown bits, MMU_USER
 *          outside PGTABLE_HOST, or MMU_DEVICE with MMU_EXEC (Device
 *          regions must be execute-never to stop speculative instruction
 *          fetches: ARM ARM "Execute-never restrictions on instruction
 *          fetching");
 * -ERANGE: the input range goes past 4 GiB;
 * -EEXIST: some page of the range is mapped already;
 * -ENOMEM: a table page could not be allocated.
 * On any error the tables are left as they were: all the table pages a
 * call needs are linked in before its first leaf is written, and on
 * -ENOMEM the ones it added are unlinked and freed again.
 */
int pgtable_map(struct pgtable *pt, u64 ia, paddr_t pa, u64 size, unsigned attrs);
/*
 * Unmaps every page of [ia, ia + size), mapped or not, splitting a block
 * the range covers only in part, and frees the table pages left empty.
 * -EINVAL: ia or size not 4 KiB aligned, or size 0; -ERANGE: past 4 GiB;
 * -ENOMEM: a block could not be split. Blocks are split before anything is
 * unmapped, so on -ENOMEM every page is still mapped as before (perhaps
 * through smaller blocks or pages).
 */
int pgtable_unmap(struct pgtable *pt, u64 ia, u64 size);
/*
 * Translates ia: its output address (page offset included), its MMU_*
 * attributes and the size of the block or page holding it.
 * -ENOENT if ia is not mapped, -ERANGE if it is not below 4 GiB. Any of
 * the outputs may be NULL.
 */
int pgtable_walk(const struct pgtable *pt, u64 ia, paddr_t *pa, unsigned *attrs,
		 u64 *block_size);
/* The raw leaf descriptor translating ia and its level (1-3), or 0. */
u64 pgtable_desc_at(const struct pgtable *pt, u64 ia, int *level);

#endif /* __ASSEMBLER__ */
#endif
