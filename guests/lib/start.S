/*
 * Guest entry (Linux boot protocol: r0 = 0, r1 = ~0, r2 = DTB, SVC, A/I/F
 * masked, MMU off) and exception vectors.
 */
	.syntax unified
	.arm

#define FRAME_SIZE 72	/* struct exc_frame: r0-r12, sp, lr, pc, cpsr, pad */
#define F_SP 52
#define F_LR 56
#define F_PC 60
#define F_CPSR 64

	.section .text.entry, "ax"
	.global _start
_start:
	/* Record the entry state before touching anything. */
	ldr	r4, =boot_info
	mrs	r5, cpsr
	mrc	p15, 0, r6, c1, c0, 0		@ SCTLR
	stmia	r4, {r0, r1, r2, r5, r6}
	cpsid	aif

	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b

	cps	#0x17				@ ABT
	ldr	sp, =stack_abt_top
	cps	#0x1b				@ UND
	ldr	sp, =stack_und_top
	cps	#0x12				@ IRQ
	ldr	sp, =stack_irq_top
	cps	#0x11				@ FIQ
	ldr	sp, =stack_fiq_top
	cps	#0x1f				@ SYS (= USR registers)
	ldr	sp, =stack_usr_top
	cps	#0x13				@ SVC
	ldr	sp, =stack_svc_top

	ldr	r0, =vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	isb

	bl	guest_main
	mov	r0, #1
	bl	guest_exit
2:	wfi
	b	2b
	.ltorg

/*
 * Two identical vector tables (the regs guest switches VBAR between them).
 * Each entry saves r0-r12 on the mode's stack and goes to exc_common with
 * the kind in r0.
 */
	.text
	.macro VEC_ENTRY name, kind
\name:
	sub	sp, sp, #FRAME_SIZE
	stmia	sp, {r0-r12}
	mov	r0, #\kind
	b	exc_common
	.endm

	.macro VEC_TABLE name
	.align 5
	.global \name
\name:
	b	\name\()_reset
	b	\name\()_und
	b	\name\()_svc
	b	\name\()_pabt
	b	\name\()_dabt
	b	\name\()_hyp
	b	\name\()_irq
	b	\name\()_fiq
	VEC_ENTRY \name\()_reset, 0
	VEC_ENTRY \name\()_und, 1
	VEC_ENTRY \name\()_svc, 2
	VEC_ENTRY \name\()_pabt, 3
	VEC_ENTRY \name\()_dabt, 4
	VEC_ENTRY \name\()_hyp, 5
	VEC_ENTRY \name\()_irq, 6
	VEC_ENTRY \name\()_fiq, 7
	.endm

	VEC_TABLE vectors
	VEC_TABLE vectors_alt

/*
 * r0 = kind, lr = this mode's raw LR, r0-r12 saved at sp. Completes the
 * frame with the interrupted mode's SP and LR (a mode switch: USR is read
 * as SYS), calls exc_dispatch(kind, frame), writes SP/LR/SPSR back and
 * returns to frame->pc.
 */
exc_common:
	str	lr, [sp, #F_PC]
	mrs	r1, spsr
	str	r1, [sp, #F_CPSR]
	and	r2, r1, #0x1f
	cmp	r2, #0x10
	moveq	r2, #0x1f
	mrs	r3, cpsr
	and	r4, r3, #0x1f
	cmp	r2, r4
	beq	1f
	bic	r5, r3, #0x1f
	orr	r5, r5, r2
	msr	cpsr_c, r5
	mov	r6, sp
	mov	r7, lr
	msr	cpsr_c, r3
	b	2f
1:	add	r6, sp, #FRAME_SIZE		@ same mode: our own SP before the frame
	mov	r7, lr
2:	str	r6, [sp, #F_SP]
	str	r7, [sp, #F_LR]
	mov	r1, sp
	bl	exc_dispatch

	ldr	r1, [sp, #F_CPSR]
	msr	spsr_fsxc, r1
	and	r2, r1, #0x1f
	cmp	r2, #0x10
	moveq	r2, #0x1f
	mrs	r3, cpsr
	and	r4, r3, #0x1f
	cmp	r2, r4
	beq	3f
	ldr	r6, [sp, #F_SP]
	ldr	r7, [sp, #F_LR]
	bic	r5, r3, #0x1f
	orr	r5, r5, r2
	msr	cpsr_c, r5
	mov	sp, r6
	mov	lr, r7
	msr	cpsr_c, r3
3:	ldr	lr, [sp, #F_PC]
	ldmia	sp, {r0-r12}
	add	sp, sp, #FRAME_SIZE
	movs	pc, lr

	.data
	.align 2
	.global boot_info
boot_info:
	.space 20

	.bss
	.align 4
	.macro STACK name, size
	.space \size
	.global \name
\name:
	.endm
	STACK stack_svc_top, 16384
	STACK stack_abt_top, 8192
	STACK stack_und_top, 4096
	STACK stack_irq_top, 4096
	STACK stack_fiq_top, 2048
	STACK stack_usr_top, 4096
