/*
 * Just enough of a flattened-device-tree reader for the guests: the header,
 * and properties of the root or of one of its children. Byte loads only
 * (the MMU is off, so unaligned word loads would fault).
 */
#include "guest.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static u32 be32(const void *p)
{
	const volatile u8 *b = p;
	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

int fdt_valid(const void *fdt)
{
	if (!fdt || ((uptr)fdt & 3))
		return 0;
	if (be32(fdt) != FDT_MAGIC)
		return 0;
	u32 size = be32((const u8 *)fdt + 4);
	u32 off_struct = be32((const u8 *)fdt + 8);
	u32 off_strings = be32((const u8 *)fdt + 12);
	u32 version = be32((const u8 *)fdt + 20);
	return size >= 40 && size <= 0x200000 && off_struct < size && off_strings < size &&
	       version >= 16;
}

u32 fdt_totalsize(const void *fdt)
{
	return be32((const u8 *)fdt + 4);
}

/* Does the node name (up to '@' or end) equal want? */
static int name_is(const u8 *name, const char *want)
{
	while (*want && *name == (u8)*want)
		name++, want++;
	return !*want && (!*name || *name == '@');
}

static int str_is(const u8 *s, const char *want)
{
	while (*want && *s == (u8)*want)
		s++, want++;
	return !*want && !*s;
}

int fdt_getprop(const void *fdt, const char *node, const char *prop, const u8 **val)
{
	const u8 *base = fdt;
	u32 size = be32(base + 4);
	const u8 *p = base + be32(base + 8);
	const u8 *strings = base + be32(base + 12);
	const u8 *end = base + size;
	int depth = 0, in_node = 0;

	if (!fdt_valid(fdt))
		return -1;
	while (p + 4 <= end) {
		u32 tok = be32(p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE: {
			const u8 *name = p;
			while (p < end && *p)
				p++;
			p = (const u8 *)(((uptr)p + 4) & ~3u);
			depth++;
			if (depth == 1)
				in_node = !*node;
			else if (depth == 2)
				in_node = *node && name_is(name, node);
			else
				in_node = 0;
			break;
		}
		case FDT_END_NODE:
			depth--;
			in_node = depth == 1 ? !*node : 0;
			if (depth == 0)
				return -1;
			break;
		case FDT_PROP: {
			u32 len = be32(p), nameoff = be32(p + 4);
			p += 8;
			if (in_node && str_is(strings + nameoff, prop)) {
				*val = p;
				return (int)len;
			}
			p = (const u8 *)(((uptr)p + len + 3) & ~3u);
			break;
		}
		case FDT_NOP:
			break;
		default:
			return -1;
		}
	}
	return -1;
}

static u64 cells(const u8 *p, u32 n)
{
	u64 v = 0;
	while (n--) {
		v = (v << 32) | be32(p);
		p += 4;
	}
	return v;
}

int fdt_memory(const void *fdt, u64 *base, u64 *size)
{
	const u8 *v;
	u32 ac = 2, sc = 1;
	int len;

	if (fdt_getprop(fdt, "", "#address-cells", &v) == 4)
		ac = be32(v);
	if (fdt_getprop(fdt, "", "#size-cells", &v) == 4)
		sc = be32(v);
	len = fdt_getprop(fdt, "memory", "reg", &v);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len < (int)(4 * (ac + sc)))
		return -1;
	*base = cells(v, ac);
	*size = cells(v + 4 * ac, sc);
	return 0;
}

u32 guest_ram_end(void)
{
	const void *fdt = (const void *)(uptr)boot_info.r2;
	u64 base, size;

	if (fdt_valid(fdt) && fdt_memory(fdt, &base, &size) == 0 && base == RAM_BASE &&
	    size && base + size < 0x100000000ull)
		return (u32)(base + size);
	return RAM_BASE + RAM_SIZE_DEFAULT;
}
