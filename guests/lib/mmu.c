/*
 * A guest's own stage 1, short-descriptor format, in 1 MiB sections: RAM
 * (Normal, write-back) and the device window (Device) mapped where they
 * are. A guest adds what else it needs to the table before turning the
 * MMU on.
 */
#include "guest.h"

#define SECTION 0x2u
#define SECTION_AP_FULL (3u << 10)
#define SECTION_NORMAL_WB (1u << 12 | 1u << 3 | 1u << 2) /* TEX 001, C, B */
#define SECTION_DEVICE (1u << 2)                        /* shareable Device */
#define DACR_ALL_CLIENT 0x55555555u
#define DEVICES_START 0x08000000u
#define DEVICES_END 0x0a000000u

u32 mmu_table[MMU_NR_SECTIONS] __attribute__((aligned(16384)));

u32 mmu_section_ram(u32 pa)
{
	return (pa & ~(MMU_SECTION_SIZE - 1)) | SECTION | SECTION_AP_FULL | SECTION_NORMAL_WB;
}

void mmu_identity_map(void)
{
	u32 i, base;

	for (i = 0; i < MMU_NR_SECTIONS; i++) {
		base = i * MMU_SECTION_SIZE;
		if (base >= RAM_BASE && base < RAM_BASE + RAM_SIZE_DEFAULT)
			mmu_table[i] = mmu_section_ram(base);
		else if (base >= DEVICES_START && base < DEVICES_END)
			mmu_table[i] = base | SECTION | SECTION_AP_FULL | SECTION_DEVICE;
		else
			mmu_table[i] = 0;
	}
}

void mmu_on(void)
{
	dsb();
	MCR(0, c2, c0, 2, 0);                      /* TTBCR: short descriptors, TTBR0 only */
	MCR(0, c2, c0, 0, (u32)(uptr)mmu_table);   /* TTBR0 */
	MCR(0, c3, c0, 0, DACR_ALL_CLIENT);        /* DACR */
	MCR(0, c8, c7, 0, 0);                      /* TLBIALL */
	dsb();
	isb();
	MCR(0, c1, c0, 0, read_sctlr() | SCTLR_M);
	isb();
}

void mmu_off(void)
{
	MCR(0, c1, c0, 0, read_sctlr() & ~SCTLR_M);
	isb();
}
