/*
 * void regs_exit(u32 kind): load every banked register from regs_want,
 * read them all back into regs_before, cause one exit of the given kind,
 * read them all into regs_after, and put the caller's registers back
 * (saved in regs_orig). Interrupts stay masked throughout.
 *
 * Layout of the four 32-word arrays (see regs.c):
 *   0 svc sp, 1 svc lr, 2 spsr_svc, 3-5 abt, 6-8 und, 9-11 irq, 12-14 fiq,
 *   15-19 fiq r8-r12, 20 usr sp, 21 usr lr, 22-30 r4-r12, 31 cpsr
 * Registers used as scratch: r0 (array), r1; r2 holds the exit code's address.
 */
	.syntax unified
	.arm
	.arch_extension virt
	.arch_extension mp
	.text

	.macro SAVE_ALL			@ r0 = array
	cps	#0x17
	str	sp, [r0, #12]
	str	lr, [r0, #16]
	mrs	r1, spsr
	str	r1, [r0, #20]
	cps	#0x1b
	str	sp, [r0, #24]
	str	lr, [r0, #28]
	mrs	r1, spsr
	str	r1, [r0, #32]
	cps	#0x12
	str	sp, [r0, #36]
	str	lr, [r0, #40]
	mrs	r1, spsr
	str	r1, [r0, #44]
	cps	#0x11
	str	sp, [r0, #48]
	str	lr, [r0, #52]
	mrs	r1, spsr
	str	r1, [r0, #56]
	add	r1, r0, #60
	stm	r1, {r8-r12}
	cps	#0x1f
	str	sp, [r0, #80]
	str	lr, [r0, #84]
	cps	#0x13
	str	sp, [r0, #0]
	str	lr, [r0, #4]
	mrs	r1, spsr
	str	r1, [r0, #8]
	add	r1, r0, #88
	stm	r1, {r4-r12}
	mrs	r1, cpsr
	str	r1, [r0, #124]
	.endm

	.macro LOAD_ALL			@ r0 = array
	cps	#0x17
	ldr	sp, [r0, #12]
	ldr	lr, [r0, #16]
	ldr	r1, [r0, #20]
	msr	spsr_fsxc, r1
	cps	#0x1b
	ldr	sp, [r0, #24]
	ldr	lr, [r0, #28]
	ldr	r1, [r0, #32]
	msr	spsr_fsxc, r1
	cps	#0x12
	ldr	sp, [r0, #36]
	ldr	lr, [r0, #40]
	ldr	r1, [r0, #44]
	msr	spsr_fsxc, r1
	cps	#0x11
	ldr	sp, [r0, #48]
	ldr	lr, [r0, #52]
	ldr	r1, [r0, #56]
	msr	spsr_fsxc, r1
	add	r1, r0, #60
	ldm	r1, {r8-r12}
	cps	#0x1f
	ldr	sp, [r0, #80]
	ldr	lr, [r0, #84]
	cps	#0x13
	ldr	sp, [r0, #0]
	ldr	lr, [r0, #4]
	ldr	r1, [r0, #8]
	msr	spsr_fsxc, r1
	add	r1, r0, #88
	ldm	r1, {r4-r12}
	ldr	r1, [r0, #124]
	msr	cpsr_fs, r1
	.endm

	.global regs_exit
	.type regs_exit, %function
regs_exit:
	push	{r4-r11, lr}
	adr	r2, exit_table			@ chosen before the flags are set
	and	r0, r0, #7
	ldr	r2, [r2, r0, lsl #2]
	ldr	r0, =regs_orig
	SAVE_ALL
	ldr	r0, =regs_want
	LOAD_ALL
	ldr	r0, =regs_before
	SAVE_ALL
	bx	r2

0:	ldr	r0, =0x8600ff00			@ HVC, unknown function ID
	hvc	#0
	b	9f
1:	ldr	r1, =0x09000018			@ MMIO read: UART FR
	ldr	r0, [r1]
	b	9f
2:	ldr	r1, =0x08000004			@ MMIO read: GICD_TYPER
	ldr	r0, [r1]
	b	9f
3:	sev					@ WFE (trapped with HCR.TWE)
	wfe
	b	9f
4:	mrc	p15, 0, r0, c1, c0, 1		@ ACTLR read (trapped with HCR.TAC)
	b	9f
5:	mov	r0, #0				@ DCCSW L1 set 0 way 0 (HCR.TSW)
	mcr	p15, 0, r0, c7, c10, 2
	b	9f
6:	ldr	r1, =0x09000038			@ MMIO read + write back: UART IMSC
	ldr	r0, [r1]
	str	r0, [r1]
9:
	ldr	r0, =regs_after
	SAVE_ALL
	ldr	r0, =regs_orig
	LOAD_ALL
	pop	{r4-r11, pc}
	.size regs_exit, . - regs_exit

exit_table:
	.word	0b, 1b, 2b, 3b, 4b, 5b, 6b, 9b
	.ltorg
