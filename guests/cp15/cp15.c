/*
 * cp15: the CP15 operations hyp7 traps and emulates.
 *  - Data cache maintenance by set/way (HCR.TSW): DCCSW, DCCISW and DCISW
 *    over every set and way of every data/unified cache level CLIDR lists
 *    (geometry from CCSIDR after selecting the level with CSSELR). The
 *    guest's memory must be unharmed afterwards (hyp7 must not let a
 *    guest's DCISW discard dirty lines that are not the guest's: KVM turns
 *    it into clean+invalidate).
 *  - ACTLR (HCR.TAC): read, write back the same value, read again; flip
 *    the SMP bit (6), which may be ignored, and put it back.
 *  - ID registers: MIDR (Arm, Cortex-A15), MPIDR (multiprocessor format).
 */
#include "guest.h"

#define read_clidr() MRC(1, c0, c0, 1)
#define read_ccsidr() MRC(1, c0, c0, 0)
#define write_csselr(v) MCR(2, c0, c0, 0, v)
#define read_actlr() MRC(0, c1, c0, 1)
#define write_actlr(v) MCR(0, c1, c0, 1, v)

static u32 buf[4096];

static u32 log2_up(u32 x)
{
	u32 n = 0;
	while ((1u << n) < x)
		n++;
	return n;
}

enum { DCISW, DCCSW, DCCISW };
static const char *const opname[] = { "dcisw", "dccsw", "dccisw" };

static u32 setway(u32 level, u32 op)
{
	u32 ccsidr, line, ways, sets, wshift, s, w, n = 0;

	write_csselr(level << 1);
	isb();
	ccsidr = read_ccsidr();
	line = (ccsidr & 7) + 4;
	ways = ((ccsidr >> 3) & 0x3ff) + 1;
	sets = ((ccsidr >> 13) & 0x7fff) + 1;
	wshift = 32 - log2_up(ways);
	for (w = 0; w < ways; w++) {
		for (s = 0; s < sets; s++) {
			u32 v = (ways > 1 ? w << wshift : 0) | (s << line) | (level << 1);
			switch (op) {
			case DCISW:
				MCR(0, c7, c6, 2, v);
				break;
			case DCCSW:
				MCR(0, c7, c10, 2, v);
				break;
			case DCCISW:
				MCR(0, c7, c14, 2, v);
				break;
			}
			n++;
		}
	}
	dsb();
	return n;
}

void guest_main(void);
void guest_main(void)
{
	u32 midr = read_midr(), mpidr = read_mpidr(), clidr = read_clidr();
	u32 level, i, bad, loc = (clidr >> 24) & 7;

	print("cp15: midr=0x%08x mpidr=0x%08x clidr=0x%08x\n", midr, mpidr, clidr);
	check_eq("midr implementer (arm)", midr >> 24, 0x41);
	check_eq("midr part (cortex-a15)", (midr >> 4) & 0xfff, 0xc0f);
	check_eq("mpidr multiprocessor format", mpidr >> 30, 2);
	check(loc >= 1 && loc <= 7, "clidr loc", "1..7", "%u", loc);

	for (i = 0; i < ARRAY_SIZE(buf); i++)
		buf[i] = 0x9e3779b9u * (i + 1);

	for (level = 0; level < 7; level++) {
		u32 ctype = (clidr >> (3 * level)) & 7, ccsidr, c2, total = 0, op;
		if (ctype == 0)
			break;
		if (ctype < 2)
			continue; /* instruction cache only */
		write_csselr(level << 1);
		isb();
		ccsidr = read_ccsidr();
		c2 = read_ccsidr();
		check_eq("csselr reads back", MRC(2, c0, c0, 0), level << 1);
		print("cache L%u %s: ccsidr=0x%08x line=%u ways=%u sets=%u\n", level + 1,
		      ctype == 4 ? "unified" : "data", ccsidr, 1u << ((ccsidr & 7) + 4),
		      ((ccsidr >> 3) & 0x3ff) + 1, ((ccsidr >> 13) & 0x7fff) + 1);
		check_eq("ccsidr stable", c2, ccsidr);
		for (op = DCCSW; ; op = op == DCCSW ? DCCISW : DCISW) {
			u32 n = setway(level, op);
			print("  %s L%u: %u operations\n", opname[op], level + 1, n);
			total += n;
			if (op == DCISW)
				break;
		}
		check(total == 3 * (((ccsidr >> 3) & 0x3ff) + 1) * (((ccsidr >> 13) & 0x7fff) + 1),
		      "set/way ops done", "3 x sets x ways", "L%u %u", level + 1, total);
	}
	write_csselr(0);
	isb();

	for (bad = 0, i = 0; i < ARRAY_SIZE(buf); i++)
		if (buf[i] != 0x9e3779b9u * (i + 1))
			bad++;
	check_eq("memory intact after set/way ops (bad words)", bad, 0);

	/* ACTLR */
	u32 a0 = read_actlr(), a1, a2, a3;
	write_actlr(a0);
	isb();
	a1 = read_actlr();
	print("actlr=0x%08x\n", a0);
	check_eq("actlr write-back of the same value", a1, a0);
	write_actlr(a0 ^ (1u << 6));
	isb();
	a2 = read_actlr();
	check(a2 == a0 || a2 == (a0 ^ (1u << 6)), "actlr smp bit flip", "taken or ignored",
	      "0x%08x (%s)", a2, a2 == a0 ? "ignored" : "taken");
	write_actlr(a0);
	isb();
	a3 = read_actlr();
	check_eq("actlr restored", a3, a0);
}
