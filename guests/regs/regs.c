/*
 * regs: the register state a guest owns survives exits.
 *
 * 1000 times: write a fresh pattern into every banked register (SP/LR/SPSR
 * of SVC, ABT, UND, IRQ, FIQ; FIQ r8-r12; USR SP/LR through SYS; r4-r12 and
 * the CPSR flags) and into the PL1 CP15 registers hyp7 switches per guest,
 * read them all back, force one exit (an unknown HVC, an MMIO read of the
 * UART or the GIC distributor, SEV+WFE, an ACTLR read, a DCCSW, an MMIO
 * read+write), read them all again and compare. Under plain QEMU without
 * EL2 none of these is an exit, so there the test only checks itself.
 *
 * Registers that read back differently from what was written (RAZ/WI,
 * reserved bits) are reported once as "note" lines; the check is always
 * "after the exit == before the exit".
 */
#include "guest.h"

#define N_ITER 1000
#define N_KINDS 7
static const char *const kind_name[N_KINDS] = { "hvc",	      "mmio-uart-fr", "mmio-gicd-typer",
						"sev+wfe",    "actlr-read",   "dccsw",
						"mmio-uart-imsc-rw" };

/* ---- banked registers (regs_asm.S) ---- */
#define NB 32
u32 regs_want[NB], regs_before[NB], regs_after[NB], regs_orig[NB];
void regs_exit(u32 kind);

static const char *const bname[NB] = {
	"svc.sp",  "svc.lr",  "svc.spsr", "abt.sp",  "abt.lr",	"abt.spsr", "und.sp", "und.lr",
	"und.spsr", "irq.sp", "irq.lr",	  "irq.spsr", "fiq.sp", "fiq.lr",   "fiq.spsr", "fiq.r8",
	"fiq.r9",  "fiq.r10", "fiq.r11",  "fiq.r12", "usr.sp",	"usr.lr",   "r4",     "r5",
	"r6",	   "r7",      "r8",	  "r9",	     "r10",	"r11",	    "r12",    "cpsr",
};
/* Groups for the summary: [first, last] indices. */
static const struct {
	const char *name;
	int first, last;
} bgroup[] = {
	{ "svc sp/lr/spsr", 0, 2 },	   { "abt sp/lr/spsr", 3, 5 },	{ "und sp/lr/spsr", 6, 8 },
	{ "irq sp/lr/spsr", 9, 11 },	   { "fiq sp/lr/spsr", 12, 14 }, { "fiq r8-r12", 15, 19 },
	{ "usr sp/lr", 20, 21 },	   { "r4-r12", 22, 30 },	{ "cpsr", 31, 31 },
};

/* SP patterns point into scratch stacks, so that an unexpected exception still has a stack. */
static u8 scratch[6][2048] __attribute__((aligned(8)));

static u32 hash(u32 seed, u32 i)
{
	u32 x = seed * 0x9e3779b9u ^ (i + 1) * 0x85ebca6bu;
	x ^= x >> 15;
	x *= 0xc2b2ae35u;
	return x ^ (x >> 13);
}

static void make_banked(u32 seed)
{
	static const int sp_idx[6] = { 0, 3, 6, 9, 12, 20 };
	int i, m;

	for (i = 0; i < NB; i++)
		regs_want[i] = hash(seed, i);
	for (m = 0; m < 6; m++)
		regs_want[sp_idx[m]] = (u32)(uptr)scratch[m] + 1024 + ((seed * 8) & 0x3f8);
	/* SPSRs: flags, GE, A/I/F, a mode; reserved bits 0. */
	for (i = 2; i <= 14; i += 3)
		regs_want[i] = (regs_want[i] & 0xf80f01c0u) | 0x10 | (seed & 0xf);
	regs_want[31] = (read_cpsr() & ~0xf80f0000u) | (hash(seed, 99) & 0xf80f0000u);
}

/* ---- CP15 ---- */
enum {
	C_TTBR0, C_TTBR1, C_TTBCR, C_DACR, C_PRRR, C_NMRR, C_AMAIR0, C_AMAIR1, C_CONTEXTIDR,
	C_DFSR, C_IFSR, C_ADFSR, C_AIFSR, C_DFAR, C_IFAR, C_PAR,
	C_TPIDRURW, C_TPIDRURO, C_TPIDRPRW,
	C_VBAR, C_CSSELR, C_CNTKCTL, C_SCTLR, C_CPACR,
	C_CNTV_CTL, C_CNTV_CVAL_LO, C_CNTV_CVAL_HI,
	NC
};
static const char *const cname[NC] = {
	"ttbr0", "ttbr1", "ttbcr", "dacr", "prrr", "nmrr", "amair0", "amair1", "contextidr",
	"dfsr", "ifsr", "adfsr", "aifsr", "dfar", "ifar", "par",
	"tpidrurw", "tpidruro", "tpidrprw",
	"vbar", "csselr", "cntkctl", "sctlr", "cpacr",
	"cntv_ctl", "cntv_cval.lo", "cntv_cval.hi",
};
static const struct {
	const char *name;
	int first, last;
} cgroup[] = {
	{ "cp15 translation (ttbr0/1 ttbcr dacr prrr nmrr amair0/1 contextidr)", C_TTBR0, C_CONTEXTIDR },
	{ "cp15 fault (dfsr ifsr adfsr aifsr dfar ifar par)", C_DFSR, C_PAR },
	{ "cp15 thread id (tpidrurw/uro/prw)", C_TPIDRURW, C_TPIDRPRW },
	{ "cp15 misc (vbar csselr cntkctl sctlr cpacr)", C_VBAR, C_CPACR },
	{ "virtual timer (cntv_ctl cntv_cval)", C_CNTV_CTL, C_CNTV_CVAL_HI },
};

static u32 sctlr_orig, cpacr_orig;

static void write_cp15(const u32 *v)
{
	MCR(0, c2, c0, 0, v[C_TTBR0]);
	MCR(0, c2, c0, 1, v[C_TTBR1]);
	MCR(0, c2, c0, 2, v[C_TTBCR]);
	MCR(0, c3, c0, 0, v[C_DACR]);
	MCR(0, c10, c2, 0, v[C_PRRR]);
	MCR(0, c10, c2, 1, v[C_NMRR]);
	MCR(0, c10, c3, 0, v[C_AMAIR0]);
	MCR(0, c10, c3, 1, v[C_AMAIR1]);
	MCR(0, c13, c0, 1, v[C_CONTEXTIDR]);
	MCR(0, c5, c0, 0, v[C_DFSR]);
	MCR(0, c5, c0, 1, v[C_IFSR]);
	MCR(0, c5, c1, 0, v[C_ADFSR]);
	MCR(0, c5, c1, 1, v[C_AIFSR]);
	MCR(0, c6, c0, 0, v[C_DFAR]);
	MCR(0, c6, c0, 2, v[C_IFAR]);
	MCR(0, c7, c4, 0, v[C_PAR]);
	MCR(0, c13, c0, 2, v[C_TPIDRURW]);
	MCR(0, c13, c0, 3, v[C_TPIDRURO]);
	MCR(0, c13, c0, 4, v[C_TPIDRPRW]);
	MCR(0, c12, c0, 0, v[C_VBAR]);
	MCR(2, c0, c0, 0, v[C_CSSELR]);
	MCR(0, c14, c1, 0, v[C_CNTKCTL]);
	MCR(0, c1, c0, 0, v[C_SCTLR]);
	MCR(0, c1, c0, 2, v[C_CPACR]);
	MCR(0, c14, c3, 1, v[C_CNTV_CTL]);
	asm volatile("mcrr p15, 3, %0, %1, c14" ::"r"(v[C_CNTV_CVAL_LO]), "r"(v[C_CNTV_CVAL_HI]));
	isb();
}

static void read_cp15(u32 *v)
{
	u64 cval;

	v[C_TTBR0] = MRC(0, c2, c0, 0);
	v[C_TTBR1] = MRC(0, c2, c0, 1);
	v[C_TTBCR] = MRC(0, c2, c0, 2);
	v[C_DACR] = MRC(0, c3, c0, 0);
	v[C_PRRR] = MRC(0, c10, c2, 0);
	v[C_NMRR] = MRC(0, c10, c2, 1);
	v[C_AMAIR0] = MRC(0, c10, c3, 0);
	v[C_AMAIR1] = MRC(0, c10, c3, 1);
	v[C_CONTEXTIDR] = MRC(0, c13, c0, 1);
	v[C_DFSR] = MRC(0, c5, c0, 0);
	v[C_IFSR] = MRC(0, c5, c0, 1);
	v[C_ADFSR] = MRC(0, c5, c1, 0);
	v[C_AIFSR] = MRC(0, c5, c1, 1);
	v[C_DFAR] = MRC(0, c6, c0, 0);
	v[C_IFAR] = MRC(0, c6, c0, 2);
	v[C_PAR] = MRC(0, c7, c4, 0);
	v[C_TPIDRURW] = MRC(0, c13, c0, 2);
	v[C_TPIDRURO] = MRC(0, c13, c0, 3);
	v[C_TPIDRPRW] = MRC(0, c13, c0, 4);
	v[C_VBAR] = MRC(0, c12, c0, 0);
	v[C_CSSELR] = MRC(2, c0, c0, 0);
	v[C_CNTKCTL] = MRC(0, c14, c1, 0);
	v[C_SCTLR] = MRC(0, c1, c0, 0);
	v[C_CPACR] = MRC(0, c1, c0, 2);
	v[C_CNTV_CTL] = MRC(0, c14, c3, 1) & 3; /* ISTATUS (bit 2) follows the clock */
	cval = MRRC(3, c14);
	v[C_CNTV_CVAL_LO] = (u32)cval;
	v[C_CNTV_CVAL_HI] = (u32)(cval >> 32);
}

static void make_cp15(u32 seed, u32 *v)
{
	int i;

	for (i = 0; i < NC; i++)
		v[i] = hash(seed, 100 + i);
	v[C_TTBCR] = v[C_TTBCR] & 0x37; /* N and PD0/PD1; EAE stays 0 */
	v[C_VBAR] = (u32)(uptr)((seed & 1) ? vectors_alt : vectors);
	v[C_CSSELR] = seed % 3; /* L1 D, L1 I, L2 */
	v[C_CNTKCTL] &= 0x3ff;
	/* SCTLR: only C, I and TRE/AFE move; M, A, V, EE, TE stay as they are. */
	v[C_SCTLR] = (sctlr_orig & ~((1u << 2) | (1u << 12) | (1u << 28) | (1u << 29))) |
		     (v[C_SCTLR] & ((1u << 2) | (1u << 12) | (1u << 28) | (1u << 29)));
	v[C_CPACR] = (seed & 2) ? (cpacr_orig | 0x00f00000u) : (cpacr_orig & ~0x00f00000u);
	/* Timer: disabled, or enabled with its output masked (no interrupt either way). */
	v[C_CNTV_CTL] = (seed & 1) ? 3 : 0;
	v[C_CNTV_CVAL_HI] &= 0x00ffffff;
}

/* Mismatch bookkeeping: per register, count and the first occurrence. */
struct miss {
	u32 n, iter, want, got;
};
static struct miss bmiss[NB], bset[NB], cmiss[NC];

static void note_miss(struct miss *m, u32 iter, u32 want, u32 got)
{
	if (!m->n++) {
		m->iter = iter;
		m->want = want;
		m->got = got;
	}
}

void guest_main(void);
void guest_main(void)
{
	u32 want_c[NC], before_c[NC], after_c[NC];
	u32 exits[N_KINDS] = { 0 };
	int noted_b[NB] = { 0 }, noted_c[NC] = { 0 };
	u64 vct0, vct1, vct_prev;
	u32 i, r, vct_back = 0;

	sctlr_orig = read_sctlr();
	cpacr_orig = MRC(0, c1, c0, 2);
	print("regs: %u exits, each kind in turn:", N_ITER);
	for (i = 0; i < N_KINDS; i++)
		print(" %s", kind_name[i]);
	print("\n");

	vct0 = vct_prev = MRRC(1, c14);
	for (i = 0; i < N_ITER; i++) {
		u32 kind = i % N_KINDS, seed = i + 1;
		u64 vct;

		make_banked(seed);
		make_cp15(seed, want_c);
		write_cp15(want_c);
		read_cp15(before_c);
		regs_exit(kind);
		read_cp15(after_c);
		exits[kind]++;

		vct = MRRC(1, c14);
		if (vct < vct_prev)
			vct_back++;
		vct_prev = vct;

		for (r = 0; r < NB; r++) {
			if (regs_after[r] != regs_before[r])
				note_miss(&bmiss[r], i, regs_before[r], regs_after[r]);
			if (regs_before[r] != regs_want[r]) {
				/* SPSR reserved bits may read as 0: a note, not a failure. */
				int is_psr = r == 31 || (r <= 14 && r % 3 == 2);
				if (!is_psr)
					note_miss(&bset[r], i, regs_want[r], regs_before[r]);
				else if (!noted_b[r]++)
					print("note %s wrote 0x%08x read 0x%08x\n", bname[r], regs_want[r],
					      regs_before[r]);
			}
		}
		for (r = 0; r < NC; r++) {
			if (after_c[r] != before_c[r])
				note_miss(&cmiss[r], i, before_c[r], after_c[r]);
			if (before_c[r] != want_c[r] && !noted_c[r]++)
				print("note %s wrote 0x%08x read 0x%08x (RAZ/WI or fixed bits)\n",
				      cname[r], want_c[r], before_c[r]);
		}
	}
	vct1 = MRRC(1, c14);

	/* Back to a sane state. */
	MCR(0, c12, c0, 0, (u32)(uptr)vectors);
	MCR(0, c2, c0, 2, 0);
	MCR(0, c1, c0, 0, sctlr_orig);
	MCR(0, c1, c0, 2, cpacr_orig);
	MCR(0, c14, c3, 1, 0);
	MCR(2, c0, c0, 0, 0);
	isb();

	print("exits per kind:");
	for (i = 0; i < N_KINDS; i++)
		print(" %s=%u", kind_name[i], exits[i]);
	print("\n");

	for (i = 0; i < ARRAY_SIZE(bgroup); i++) {
		int bad = 0;
		for (r = bgroup[i].first; r <= (u32)bgroup[i].last; r++) {
			if (bset[r].n) {
				bad++;
				fail("regs %s written (iteration %u) expected 0x%08x got 0x%08x", bname[r],
				     bset[r].iter, bset[r].want, bset[r].got);
			}
			if (bmiss[r].n) {
				bad++;
				fail("regs %s after %u of %u exits (first: iteration %u, %s) expected "
				     "0x%08x got 0x%08x",
				     bname[r], bmiss[r].n, N_ITER, bmiss[r].iter,
				     kind_name[bmiss[r].iter % N_KINDS], bmiss[r].want, bmiss[r].got);
			}
		}
		if (!bad)
			ok("regs %s unchanged over %u exits", bgroup[i].name, N_ITER);
	}
	for (i = 0; i < ARRAY_SIZE(cgroup); i++) {
		int bad = 0;
		for (r = cgroup[i].first; r <= (u32)cgroup[i].last; r++) {
			if (cmiss[r].n) {
				bad++;
				fail("regs %s after %u of %u exits (first: iteration %u, %s) expected "
				     "0x%08x got 0x%08x",
				     cname[r], cmiss[r].n, N_ITER, cmiss[r].iter,
				     kind_name[cmiss[r].iter % N_KINDS], cmiss[r].want, cmiss[r].got);
			}
		}
		if (!bad)
			ok("regs %s unchanged over %u exits", cgroup[i].name, N_ITER);
	}
	check(vct_back == 0 && vct1 > vct0, "regs cntvct monotonic over exits", "never backwards",
	      "%u backwards steps, 0x%llx -> 0x%llx", vct_back, vct0, vct1);
}
