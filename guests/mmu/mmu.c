/*
 * mmu: device accesses the syndrome cannot describe (ISV = 0: LDM, and
 * LDR with writeback) made with the guest's MMU on, so that hyp7 must find
 * the instruction through the guest's own page tables. 1 MiB sections
 * (short-descriptor format): RAM and the devices mapped where they are,
 * and RAM once more at ALIAS_VA, from where the accesses are made: their
 * PC is then no IPA, and only a real stage-1 walk finds the instruction.
 */
#include "guest.h"

#define SECTION_SHIFT 20
#define NR_SECTIONS 4096
#define SECTION 0x2u
#define SECTION_AP_FULL (3u << 10)
#define SECTION_NORMAL_WB (1u << 12 | 1u << 3 | 1u << 2) /* TEX 001, C, B */
#define SECTION_DEVICE (1u << 2)                        /* shareable Device */
#define DACR_ALL_CLIENT 0x55555555u
#define SCTLR_M 1u
#define DEVICES_START 0x08000000u
#define DEVICES_END 0x0a000000u
#define ALIAS_VA 0x80000000u

/* fn, called through the RAM alias. */
#define ALIAS(fn) ((__typeof__(&fn))((uptr)(fn) - RAM_BASE + ALIAS_VA))

static u32 table[NR_SECTIONS] __attribute__((aligned(16384)));

void ldm_pcell_ids(u32 *out);
u32 ldr_writeback(u32 *base_after);

static void mmu_on(void)
{
	u32 i, base;

	for (i = 0; i < NR_SECTIONS; i++) {
		base = i << SECTION_SHIFT;
		if (base >= RAM_BASE && base < RAM_BASE + RAM_SIZE_DEFAULT)
			table[i] = base | SECTION | SECTION_AP_FULL | SECTION_NORMAL_WB;
		else if (base >= DEVICES_START && base < DEVICES_END)
			table[i] = base | SECTION | SECTION_AP_FULL | SECTION_DEVICE;
		else if (base >= ALIAS_VA && base < ALIAS_VA + RAM_SIZE_DEFAULT)
			table[i] = (base - ALIAS_VA + RAM_BASE) | SECTION | SECTION_AP_FULL |
				   SECTION_NORMAL_WB;
	}
	dsb();
	MCR(0, c2, c0, 2, 0);                 /* TTBCR: short descriptors, TTBR0 only */
	MCR(0, c2, c0, 0, (u32)(uptr)table);  /* TTBR0 */
	MCR(0, c3, c0, 0, DACR_ALL_CLIENT);   /* DACR */
	MCR(0, c8, c7, 0, 0);                 /* TLBIALL */
	dsb();
	isb();
	MCR(0, c1, c0, 0, MRC(0, c1, c0, 0) | SCTLR_M);
	isb();
}

static void mmu_off(void)
{
	MCR(0, c1, c0, 0, MRC(0, c1, c0, 0) & ~SCTLR_M);
	isb();
}

void guest_main(void);
void guest_main(void)
{
	u32 ids[4], base_after = 0, periph0;

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
