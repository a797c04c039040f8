/*
 * virt/decode*.c: a table of instructions assembled with
 * arm-linux-gnueabihf-as (their encodings as it printed them, the accesses
 * worked out by hand from the ARM ARM), then a sweep of random fields for
 * every supported form against a reference interpreter that computes each
 * access straight from the instruction's fields; then completion, the
 * syndrome path and condition codes.
 */
#include <check.h>

#include "run_suite.h"
#include <stdio.h>
#include <string.h>

#include <arch/psr.h>
#include <hyp7/decode.h>
#include <hyp7/errno.h>

/* The CPSR bits as the ARM ARM numbers them (B1.3.3), not taken from the header under test. */
#define CPSR_T (1u << 5)
#define CPSR_C (1u << 29)

static u32 cpsr_with_it(u32 cpsr, u32 it)
{
	return (cpsr & ~(3u << 25 | 0x3fu << 10)) | (it & 3) << 25 | (it >> 2) << 10;
}

/* --- expected results --------------------------------------------------- */

struct want_access {
	u32 addr;
	u8 size;
	bool write, sx;
	u8 reg;
};

struct want {
	int rc;
	unsigned int nr;
	struct want_access acc[16];
	bool wb;
	u8 base_reg;
	u32 base_value;
	u8 length;
};

static void check_result(const char *what, u32 insn, int rc, const struct mmio_insn *got,
			 const struct want *want)
{
	ck_assert_msg(rc == want->rc, "%s (%#010x): rc %d, want %d (why: %s)", what, insn, rc, want->rc,
		      got->why ? got->why : "-");
	if (rc) {
		ck_assert_msg(got->why && got->why[0], "%s (%#010x): refused without a reason", what, insn);
		return;
	}
	ck_assert_msg(got->length == want->length, "%s (%#010x): length %u, want %u", what, insn,
		      got->length, want->length);
	ck_assert_msg(got->nr_accesses == want->nr, "%s (%#010x): %u accesses, want %u", what, insn,
		      got->nr_accesses, want->nr);
	for (unsigned int i = 0; i < want->nr; i++) {
		const struct mmio_access *a = &got->access[i];
		const struct want_access *w = &want->acc[i];

		ck_assert_msg(a->addr == w->addr && a->size == w->size && a->write == w->write &&
				      a->sign_extend == w->sx && a->reg == w->reg,
			      "%s (%#010x) access %u: %s r%u size %u sx %d at %#x; want %s r%u size %u sx %d "
			      "at %#x",
			      what, insn, i, a->write ? "store" : "load", a->reg, a->size, a->sign_extend,
			      a->addr, w->write ? "store" : "load", w->reg, w->size, w->sx, w->addr);
	}
	ck_assert_msg(got->writeback == want->wb, "%s (%#010x): writeback %d, want %d", what, insn,
		      got->writeback, want->wb);
	if (want->wb)
		ck_assert_msg(got->base_reg == want->base_reg && got->base_value == want->base_value,
			      "%s (%#010x): writes back r%u = %#x, want r%u = %#x", what, insn,
			      got->base_reg, got->base_value, want->base_reg, want->base_value);
}

/* --- the hand-checked table ---------------------------------------------- */

/*
 * The registers every table case runs with, in SVC mode with C set (for
 * RRX). The User-mode SP and LR differ from SVC's so banking shows.
 */
static void table_regs(struct vcpu_regs *regs, bool thumb)
{
	static const u32 r[13] = {
		0x80000000, 0x90001000, 0x00000008, 0x00000010, 0xfffffffc, 0x80000001, 0x12345678,
		0x000000ff, 0xa0000000, 0x00000003, 0xb0000000, 0x0000fffe, 0xc0000000,
	};

	memset(regs, 0, sizeof(*regs));
	memcpy(regs->r, r, sizeof(r));
	regs->sp_usr = 0xdead0000;
	regs->lr_usr = 0xdead0004;
	regs->sp_svc = 0x40001000;
	regs->lr_svc = 0x40002000;
	regs->pc = 0x40008000;
	regs->cpsr = PSR_MODE_SVC | CPSR_C | (thumb ? CPSR_T : 0);
}

#define LD(a, s, r) { (a), (s), false, false, (r) }
#define LDS(a, s, r) { (a), (s), false, true, (r) }
#define ST(a, s, r) { (a), (s), true, false, (r) }

static const struct table_case {
	const char *text;
	bool thumb;
	u32 insn; /* Thumb: first halfword in [15:0] */
	struct want want;
} table[] = {
	/* ARM: A5.3 word and unsigned byte */
	{ "ldr r6, [r0]", false, 0xe5906000, { 0, 1, { LD(0x80000000, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r0, #4]", false, 0xe5906004, { 0, 1, { LD(0x80000004, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r0, #-4]!", false, 0xe5306004,
	  { 0, 1, { LD(0x7ffffffc, 4, 6) }, true, 0, 0x7ffffffc, 4 } },
	{ "ldr r6, [r0], #8", false, 0xe4906008,
	  { 0, 1, { LD(0x80000000, 4, 6) }, true, 0, 0x80000008, 4 } },
	{ "str r6, [r1, r2]", false, 0xe7816002, { 0, 1, { ST(0x90001008, 4, 6) }, .length = 4 } },
	{ "str r6, [r1, -r2, lsl #2]", false, 0xe7016102,
	  { 0, 1, { ST(0x90000fe0, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r5, lsr #31]", false, 0xe7916fa5,
	  { 0, 1, { LD(0x90001001, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r4, asr #1]", false, 0xe79160c4,
	  { 0, 1, { LD(0x90000ffe, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r5, ror #1]", false, 0xe79160e5,
	  { 0, 1, { LD(0x50001000, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r2, rrx]", false, 0xe7916062, { 0, 1, { LD(0x10001004, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r4, asr #32]", false, 0xe7916044,
	  { 0, 1, { LD(0x90000fff, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r1, r2, lsr #32]", false, 0xe7916022,
	  { 0, 1, { LD(0x90001000, 4, 6) }, .length = 4 } },
	{ "ldrb r6, [r0, #1]", false, 0xe5d06001, { 0, 1, { LD(0x80000001, 1, 6) }, .length = 4 } },
	{ "strb r7, [r0, r3]!", false, 0xe7e07003,
	  { 0, 1, { ST(0x80000010, 1, 7) }, true, 0, 0x80000010, 4 } },
	{ "str pc, [r0]", false, 0xe580f000, { 0, 1, { ST(0x80000000, 4, 15) }, .length = 4 } },
	{ "ldr r6, [pc, #16]", false, 0xe59f6010, { 0, 1, { LD(0x40008018, 4, 6) }, .length = 4 } },
	{ "ldrne r6, [r0]", false, 0x15906000, { 0, 1, { LD(0x80000000, 4, 6) }, .length = 4 } },
	/* ARM: A5.2.8 extra loads and stores */
	{ "ldrh r6, [r0, #2]", false, 0xe1d060b2, { 0, 1, { LD(0x80000002, 2, 6) }, .length = 4 } },
	{ "ldrsh r6, [r0, #-2]", false, 0xe15060f2, { 0, 1, { LDS(0x7ffffffe, 2, 6) }, .length = 4 } },
	{ "ldrsb r6, [r1, r2]", false, 0xe19160d2, { 0, 1, { LDS(0x90001008, 1, 6) }, .length = 4 } },
	{ "strh r7, [r1], #-6", false, 0xe04170b6,
	  { 0, 1, { ST(0x90001000, 2, 7) }, true, 1, 0x90000ffa, 4 } },
	{ "ldrh r6, [r1, -r2]!", false, 0xe13160b2,
	  { 0, 1, { LD(0x90000ff8, 2, 6) }, true, 1, 0x90000ff8, 4 } },
	{ "ldrsb r6, [r0], #255", false, 0xe0d06fdf,
	  { 0, 1, { LDS(0x80000000, 1, 6) }, true, 0, 0x800000ff, 4 } },
	{ "ldrd r6, r7, [r0, #8]", false, 0xe1c060d8,
	  { 0, 2, { LD(0x80000008, 4, 6), LD(0x8000000c, 4, 7) }, .length = 4 } },
	{ "strd r2, r3, [r1, -r3]!", false, 0xe12120f3,
	  { 0, 2, { ST(0x90000ff0, 4, 2), ST(0x90000ff4, 4, 3) }, true, 1, 0x90000ff0, 4 } },
	/* ARM: A5.5 block transfers */
	{ "ldm r0, {r2, r3, r6}", false, 0xe890004c,
	  { 0, 3, { LD(0x80000000, 4, 2), LD(0x80000004, 4, 3), LD(0x80000008, 4, 6) }, .length = 4 } },
	{ "stmdb sp!, {r0-r3, lr}", false, 0xe92d400f,
	  { 0, 5,
	    { ST(0x40000fec, 4, 0), ST(0x40000ff0, 4, 1), ST(0x40000ff4, 4, 2), ST(0x40000ff8, 4, 3),
	      ST(0x40000ffc, 4, 14) },
	    true, 13, 0x40000fec, 4 } },
	{ "ldmib r1!, {r2, r3}", false, 0xe9b1000c,
	  { 0, 2, { LD(0x90001004, 4, 2), LD(0x90001008, 4, 3) }, true, 1, 0x90001008, 4 } },
	{ "stmda r1, {r6, r7}", false, 0xe80100c0,
	  { 0, 2, { ST(0x90000ffc, 4, 6), ST(0x90001000, 4, 7) }, .length = 4 } },
	{ "ldmda r8!, {r0, r1}", false, 0xe8380003,
	  { 0, 2, { LD(0x9ffffffc, 4, 0), LD(0xa0000000, 4, 1) }, true, 8, 0x9ffffff8, 4 } },

	/* Thumb 16-bit (the next halfword is junk the decoder must ignore) */
	{ "ldr r6, [r1, r2]", true, 0xffff588e, { 0, 1, { LD(0x90001008, 4, 6) }, .length = 2 } },
	{ "strh r7, [r0, r3]", true, 0xffff52c7, { 0, 1, { ST(0x80000010, 2, 7) }, .length = 2 } },
	{ "ldrsb r6, [r1, r2]", true, 0xffff568e, { 0, 1, { LDS(0x90001008, 1, 6) }, .length = 2 } },
	{ "ldrsh r6, [r0, r3]", true, 0xffff5ec6, { 0, 1, { LDS(0x80000010, 2, 6) }, .length = 2 } },
	{ "ldrb r6, [r0, #31]", true, 0xffff7fc6, { 0, 1, { LD(0x8000001f, 1, 6) }, .length = 2 } },
	{ "strh r7, [r1, #62]", true, 0xffff87cf, { 0, 1, { ST(0x9000103e, 2, 7) }, .length = 2 } },
	{ "ldr r6, [r0, #124]", true, 0xffff6fc6, { 0, 1, { LD(0x8000007c, 4, 6) }, .length = 2 } },
	{ "str r6, [r1, #4]", true, 0xffff604e, { 0, 1, { ST(0x90001004, 4, 6) }, .length = 2 } },
	{ "ldr r6, [sp, #1020]", true, 0xffff9eff, { 0, 1, { LD(0x400013fc, 4, 6) }, .length = 2 } },
	{ "str r7, [sp, #8]", true, 0xffff9702, { 0, 1, { ST(0x40001008, 4, 7) }, .length = 2 } },
	{ "ldmia r1!, {r2, r3, r6}", true, 0xffffc94c,
	  { 0, 3, { LD(0x90001000, 4, 2), LD(0x90001004, 4, 3), LD(0x90001008, 4, 6) }, true, 1,
	    0x9000100c, 2 } },
	{ "ldmia r2, {r1, r2}", true, 0xffffca06,
	  { 0, 2, { LD(0x00000008, 4, 1), LD(0x0000000c, 4, 2) }, .length = 2 } },
	{ "stmia r0!, {r1, r2}", true, 0xffffc006,
	  { 0, 2, { ST(0x80000000, 4, 1), ST(0x80000004, 4, 2) }, true, 0, 0x80000008, 2 } },
	{ "push {r0, r1, lr}", true, 0xffffb503,
	  { 0, 3, { ST(0x40000ff4, 4, 0), ST(0x40000ff8, 4, 1), ST(0x40000ffc, 4, 14) }, true, 13,
	    0x40000ff4, 2 } },
	{ "pop {r2, r3}", true, 0xffffbc0c,
	  { 0, 2, { LD(0x40001000, 4, 2), LD(0x40001004, 4, 3) }, true, 13, 0x40001008, 2 } },

	/* Thumb-2 32-bit (objdump's "hw1 hw2" is hw2 << 16 | hw1 here) */
	{ "ldr.w r6, [r0, #4095]", true, 0x6ffff8d0, { 0, 1, { LD(0x80000fff, 4, 6) }, .length = 4 } },
	{ "ldrh.w r6, [r0, #4095]", true, 0x6ffff8b0, { 0, 1, { LD(0x80000fff, 2, 6) }, .length = 4 } },
	{ "ldrb.w r6, [r8, #1]", true, 0x6001f898, { 0, 1, { LD(0xa0000001, 1, 6) }, .length = 4 } },
	{ "ldrsh.w r9, [r10, #2]", true, 0x9002f9ba, { 0, 1, { LDS(0xb0000002, 2, 9) }, .length = 4 } },
	{ "ldr r6, [r0, #-255]", true, 0x6cfff850, { 0, 1, { LD(0x7fffff01, 4, 6) }, .length = 4 } },
	{ "ldr r6, [r0, #4]!", true, 0x6f04f850,
	  { 0, 1, { LD(0x80000004, 4, 6) }, true, 0, 0x80000004, 4 } },
	{ "str r6, [r1], #-4", true, 0x6904f841,
	  { 0, 1, { ST(0x90001000, 4, 6) }, true, 1, 0x90000ffc, 4 } },
	{ "strb r11, [r8, #-1]!", true, 0xbd01f808,
	  { 0, 1, { ST(0x9fffffff, 1, 11) }, true, 8, 0x9fffffff, 4 } },
	{ "ldr.w lr, [sp], #4", true, 0xeb04f85d,
	  { 0, 1, { LD(0x40001000, 4, 14) }, true, 13, 0x40001004, 4 } },
	{ "ldrsb.w r6, [r1, r2, lsl #3]", true, 0x6032f911,
	  { 0, 1, { LDS(0x90001040, 1, 6) }, .length = 4 } },
	{ "strh.w r7, [r12, r9, lsl #1]", true, 0x7019f82c,
	  { 0, 1, { ST(0xc0000006, 2, 7) }, .length = 4 } },
	{ "ldrd r6, r7, [r0, #-8]!", true, 0x6702e970,
	  { 0, 2, { LD(0x7ffffff8, 4, 6), LD(0x7ffffffc, 4, 7) }, true, 0, 0x7ffffff8, 4 } },
	{ "strd r2, r3, [r1], #16", true, 0x2304e8e1,
	  { 0, 2, { ST(0x90001000, 4, 2), ST(0x90001004, 4, 3) }, true, 1, 0x90001010, 4 } },
	{ "ldmdb r8!, {r0, r1, r2}", true, 0x0007e938,
	  { 0, 3, { LD(0x9ffffff4, 4, 0), LD(0x9ffffff8, 4, 1), LD(0x9ffffffc, 4, 2) }, true, 8,
	    0x9ffffff4, 4 } },
	{ "stmia.w r10, {r0, r11}", true, 0x0801e88a,
	  { 0, 2, { ST(0xb0000000, 4, 0), ST(0xb0000004, 4, 11) }, .length = 4 } },
	{ "push.w {r4-r11}", true, 0x0ff0e92d,
	  { 0, 8,
	    { ST(0x40000fe0, 4, 4), ST(0x40000fe4, 4, 5), ST(0x40000fe8, 4, 6), ST(0x40000fec, 4, 7),
	      ST(0x40000ff0, 4, 8), ST(0x40000ff4, 4, 9), ST(0x40000ff8, 4, 10), ST(0x40000ffc, 4, 11) },
	    true, 13, 0x40000fe0, 4 } },
	{ "pop.w {r4, r5, r6}", true, 0x0070e8bd,
	  { 0, 3, { LD(0x40001000, 4, 4), LD(0x40001004, 4, 5), LD(0x40001008, 4, 6) }, true, 13,
	    0x4000100c, 4 } },

	/* Refused: ARM */
	{ "ldrex r6, [r0]", false, 0xe1906f9f, { .rc = -EINVAL } },
	{ "strex r2, r6, [r0]", false, 0xe1802f96, { .rc = -EINVAL } },
	{ "swp r6, r7, [r0]", false, 0xe1006097, { .rc = -EINVAL } },
	{ "ldc p14, c5, [r0]", false, 0xed905e00, { .rc = -EINVAL } },
	{ "mrc p15, 0, r0, c1, c0, 0", false, 0xee110f10, { .rc = -EINVAL } },
	{ "add r0, r1, r2", false, 0xe0810002, { .rc = -EINVAL } },
	{ "uadd8 r0, r1, r2", false, 0xe6510f92, { .rc = -EINVAL } },
	{ "pld [r0]", false, 0xf5d0f000, { .rc = -EINVAL } },
	{ "ldrt r6, [r0]", false, 0xe4b06000, { .rc = -EINVAL } },
	{ "ldr pc, [r0]", false, 0xe590f000, { .rc = -EINVAL } },
	{ "ldr r0, [r0], #4 (UNPREDICTABLE)", false, 0xe4900004, { .rc = -EINVAL } },
	{ "ldr r6, [r1, pc] (UNPREDICTABLE)", false, 0xe791600f, { .rc = -EINVAL } },
	{ "strh pc, [r0] (UNPREDICTABLE)", false, 0xe1c0f0b0, { .rc = -EINVAL } },
	{ "ldrd r7, r8, [r0] (odd Rt)", false, 0xe1c070d0, { .rc = -EINVAL } },
	{ "ldrd r6, r7, [r1, r6] (UNPREDICTABLE)", false, 0xe18160d6, { .rc = -EINVAL } },
	{ "ldm r0, {r1, pc}", false, 0xe8908002, { .rc = -EINVAL } },
	{ "ldm r0, {r1, r2}^", false, 0xe8d00006, { .rc = -EINVAL } },
	{ "ldm r0!, {r0, r1} (UNPREDICTABLE)", false, 0xe8b00003, { .rc = -EINVAL } },
	{ "stm r0, {} (UNPREDICTABLE)", false, 0xe8800000, { .rc = -EINVAL } },
	/* Refused: Thumb */
	{ "ldrex r6, [r0]", true, 0x6f00e850, { .rc = -EINVAL } },
	{ "strex r2, r6, [r0]", true, 0x6200e840, { .rc = -EINVAL } },
	{ "tbb [r0, r1]", true, 0xf001e8d0, { .rc = -EINVAL } },
	{ "ldc p14, c5, [r0]", true, 0x5e00ed90, { .rc = -EINVAL } },
	{ "mrc p15, 0, r0, c1, c0, 0", true, 0x0f10ee11, { .rc = -EINVAL } },
	{ "vld1.8 {d0}, [r0]", true, 0x070ff920, { .rc = -EINVAL } },
	{ "adds r0, r1, r2", true, 0xffff1888, { .rc = -EINVAL } },
	{ "add.w r0, r1, r2", true, 0x0002eb01, { .rc = -EINVAL } },
	{ "ldr r6, [pc, #8]", true, 0xffff4e02, { .rc = -EINVAL } },
	{ "ldr.w r6, [pc, #8]", true, 0x6008f8df, { .rc = -EINVAL } },
	{ "ldrd r6, r7, [pc, #8]", true, 0x6702e9df, { .rc = -EINVAL } },
	{ "ldrt r6, [r0, #4]", true, 0x6e04f850, { .rc = -EINVAL } },
	{ "pld [r0]", true, 0xf000f890, { .rc = -EINVAL } },
	{ "ldr.w pc, [r0]", true, 0xf000f8d0, { .rc = -EINVAL } },
	{ "pop {r0, pc}", true, 0xffffbd01, { .rc = -EINVAL } },
};

START_TEST(test_table)
{
	const struct table_case *c = &table[_i];
	struct vcpu_regs regs;
	struct mmio_insn out;
	int rc;

	table_regs(&regs, c->thumb);
	rc = mmio_decode(&regs, c->insn, c->thumb, &out);
	check_result(c->text, c->insn, rc, &out, &c->want);
}
END_TEST

/* --- the sweep: random fields against a reference interpreter ------------ */

static u32 rng_state;

static u32 rnd(void)
{
	/* xorshift32: reproducible, and the same on every host. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static u32 rnd_below(u32 n)
{
	return rnd() % n;
}

static const u32 modes[] = { PSR_MODE_USR, PSR_MODE_FIQ, PSR_MODE_IRQ, PSR_MODE_SVC,
			     PSR_MODE_ABT, PSR_MODE_UND, PSR_MODE_SYS };

static void random_regs(struct vcpu_regs *regs, bool thumb)
{
	u32 *word = (u32 *)regs;

	for (size_t i = 0; i < sizeof(*regs) / sizeof(u32); i++)
		word[i] = rnd_below(4) ? rnd() : rnd_below(64);
	regs->pc = thumb ? regs->pc & ~1u : regs->pc & ~3u;
	regs->cpsr = modes[rnd_below(ARRAY_SIZE(modes))] | (rnd() & 0xf0000000) | (thumb ? CPSR_T : 0);
}

/* The reference's own view of the banks (B1.3.2), rather than virt/regs.c's. */
static u32 ref_reg(const struct vcpu_regs *regs, unsigned int n, bool thumb)
{
	u32 mode = regs->cpsr & 0x1f;

	if (n == 15)
		return regs->pc + (thumb ? 4 : 8);
	if (n >= 8 && n <= 12)
		return mode == PSR_MODE_FIQ ? regs->fiq_r[n - 8] : regs->r[n];
	if (n < 8)
		return regs->r[n];
	switch (mode) {
	case PSR_MODE_FIQ: return n == 13 ? regs->sp_fiq : regs->lr_fiq;
	case PSR_MODE_IRQ: return n == 13 ? regs->sp_irq : regs->lr_irq;
	case PSR_MODE_SVC: return n == 13 ? regs->sp_svc : regs->lr_svc;
	case PSR_MODE_ABT: return n == 13 ? regs->sp_abt : regs->lr_abt;
	case PSR_MODE_UND: return n == 13 ? regs->sp_und : regs->lr_und;
	default: return n == 13 ? regs->sp_usr : regs->lr_usr;
	}
}

static void push(struct want *w, u32 addr, u8 size, bool write, bool sx, u8 reg)
{
	w->acc[w->nr++] = (struct want_access){ addr, size, write, sx, reg };
}

static bool refuse(struct want *w)
{
	w->rc = -EINVAL;
	return true;
}

/*
 * One LDR/STR-class instruction, written the way the ARM ARM's pseudocode
 * reads: offset_addr = Rn +/- offset, address = index ? offset_addr : Rn.
 */
static void ref_single(struct want *w, const struct vcpu_regs *regs, bool thumb, u32 n, u32 t,
		       int t2, u8 size, bool load, bool sx, bool index, bool add, bool wback, u32 offset)
{
	u32 rn = ref_reg(regs, n, thumb);
	u32 offset_addr = add ? rn + offset : rn - offset;
	u32 address = index ? offset_addr : rn;

	push(w, address, size, !load, sx, t);
	if (t2 >= 0)
		push(w, address + 4, 4, !load, false, t2);
	w->wb = wback;
	w->base_reg = n;
	w->base_value = offset_addr;
}

/* LDM/STM: lowest register at the lowest address (A8.8.58 and kin). */
static void ref_block(struct want *w, const struct vcpu_regs *regs, u32 n, u32 list, bool load,
		      bool increment, bool before, bool wback)
{
	u32 count = __builtin_popcount(list), rn = ref_reg(regs, n, false);
	u32 lowest = increment ? rn + (before ? 4 : 0) : rn - 4 * count + (before ? 0 : 4);

	for (u32 i = 0, k = 0; i < 16; i++)
		if (list & (1u << i))
			push(w, lowest + 4 * k++, 4, !load, false, i);
	w->wb = wback;
	w->base_reg = n;
	w->base_value = increment ? rn + 4 * count : rn - 4 * count;
}

static u32 shift_ref(u32 v, u32 type, u32 imm5, bool c)
{
	switch (type) {
	case 0: return v << imm5;
	case 1: return imm5 == 0 ? 0 : v >> imm5;
	case 2: return (u32)((s64)(s32)v >> (imm5 == 0 ? 32 : imm5));
	default:
		if (imm5 == 0)
			return (u32)c << 31 | v >> 1;
		return (u32)(((u64)v << 32 | v) >> imm5);
	}
}

/* A5.3: LDR/STR/LDRB/STRB, immediate or shifted register offset. */
static u32 gen_arm_word_byte(struct want *w, const struct vcpu_regs *regs)
{
	u32 reg_form = rnd_below(2), p = rnd_below(2), u = rnd_below(2), b = rnd_below(2),
	    wb = rnd_below(2), l = rnd_below(2), n = rnd_below(16), t = rnd_below(16);
	u32 imm12 = rnd_below(4096), m = imm12 & 15, type = (imm12 >> 5) & 3, imm5 = imm12 >> 7;
	u32 insn = rnd_below(15) << 28 | (2 + reg_form) << 25 | p << 24 | u << 23 | b << 22 | wb << 21 |
		   l << 20 | n << 16 | t << 12 | (reg_form ? imm12 & ~0x10u : imm12);
	bool wback = !p || wb;
	u32 offset;

	w->length = 4;
	if ((!p && wb) || (wback && (n == 15 || n == t)) || (b && t == 15) || (l && t == 15) ||
	    (reg_form && m == 15))
		return refuse(w), insn;
	offset = reg_form ? shift_ref(ref_reg(regs, m, false), type, imm5, regs->cpsr & CPSR_C) : imm12;
	ref_single(w, regs, false, n, t, -1, b ? 1 : 4, l, false, p, u, wback, offset);
	return insn;
}

/* A5.2.8: LDRH/STRH/LDRSB/LDRSH/LDRD/STRD, immediate or register offset. */
static u32 gen_arm_extra(struct want *w, const struct vcpu_regs *regs)
{
	u32 imm_form = rnd_below(2), p = rnd_below(2), u = rnd_below(2), wb = rnd_below(2),
	    l = rnd_below(2), op2 = 1 + rnd_below(3), n = rnd_below(16), t = rnd_below(16),
	    lo = rnd_below(16), hi = imm_form ? rnd_below(16) : 0;
	u32 insn = rnd_below(15) << 28 | p << 24 | u << 23 | imm_form << 22 | wb << 21 | l << 20 |
		   n << 16 | t << 12 | hi << 8 | 1 << 7 | op2 << 5 | 1 << 4 | lo;
	bool wback = !p || wb, dual = !l && op2 != 1, load = l || op2 == 2;
	u8 size = dual ? 4 : (l && op2 == 2) ? 1 : 2;

	w->length = 4;
	if (!p && wb)
		return refuse(w), insn;
	if (dual ? (t & 1) || t + 1 == 15 : t == 15)
		return refuse(w), insn;
	if (wback && (n == 15 || n == t || (dual && n == t + 1)))
		return refuse(w), insn;
	if (!imm_form && (lo == 15 || (dual && load && (lo == t || lo == t + 1))))
		return refuse(w), insn;
	ref_single(w, regs, false, n, t, dual ? (int)t + 1 : -1, size, load, l && op2 != 1, p, u,
		   wback, imm_form ? hi << 4 | lo : ref_reg(regs, lo, false));
	return insn;
}

static u32 random_list(void)
{
	switch (rnd_below(4)) {
	case 0: return 1u << rnd_below(16);
	case 1: return rnd() & rnd() & 0xffff;
	default: return rnd() & 0xffff;
	}
}

/* A5.5: LDM/STM in all four modes. */
static u32 gen_arm_block(struct want *w, const struct vcpu_regs *regs)
{
	u32 p = rnd_below(2), u = rnd_below(2), s = rnd_below(8) == 0, wb = rnd_below(2),
	    l = rnd_below(2), n = rnd_below(16), list = random_list();
	u32 insn = rnd_below(15) << 28 | 4 << 25 | p << 24 | u << 23 | s << 22 | wb << 21 | l << 20 |
		   n << 16 | list;

	w->length = 4;
	if (s || n == 15 || list == 0 || (l && (list & 0x8000)) || (l && wb && (list & (1u << n))))
		return refuse(w), insn;
	ref_block(w, regs, n, list, l, u, p, wb);
	return insn;
}

/* A6.2.4 16-bit single transfers: register, imm5 (word, byte, halfword) and SP-relative. */
static u32 gen_thumb16_single(struct want *w, const struct vcpu_regs *regs)
{
	static const struct {
		u8 size;
		bool load, sx;
	} reg_ops[8] = { { 4, 0, 0 }, { 2, 0, 0 }, { 1, 0, 0 }, { 1, 1, 1 },
			 { 4, 1, 0 }, { 2, 1, 0 }, { 1, 1, 0 }, { 2, 1, 1 } };
	u32 kind = rnd_below(5), l = rnd_below(2), t = rnd_below(8), n = rnd_below(8),
	    imm5 = rnd_below(32), imm8 = rnd_below(256), op = rnd_below(8), m = rnd_below(8);
	u32 insn = rnd() << 16;

	w->length = 2;
	switch (kind) {
	case 0: /* 0101 opB Rm Rn Rt */
		insn |= 0x5000 | op << 9 | m << 6 | n << 3 | t;
		ref_single(w, regs, true, n, t, -1, reg_ops[op].size, reg_ops[op].load, reg_ops[op].sx,
			   true, true, false, ref_reg(regs, m, true));
		break;
	case 1: /* 0110 L imm5 Rn Rt: words */
		insn |= 0x6000 | l << 11 | imm5 << 6 | n << 3 | t;
		ref_single(w, regs, true, n, t, -1, 4, l, false, true, true, false, imm5 * 4);
		break;
	case 2: /* 0111 L imm5 Rn Rt: bytes */
		insn |= 0x7000 | l << 11 | imm5 << 6 | n << 3 | t;
		ref_single(w, regs, true, n, t, -1, 1, l, false, true, true, false, imm5);
		break;
	case 3: /* 1000 L imm5 Rn Rt: halfwords */
		insn |= 0x8000 | l << 11 | imm5 << 6 | n << 3 | t;
		ref_single(w, regs, true, n, t, -1, 2, l, false, true, true, false, imm5 * 2);
		break;
	default: /* 1001 L Rt imm8: SP-relative words */
		insn |= 0x9000 | l << 11 | t << 8 | imm8;
		ref_single(w, regs, true, 13, t, -1, 4, l, false, true, true, false, imm8 * 4);
		break;
	}
	return insn;
}

/* LDM/STM T1 (1100 L Rn list) and PUSH/POP T1 (1011 L10 M/P list). */
static u32 gen_thumb16_block(struct want *w, const struct vcpu_regs *regs)
{
	u32 l = rnd_below(2), n = rnd_below(8), list8 = random_list() & 0xff, extra = rnd_below(2);
	u32 insn = rnd() << 16;

	w->length = 2;
	if (rnd_below(2)) {
		insn |= 0xc000 | l << 11 | n << 8 | list8;
		if (list8 == 0)
			return refuse(w), insn;
		/* LDM writes back only when the base is not loaded (A8.8.58 T1). */
		ref_block(w, regs, n, list8, l, true, false, !l || !(list8 & (1u << n)));
		return insn;
	}
	insn |= 0xb400 | l << 11 | extra << 8 | list8;
	if (l) {
		if (list8 == 0 && !extra)
			return refuse(w), insn;
		if (extra)
			return refuse(w), insn; /* POP {..., pc} */
		ref_block(w, regs, 13, list8, true, true, false, true);
	} else {
		if (list8 == 0 && !extra)
			return refuse(w), insn;
		ref_block(w, regs, 13, list8 | extra << 14, false, false, true, true);
	}
	return insn;
}

/* A6.3.7-A6.3.10: 1111 100 S Y size L Rn | Rt ..., in its imm12, imm8 and register forms. */
static u32 gen_thumb32_single(struct want *w, const struct vcpu_regs *regs)
{
	static const struct {
		u8 s, size_field;
		bool load;
	} kinds[] = { { 0, 0, 0 }, { 0, 1, 0 }, { 0, 2, 0 }, { 0, 0, 1 },
		      { 0, 1, 1 }, { 0, 2, 1 }, { 1, 0, 1 }, { 1, 1, 1 } };
	u32 k = rnd_below(ARRAY_SIZE(kinds)), form = rnd_below(3), n = rnd_below(16),
	    t = rnd_below(16), p = rnd_below(2), u = rnd_below(2), wb = rnd_below(2),
	    imm12 = rnd_below(4096), imm8 = imm12 & 0xff, m = rnd_below(16), imm2 = rnd_below(4);
	u8 size = 1 << kinds[k].size_field;
	u32 hw1 = 0xf800 | kinds[k].s << 8 | (form == 0) << 7 | kinds[k].size_field << 5 |
		  kinds[k].load << 4 | n;
	u32 hw2 = t << 12;
	bool wback = false, index = true, add = true;
	u32 offset;

	w->length = 4;
	if (form == 0) {
		hw2 |= imm12;
		offset = imm12;
	} else if (form == 1) {
		hw2 |= 1 << 11 | p << 10 | u << 9 | wb << 8 | imm8;
		index = p;
		add = u;
		wback = wb;
		offset = imm8;
	} else {
		hw2 |= imm2 << 4 | m;
		offset = ref_reg(regs, m, true) << imm2;
	}
	if (n == 15 || t == 15 || (t == 13 && size != 4))
		return refuse(w), hw2 << 16 | hw1;
	if (form == 1 && ((p && u && !wb) || (!p && !wb) || (wb && n == t)))
		return refuse(w), hw2 << 16 | hw1;
	if (form == 2 && (m == 13 || m == 15))
		return refuse(w), hw2 << 16 | hw1;
	ref_single(w, regs, true, n, t, -1, size, kinds[k].load, kinds[k].s, index, add, wback, offset);
	return hw2 << 16 | hw1;
}

/* A6.3.6: LDRD/STRD (immediate): 1110 100 P U 1 W L Rn | Rt Rt2 imm8. */
static u32 gen_thumb32_dual(struct want *w, const struct vcpu_regs *regs)
{
	u32 p = rnd_below(2), u = rnd_below(2), wb = rnd_below(2), l = rnd_below(2),
	    n = rnd_below(16), t = rnd_below(16), t2 = rnd_below(16), imm8 = rnd_below(256);
	u32 hw1 = 0xe840 | p << 8 | u << 7 | wb << 5 | l << 4 | n, hw2 = t << 12 | t2 << 8 | imm8;

	w->length = 4;
	if ((!p && !wb) || n == 15 || t == 13 || t == 15 || t2 == 13 || t2 == 15 || (l && t == t2) ||
	    (wb && (n == t || n == t2)))
		return refuse(w), hw2 << 16 | hw1;
	ref_single(w, regs, true, n, t, t2, 4, l, false, p, u, wb, imm8 * 4);
	return hw2 << 16 | hw1;
}

/* A6.3.5: LDM/STM (IA) and LDMDB/STMDB: 1110 100 op 0 W L Rn | list. */
static u32 gen_thumb32_block(struct want *w, const struct vcpu_regs *regs)
{
	u32 db = rnd_below(2), wb = rnd_below(2), l = rnd_below(2), n = rnd_below(16),
	    list = random_list();

	/* SP or PC in the list is refused: keep them out of most, to decode many. */
	if (rnd_below(4))
		list &= ~(1u << 13 | 1u << 15);
	u32 hw1 = 0xe800 | (db ? 2 : 1) << 7 | wb << 5 | l << 4 | n;

	w->length = 4;
	if (n == 15 || (list & 0x2000) || (list & 0x8000) || __builtin_popcount(list) < 2 ||
	    (wb && (list & (1u << n))))
		return refuse(w), list << 16 | hw1;
	ref_block(w, regs, n, list, l, !db, db, wb);
	return list << 16 | hw1;
}

static const struct sweep_form {
	const char *name;
	bool thumb;
	bool has_refusals; /* some field values are refused */
	u32 (*gen)(struct want *w, const struct vcpu_regs *regs);
} sweep_forms[] = {
	{ "ARM LDR/STR{B}", false, true, gen_arm_word_byte },
	{ "ARM LDRH/STRH/LDRSB/LDRSH/LDRD/STRD", false, true, gen_arm_extra },
	{ "ARM LDM/STM", false, true, gen_arm_block },
	{ "Thumb LDR/STR{B,H} 16-bit", true, false, gen_thumb16_single },
	{ "Thumb LDM/STM/PUSH/POP 16-bit", true, true, gen_thumb16_block },
	{ "Thumb-2 LDR/STR{B,H}{S}", true, true, gen_thumb32_single },
	{ "Thumb-2 LDRD/STRD", true, true, gen_thumb32_dual },
	{ "Thumb-2 LDM/STM", true, true, gen_thumb32_block },
};

#define SWEEP_ROUNDS 20000

START_TEST(test_sweep)
{
	const struct sweep_form *f = &sweep_forms[_i];
	unsigned int decoded = 0, refused = 0;

	rng_state = 0x9e3779b9 + _i;
	for (int round = 0; round < SWEEP_ROUNDS; round++) {
		struct vcpu_regs regs;
		struct want want = { 0 };
		struct mmio_insn out;
		u32 insn;
		int rc;

		random_regs(&regs, f->thumb);
		insn = f->gen(&want, &regs);
		rc = mmio_decode(&regs, insn, f->thumb, &out);
		check_result(f->name, insn, rc, &out, &want);
		decoded += rc == 0;
		refused += rc != 0;
	}
	/* Both outcomes were exercised (where the form has both), decoding mostly. */
	ck_assert_uint_gt(decoded, SWEEP_ROUNDS / 3);
	if (f->has_refusals)
		ck_assert_uint_gt(refused, 50);
	else
		ck_assert_uint_eq(refused, 0);
}
END_TEST

/* --- completing an instruction ------------------------------------------- */

/* Decodes insn with the table registers and completes it with values. */
static void decode_and_complete(struct vcpu_regs *regs, u32 insn, bool thumb, const u32 *values)
{
	struct mmio_insn mi;

	ck_assert_int_eq(mmio_decode(regs, insn, thumb, &mi), 0);
	ck_assert_int_eq(mmio_complete(regs, &mi, values), 0);
}

START_TEST(test_complete_extends_by_size)
{
	static const struct {
		u32 insn, value, want;
	} cases[] = {
		{ 0xe5d06001, 0xffffff80, 0x00000080 }, /* ldrb: zero-extended, high bits dropped */
		{ 0xe19160d2, 0x00000080, 0xffffff80 }, /* ldrsb r6, [r1, r2] */
		{ 0xe19160d2, 0x0000017f, 0x0000007f }, /* ldrsb, positive */
		{ 0xe1d060b2, 0x00018001, 0x00008001 }, /* ldrh */
		{ 0xe15060f2, 0x00008001, 0xffff8001 }, /* ldrsh */
		{ 0xe15060f2, 0xffff7fff, 0x00007fff }, /* ldrsh, positive */
		{ 0xe5906000, 0xdeadbeef, 0xdeadbeef }, /* ldr */
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vcpu_regs regs;

		table_regs(&regs, false);
		decode_and_complete(&regs, cases[i].insn, false, &cases[i].value);
		ck_assert_msg(regs.r[6] == cases[i].want, "%#x loading %#x: r6 = %#x, want %#x",
			      cases[i].insn, cases[i].value, regs.r[6], cases[i].want);
		ck_assert_uint_eq(regs.pc, 0x40008004);
	}
}
END_TEST

START_TEST(test_complete_writeback_and_pc)
{
	static const u32 values[5] = { 0x11, 0x22, 0x33 };
	struct vcpu_regs regs;

	/* ARM: ldmib r1!, {r2, r3}: both loads, the base, PC + 4. */
	table_regs(&regs, false);
	decode_and_complete(&regs, 0xe9b1000c, false, values);
	ck_assert_uint_eq(regs.r[2], 0x11);
	ck_assert_uint_eq(regs.r[3], 0x22);
	ck_assert_uint_eq(regs.r[1], 0x90001008);
	ck_assert_uint_eq(regs.pc, 0x40008004);

	/* Stores change no register but the base: str r6, [r1], #-4 (Thumb-2), PC + 4. */
	table_regs(&regs, true);
	decode_and_complete(&regs, 0x6904f841, true, NULL);
	ck_assert_uint_eq(regs.r[1], 0x90000ffc);
	ck_assert_uint_eq(regs.r[6], 0x12345678);
	ck_assert_uint_eq(regs.pc, 0x40008004);

	/* 16-bit Thumb: pop {r2, r3} in SVC mode: SP_svc, not SP_usr, PC + 2. */
	table_regs(&regs, true);
	decode_and_complete(&regs, 0xffffbc0c, true, values);
	ck_assert_uint_eq(regs.r[2], 0x11);
	ck_assert_uint_eq(regs.r[3], 0x22);
	ck_assert_uint_eq(regs.sp_svc, 0x40001008);
	ck_assert_uint_eq(regs.sp_usr, 0xdead0000);
	ck_assert_uint_eq(regs.pc, 0x40008002);

	/* Thumb-2 LDRD with writeback. */
	table_regs(&regs, true);
	decode_and_complete(&regs, 0x6702e970, true, values);
	ck_assert_uint_eq(regs.r[6], 0x11);
	ck_assert_uint_eq(regs.r[7], 0x22);
	ck_assert_uint_eq(regs.r[0], 0x7ffffff8);
}
END_TEST

START_TEST(test_complete_banked_fiq)
{
	static const u32 value = 0xcafe;
	struct vcpu_regs regs;

	/* ldr r6, [r8, #4]! in FIQ mode: the base and its writeback are r8_fiq. */
	table_regs(&regs, false);
	regs.cpsr = PSR_MODE_FIQ;
	regs.fiq_r[0] = 0x70000000;
	decode_and_complete(&regs, 0xe5b86004, false, &value);
	ck_assert_uint_eq(regs.fiq_r[0], 0x70000004);
	ck_assert_uint_eq(regs.r[8], 0xa0000000);
	ck_assert_uint_eq(regs.r[6], 0xcafe);
}
END_TEST

/* ITAdvance (A2.5.2) through ITE NE: IT = 0x14, then 0x08 (EQ), then out of the block. */
START_TEST(test_complete_advances_it)
{
	static const u32 value = 1;
	/* N, C, GE[3:0] and the mode must survive the IT updates. */
	const u32 others = PSR_MODE_SVC | CPSR_T | CPSR_C | 1u << 31 | 0xf << 16;
	struct vcpu_regs regs;

	table_regs(&regs, true);
	regs.cpsr = cpsr_with_it(others, 0x14);
	ck_assert_uint_eq(insn_cond(0x588e, true, regs.cpsr), 0x1);
	decode_and_complete(&regs, 0xffff588e, true, &value);
	ck_assert_uint_eq(regs.cpsr, cpsr_with_it(others, 0x08));
	ck_assert_uint_eq(insn_cond(0x588e, true, regs.cpsr), 0x0);
	decode_and_complete(&regs, 0x6ffff8d0, true, &value);
	ck_assert_uint_eq(regs.cpsr, others);
	ck_assert_uint_eq(insn_cond(0x588e, true, regs.cpsr), 0xe);
	ck_assert_uint_eq(regs.pc, 0x40008006);

	/* ARM state: the IT bits are not touched (they are zero there anyway). */
	table_regs(&regs, false);
	decode_and_complete(&regs, 0xe5906000, false, &value);
	ck_assert_uint_eq(regs.cpsr, PSR_MODE_SVC | CPSR_C);
}
END_TEST

START_TEST(test_complete_refuses_malformed)
{
	static const u32 value = 5;
	struct vcpu_regs regs, before;
	struct mmio_insn mi = { .nr_accesses = 1, .length = 4 };

	table_regs(&regs, false);
	before = regs;
	mi.access[0] = (struct mmio_access){ .addr = 0, .size = 4, .reg = 15 };
	ck_assert_int_eq(mmio_complete(&regs, &mi, &value), -EINVAL);
	mi.access[0] = (struct mmio_access){ .addr = 0, .size = 3, .reg = 1 };
	ck_assert_int_eq(mmio_complete(&regs, &mi, &value), -EINVAL);
	mi.access[0].size = 4;
	mi.length = 3;
	ck_assert_int_eq(mmio_complete(&regs, &mi, &value), -EINVAL);
	mi.length = 4;
	ck_assert_int_eq(mmio_complete(&regs, &mi, NULL), -EINVAL);
	ck_assert(memcmp(&regs, &before, sizeof(regs)) == 0);
}
END_TEST

START_TEST(test_store_value)
{
	struct vcpu_regs regs;
	struct mmio_access a = { .size = 1, .write = true, .reg = 6 };

	table_regs(&regs, false);
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x78);
	a.size = 2;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x5678);
	a.size = 4;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x12345678);
	/* PCStoreValue(): the instruction's address + 8. */
	a.reg = 15;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x40008008);
	/* Banked: LR in SVC mode, SP and r8 in FIQ mode. */
	a.reg = 14;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x40002000);
	regs.cpsr = PSR_MODE_FIQ;
	regs.sp_fiq = 0x5f5f5f5f;
	regs.fiq_r[0] = 0x88888888;
	a.reg = 13;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x5f5f5f5f);
	a.reg = 8;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0x88888888);
	regs.cpsr = PSR_MODE_USR;
	a.reg = 13;
	ck_assert_uint_eq(mmio_store_value(&regs, &a), 0xdead0000);
}
END_TEST

/* --- the syndrome path ---------------------------------------------------- */

START_TEST(test_syndrome_every_combination)
{
	const u32 fault = 0x09000018;
	struct mmio_insn mi;

	for (u32 sas = 0; sas < 4; sas++)
		for (u32 sse = 0; sse < 2; sse++)
			for (u32 srt = 0; srt < 16; srt++)
				for (u32 wnr = 0; wnr < 2; wnr++)
					for (u32 il = 0; il < 2; il++) {
						/* EC 0x24, IL bit 25, ISV 24, SAS 23:22, SSE 21, SRT 19:16, WnR 6. */
						u32 hsr = 0x24u << 26 | il << 25 | 1u << 24 | sas << 22 |
							  sse << 21 | srt << 16 | wnr << 6;
						int rc = mmio_from_syndrome(hsr, fault, &mi);

						if (sas == 3 || (!wnr && srt == 15)) {
							ck_assert_msg(rc == -EINVAL && mi.why,
								      "hsr %#x: rc %d", hsr, rc);
							continue;
						}
						ck_assert_msg(rc == 0, "hsr %#x: rc %d (%s)", hsr, rc, mi.why);
						ck_assert_uint_eq(mi.nr_accesses, 1);
						ck_assert_uint_eq(mi.access[0].addr, fault);
						ck_assert_uint_eq(mi.access[0].size, 1u << sas);
						ck_assert_int_eq(mi.access[0].sign_extend, sse);
						ck_assert_uint_eq(mi.access[0].reg, srt);
						ck_assert_int_eq(mi.access[0].write, wnr);
						ck_assert_uint_eq(mi.length, il ? 4 : 2);
						ck_assert(!mi.writeback);
					}
	ck_assert_int_eq(mmio_from_syndrome(0x24u << 26 | 1u << 25 | 2 << 22, fault, &mi), -EINVAL);
	ck_assert(mi.why != NULL);
}
END_TEST

START_TEST(test_syndrome_then_complete)
{
	struct vcpu_regs regs;
	struct mmio_insn mi;
	const u32 value = 0x000080f0;

	/* A 16-bit LDRSH r3 via the syndrome: sign-extended, PC + 2. */
	table_regs(&regs, true);
	ck_assert_int_eq(mmio_from_syndrome(0x24u << 26 | 1u << 24 | 1 << 22 | 1 << 21 | 3 << 16,
					    0x09000000, &mi), 0);
	ck_assert_int_eq(mmio_complete(&regs, &mi, &value), 0);
	ck_assert_uint_eq(regs.r[3], 0xffff80f0);
	ck_assert_uint_eq(regs.pc, 0x40008002);
}
END_TEST

/* --- condition codes ------------------------------------------------------- */

START_TEST(test_cond_passed)
{
	for (u32 flags = 0; flags < 16; flags++) {
		bool n = flags & 8, z = flags & 4, c = flags & 2, v = flags & 1;
		const bool want[16] = {
			z, !z, c, !c, n, !n, v, !v, c && !z, !c || z, n == v, n != v,
			!z && n == v, z || n != v, true, true,
		};

		for (u32 cond = 0; cond < 16; cond++)
			ck_assert_msg(cond_passed(flags << 28 | PSR_MODE_SVC, cond) == want[cond],
				      "cond %#x with NZCV %#x", cond, flags);
	}
}
END_TEST

START_TEST(test_insn_cond)
{
	ck_assert_uint_eq(insn_cond(0x15906000, false, 0), 0x1);
	ck_assert_uint_eq(insn_cond(0xe5906000, false, cpsr_with_it(0, 0x14)), 0xe);
	/* Thumb outside an IT block: always. */
	ck_assert_uint_eq(insn_cond(0x588e, true, CPSR_T), 0xe);
	/* IT GT (0b1100) with one instruction: IT = 0xc8. */
	ck_assert_uint_eq(insn_cond(0x588e, true, cpsr_with_it(CPSR_T, 0xc8)), 0xc);
	/* ITTE LE: IT = 1101:1010, set bits in both halves of the split field. */
	ck_assert_uint_eq(insn_cond(0x588e, true, cpsr_with_it(CPSR_T, 0xda)), 0xd);
}
END_TEST

static Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_table, 0, ARRAY_SIZE(table));
	tcase_add_loop_test(tc, test_sweep, 0, ARRAY_SIZE(sweep_forms));
	tcase_add_test(tc, test_complete_extends_by_size);
	tcase_add_test(tc, test_complete_writeback_and_pc);
	tcase_add_test(tc, test_complete_banked_fiq);
	tcase_add_test(tc, test_complete_advances_it);
	tcase_add_test(tc, test_complete_refuses_malformed);
	tcase_add_test(tc, test_store_value);
	tcase_add_test(tc, test_syndrome_every_combination);
	tcase_add_test(tc, test_syndrome_then_complete);
	tcase_add_test(tc, test_cond_passed);
	tcase_add_test(tc, test_insn_cond);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(decode_suite());
}
