/*
 * virt/inject.c: each exception's entry, checked field by field against
 * the ARM ARM (B1.8.3 and the Take*Exception() pseudocode of B1.9), with
 * the bit positions written out here rather than taken from the header.
 */
#include <check.h>

#include "run_suite.h"
#include <string.h>

#include <arch/psr.h>
#include <hyp7/inject.h>

#define CPSR_T (1u << 5)
#define CPSR_F (1u << 6)
#define CPSR_I (1u << 7)
#define CPSR_A (1u << 8)
#define CPSR_E (1u << 9)
#define CPSR_J (1u << 24)
#define CPSR_IT (3u << 25 | 0x3fu << 10)
#define CPSR_FLAGS (0xfu << 28 | 1u << 27 | 0xfu << 16) /* NZCV, Q, GE */

#define SCTLR_V_BIT (1u << 13)
#define SCTLR_EE_BIT (1u << 25)
#define SCTLR_TE_BIT (1u << 30)
#define TTBCR_EAE_BIT (1u << 31)

#define VBAR 0x80100000
#define FAULT_PC 0x40008000
#define FAULT_ADDR 0x0a000104

struct entry_case {
	const char *name;
	u32 old_cpsr, sctlr;
};

/* Old CPSRs: ARM and Thumb (in an IT block), masks both ways, from several modes. */
static const struct entry_case cases[] = {
	{ "ARM, SVC, unmasked", PSR_MODE_SVC | CPSR_FLAGS, 0 },
	{ "ARM, USR, A and F set", PSR_MODE_USR | CPSR_A | CPSR_F, 0 },
	{ "Thumb in an IT block, SYS", PSR_MODE_SYS | CPSR_T | (2u << 25 | 0x15u << 10), 0 },
	{ "Thumb-2 insn, IRQ, big-endian", PSR_MODE_IRQ | CPSR_T | CPSR_E | CPSR_I, 0 },
	{ "J and T set (ThumbEE state)", PSR_MODE_SVC | CPSR_J | CPSR_T, 0 },
	{ "hivecs", PSR_MODE_SVC, SCTLR_V_BIT },
	{ "Thumb handlers (TE)", PSR_MODE_SVC, SCTLR_TE_BIT },
	{ "big-endian handlers (EE)", PSR_MODE_USR | CPSR_T, SCTLR_EE_BIT | SCTLR_TE_BIT },
	{ "all of V, TE, EE", PSR_MODE_FIQ | CPSR_F | CPSR_I, SCTLR_V_BIT | SCTLR_TE_BIT | SCTLR_EE_BIT },
};

static void setup_regs(struct vcpu_regs *regs, const struct entry_case *c)
{
	memset(regs, 0x5a, sizeof(*regs));
	regs->pc = FAULT_PC;
	regs->cpsr = c->old_cpsr;
}

/*
 * What every entry must do: new mode, SPSR and LR of that mode, I set, A
 * set for aborts and kept for UNDEF, F kept, IT and J cleared, T and E from
 * SCTLR.TE and SCTLR.EE, flags kept; the PC at the vector; other registers
 * untouched.
 */
static void check_entry(const struct entry_case *c, const struct vcpu_regs *before,
			const struct vcpu_regs *after, u32 mode, u32 lr, bool sets_a, u32 vector)
{
	struct vcpu_regs expect = *before;
	u32 cpsr = (c->old_cpsr & (CPSR_FLAGS | CPSR_F | CPSR_A)) | mode | CPSR_I;

	if (sets_a)
		cpsr |= CPSR_A;
	if (c->sctlr & SCTLR_TE_BIT)
		cpsr |= CPSR_T;
	if (c->sctlr & SCTLR_EE_BIT)
		cpsr |= CPSR_E;
	ck_assert_msg(after->cpsr == cpsr, "%s: CPSR %#x, want %#x", c->name, after->cpsr, cpsr);
	ck_assert(!(after->cpsr & (CPSR_IT | CPSR_J)));
	ck_assert_msg(after->pc == (c->sctlr & SCTLR_V_BIT ? 0xffff0000 : VBAR) + vector,
		      "%s: PC %#x", c->name, after->pc);

	expect.cpsr = after->cpsr;
	expect.pc = after->pc;
	if (mode == PSR_MODE_UND) {
		expect.spsr_und = c->old_cpsr;
		expect.lr_und = lr;
	} else {
		expect.spsr_abt = c->old_cpsr;
		expect.lr_abt = lr;
	}
	ck_assert_msg(memcmp(&expect, after, sizeof(expect)) == 0,
		      "%s: SPSR/LR wrong, or another register changed", c->name);
}

START_TEST(test_undef)
{
	const struct entry_case *c = &cases[_i];
	struct vcpu_regs regs, before;

	setup_regs(&regs, c);
	before = regs;
	inject_undef(&regs, c->sctlr, VBAR);
	/*
	 * LR_und (Table B1-7): + 4 in ARM state, + 2 in Thumb (and ThumbEE)
	 * state, whatever the instruction's length.
	 */
	check_entry(c, &before, &regs, PSR_MODE_UND, FAULT_PC + (c->old_cpsr & CPSR_T ? 2 : 4), false,
		    0x04);
}
END_TEST

START_TEST(test_dabt)
{
	const struct entry_case *c = &cases[_i];
	struct vcpu_regs regs, before;
	u32 dfsr, dfar;

	setup_regs(&regs, c);
	before = regs;
	inject_dabt(&regs, c->sctlr, VBAR, 0, FAULT_ADDR, false, ABORT_ON_ACCESS, &dfsr, &dfar);
	/* LR_abt = the aborted instruction + 8, in Thumb state too. */
	check_entry(c, &before, &regs, PSR_MODE_ABT, FAULT_PC + 8, true, 0x10);
	ck_assert_uint_eq(dfar, FAULT_ADDR);
}
END_TEST

START_TEST(test_pabt)
{
	const struct entry_case *c = &cases[_i];
	struct vcpu_regs regs, before;
	u32 ifsr, ifar;

	setup_regs(&regs, c);
	before = regs;
	inject_pabt(&regs, c->sctlr, VBAR, 0, FAULT_PC, ABORT_ON_ACCESS, &ifsr, &ifar);
	/* LR_abt = the aborted instruction + 4, in Thumb state too. */
	check_entry(c, &before, &regs, PSR_MODE_ABT, FAULT_PC + 4, true, 0x0c);
	ck_assert_uint_eq(ifar, FAULT_PC);
}
END_TEST

/*
 * Synchronous external abort: short-descriptor FS = 0b01000 (FS[4] = 0 at
 * bit 10, FS[3:0] in [3:0], LPAE bit 9 clear); long-descriptor STATUS =
 * 0b010000 with bit 9 set. WnR is bit 11 of the DFSR; the IFSR has none.
 * On a translation table walk (first level): FS = 0b01100, STATUS =
 * 0b010101.
 */
START_TEST(test_fault_status_formats)
{
	static const struct {
		u32 ttbcr;
		bool write;
		enum abort_source source;
		u32 dfsr, ifsr;
	} formats[] = {
		{ 0, false, ABORT_ON_ACCESS, 0x008, 0x008 },
		{ 0, true, ABORT_ON_ACCESS, 0x808, 0x008 },
		{ TTBCR_EAE_BIT, false, ABORT_ON_ACCESS, 0x210, 0x210 },
		{ TTBCR_EAE_BIT | 0x3, true, ABORT_ON_ACCESS, 0xa10, 0x210 },
		{ 0x3, true, ABORT_ON_ACCESS, 0x808, 0x008 }, /* N = 3, short descriptors still */
		{ 0, false, ABORT_ON_TABLE_WALK, 0x00c, 0x00c },
		{ 0, true, ABORT_ON_TABLE_WALK, 0x80c, 0x00c },
		{ TTBCR_EAE_BIT, false, ABORT_ON_TABLE_WALK, 0x215, 0x215 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(formats); i++) {
		struct vcpu_regs regs = { .pc = FAULT_PC, .cpsr = PSR_MODE_SVC };
		u32 fsr = 0xffffffff, far = 0;

		inject_dabt(&regs, 0, VBAR, formats[i].ttbcr, FAULT_ADDR, formats[i].write,
			    formats[i].source, &fsr, &far);
		ck_assert_msg(fsr == formats[i].dfsr, "TTBCR %#x write %d: DFSR %#x, want %#x",
			      formats[i].ttbcr, formats[i].write, fsr, formats[i].dfsr);
		regs = (struct vcpu_regs){ .pc = FAULT_PC, .cpsr = PSR_MODE_SVC };
		inject_pabt(&regs, 0, VBAR, formats[i].ttbcr, FAULT_PC, formats[i].source, &fsr, &far);
		ck_assert_msg(fsr == formats[i].ifsr, "TTBCR %#x: IFSR %#x, want %#x",
			      formats[i].ttbcr, fsr, formats[i].ifsr);
	}
}
END_TEST

/* VBAR[4:0] are reserved: a guest that leaves junk there still gets the aligned vector. */
START_TEST(test_vbar_low_bits_ignored)
{
	struct vcpu_regs regs = { .pc = FAULT_PC, .cpsr = PSR_MODE_SVC };

	inject_undef(&regs, 0, VBAR | 0x1f);
	ck_assert_uint_eq(regs.pc, VBAR + 0x04);
}
END_TEST

/* An abort taken in ABT mode itself overwrites LR_abt and SPSR_abt, as the CPU does. */
START_TEST(test_abort_from_abort_mode)
{
	struct vcpu_regs regs = { .pc = FAULT_PC, .cpsr = PSR_MODE_ABT | CPSR_A };
	u32 dfsr, dfar;

	regs.lr_abt = 0x1111;
	regs.spsr_abt = 0x2222;
	inject_dabt(&regs, 0, VBAR, 0, FAULT_ADDR, true, ABORT_ON_ACCESS, &dfsr, &dfar);
	ck_assert_uint_eq(regs.lr_abt, FAULT_PC + 8);
	ck_assert_uint_eq(regs.spsr_abt, PSR_MODE_ABT | CPSR_A);
	ck_assert_uint_eq(regs.cpsr, PSR_MODE_ABT | CPSR_A | CPSR_I);
}
END_TEST

static Suite *inject_suite(void)
{
	Suite *s = suite_create("inject");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_undef, 0, ARRAY_SIZE(cases));
	tcase_add_loop_test(tc, test_dabt, 0, ARRAY_SIZE(cases));
	tcase_add_loop_test(tc, test_pabt, 0, ARRAY_SIZE(cases));
	tcase_add_test(tc, test_fault_status_formats);
	tcase_add_test(tc, test_vbar_low_bits_ignored);
	tcase_add_test(tc, test_abort_from_abort_mode);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(inject_suite());
}
