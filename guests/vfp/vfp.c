/*
 * vfp-a / vfp-b (one source, SEED differs): the lazy VFP switch. Each
 * fills all 32 D registers and FPSCR with its own pattern, forces exits
 * (an HVC to the host, an MMIO read) and checks that every register came
 * back, many times over, while the other VM does the same with another
 * pattern on the same physical VFP.
 */
#include "guest.h"

#ifndef SEED
#error SEED must be defined
#endif

#define ROUNDS 200
/* FPSCR bits a guest may set freely: RMode [23:22], FZ [24], DN [25]. */
#define FPSCR_MODE_MASK 0x03c00000u

static u64 pattern(u32 round, u32 reg)
{
	u32 x = SEED ^ (round * 0x9e3779b9u) ^ (reg * 0x85ebca6bu);

	return (u64)x << 32 | (x * 0xc2b2ae35u);
}

void guest_main(void);
void guest_main(void)
{
	static u64 want[32], got[32];
	u32 round, reg, bad = 0, fpscr;

	vfp_enable();
	for (round = 0; round < ROUNDS; round++) {
		u32 want_fpscr = (SEED ^ round) << 22 & FPSCR_MODE_MASK;

		for (reg = 0; reg < 32; reg++)
			want[reg] = pattern(round, reg);
		vfp_load(want, want_fpscr);
		hvc_call(SMCCC_VERSION, 0, 0, 0); /* an exit to the host and back */
		(void)*(volatile u32 *)(UART_BASE + 0x18); /* and a device exit */
		fpscr = vfp_store(got);
		for (reg = 0; reg < 32; reg++)
			if (got[reg] != want[reg] && bad++ < 4)
				fail("vfp round %u d%u expected 0x%llx got 0x%llx", round, reg, want[reg],
				     got[reg]);
		if ((fpscr & FPSCR_MODE_MASK) != want_fpscr && bad++ < 4)
			fail("vfp round %u fpscr expected 0x%x got 0x%x", round, want_fpscr,
			     fpscr & FPSCR_MODE_MASK);
	}
	check_eq("vfp d0-d31 and fpscr kept across exits, rounds", ROUNDS - (bad ? 1 : 0), ROUNDS);
}
