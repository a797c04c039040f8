/* Enumerates page-table contents for the tests: see pt_inspect.h. */
#include <check.h>
#include <string.h>
#include "fake_arch.h"
#include "pt_inspect.h"

static void inspect_table(const u64 *table, int level, u64 ia_base, unsigned entries,
			  struct pt_contents *c)
{
	unsigned shift = 12 + 9 * (3 - level);

	c->tables++;
	if (fake_poc_matches(table, level == 1 ? entries * sizeof(u64) : PGTABLE_PAGE_SIZE))
		c->tables_at_poc++;
	for (unsigned i = 0; i < entries; i++) {
		u64 desc = table[i], ia = ia_base + ((u64)i << shift);
		u64 type = desc & PTE_TYPE_MASK;

		if (level < 3 && type == PTE_TYPE_TABLE) {
			inspect_table(mmu_arch_pa_to_va(pa_init(desc & PTE_ADDR_MASK)), level + 1,
				      ia, 512, c);
		} else if (type == (level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK)) {
			REQUIRE(c->nr_leaves < PT_MAX_LEAVES, "more than %d leaves", PT_MAX_LEAVES);
			c->leaves[c->nr_leaves++] = (struct pt_leaf){ ia, level, desc };
			c->checksum = (c->checksum ^ desc ^ (ia << 24)) * 0x100000001B3ull;
		} else {
			REQUIRE(desc == 0, "level %d entry for 0x%llx: invalid but not zero: 0x%llx",
				level, (unsigned long long)ia, (unsigned long long)desc);
		}
	}
}

void pt_inspect(const struct pgtable *pt, struct pt_contents *c)
{
	memset(c, 0, sizeof(*c));
	inspect_table(pt->root, 1, 0, 4, c);
}
