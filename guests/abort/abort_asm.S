/*
 * Single faulting instructions at known addresses, so that the abort
 * handler can check the reported PC exactly.
 *   u32 probe_ldr(u32 addr)          ARM LDR; returns PROBE_MARKER if skipped
 *   void probe_str(u32 addr, u32 v)  ARM STR
 *   u32 probe_ldr_thumb(u32 addr)    Thumb 16-bit LDR; PROBE_MARKER if skipped
 *   void probe_exec(u32 addr)        BLX to addr (the prefetch abort handler
 *                                    resumes at LR, i.e. returns from here)
 */
	.syntax unified
	.text
	.arm

	.global probe_ldr, probe_ldr_insn
	.type probe_ldr, %function
probe_ldr:
	mov	r1, r0
	ldr	r0, =0xa5a5a5a5
probe_ldr_insn:
	ldr	r0, [r1]
	bx	lr
	.size probe_ldr, . - probe_ldr

	.global probe_str, probe_str_insn
	.type probe_str, %function
probe_str:
probe_str_insn:
	str	r1, [r0]
	bx	lr
	.size probe_str, . - probe_str

	.global probe_exec, probe_exec_ret
	.type probe_exec, %function
probe_exec:
	push	{r4, lr}
	blx	r0
probe_exec_ret:
	pop	{r4, pc}
	.size probe_exec, . - probe_exec
	.ltorg

	.thumb
	.global probe_ldr_thumb, probe_ldr_thumb_insn
	.type probe_ldr_thumb, %function
	.thumb_func
probe_ldr_thumb:
	mov	r1, r0
	ldr	r0, =0xa5a5a5a5
probe_ldr_thumb_insn:
	ldr	r0, [r1]			@ 16-bit encoding
	bx	lr
	.size probe_ldr_thumb, . - probe_ldr_thumb
	.ltorg
