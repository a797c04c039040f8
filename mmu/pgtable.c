/*
 * LPAE table construction (B3.6 "Long-descriptor translation table
 * format"). Every descriptor written is cleaned to the point of coherency
 * at once, and a new table right after it was zeroed or filled, before
 * anything points at it: table walks need not be coherent with the CPU's
 * data cache (HYP walks its tables before it trusts its caches). A valid
 * entry is only ever replaced through break-before-make (ARM ARM "Using
 * break-before-make when updating translation table entries"): made
 * invalid, cleaned, its TLB entries invalidated, and only then the new
 * entry written.
 */
#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include "desc.h"

#define ROOT_ENTRIES 4 /* T0SZ = 0: level 1 resolves IA[31:30] */
#define TABLE_ENTRIES 512

/* Each level resolves 9 bits of the input address above the 12-bit page offset. */
static unsigned level_shift(int level)
{
	return 12 + 9 * (LEVEL_LAST - level);
}

static u64 level_size(int level)
{
	return 1ull << level_shift(level);
}

static u64 *level_entry(u64 *table, int level, u64 ia)
{
	return &table[(ia >> level_shift(level)) & (TABLE_ENTRIES - 1)];
}

/* The end of the part of [ia, end) that the level's entry for ia covers. */
static u64 entry_end(int level, u64 ia, u64 end)
{
	u64 next = ALIGN_DOWN(ia, level_size(level)) + level_size(level);

	return next < end ? next : end;
}

static u64 *next_table(u64 desc)
{
	return mmu_arch_pa_to_va(pa_init(desc_addr(desc)));
}

static void desc_write(u64 *entry, u64 desc)
{
	*entry = desc;
	mmu_arch_clean_to_poc(entry, sizeof(*entry));
}

/* The break of break-before-make; ia is any address the entry translated. */
static void desc_break(const struct pgtable *pt, u64 *entry, u64 ia)
{
	desc_write(entry, 0);
	mmu_arch_tlb_invalidate(pt, ia);
}

/* Its zeroes may sit in the cache over stale memory a walker would take for descriptors. */
static u64 *table_alloc(void)
{
	u64 *table = mmu_arch_alloc_table();

	if (table)
		mmu_arch_clean_to_poc(table, PGTABLE_PAGE_SIZE);
	return table;
}

static bool table_is_empty(const u64 *table)
{
	for (unsigned i = 0; i < TABLE_ENTRIES; i++)
		if (table[i])
			return false;
	return true;
}

int pgtable_init(struct pgtable *pt, enum pgtable_kind kind)
{
	u64 *root = table_alloc();

	if (!root)
		return -ENOMEM;
	pgtable_init_with_root(pt, kind, root);
	pt->root_owned = true;
	return 0;
}

void pgtable_init_with_root(struct pgtable *pt, enum pgtable_kind kind, u64 *root)
{
	pt->kind = kind;
	pt->root = root;
	pt->vmid = 0;
	pt->root_owned = false;
}

static void tables_free(u64 *table, int level, unsigned entries)
{
	for (unsigned i = 0; i < entries; i++) {
		if (!desc_is_table(table[i], level))
			continue;
		tables_free(next_table(table[i]), level + 1, TABLE_ENTRIES);
		mmu_arch_free_table(next_table(table[i]));
	}
}

void pgtable_destroy(struct pgtable *pt)
{
	tables_free(pt->root, LEVEL_FIRST, ROOT_ENTRIES);
	if (pt->root_owned) {
		mmu_arch_free_table(pt->root);
	} else {
		/* Whoever reuses the adopted root must not find the freed tables. */
		memset(pt->root, 0, ROOT_ENTRIES * sizeof(*pt->root));
		mmu_arch_clean_to_poc(pt->root, ROOT_ENTRIES * sizeof(*pt->root));
	}
	pt->root = NULL;
}

paddr_t pgtable_root_pa(const struct pgtable *pt)
{
	return mmu_arch_va_to_pa(pt->root);
}

static bool range_is_free(u64 *table, int level, u64 ia, u64 end)
{
	u64 *entry = level_entry(table, level, ia);

	for (u64 next; ia < end; ia = next, entry++) {
		next = entry_end(level, ia, end);
		if (desc_is_leaf(*entry, level))
			return false;
		if (desc_is_table(*entry, level) &&
		    !range_is_free(next_table(*entry), level + 1, ia, next))
			return false;
	}
	return true;
}

/* A leaf for [ia, next) at this level: always a page, a block where it fits. */
static bool leaf_fits(int level, u64 ia, u64 next, u64 pa)
{
	if (level == LEVEL_LAST)
		return true;
	return level == LEVEL_BLOCK && next - ia == level_size(level) &&
	       IS_ALIGNED(pa, level_size(level));
}

/*
 * Walks [ia, end) as the mapping will lay it out. With write_leaves false,
 * only links in the missing tables (the one step that can fail); with it
 * true, the tables are all there and only the leaves are written.
 */
static int map_range(u64 *table, int level, u64 ia, u64 end, u64 pa, u64 leaf_bits,
		     bool write_leaves)
{
	u64 *entry = level_entry(table, level, ia);

	for (u64 next; ia < end; pa += next - ia, ia = next, entry++) {
		next = entry_end(level, ia, end);
		if (leaf_fits(level, ia, next, pa)) {
			if (write_leaves)
				desc_write(entry, desc_leaf(pa, level, leaf_bits));
			continue;
		}
		if (!desc_is_table(*entry, level)) {
			u64 *child = table_alloc();

			if (!child)
				return -ENOMEM;
			desc_write(entry, desc_table(mmu_arch_va_to_pa(child)));
		}
		int err = map_range(next_table(*entry), level + 1, ia, next, pa, leaf_bits,
				    write_leaves);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Removes every leaf in [ia, end), which must hold whole leaves only, and
 * frees the tables that end up empty (after their own break: walk caches
 * may still hold the table descriptor).
 */
static void unmap_range(const struct pgtable *pt, u64 *table, int level, u64 ia, u64 end)
{
	u64 *entry = level_entry(table, level, ia);

	for (u64 next; ia < end; ia = next, entry++) {
		next = entry_end(level, ia, end);
		if (desc_is_leaf(*entry, level)) {
			desc_break(pt, entry, ia);
		} else if (desc_is_table(*entry, level)) {
			u64 *child = next_table(*entry);

			unmap_range(pt, child, level + 1, ia, next);
			if (table_is_empty(child)) {
				desc_break(pt, entry, ia);
				mmu_arch_free_table(child);
			}
		}
	}
}

static int check_range(u64 ia, u64 size)
{
	if (!IS_ALIGNED(ia | size, PGTABLE_PAGE_SIZE) || !size)
		return -EINVAL;
	if (ia >= PGTABLE_IA_LIMIT || size > PGTABLE_IA_LIMIT - ia)
		return -ERANGE;
	return 0;
}

int pgtable_map(struct pgtable *pt, u64 ia, paddr_t pa, u64 size, unsigned attrs)
{
	u64 leaf_bits;
	int err;

	if (!IS_ALIGNED(pa_addr(pa), PGTABLE_PAGE_SIZE) || pa_addr(pa) >= PGTABLE_PA_LIMIT ||
	    size > PGTABLE_PA_LIMIT - pa_addr(pa))
		return -EINVAL;
	err = desc_attrs_encode(pt->kind, attrs, &leaf_bits);
	if (!err)
		err = check_range(ia, size);
	if (err)
		return err;
	if (!range_is_free(pt->root, LEVEL_FIRST, ia, ia + size))
		return -EEXIST;

	err = map_range(pt->root, LEVEL_FIRST, ia, ia + size, pa_addr(pa), leaf_bits, false);
	if (err) {
		/* No leaf was written: this only unlinks and frees the new tables. */
		unmap_range(pt, pt->root, LEVEL_FIRST, ia, ia + size);
		return err;
	}
	return map_range(pt->root, LEVEL_FIRST, ia, ia + size, pa_addr(pa), leaf_bits, true);
}

/*
 * Replaces the block at *entry by a table of the next level mapping the
 * same memory with the same attributes, so that the translation of every
 * address stays the same.
 */
static int block_split(const struct pgtable *pt, u64 *entry, int level, u64 ia)
{
	u64 *child = mmu_arch_alloc_table();
	u64 child_size = level_size(level + 1);
	u64 pa = desc_addr(*entry);

	if (!child)
		return -ENOMEM;
	for (unsigned i = 0; i < TABLE_ENTRIES; i++)
		child[i] = desc_leaf(pa + i * child_size, level + 1, desc_leaf_bits(*entry));
	mmu_arch_clean_to_poc(child, PGTABLE_PAGE_SIZE);

	desc_break(pt, entry, ia);
	desc_write(entry, desc_table(mmu_arch_va_to_pa(child)));
	return 0;
}

/* Splits the blocks around ia until ia is the start of a leaf (or unmapped). */
static int split_at(const struct pgtable *pt, u64 ia)
{
	u64 *table = pt->root;

	if (ia == PGTABLE_IA_LIMIT)
		return 0;
	for (int level = LEVEL_FIRST; level < LEVEL_LAST; level++) {
		u64 *entry = level_entry(table, level, ia);

		if (desc_is_leaf(*entry, level)) {
			if (IS_ALIGNED(ia, level_size(level)))
				return 0;
			int err = block_split(pt, entry, level, ia);
			if (err)
				return err;
		}
		if (!desc_is_table(*entry, level))
			return 0;
		table = next_table(*entry);
	}
	return 0;
}

int pgtable_unmap(struct pgtable *pt, u64 ia, u64 size)
{
	int err = check_range(ia, size);

	if (!err)
		err = split_at(pt, ia);
	if (!err)
		err = split_at(pt, ia + size);
	if (err)
		return err;
	unmap_range(pt, pt->root, LEVEL_FIRST, ia, ia + size);
	return 0;
}

u64 pgtable_desc_at(const struct pgtable *pt, u64 ia, int *level)
{
	u64 *table = pt->root;

	if (ia >= PGTABLE_IA_LIMIT)
		return 0;
	for (int l = LEVEL_FIRST; l <= LEVEL_LAST; l++) {
		u64 desc = *level_entry(table, l, ia);

		if (desc_is_leaf(desc, l)) {
			if (level)
				*level = l;
			return desc;
		}
		if (!desc_is_table(desc, l))
			return 0;
		table = next_table(desc);
	}
	return 0;
}

int pgtable_walk(const struct pgtable *pt, u64 ia, paddr_t *pa, unsigned *attrs,
		 u64 *block_size)
{
	int level;
	u64 desc;

	if (ia >= PGTABLE_IA_LIMIT)
		return -ERANGE;
	desc = pgtable_desc_at(pt, ia, &level);
	if (!desc)
		return -ENOENT;
	if (pa)
		*pa = pa_init(desc_addr(desc) + (ia & (level_size(level) - 1)));
	if (attrs)
		*attrs = desc_attrs_decode(pt->kind, desc);
	if (block_size)
		*block_size = level_size(level);
	return 0;
}
