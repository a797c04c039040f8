/*
 * Where PSCI CPU_ON starts a secondary vCPU (lib/smp.c): r0 = its number.
 * A stack for each mode of its own, the vectors, then smp_secondary_c().
 */
	.syntax unified
	.arm
	.text

#define SMP_STACK_SIZE 8192	/* per vCPU: SVC 4 KiB, then IRQ, ABT, UND 1 KiB each */

	.global smp_secondary_entry
smp_secondary_entry:
	cpsid	aif
	ldr	r1, =smp_stacks
	add	r1, r1, r0, lsl #13	@ r0 * SMP_STACK_SIZE
	add	r2, r1, #1024
	cps	#0x1b			@ UND
	mov	sp, r2
	add	r2, r2, #1024
	cps	#0x17			@ ABT
	mov	sp, r2
	add	r2, r2, #1024
	cps	#0x12			@ IRQ
	mov	sp, r2
	add	r2, r1, #SMP_STACK_SIZE
	cps	#0x13			@ SVC
	mov	sp, r2
	ldr	r1, =vectors
	mcr	p15, 0, r1, c12, c0, 0	@ VBAR
	isb
	bl	smp_secondary_c
1:	wfi
	b	1b
	.ltorg

	.bss
	.balign	8
	.global smp_stacks
smp_stacks:
	.space	SMP_STACK_SIZE * 8
