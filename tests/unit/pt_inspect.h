/*
 * Reading a struct pgtable's tables from the tests, independently of the
 * library's own walker: every leaf with its input address, every table page.
 */
#ifndef PT_INSPECT_H
#define PT_INSPECT_H

#include <hyp7/pgtable.h>

#define PT_MAX_LEAVES 16384

struct pt_leaf {
	u64 ia;
	int level;
	u64 desc;
};

struct pt_contents {
	unsigned tables;        /* table pages, root included */
	unsigned tables_at_poc; /* those whose whole page the PoC view agrees with */
	unsigned nr_leaves;
	struct pt_leaf leaves[PT_MAX_LEAVES]; /* in input address order */
	u64 checksum;           /* of every leaf and its address */
};

/* Fills *c (large: keep it static or on the heap) from pt's tables. */
void pt_inspect(const struct pgtable *pt, struct pt_contents *c);

#endif
