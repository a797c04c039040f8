/*
 * hello: the Linux boot protocol as the guest sees it. r0 = 0, r1 = ~0,
 * r2 = a valid DTB; SVC mode with A/I/F masked, MMU off; and the DTB's
 * memory node and /chosen as far as a tiny reader can tell.
 */
#include "guest.h"

void guest_main(void);
void guest_main(void)
{
	const struct boot_info *b = &boot_info;
	const void *fdt = (const void *)(uptr)b->r2;
	const u8 *v;
	u64 base, size;
	int len;

	print("hello from a hyp7 guest\n");
	print("entry r0=0x%08x r1=0x%08x r2=0x%08x cpsr=0x%08x sctlr=0x%08x\n", b->r0, b->r1, b->r2,
	      b->cpsr, b->sctlr);
	check_eq("entry r0", b->r0, 0);
	check_eq("entry r1", b->r1, 0xffffffff);
	check_eq("entry mode (svc)", b->cpsr & PSR_MODE_MASK, PSR_SVC);
	check_eq("entry A/I/F masked", b->cpsr & (PSR_A | PSR_I | PSR_F), PSR_A | PSR_I | PSR_F);
	check_eq("entry arm state (T=0)", b->cpsr & PSR_T, 0);
	check_eq("entry sctlr.M (mmu off)", b->sctlr & 1, 0);
	check(b->r2 >= RAM_BASE && b->r2 < guest_ram_end() && !(b->r2 & 7), "dtb address",
	      "8-aligned in RAM", "0x%08x", b->r2);
	if (b->r2 < RAM_BASE || (b->r2 & 3)) {
		fail("dtb not readable, stopping here");
		return;
	}
	const volatile u8 *m = fdt;
	u32 magic = ((u32)m[0] << 24) | ((u32)m[1] << 16) | ((u32)m[2] << 8) | m[3];
	check_eq("dtb magic", magic, 0xd00dfeed);
	if (!check(fdt_valid(fdt), "dtb header", "valid (size, offsets, version >= 16)",
		   "totalsize=0x%x", fdt_totalsize(fdt)))
		return;
	check(b->r2 + fdt_totalsize(fdt) <= guest_ram_end() &&
		      (b->r2 >= (u32)(uptr)_end || b->r2 + fdt_totalsize(fdt) <= (u32)(uptr)_start),
	      "dtb placement", "in RAM, clear of the image", "0x%08x-0x%08x image 0x%08x-0x%08x",
	      b->r2, b->r2 + fdt_totalsize(fdt), (u32)(uptr)_start, (u32)(uptr)_end);
	if (check(fdt_memory(fdt, &base, &size) == 0, "dtb memory node", "present", "base=0x%llx size=0x%llx",
		  base, size))
		check_eq("dtb memory base", (u32)base, RAM_BASE);
	len = fdt_getprop(fdt, "chosen", "bootargs", &v);
	print("dtb /chosen bootargs: %s\n", len > 0 ? (const char *)v : "(none)");
	len = fdt_getprop(fdt, "chosen", "stdout-path", &v);
	print("dtb /chosen stdout-path: %s\n", len > 0 ? (const char *)v : "(none)");
	len = fdt_getprop(fdt, "psci", "method", &v);
	check(len > 0 && !strcmp((const char *)v, "hvc"), "dtb psci method", "hvc", "%s",
	      len > 0 ? (const char *)v : "(none)");
	print("midr=0x%08x mpidr=0x%08x vbar=0x%08x\n", read_midr(), read_mpidr(), read_vbar());
}
