/* Where PSCI CPU_ON starts vCPU 1: a stack of its own, then C. */
	.text
	.arm
	.global secondary_entry
secondary_entry:
	ldr	sp, =secondary_stack_top
	bl	secondary_main
1:	b	1b

	.bss
	.balign	8
	.space	4096
secondary_stack_top:
