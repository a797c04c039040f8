/*
 * void hvc_probe_raw(struct hvc_probe *p): one HVC with every register the
 * caller can see set to a known value, and all of them recorded after it.
 *
 * In: p->in[0..7] -> r0-r7; p->want[8..12] -> r8-r12, want[13] -> SP (an
 * address in probe_stack, so that the registers can be pushed there after
 * the call), want[14] -> LR, want[15] -> NZCVQ and GE flags.
 * Out: p->out[0..12] = r0-r12, out[13] = SP, out[14] = LR, out[15] = CPSR,
 * all as they were right after the HVC.
 */
	.syntax unified
	.arm
	.arch_extension virt
	.text

#define P_IMM1 36
#define P_OUT 40
#define P_WANT 104

	.macro PROBE imm
	add	r1, r0, #(P_WANT + 32)
	ldm	r1, {r8-r12}
	ldr	sp, [r0, #(P_WANT + 52)]
	ldr	lr, [r0, #(P_WANT + 56)]
	ldr	r2, [r0, #(P_WANT + 60)]
	msr	cpsr_fs, r2
	ldm	r0, {r0-r7}
	hvc	#\imm
	push	{r0-r12, lr}			@ onto the pattern stack
	mrs	r0, cpsr
	ldr	r1, =probe_saved
	str	r0, [r1, #8]			@ CPSR after
	add	r2, sp, #56
	str	r2, [r1, #12]			@ SP after
	str	sp, [r1, #16]			@ where r0-r12, lr are
	ldr	sp, [r1, #4]
	b	probe_done
	.endm

	.global hvc_probe_raw
	.type hvc_probe_raw, %function
hvc_probe_raw:
	push	{r4-r11, lr}
	ldr	r1, =probe_saved
	str	r0, [r1]
	str	sp, [r1, #4]
	ldr	r2, [r0, #P_IMM1]
	cmp	r2, #0
	bne	1f
	PROBE	0
1:	PROBE	1

probe_done:
	ldr	r1, =probe_saved
	ldr	r0, [r1]			@ p
	ldr	r2, [r1, #16]
	add	r3, r0, #P_OUT
	ldm	r2!, {r4-r11}			@ r0-r7
	stm	r3!, {r4-r11}
	ldm	r2!, {r4-r9}			@ r8-r12, lr
	stm	r3!, {r4-r8}
	ldr	r4, [r1, #12]
	str	r4, [r3], #4			@ SP
	str	r9, [r3], #4			@ LR
	ldr	r4, [r1, #8]
	str	r4, [r3]			@ CPSR
	pop	{r4-r11, pc}
	.size hvc_probe_raw, . - hvc_probe_raw
	.ltorg

	.bss
	.align 3
probe_saved:
	.space 20
	.global probe_stack
probe_stack:
	.space 2048
