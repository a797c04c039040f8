/*
 * Instructions a guest may try that must end in its own undefined-
 * instruction handler, each at a known address:
 *   void hyp_regs_test(void)  PL1 accesses to HYP-only CP15 registers
 *   void usr_test(void)       from USR mode: HVC, SMC, MRC SCTLR; then SVC
 *                             back (the SVC hook resumes at usr_back in SVC)
 */
	.syntax unified
	.arm
	.arch_extension virt
	.arch_extension sec
	.text

	.global hyp_regs_test, und_hvbar, und_hcr, und_httbr, und_vttbr, und_hsctlr_w, und_udf
	.type hyp_regs_test, %function
hyp_regs_test:
	push	{r4, lr}
und_hvbar:
	mrc	p15, 4, r0, c12, c0, 0		@ HVBAR
und_hcr:
	mrc	p15, 4, r0, c1, c1, 0		@ HCR
und_httbr:
	mrrc	p15, 4, r0, r1, c2		@ HTTBR
und_vttbr:
	mrrc	p15, 6, r0, r1, c2		@ VTTBR
	mov	r0, #0
und_hsctlr_w:
	mcr	p15, 4, r0, c1, c0, 0		@ HSCTLR write
und_udf:
	udf	#0x42
	pop	{r4, pc}
	.size hyp_regs_test, . - hyp_regs_test

	.global usr_test, usr_hvc, usr_smc, usr_mrc, usr_svc, usr_back
	.type usr_test, %function
usr_test:
	push	{r4-r11, lr}
	cps	#0x10				@ USR (SP = the USR stack)
	ldr	r0, =0x84000000			@ PSCI_VERSION
usr_hvc:
	hvc	#0				@ UNDEFINED at PL0
usr_smc:
	smc	#0				@ UNDEFINED at PL0
usr_mrc:
	mrc	p15, 0, r0, c1, c0, 0		@ SCTLR: PL1 only
usr_svc:
	svc	#0				@ back to SVC: on_svc resumes at usr_back
	b	.
usr_back:
	pop	{r4-r11, pc}
	.size usr_test, . - usr_test
	.ltorg
