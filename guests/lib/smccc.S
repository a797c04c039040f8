/*
 * SMCCC calls: void smccc(struct smccc_regs *r) / smccc_smc(r).
 * r->r[0..7] go in r0-r7, the call, r0-r7 come back into r->r[0..7].
 * Everything else is the caller's: r4-r7 are saved here, r8-r11 are not
 * touched (the callee must preserve them), ip is used after the call.
 */
	.syntax unified
	.arm
	.arch_extension virt
	.arch_extension sec
	.text

	.global smccc
	.type smccc, %function
smccc:
	push	{r0, r4-r7, lr}
	ldm	r0, {r0-r7}
	hvc	#0
	ldr	ip, [sp]
	stm	ip, {r0-r7}
	pop	{r0, r4-r7, pc}
	.size smccc, . - smccc

	.global smccc_smc
	.type smccc_smc, %function
smccc_smc:
	push	{r0, r4-r7, lr}
	ldm	r0, {r0-r7}
	.global smccc_smc_insn
smccc_smc_insn:
	smc	#0
	ldr	ip, [sp]
	stm	ip, {r0-r7}
	pop	{r0, r4-r7, pc}
	.size smccc_smc, . - smccc_smc
