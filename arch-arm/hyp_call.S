/* The host's ways into HYP and into firmware. */

	.text
	.arm

/* u32 __kvm_call_hyp(hypfn, a, b, c): the HYP ABI in hyp/entry.S. */
	.global __kvm_call_hyp
__kvm_call_hyp:
	hvc	#0
	bx	lr

/*
 * void smccc_hvc(struct smccc_regs *regs), smccc_smc(...)
 * Loads r0-r7 from regs, makes the call, stores r0-r7 back.
 * Preserves r4-r11 for the caller, as the AAPCS requires.
 */
.macro SMCCC_CALL name, insn
	.global \name
\name:
	push	{r4-r8, lr}
	mov	r8, r0
	ldm	r8, {r0-r7}
	\insn	#0
	stm	r8, {r0-r7}
	pop	{r4-r8, pc}
.endm

	SMCCC_CALL smccc_hvc, hvc
	SMCCC_CALL smccc_smc, smc
