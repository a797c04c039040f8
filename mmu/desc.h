/*
 * Long-descriptor encoding (B3.6.1), private to mmu/: descriptor types,
 * addresses, and the MMU_* attributes of each table kind.
 */
#ifndef MMU_DESC_H
#define MMU_DESC_H

#include <hyp7/pgtable.h>

#define LEVEL_FIRST 1
#define LEVEL_BLOCK 2 /* the only level the library puts blocks at */
#define LEVEL_LAST 3

static inline bool desc_is_table(u64 desc, int level)
{
	return level < LEVEL_LAST && (desc & PTE_TYPE_MASK) == PTE_TYPE_TABLE;
}

static inline bool desc_is_leaf(u64 desc, int level)
{
	u64 type = level == LEVEL_LAST ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;

	return (desc & PTE_TYPE_MASK) == type;
}

static inline u64 desc_addr(u64 desc)
{
	return desc & PTE_ADDR_MASK;
}

/* Everything of a leaf but its type and address: what a split copies. */
static inline u64 desc_leaf_bits(u64 desc)
{
	return desc & ~(PTE_ADDR_MASK | PTE_TYPE_MASK);
}

static inline u64 desc_leaf(u64 pa, int level, u64 leaf_bits)
{
	return pa | leaf_bits | (level == LEVEL_LAST ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK);
}

static inline u64 desc_table(paddr_t table)
{
	return pa_addr(table) | PTE_TYPE_TABLE;
}

/* The leaf bits for attrs in a kind's tables: 0 or -EINVAL. */
int desc_attrs_encode(enum pgtable_kind kind, unsigned attrs, u64 *leaf_bits);
unsigned desc_attrs_decode(enum pgtable_kind kind, u64 leaf);

#endif
