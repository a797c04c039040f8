/*
 * hostile: a guest doing what a guest must not be able to profit from.
 *
 * (a) HVCs whose r0 (and r1-r3) hold addresses in hyp7's HYP text range
 *     (linked around 0xbf009000), the trampoline page, the host's kernel
 *     VA base and hyp-stub call numbers: from a guest an HVC is never a host
 *     call, so each must come back as NOT_SUPPORTED (-1) with r1-r12, SP,
 *     LR and CPSR untouched (hvc #0 and hvc #1).
 * (b) SMC from PL1: hyp7 may answer it as an SMCCC call or the guest may
 *     get an undefined-instruction exception; it must not hang or leak.
 * (c) HYP-only CP15 registers (HVBAR, HCR, HTTBR, VTTBR, HSCTLR) from PL1,
 *     UDF, and HVC/SMC/MRC SCTLR from USR: each must be an undefined-
 *     instruction exception in the guest, at the faulting instruction.
 * (d) A sweep of reads and writes over IPAs outside the guest's RAM and
 *     devices (table below): under hyp7 each must be a data abort in the
 *     guest's own handler with DFAR = the address, never a hang. Under
 *     plain QEMU virt many of these are real devices (flash, virtio-mmio,
 *     PCIe), which the output shows; the checks are hyp7's.
 */
#include "guest.h"

/* ---- exception bookkeeping ---- */
static volatile int expect_und, expect_dabt;
static volatile u32 n_dabt, dabt_far, dabt_fsr, dabt_pc;
/* Every expected UND, in order. */
static volatile u32 n_und, und_pc[16], und_cpsr[16];
extern char usr_back[];

int on_und(struct exc_frame *f)
{
	if (!expect_und) {
		fail("unexpected undefined instruction");
		dump_frame("  ", f);
		guest_exit(0);
	}
	if (n_und < ARRAY_SIZE(und_pc)) {
		und_pc[n_und] = f->pc;
		und_cpsr[n_und] = f->cpsr;
	}
	n_und++;
	return EXC_SKIP;
}

int on_svc(struct exc_frame *f)
{
	/* Only usr_test's way back: resume at usr_back in SVC mode. */
	if ((f->cpsr & PSR_MODE_MASK) != PSR_USR) {
		fail("unexpected svc");
		dump_frame("  ", f);
		guest_exit(0);
	}
	f->pc = (u32)(uptr)usr_back;
	f->cpsr = (f->cpsr & ~PSR_MODE_MASK) | PSR_SVC;
	return EXC_RETURN;
}

int on_dabt(struct exc_frame *f)
{
	if (!expect_dabt) {
		fail("unexpected data abort");
		dump_frame("  ", f);
		guest_exit(0);
	}
	n_dabt++;
	dabt_far = read_dfar();
	dabt_fsr = read_dfsr();
	dabt_pc = f->pc;
	return EXC_SKIP;
}

/*
 * The address of a real HYP function, when the test passes one on the
 * command line ("hypfn=0x..."): hyp7 must not run it for a guest.
 */
static u32 hyp_function_from_bootargs(void)
{
	const u8 *v;
	const char *args, *p;
	u32 addr = 0;
	int len = fdt_getprop((const void *)(uptr)boot_info.r2, "chosen", "bootargs", &v);

	if (len <= 0)
		return 0;
	for (args = (const char *)v; *args; args++)
		if (args[0] == 'h' && args[1] == 'y' && args[2] == 'p' && args[3] == 'f' &&
		    args[4] == 'n' && args[5] == '=' && args[6] == '0' && args[7] == 'x')
			break;
	for (p = args + 8; *args && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')); p++)
		addr = addr << 4 | (u32)(*p <= '9' ? *p - '0' : *p - 'a' + 10);
	return addr;
}

/* ---- (a) HVC with hostile values ---- */
static void hostile_hvcs(void)
{
	static u32 ids[] = { 0 /* a real HYP function, if given */, 0xbf009000, 0xbf009100,
			     0xbf000000, 0xbf00a000, 0xc0000000, 0xc0008000, 0xffff0000,
			     0xffff0fe0, 0x00000000, 0x00000001, 0x00000002, 0x00000003,
			     0x40010000, 0x7fffffff };
	unsigned i, imm;

	ids[0] = hyp_function_from_bootargs();
	print("hostile: real HYP function from bootargs: 0x%08x\n", ids[0]);

	for (imm = 0; imm <= 1; imm++) {
		for (i = 0; i < ARRAY_SIZE(ids); i++) {
			struct hvc_probe p;
			char what[40] = "hvc #0 r0=0x00000000";
			u32 x = ids[i];
			int k;

			what[5] = (char)('0' + imm);
			for (k = 0; k < 8; k++)
				what[12 + k] = "0123456789abcdef"[(x >> (28 - 4 * k)) & 0xf];
			p.in[0] = x;
			p.in[1] = 0xbf009000;
			p.in[2] = 0xc0000000;
			p.in[3] = 0xbf009100;
			for (k = 4; k < 8; k++)
				p.in[k] = 0xbf000000 + 0x100 * k;
			p.seed = 100 + i + 50 * imm;
			p.imm1 = imm;
			hvc_probe(&p);
			check_eq(what, p.out[0], SMCCC_NOT_SUPPORTED);
			hvc_probe_check(what, &p, 1);
		}
	}
}

/*
 * No SMC test: QEMU without EL3 does not deliver a guest's SMC to HYP even
 * with HCR.TSC set (seen here: r0 came back unchanged and HYP saw no trap),
 * so what hyp7 answers to a trapped SMC cannot be observed on this machine.
 */

/* ---- (c) undefined instructions ---- */
void hyp_regs_test(void);
void usr_test(void);
extern char und_hvbar[], und_hcr[], und_httbr[], und_vttbr[], und_hsctlr_w[], und_udf[];
extern char usr_hvc[], usr_smc[], usr_mrc[];

static void und_tests(void)
{
	static const struct {
		const char *what;
		const char *at;
		u32 mode;
	} want[] = {
		{ "undef hvbar read from pl1", und_hvbar, PSR_SVC },
		{ "undef hcr read from pl1", und_hcr, PSR_SVC },
		{ "undef httbr read from pl1", und_httbr, PSR_SVC },
		{ "undef vttbr read from pl1", und_vttbr, PSR_SVC },
		{ "undef hsctlr write from pl1", und_hsctlr_w, PSR_SVC },
		{ "undef udf", und_udf, PSR_SVC },
		{ "undef hvc from usr", usr_hvc, PSR_USR },
		{ "undef smc from usr", usr_smc, PSR_USR },
		{ "undef mrc sctlr from usr", usr_mrc, PSR_USR },
	};
	unsigned i;

	n_und = 0;
	expect_und = 1;
	hyp_regs_test();
	usr_test();
	expect_und = 0;
	check_eq("undef count", n_und, ARRAY_SIZE(want));
	check_eq("back in svc after usr", read_cpsr() & PSR_MODE_MASK, PSR_SVC);
	for (i = 0; i < ARRAY_SIZE(want) && i < n_und; i++)
		check(und_pc[i] == (u32)(uptr)want[i].at && (und_cpsr[i] & PSR_MODE_MASK) == want[i].mode,
		      want[i].what, "the instruction's pc and mode", "pc=0x%08x spsr=0x%08x", und_pc[i],
		      und_cpsr[i]);
}

/* ---- (d) the sweep ---- */
/*
 * Rows: [from, to] every `step`. Under hyp7 (virt7: RAM at 0x40000000 of
 * the DTB's size, GICD 0x08000000, GICC 0x08010000, PL011 0x09000000,
 * PL031 0x09010000, virtio-mmio 0x0a000000, nothing else) EVERY address
 * listed must abort, for a read and for a write (107 addresses, 214 aborts
 * with 128 MiB of RAM). The device windows 0x08000000, 0x09000000 and
 * 0x0a000000 are not swept; RAM is skipped.
 * The strings say what plain QEMU 7.2 virt (-m 128M) did there, measured.
 */
static const struct {
	u32 from, to, step;
	const char *qemu;
} sweep[] = {
	{ 0x00000000, 0x07000000, 0x01000000, "QEMU: pflash, reads 0, writes accepted" },
	/* 0x08000000 GIC, 0x09000000 UART/RTC, 0x0a000000 virtio-mmio: devices, not swept */
	{ 0x0b000000, 0x0b000000, 0x01000000, "QEMU: hole, aborts" },
	{ 0x0c000000, 0x0d000000, 0x01000000, "QEMU: empty platform bus, aborts" },
	{ 0x0e000000, 0x0f000000, 0x01000000, "QEMU: hole (secure RAM only with secure=on), aborts" },
	{ 0x10000000, 0x3e000000, 0x01000000, "QEMU: PCIe MMIO window, reads ~0, writes accepted" },
	{ 0x3f000000, 0x3f000000, 0x01000000, "QEMU: low PCIe ECAM slot, aborts" },
	/* 0x40000000.. RAM; from its end (DTB; 0x48000000 for 128 MiB): */
	{ 0x48000000, 0xfc000000, 0x04000000, "QEMU: nothing above RAM, aborts" },
};

static u32 sweep_ram[16384];

static int probe(u32 addr, int write, u32 *val)
{
	u32 n0 = n_dabt;

	dabt_far = 0;
	expect_dabt = 1;
	if (write)
		*(volatile u32 *)(uptr)addr = 0x5a5a5a5a;
	else
		*val = *(volatile u32 *)(uptr)addr;
	expect_dabt = 0;
	return n_dabt != n0 && dabt_far == addr;
}

static void do_sweep(void)
{
	u32 ram_end = guest_ram_end(), n_addr = 0, n_abort = 0, i, bad;
	unsigned r;

	for (i = 0; i < ARRAY_SIZE(sweep_ram); i++)
		sweep_ram[i] = i * 0x01000193u;
	print("sweep: RAM ends at 0x%08x\n", ram_end);
	for (r = 0; r < ARRAY_SIZE(sweep); r++) {
		print("sweep row 0x%08x-0x%08x step 0x%x (%s)\n", sweep[r].from, sweep[r].to,
		      sweep[r].step, sweep[r].qemu);
		for (u64 a = sweep[r].from; a <= sweep[r].to; a += sweep[r].step) {
			u32 addr = (u32)a, v = 0xdeadbeef;
			if (addr >= RAM_BASE && addr < ram_end)
				continue;
			int rd = probe(addr, 0, &v);
			int wr = probe(addr, 1, NULL);
			n_addr++;
			n_abort += rd + wr;
			if (rd && wr)
				ok("sweep 0x%08x read+write abort", addr);
			else
				fail("sweep 0x%08x expected read+write abort got read %s 0x%08x, write %s",
				     addr, rd ? "abort" : "value", rd ? 0 : v, wr ? "abort" : "accepted");
		}
	}
	check(n_abort == 2 * n_addr, "sweep", "2 aborts per address",
	      "%u aborts for %u addresses", n_abort, n_addr);
	for (bad = 0, i = 0; i < ARRAY_SIZE(sweep_ram); i++)
		if (sweep_ram[i] != i * 0x01000193u)
			bad++;
	check_eq("sweep guest RAM intact (bad words)", bad, 0);
}

void guest_main(void);
void guest_main(void)
{
	hostile_hvcs();
	und_tests();
	do_sweep();
}
