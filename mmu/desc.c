/* MMU_* attributes to and from the leaf bits of each table kind (B3.6.1). */
#include <hyp7/errno.h>
#include "desc.h"

#define MMU_ATTRS_KNOWN (MMU_READ | MMU_WRITE | MMU_EXEC | MMU_DEVICE | MMU_USER)

static u64 stage1_memtype(unsigned attrs)
{
	if (attrs & MMU_DEVICE)
		return PTE_ATTRINDX(MAIR_IDX_DEVICE);
	return PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
}

static u64 host_bits(unsigned attrs)
{
	u64 bits = stage1_memtype(attrs);

	if (attrs & MMU_USER)
		bits |= PTE_AP1;
	if (!(attrs & MMU_WRITE))
		bits |= PTE_AP_RO;
	/* PL1 never executes what PL0 may write or run. */
	if (!(attrs & MMU_EXEC))
		bits |= PTE_XN | PTE_PXN;
	else if (attrs & MMU_USER)
		bits |= PTE_PXN;
	return bits;
}

static u64 hyp_bits(unsigned attrs)
{
	u64 bits = stage1_memtype(attrs) | PTE_AP1;

	if (!(attrs & MMU_WRITE))
		bits |= PTE_AP_RO;
	/* PL2 has no PXN (the bit is reserved in its regime): XN alone. */
	if (!(attrs & MMU_EXEC))
		bits |= PTE_XN;
	return bits;
}

static u64 stage2_bits(unsigned attrs)
{
	u64 bits = S2AP_R;

	if (attrs & MMU_DEVICE)
		bits |= S2_MEMATTR(S2_MEMATTR_DEVICE);
	else
		bits |= S2_MEMATTR(S2_MEMATTR_NORMAL_WB) | PTE_SH_INNER;
	if (attrs & MMU_WRITE)
		bits |= S2AP_W;
	if (!(attrs & MMU_EXEC))
		bits |= PTE_XN;
	return bits;
}

int desc_attrs_encode(enum pgtable_kind kind, unsigned attrs, u64 *leaf_bits)
{
	if ((attrs & ~MMU_ATTRS_KNOWN) || !(attrs & MMU_READ))
		return -EINVAL;
	if ((attrs & MMU_USER) && kind != PGTABLE_HOST)
		return -EINVAL;
	if ((attrs & MMU_DEVICE) && (attrs & MMU_EXEC))
		return -EINVAL;

	switch (kind) {
	case PGTABLE_HOST:
		*leaf_bits = host_bits(attrs);
		break;
	case PGTABLE_HYP:
		*leaf_bits = hyp_bits(attrs);
		break;
	case PGTABLE_STAGE2:
		*leaf_bits = stage2_bits(attrs);
		break;
	default:
		return -EINVAL;
	}
	*leaf_bits |= PTE_AF;
	return 0;
}

unsigned desc_attrs_decode(enum pgtable_kind kind, u64 leaf)
{
	unsigned attrs = 0;

	if (!(leaf & PTE_XN))
		attrs |= MMU_EXEC;

	if (kind == PGTABLE_STAGE2) {
		if (leaf & S2AP_R)
			attrs |= MMU_READ;
		if (leaf & S2AP_W)
			attrs |= MMU_WRITE;
		if (!(leaf & S2_MEMATTR_OUTER_MASK))
			attrs |= MMU_DEVICE;
		return attrs;
	}

	/* Stage 1: PL1 and PL2 can always read a valid page. */
	attrs |= MMU_READ;
	if (!(leaf & PTE_AP_RO))
		attrs |= MMU_WRITE;
	if ((leaf & PTE_ATTRINDX_MASK) == PTE_ATTRINDX(MAIR_IDX_DEVICE))
		attrs |= MMU_DEVICE;
	if (kind == PGTABLE_HOST && (leaf & PTE_AP1))
		attrs |= MMU_USER;
	return attrs;
}
