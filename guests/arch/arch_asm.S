/*
 * Trapped instructions whose architectural result hyp7 must reproduce,
 * each at a known address, for arch.c.
 */
	.syntax unified
	.arm
	.text

/*
 * u32 mrc_actlr_to_flags(void), u32 mrc_dbgdscr_to_flags(void): the
 * flags set (NZCV = 1111), then an MRC to APSR_nzcv of a register hyp7
 * emulates; returns the CPSR after it (A8.8.108: N, Z, C, V = value[31:28]).
 */
	.global mrc_actlr_to_flags
mrc_actlr_to_flags:
	msr	APSR_nzcvq, #0xf0000000
	mrc	p15, 0, APSR_nzcv, c1, c0, 1	@ ACTLR (HCR.TAC)
	mrs	r0, APSR
	bx	lr

	.global mrc_dbgdscr_to_flags
mrc_dbgdscr_to_flags:
	msr	APSR_nzcvq, #0xf0000000
	mrc	p14, 0, APSR_nzcv, c0, c1, 0	@ DBGDSCRint (HDCR.TDA)
	mrs	r0, APSR
	bx	lr

/*
 * void undef_arm(void), void undef_thumb(void): a CP15 access hyp7 traps
 * (HSTR.T15: CBAR) and answers with an undefined-instruction exception,
 * at undef_arm_insn / undef_thumb_insn (a 32-bit Thumb encoding).
 */
	.global undef_arm, undef_arm_insn
undef_arm:
undef_arm_insn:
	mrc	p15, 4, r0, c15, c0, 0		@ CBAR
	bx	lr

	.thumb
	.global undef_thumb, undef_thumb_insn
	.type undef_thumb, %function
	.thumb_func
undef_thumb:
undef_thumb_insn:
	mrc	p15, 4, r0, c15, c0, 0		@ CBAR, 32-bit Thumb
	bx	lr
