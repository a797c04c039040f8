/*
 * u32 run_in_usr(u32 (*fn)(u32), u32 arg): fn(arg) in USR mode, on the USR
 * stack, and its result. fn returns into an SVC that exc_dispatch() turns
 * back into a return from run_in_usr in SVC mode (lib/runtime.c); any
 * other exception fn takes goes to the guest's hooks as usual.
 */
	.syntax unified
	.arm
	.text

	.global run_in_usr, usr_call_back
	.type run_in_usr, %function
run_in_usr:
	push	{r4-r11, lr}
	ldr	r2, =usr_call_active
	mov	r3, #1
	str	r3, [r2]
	mov	r4, r0
	mov	r0, r1
	cps	#0x10				@ USR
	blx	r4
	svc	#0				@ back: r0 = the result
	b	.
usr_call_back:
	ldr	r2, =usr_call_active
	mov	r3, #0
	str	r3, [r2]
	pop	{r4-r11, pc}
	.size run_in_usr, . - run_in_usr
	.ltorg
