/*
 * virt/smccc.c against a table of calls written from the specs' numbers
 * (ARM DEN 0028, DEN 0022), not from hyp7's headers, so a wrong constant
 * there shows up here. Every call is made with random values in the
 * registers it does not read: r1-r7 must come back unchanged and r0 must
 * hold the expected answer.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/smccc_dispatch.h>

#define NOT_SUPPORTED 0xffffffffu
#define INVALID_PARAMETERS 0xfffffffeu
#define ALREADY_ON 0xfffffffcu

struct fake_vm {
	int cpu_on_calls, affinity_calls;
	u32 mpidr, entry, context_id;
	int ret; /* what the op answers */
};

static struct fake_vm vm;

static int fake_cpu_on(void *ctx, u32 mpidr, u32 entry, u32 context_id)
{
	struct fake_vm *f = ctx;

	f->cpu_on_calls++;
	f->mpidr = mpidr;
	f->entry = entry;
	f->context_id = context_id;
	return f->ret;
}

static int fake_affinity_info(void *ctx, u32 mpidr)
{
	struct fake_vm *f = ctx;

	f->affinity_calls++;
	f->mpidr = mpidr;
	return f->ret;
}

static const struct guest_call_ops ops = { fake_cpu_on, fake_affinity_info };

static u32 rng_state = 0x9e3779b9;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

struct call_case {
	const char *what;
	u32 id;
	unsigned int nr_args;
	u32 args[3];   /* r1.. */
	int op_ret;    /* what the fake op answers, if called */
	u32 r0;        /* expected */
	enum guest_call_action action;
	int cpu_on_calls, affinity_calls;
};

static const struct call_case cases[] = {
	{ "SMCCC_VERSION is 1.2", 0x80000000, 0, { 0 }, 0, 0x10002, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(SMCCC_VERSION)", 0x80000001, 1, { 0x80000000 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(ARCH_FEATURES)", 0x80000001, 1, { 0x80000001 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(SOC_ID)", 0x80000001, 1, { 0x80000002 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(WORKAROUND_1)", 0x80000001, 1, { 0x80008000 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(WORKAROUND_2)", 0x80000001, 1, { 0x80007fff }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(WORKAROUND_3)", 0x80000001, 1, { 0x80003fff }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "ARCH_FEATURES(PSCI_VERSION): not an arch call", 0x80000001, 1, { 0x84000000 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_VERSION is 1.1", 0x84000000, 0, { 0 }, 0, 0x10001, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SMCCC_VERSION)", 0x8400000a, 1, { 0x80000000 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SMCCC_ARCH_FEATURES)", 0x8400000a, 1, { 0x80000001 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(PSCI_VERSION)", 0x8400000a, 1, { 0x84000000 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(CPU_SUSPEND): original format, no OSI", 0x8400000a, 1, { 0x84000001 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(CPU_OFF)", 0x8400000a, 1, { 0x84000002 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(CPU_ON)", 0x8400000a, 1, { 0x84000003 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(AFFINITY_INFO)", 0x8400000a, 1, { 0x84000004 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(MIGRATE)", 0x8400000a, 1, { 0x84000005 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(MIGRATE_INFO_TYPE)", 0x8400000a, 1, { 0x84000006 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(MIGRATE_INFO_UP_CPU)", 0x8400000a, 1, { 0x84000007 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SYSTEM_OFF)", 0x8400000a, 1, { 0x84000008 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SYSTEM_RESET)", 0x8400000a, 1, { 0x84000009 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(PSCI_FEATURES)", 0x8400000a, 1, { 0x8400000a }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SYSTEM_SUSPEND)", 0x8400000a, 1, { 0x8400000e }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SYSTEM_RESET2)", 0x8400000a, 1, { 0x84000012 }, 0, 0, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(MEM_PROTECT)", 0x8400000a, 1, { 0x84000013 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(MEM_PROTECT_CHECK_RANGE)", 0x8400000a, 1, { 0x84000014 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(SET_SUSPEND_MODE)", 0x8400000a, 1, { 0x8400000f }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(STAT_COUNT)", 0x8400000a, 1, { 0x84000011 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "PSCI_FEATURES(CPU_ON, SMC64)", 0x8400000a, 1, { 0xc4000003 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "MIGRATE_INFO_TYPE: no Trusted OS", 0x84000006, 0, { 0 }, 0, 2, GUEST_CALL_RETURN, 0, 0 },
	{ "CPU_SUSPEND", 0x84000001, 3, { 0, 0x40001000, 7 }, 0, 0, GUEST_CALL_CPU_SUSPEND, 0, 0 },
	{ "CPU_OFF", 0x84000002, 0, { 0 }, 0, 0, GUEST_CALL_CPU_OFF, 0, 0 },
	{ "SYSTEM_OFF", 0x84000008, 0, { 0 }, 0, 0, GUEST_CALL_SYSTEM_OFF, 0, 0 },
	{ "SYSTEM_RESET", 0x84000009, 0, { 0 }, 0, 0, GUEST_CALL_SYSTEM_RESET, 0, 0 },
	{ "SYSTEM_RESET2 warm", 0x84000012, 2, { 0, 0x1234 }, 0, 0, GUEST_CALL_SYSTEM_RESET, 0, 0 },
	{ "SYSTEM_RESET2 vendor type", 0x84000012, 2, { 0x80000000, 0 }, 0, INVALID_PARAMETERS, GUEST_CALL_RETURN, 0, 0 },
	{ "SYSTEM_RESET2 other architectural type", 0x84000012, 2, { 1, 0 }, 0, INVALID_PARAMETERS, GUEST_CALL_RETURN, 0, 0 },
	{ "MEM_PROTECT", 0x84000013, 1, { 1 }, 0, NOT_SUPPORTED, GUEST_CALL_RETURN, 0, 0 },
	{ "CPU_ON", 0x84000003, 3, { 1, 0x40010001, 0xdeadbeef }, 0, 0, GUEST_CALL_RETURN, 1, 0 },
	{ "CPU_ON of a running vCPU", 0x84000003, 3, { 2, 0x40010000, 0 }, -4, ALREADY_ON, GUEST_CALL_RETURN, 1, 0 },
	{ "CPU_ON of no vCPU", 0x84000003, 3, { 0x0f, 0x40010000, 0 }, -2, INVALID_PARAMETERS, GUEST_CALL_RETURN, 1, 0 },
	{ "CPU_ON with MPIDR bits above Aff2", 0x84000003, 3, { 0x01000001, 0x40010000, 0 }, 0, INVALID_PARAMETERS, GUEST_CALL_RETURN, 0, 0 },
	{ "AFFINITY_INFO level 0", 0x84000004, 2, { 3, 0 }, 1, 1, GUEST_CALL_RETURN, 0, 1 },
	{ "AFFINITY_INFO level 1", 0x84000004, 2, { 3, 1 }, 1, INVALID_PARAMETERS, GUEST_CALL_RETURN, 0, 0 },
	{ "AFFINITY_INFO with MPIDR bit 31", 0x84000004, 2, { 0x80000000, 0 }, 1, INVALID_PARAMETERS, GUEST_CALL_RETURN, 0, 0 },
};

/* Calls that do not return to the guest: their r0 is never seen. */
static bool resumes_guest(enum guest_call_action action)
{
	return action == GUEST_CALL_RETURN || action == GUEST_CALL_CPU_SUSPEND;
}

START_TEST(table_of_calls)
{
	const struct call_case *c = &cases[_i];
	struct smccc_regs regs, before;
	enum guest_call_action action;
	unsigned int round, r;

	for (round = 0; round < 100; round++) {
		memset(&vm, 0, sizeof(vm));
		vm.ret = c->op_ret;
		regs.r[0] = c->id;
		for (r = 1; r < 8; r++)
			regs.r[r] = r <= c->nr_args ? c->args[r - 1] : rng();
		before = regs;
		action = smccc_guest_call(&regs, &ops, &vm);
		ck_assert_msg(action == c->action, "%s: action %d, want %d", c->what, action, c->action);
		if (resumes_guest(c->action))
			ck_assert_msg(regs.r[0] == c->r0, "%s: r0 = 0x%x, want 0x%x", c->what, regs.r[0],
				      c->r0);
		for (r = 1; r < 8; r++)
			ck_assert_msg(regs.r[r] == before.r[r], "%s: r%u changed from 0x%x to 0x%x",
				      c->what, r, before.r[r], regs.r[r]);
		ck_assert_int_eq(vm.cpu_on_calls, c->cpu_on_calls);
		ck_assert_int_eq(vm.affinity_calls, c->affinity_calls);
	}
}
END_TEST

START_TEST(cpu_on_passes_its_arguments)
{
	struct smccc_regs regs = { { 0x84000003, 0x00010203, 0x40008001, 0x12345678, 4, 5, 6, 7 } };

	ck_assert_int_eq(smccc_guest_call(&regs, &ops, &vm), GUEST_CALL_RETURN);
	ck_assert_int_eq(vm.cpu_on_calls, 1);
	ck_assert_uint_eq(vm.mpidr, 0x00010203);
	ck_assert_uint_eq(vm.entry, 0x40008001);
	ck_assert_uint_eq(vm.context_id, 0x12345678);
}
END_TEST

/* The IDs hyp7 answers, from the specs' tables. */
static const u32 implemented[] = { 0x80000000, 0x80000001, 0x84000000, 0x84000001, 0x84000002,
				   0x84000003, 0x84000004, 0x84000006, 0x84000008, 0x84000009,
				   0x8400000a, 0x84000012 };

static bool is_implemented(u32 id)
{
	unsigned int i;

	for (i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
		if (implemented[i] == id)
			return true;
	return false;
}

static void check_not_supported(u32 id)
{
	struct smccc_regs regs, before;
	unsigned int r;

	memset(&vm, 0, sizeof(vm));
	regs.r[0] = id;
	for (r = 1; r < 8; r++)
		regs.r[r] = rng();
	before = regs;
	ck_assert_int_eq(smccc_guest_call(&regs, &ops, &vm), GUEST_CALL_RETURN);
	ck_assert_msg(regs.r[0] == NOT_SUPPORTED, "ID 0x%08x: r0 = 0x%x", id, regs.r[0]);
	for (r = 1; r < 8; r++)
		ck_assert_msg(regs.r[r] == before.r[r], "ID 0x%08x: r%u changed", id, r);
	ck_assert_int_eq(vm.cpu_on_calls + vm.affinity_calls, 0);
}

START_TEST(unknown_ids_are_not_supported_and_change_nothing_else)
{
	/*
	 * SMC64 PSCI, MIGRATE, yielding calls, hyp7's own HYP init and
	 * teardown (a guest never reaches them), SiP, OEM and Trusted OS
	 * ranges, the ends of the ID space.
	 */
	static const u32 named[] = { 0xc4000001, 0xc4000003, 0xc4000004, 0x84000005, 0x84000007,
				     0x8400000e, 0x04000000, 0x04000003, 0x86000001, 0x86000002,
				     0x82000000, 0x83000000, 0xb2000000, 0x80000002, 0x80008000,
				     0xc0000000, 0x00000000, 0xffffffff };
	unsigned int i;
	u32 id;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		check_not_supported(named[i]);
	for (i = 0; i < 100000; i++) {
		/* Half anywhere, half near the implemented IDs. */
		id = i & 1 ? rng() : (rng() & 0xc400001f) | 0x80000000;
		if (!is_implemented(id))
			check_not_supported(id);
	}
}
END_TEST

static Suite *smccc_suite(void)
{
	Suite *s = suite_create("smccc");
	TCase *tc = tcase_create("guest calls");

	tcase_add_loop_test(tc, table_of_calls, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, cpu_on_passes_its_arguments);
	tcase_add_test(tc, unknown_ids_are_not_supported_and_change_nothing_else);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(smccc_suite());
}
