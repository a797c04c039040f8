/*
 * hvc: the SMCCC/PSCI calls a guest can make, and the register rule.
 *
 * Each call goes through hvc_probe (lib/hvc_probe.S): r0-r7 = function ID
 * and arguments, r8-r12, SP, LR and the NZCVQ/GE flags = a per-call pattern,
 * then one `hvc #0`. After it, r4-r12, SP, LR and CPSR must be unchanged
 * (SMCCC 1.2), and since every function here returns one value, hyp7 leaves
 * r1-r7 as passed too (include/hyp7/smccc_dispatch.h), which is checked.
 */
#include "guest.h"

static u32 seed = 1;

/* Makes the call, checks the registers around it, returns r0. */
static u32 call(const char *what, u32 fid, u32 a1, u32 a2, u32 a3)
{
	struct hvc_probe p;
	int i;

	p.in[0] = fid;
	p.in[1] = a1;
	p.in[2] = a2;
	p.in[3] = a3;
	for (i = 4; i < 8; i++)
		p.in[i] = 0x40404040u + 0x01010101u * i + seed;
	p.seed = seed++;
	p.imm1 = 0;
	hvc_probe(&p);
	hvc_probe_check(what, &p, 1);
	return p.out[0];
}

static void expect3(const char *what, u32 fid, u32 a1, u32 a2, u32 a3, u32 want)
{
	char buf[64];
	unsigned n = 0;
	const char *s = what;

	while (*s && n < sizeof(buf) - 8)
		buf[n++] = *s++;
	memcpy(buf + n, " regs", 6);
	u32 r = call(buf, fid, a1, a2, a3);
	check_eq(what, r, want);
}

/* Calls with one argument: r2/r3 get patterns the function must ignore. */
static void expect(const char *what, u32 fid, u32 a1, u32 want)
{
	expect3(what, fid, a1, 0x5a5a0002, 0x5a5a0003, want);
}

void guest_main(void);
void guest_main(void)
{
	u32 v, mpidr = read_mpidr() & 0x00ffffff;

	/* SMCCC_VERSION: hyp7 answers 1.2 (0x10002); anything >= 1.1 is a valid SMCCC 1.1+ answer. */
	v = call("smccc_version regs", SMCCC_VERSION, 0, 0, 0);
	/* Negative (-1, NOT_SUPPORTED) means SMCCC 1.0: not enough. */
	check(!(v & 0x80000000) && v >= 0x10001, "smccc_version", ">= 0x10001 (1.1)", "0x%x%s", v,
	      (v & 0x80000000) ? " (NOT_SUPPORTED, i.e. SMCCC 1.0)" : "");

	/* ARCH_FEATURES(SMCCC_VERSION): 0 (TF-A) or -1 (KVM) are both seen; print it. */
	v = call("arch_features(smccc_version) regs", SMCCC_ARCH_FEATURES, SMCCC_VERSION, 0, 0);
	check(v == 0 || v == SMCCC_NOT_SUPPORTED, "arch_features(smccc_version)", "0 or -1",
	      "0x%x", v);
	expect("arch_features(unknown 0x8000ff00)", SMCCC_ARCH_FEATURES, 0x8000ff00, SMCCC_NOT_SUPPORTED);

	/* PSCI_VERSION: hyp7 is 1.1 (0x10001). */
	v = call("psci_version regs", PSCI_VERSION, 0, 0, 0);
	check(!(v & 0x80000000) && v >= 0x10000, "psci_version", ">= 0x10000 (1.0)", "0x%x", v);
	print("psci_version is %u.%u\n", v >> 16, v & 0xffff);

	/* PSCI_FEATURES (1.0+). */
	expect("psci_features(cpu_off)", PSCI_FEATURES, PSCI_CPU_OFF, 0);
	expect("psci_features(cpu_on)", PSCI_FEATURES, PSCI_CPU_ON, 0);
	expect("psci_features(system_off)", PSCI_FEATURES, PSCI_SYSTEM_OFF, 0);
	expect("psci_features(system_reset)", PSCI_FEATURES, PSCI_SYSTEM_RESET, 0);
	expect("psci_features(psci_features)", PSCI_FEATURES, PSCI_FEATURES, 0);
	expect("psci_features(smccc_version)", PSCI_FEATURES, SMCCC_VERSION, 0);
	/* PSCI 1.1: SYSTEM_RESET2 is there, MEM_PROTECT and MEM_PROTECT_CHECK_RANGE are not. */
	expect("psci_features(system_reset2)", PSCI_FEATURES, PSCI_SYSTEM_RESET2, 0);
	expect("psci_features(mem_protect)", PSCI_FEATURES, PSCI_MEM_PROTECT, SMCCC_NOT_SUPPORTED);
	expect("psci_features(mem_protect_check_range)", PSCI_FEATURES, PSCI_MEM_PROTECT_CHECK_RANGE,
	       SMCCC_NOT_SUPPORTED);
	expect3("system_reset2(vendor type)", PSCI_SYSTEM_RESET2, 0x80000000, 0, 0, PSCI_INVALID_PARAMETERS);
	expect("mem_protect", PSCI_MEM_PROTECT, 1, SMCCC_NOT_SUPPORTED);
	expect("psci_features(unknown 0x8400ff00)", PSCI_FEATURES, 0x8400ff00, SMCCC_NOT_SUPPORTED);
	expect("psci_features(unknown 0x12345678)", PSCI_FEATURES, 0x12345678, SMCCC_NOT_SUPPORTED);

	expect("migrate_info_type", PSCI_MIGRATE_INFO_TYPE, 0, 2);
	/* AFFINITY_INFO(target, lowest level 0); CPU_ON(target, entry, context). */
	expect3("affinity_info(self)", PSCI_AFFINITY_INFO, mpidr, 0, 0x5a5a0003, 0);
	expect3("cpu_on(self) already on", PSCI_CPU_ON, mpidr, (u32)(uptr)_start, 0x5a5a0003,
		PSCI_ALREADY_ON);

	/* Unknown and ill-formed function IDs: NOT_SUPPORTED, nothing else. */
	expect("unknown 0x8600ff00", 0x8600ff00, 0, SMCCC_NOT_SUPPORTED);
	expect("unknown 0xc2000000", 0xc2000000, 0, SMCCC_NOT_SUPPORTED);
	expect("unknown 0x84000040", 0x84000040, 0, SMCCC_NOT_SUPPORTED);
	expect("unknown 0xbf000000", 0xbf000000, 0, SMCCC_NOT_SUPPORTED);
	expect("smc64 cpu_on 0xc4000003", 0xc4000003, mpidr, SMCCC_NOT_SUPPORTED);
	expect("yielding call 0x04000000", 0x04000000, 0, SMCCC_NOT_SUPPORTED);
	expect("id 0x00000000", 0, 0, SMCCC_NOT_SUPPORTED);
	expect("id 0xffffffff", 0xffffffff, 0, SMCCC_NOT_SUPPORTED);

	/* The plain C wrapper agrees. */
	check_eq("smccc() wrapper psci_version", hvc_call(PSCI_VERSION, 0, 0, 0), v);
}
