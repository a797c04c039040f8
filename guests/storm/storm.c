/*
 * storm: a guest that traps as often as it can, for "seconds=N" (default
 * 6) of its virtual counter, then powers off. "storm=" picks what it does:
 *   hvc     an unknown HVC, answered by the host (no exit to the caller)
 *   cp15    an ACTLR read, trapped (HCR.TAC) and emulated
 *   abort   a read of an IPA with nothing behind it: an injected abort
 *   setway  DCCISW of set/way 0, the start of a whole-cache sweep, with
 *           its MMU on and SCTLR.C turned on and off every 16 operations
 *           (each a change of its caches that the host must act on)
 *   all     each of these in turn
 * Run beside a victim VM on the same host CPU (guests/victim): the victim
 * must still get its share of the CPU.
 */
#include "guest.h"

#define NOTHING_THERE 0x0b000000u /* below the virtio-mmio window: no RAM, no device */

enum { HVC, CP15, ABORT, SETWAY, NR_KINDS };
static const char *const kind_name[NR_KINDS] = { "hvc", "cp15", "abort", "setway" };
static volatile u32 n_dabt;

int on_dabt(struct exc_frame *f)
{
	(void)f;
	n_dabt++;
	return EXC_SKIP;
}

static void one(unsigned int kind, u32 i)
{
	switch (kind) {
	case HVC:
		hvc_call(0x8600ff00u, i, 0, 0); /* an ID nothing implements */
		break;
	case CP15:
		(void)MRC(0, c1, c0, 1); /* ACTLR */
		break;
	case ABORT:
		(void)readl(NOTHING_THERE);
		break;
	case SETWAY:
		MCR(0, c7, c14, 2, 0); /* DCCISW, level 1, set 0, way 0 */
		if (i % 16 == 15)
			MCR(0, c1, c0, 0, read_sctlr() ^ SCTLR_C);
		break;
	}
}

void guest_main(void);
void guest_main(void)
{
	u32 seconds = bootarg_u32("seconds", 6), count[NR_KINDS] = { 0 }, i, k;
	int all = bootarg_is("storm", "all");
	u64 end = read_cntvct() + (u64)read_cntfrq() * seconds;
	unsigned int kind = NR_KINDS;

	for (k = 0; k < NR_KINDS; k++)
		if (bootarg_is("storm", kind_name[k]))
			kind = k;
	if (!all && kind == NR_KINDS) {
		fail("storm: bootargs name no storm= kind (hvc, cp15, abort, setway, all)");
		return;
	}
	print("storm: %s for %u s\n", all ? "all" : kind_name[kind], seconds);
	if (all || kind == SETWAY) {
		mmu_identity_map();
		mmu_on();
	}
	for (i = 0; read_cntvct() < end; i++) {
		k = all ? i % NR_KINDS : kind;
		one(k, i);
		count[k]++;
	}
	MCR(0, c1, c0, 0, read_sctlr() & ~SCTLR_C);
	mmu_off();
	for (k = 0; k < NR_KINDS; k++)
		if (count[k])
			print("storm: %u %s traps\n", count[k], kind_name[k]);
	check(i > 0, "storm ran", "some traps", "%u traps", i);
	if (all || kind == ABORT)
		check(n_dabt == count[ABORT], "storm aborts all injected", "one per read",
		      "%u of %u", n_dabt, count[ABORT]);
}
