/*
 * mmu: device accesses the syndrome cannot describe (ISV = 0: LDM, and
 * LDR with writeback) made with the guest's MMU on, so that hyp7 must find
 * the instruction through the guest's own page tables. 1 MiB sections
 * (short-descriptor format): RAM and the devices mapped where they are,
 * and RAM once more at ALIAS_VA, from where the accesses are made: their
 * PC is then no IPA, and only a real stage-1 walk finds the instruction.
 */
#include "guest.h"

#define ALIAS_VA 0x80000000u

/* fn, called through the RAM alias. */
#define ALIAS(fn) ((__typeof__(&fn))((uptr)(fn) - RAM_BASE + ALIAS_VA))

void ldm_pcell_ids(u32 *out);
u32 ldr_writeback(u32 *base_after);

static void map_alias(void)
{
	u32 va;

	for (va = ALIAS_VA; va < ALIAS_VA + RAM_SIZE_DEFAULT; va += MMU_SECTION_SIZE)
		mmu_table[va / MMU_SECTION_SIZE] = mmu_section_ram(va - ALIAS_VA + RAM_BASE);
}

void guest_main(void);
void guest_main(void)
{
	u32 ids[4], base_after = 0, periph0;

	mmu_identity_map();
	map_alias();
	mmu_on();
	check_eq("mmu on", MRC(0, c1, c0, 0) & SCTLR_M, SCTLR_M);
	print("mmu: calling the accessors at 0x%08x, IPA 0x%08x\n", (u32)(uptr)ALIAS(ldm_pcell_ids),
	      (u32)(uptr)ldm_pcell_ids);
	ALIAS(ldm_pcell_ids)(ids);
	periph0 = ALIAS(ldr_writeback)(&base_after);
	mmu_off();
	check_eq("mmu on: ldm pcellid0", ids[0], 0x0d);
	check_eq("mmu on: ldm pcellid1", ids[1], 0xf0);
	check_eq("mmu on: ldm pcellid2", ids[2], 0x05);
	check_eq("mmu on: ldm pcellid3", ids[3], 0xb1);
	check_eq("mmu on: ldr writeback value", periph0, 0x11);
	check_eq("mmu on: ldr writeback base", base_after, 0x09000fe0);
}
