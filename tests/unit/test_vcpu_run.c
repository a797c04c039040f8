/*
 * virt/vcpu.c, handle_exit.c, coproc.c and setway.c on a scripted CPU
 * (fake_vcpu_arch.c): the slice is a deadline that exits never extend,
 * a device read's answer waits in the vCPU, a whole-VM flush is done in
 * chunks between slice checks, set/way operations cost one flush until
 * the guest's caches change, and trapped MRCs give the architecture's
 * results (Rt = 15, the hidden PMU).
 */
#include <check.h>
#include <stdlib.h>

#include "fake_vcpu_arch.h"
#include "run_suite.h"

#include <arch/hsr.h>
#include <arch/kvm_exit.h>
#include <arch/preempt.h>
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <hyp7/smccc.h>

#define ENTRY 0x40010000u
#define UART_IBRD_IPA 0x09000024u

/* HSR encodings (ARM ARM B3.13.6), written out here rather than taken from the code. */
#define EC(ec) ((u32)(ec) << 26 | 1u << 25)
#define HSR_HVC EC(0x12)
/* MRC/MCR p15, opc1, Rt, CRn, CRm, opc2 (condition AL, valid). */
#define HSR_CP15(opc1, crn, crm, opc2, rt, read)                                           \
	(EC(0x03) | 1u << 24 | 0xeu << 20 | (opc2) << 17 | (opc1) << 14 | (crn) << 10 |   \
	 (rt) << 5 | (crm) << 1 | (read))
/* A word load by r<rt> with a valid syndrome, stage-2 translation fault. */
#define HSR_DABT_LOAD(rt) (EC(0x24) | 1u << 24 | 2u << 22 | (rt) << 16 | 0x07)
#define HPFAR_OF(ipa) ((ipa) >> 12 << 4)

/* A trap after the guest ran for ticks; a word load from a device IPA. */
#define TRAP(t, syndrome) { .ticks = (t), .code = ARM_EXCEPTION_TRAP, .hsr = (syndrome) }
#define LOAD(t, rt, ipa)                                                                   \
	{ .ticks = (t), .code = ARM_EXCEPTION_TRAP, .hsr = HSR_DABT_LOAD(rt), .hxfar = (ipa), \
	  .hpfar = HPFAR_OF(ipa) }

static const struct fake_exit hvc_every_5ms[] = {
	TRAP(5 * FAKE_TICKS_PER_MS, HSR_HVC),
	TRAP(5 * FAKE_TICKS_PER_MS, HSR_HVC),
	TRAP(5 * FAKE_TICKS_PER_MS, HSR_HVC),
	TRAP(5 * FAKE_TICKS_PER_MS, HSR_HVC),
};

static void reset_fakes(void)
{
	fake_now = 1000000;
	fake_flushed_bytes = 0;
	fake_flush_ticks_per_mib = 0;
	fake_actlr = 0;
}

/*
 * A guest that makes an HVC every 5 ms gets its turn ended at the first
 * exit at or past the 10 ms deadline: two HVCs answered, then PREEMPTED.
 * Re-arming the slice on every exit would never end it.
 */
START_TEST(test_slice_is_a_deadline)
{
	struct vcpu *vcpu;
	u64 start;

	reset_fakes();
	vcpu = fake_vcpu(fake_vm(16, NULL), 0);
	vcpu->guest.regs.r[0] = 0x8600ff00; /* an ID nothing implements */
	fake_script(hvc_every_5ms, 4);
	start = fake_now;
	preempt_start_slice();
	ck_assert_int_eq(vcpu_run(vcpu), 0);
	ck_assert_int_eq(vcpu->exit.reason, VCPU_EXIT_PREEMPTED);
	ck_assert_uint_eq(fake_exits_played, 2);
	ck_assert_uint_eq(fake_now - start, FAKE_SLICE_TICKS);
	ck_assert_uint_eq(vcpu->guest.regs.r[0], (u32)SMCCC_RET_NOT_SUPPORTED);
	/* The next turn gets a slice of its own. */
	preempt_start_slice();
	ck_assert_int_eq(vcpu_run(vcpu), 0);
	ck_assert_int_eq(vcpu->exit.reason, VCPU_EXIT_PREEMPTED);
	ck_assert_uint_eq(fake_exits_played, 4);
}
END_TEST

/* A guest that never exits is stopped by the slice's timer at the deadline. */
START_TEST(test_slice_timer)
{
	struct vcpu *vcpu;
	u64 start;

	reset_fakes();
	vcpu = fake_vcpu(fake_vm(16, NULL), 0);
	fake_script(NULL, 0);
	start = fake_now;
	preempt_start_slice();
	ck_assert_int_eq(vcpu_run(vcpu), 0);
	ck_assert_int_eq(vcpu->exit.reason, VCPU_EXIT_PREEMPTED);
	ck_assert_uint_eq(fake_now - start, FAKE_SLICE_TICKS);
}
END_TEST

/*
 * Two vCPUs each stop at a device read; the caller runs the other before
 * it answers, and answers in the other order. Each gets its own answer.
 */
START_TEST(test_mmio_answer_waits_in_the_vcpu)
{
	static const struct fake_exit load_r5[] = {
		LOAD(10, 5, UART_IBRD_IPA),
	};
	static const struct fake_exit load_r7[] = {
		LOAD(10, 7, UART_IBRD_IPA),
	};
	struct vm *vm;
	struct vcpu *a, *b;
	u32 pc_a;

	reset_fakes();
	vm = fake_vm(16, NULL);
	a = fake_vcpu(vm, 0);
	b = fake_vcpu(vm, 1);
	pc_a = a->guest.regs.pc;
	preempt_start_slice();
	fake_script(load_r5, 1);
	ck_assert_int_eq(vcpu_run(a), 0);
	ck_assert_int_eq(a->exit.reason, VCPU_EXIT_MMIO);
	ck_assert_uint_eq(ipa_addr(a->exit.mmio.addr), UART_IBRD_IPA);
	ck_assert(!a->exit.mmio.write);
	fake_script(load_r7, 1);
	ck_assert_int_eq(vcpu_run(b), 0);
	ck_assert_int_eq(b->exit.reason, VCPU_EXIT_MMIO);

	b->exit.mmio.data = 0x2222;
	a->exit.mmio.data = 0x1111;
	fake_script(NULL, 0);
	ck_assert_int_eq(vcpu_run(b), 0);
	preempt_start_slice();
	ck_assert_int_eq(vcpu_run(a), 0);
	ck_assert_uint_eq(a->guest.regs.r[5], 0x1111);
	ck_assert_uint_eq(b->guest.regs.r[7], 0x2222);
	ck_assert_uint_eq(a->guest.regs.pc, pc_a + 4);
}
END_TEST

static const struct fake_exit dccisw_then_more[] = {
	TRAP(100, HSR_CP15(0, 7, 14, 2, 0, 0)),
	TRAP(100, HSR_CP15(0, 7, 14, 2, 0, 0)),
	TRAP(100, HSR_CP15(0, 7, 14, 2, 0, 0)),
};

/* Turns on vcpu's MMU and caches, as a guest does: the flush then owed is done. */
static void caches_on(struct vcpu *vcpu)
{
	static const struct fake_exit sctlr_write[] = {
		TRAP(100, HSR_CP15(0, 1, 0, 0, 3, 0)),
	};

	vcpu->guest.regs.r[3] = vcpu->guest.cp15.reg[CP15_SCTLR] | SCTLR_M | SCTLR_C;
	fake_script(sctlr_write, 1);
	preempt_start_slice();
	vcpu_run(vcpu);
	while (vcpu->flush.pending) {
		preempt_start_slice();
		vcpu_run(vcpu);
	}
}

/*
 * A 256 MiB VM whose flush costs 1 ms per MiB: the flush owed after a
 * set/way operation takes 26 runs of 10 ms slices, each ended at its
 * deadline, and the guest does not run until it is done. Every byte is
 * flushed once.
 */
START_TEST(test_flush_is_done_between_slices)
{
	struct vcpu *vcpu;
	unsigned int turns = 0, i;

	reset_fakes();
	vcpu = fake_vcpu(fake_vm(256, NULL), 0);
	caches_on(vcpu);
	fake_flushed_bytes = 0;
	fake_flush_ticks_per_mib = FAKE_TICKS_PER_MS;
	fake_script(dccisw_then_more, 1);
	preempt_start_slice();
	ck_assert_int_eq(vcpu_run(vcpu), 0);
	ck_assert_uint_eq(fake_exits_played, 1);
	ck_assert(vcpu->flush.pending);
	for (i = 0; vcpu->flush.pending; i++) {
		u64 start = fake_now;

		ck_assert_uint_eq(fake_exits_played, 1); /* the guest waits for its flush */
		preempt_start_slice();
		ck_assert_int_eq(vcpu_run(vcpu), 0);
		ck_assert_int_eq(vcpu->exit.reason, VCPU_EXIT_PREEMPTED);
		ck_assert_uint_le(fake_now - start, FAKE_SLICE_TICKS + FAKE_TICKS_PER_MS);
		turns++;
	}
	ck_assert_uint_eq(fake_flushed_bytes, 256u << 20);
	ck_assert_uint_eq(1 + turns, 26); /* 256 MiB at 10 MiB a slice, the first run included */
}
END_TEST

/*
 * With the caches on, the first set/way operation flushes the VM and
 * traps its register writes; further ones cost nothing until the guest
 * turns its caches off (a flush) and on again (a flush, and the trap
 * lifted).
 */
START_TEST(test_setway_costs_one_flush)
{
	static const struct fake_exit sctlr_off_on[] = {
		TRAP(100, HSR_CP15(0, 1, 0, 0, 4, 0)),
		TRAP(100, HSR_CP15(0, 1, 0, 0, 5, 0)),
	};
	struct vcpu *vcpu;

	reset_fakes();
	vcpu = fake_vcpu(fake_vm(8, NULL), 0);
	ck_assert(vcpu->hcr & HCR_TVM); /* caches off at reset: watched */
	caches_on(vcpu);
	ck_assert_uint_eq(fake_flushed_bytes, 8u << 20);
	ck_assert(!(vcpu->hcr & HCR_TVM));

	fake_script(dccisw_then_more, 3);
	preempt_start_slice();
	while (fake_exits_played < 3 || vcpu->flush.pending)
		vcpu_run(vcpu);
	ck_assert_uint_eq(fake_flushed_bytes, 16u << 20);
	ck_assert(vcpu->hcr & HCR_TVM);

	vcpu->guest.regs.r[4] = vcpu->guest.cp15.reg[CP15_SCTLR] & ~SCTLR_C;
	vcpu->guest.regs.r[5] = vcpu->guest.cp15.reg[CP15_SCTLR] | SCTLR_C;
	fake_script(sctlr_off_on, 2);
	preempt_start_slice();
	while (fake_exits_played < 2 || vcpu->flush.pending)
		vcpu_run(vcpu);
	ck_assert_uint_eq(fake_flushed_bytes, 32u << 20);
	ck_assert(!(vcpu->hcr & HCR_TVM));
	ck_assert(vcpu->guest.cp15.reg[CP15_SCTLR] & SCTLR_C);
}
END_TEST

/* MRC to APSR_nzcv (Rt = 15): N, Z, C, V from the value's top bits; the PC only advances. */
START_TEST(test_mrc_to_apsr_nzcv)
{
	static const struct fake_exit mrc_actlr_r15[] = {
		TRAP(10, HSR_CP15(0, 1, 0, 1, 15, 1)),
	};
	struct vcpu *vcpu;
	u32 pc;

	reset_fakes();
	fake_actlr = 0xa0000041; /* N and C */
	vcpu = fake_vcpu(fake_vm(8, NULL), 0);
	vcpu->guest.regs.cpsr |= 0x50000000; /* Z and V before */
	pc = vcpu->guest.regs.pc;
	fake_script(mrc_actlr_r15, 1);
	preempt_start_slice();
	vcpu_run(vcpu);
	ck_assert_uint_eq(vcpu->guest.regs.cpsr & PSR_NZCV_MASK, 0xa0000000);
	ck_assert_uint_eq(vcpu->guest.regs.cpsr & PSR_MODE_MASK, PSR_MODE_SVC);
	ck_assert_uint_eq(vcpu->guest.regs.pc, pc + 4);
}
END_TEST

/* The hidden PMU: PL1 reads zero and writes do nothing; PL0 gets an undefined instruction. */
START_TEST(test_pmu_hidden)
{
	static const struct fake_exit pmu[] = {
		TRAP(10, HSR_CP15(0, 9, 12, 0, 2, 1)),  /* PMCR */
		TRAP(10, HSR_CP15(0, 9, 13, 0, 3, 0)),  /* PMCCNTR write */
		TRAP(10, HSR_CP15(0, 9, 13, 0, 3, 1)),  /* PMCCNTR */
	};
	static const struct fake_exit pmu_usr[] = {
		TRAP(10, HSR_CP15(0, 9, 14, 0, 6, 1)),  /* PMUSERENR: readable */
		TRAP(10, HSR_CP15(0, 9, 13, 0, 7, 1)),  /* PMCCNTR: undefined */
	};
	struct vcpu *vcpu;
	u32 pc;

	reset_fakes();
	vcpu = fake_vcpu(fake_vm(8, NULL), 0);
	ck_assert(vcpu->hdcr & HDCR_TPM);
	ck_assert(vcpu->hdcr & HDCR_TPMCR);
	vcpu->guest.regs.r[2] = 0x41;
	vcpu->guest.regs.r[3] = 0x12345678;
	fake_script(pmu, 3);
	preempt_start_slice();
	while (fake_exits_played < 3)
		vcpu_run(vcpu);
	ck_assert_uint_eq(vcpu->guest.regs.r[2], 0);
	ck_assert_uint_eq(vcpu->guest.regs.r[3], 0);

	vcpu->guest.regs.cpsr = PSR_MODE_USR;
	vcpu->guest.regs.r[6] = vcpu->guest.regs.r[7] = 0x77;
	pc = vcpu->guest.regs.pc;
	fake_script(pmu_usr, 2);
	preempt_start_slice();
	while (fake_exits_played < 2)
		vcpu_run(vcpu);
	ck_assert_uint_eq(vcpu->guest.regs.r[6], 0);
	ck_assert_uint_eq(vcpu->guest.regs.r[7], 0x77);
	ck_assert_uint_eq(vcpu->guest.regs.cpsr & PSR_MODE_MASK, PSR_MODE_UND);
	ck_assert_uint_eq(vcpu->guest.regs.lr_und, pc + 4 + 4); /* past PMUSERENR, + 4 */
}
END_TEST

/* hyp7.pmu=shared: nothing of the PMU traps. */
START_TEST(test_pmu_shared)
{
	struct vcpu *vcpu;

	reset_fakes();
	vcpu_pmu_shared = true;
	vcpu = fake_vcpu(fake_vm(8, NULL), 0);
	vcpu_pmu_shared = false;
	ck_assert(!(vcpu->hdcr & (HDCR_TPM | HDCR_TPMCR)));
	ck_assert_uint_eq(vcpu->hdcr & PMCR_N_MASK, 6);
}
END_TEST

static Suite *vcpu_run_suite(void)
{
	Suite *s = suite_create("vcpu_run");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_slice_is_a_deadline);
	tcase_add_test(tc, test_slice_timer);
	tcase_add_test(tc, test_mmio_answer_waits_in_the_vcpu);
	tcase_add_test(tc, test_flush_is_done_between_slices);
	tcase_add_test(tc, test_setway_costs_one_flush);
	tcase_add_test(tc, test_mrc_to_apsr_nzcv);
	tcase_add_test(tc, test_pmu_hidden);
	tcase_add_test(tc, test_pmu_shared);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vcpu_run_suite());
}
