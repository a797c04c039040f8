/*
 * The host's exception vectors. The host takes no interrupts yet and
 * expects no exception at all: each one ends in host_exception(), which
 * prints what happened and powers off.
 */
#include <arch/psr.h>
#include <arch/traps.h>

	.text
	.arm
	.align	5
	.global host_vectors
host_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_reset		@ unused slot
	b	vec_irq
	b	vec_fiq

/* In the exception's mode: r0 = kind, r1 = return address, r2 = SPSR; back to SVC's stack. */
.macro HOST_VECTOR name, kind
\name:
	mov	r0, #\kind
	mov	r1, lr
	mrs	r2, spsr
	cps	#PSR_MODE_SVC
	b	host_exception
.endm

	HOST_VECTOR vec_reset, HOST_EXC_RESET
	HOST_VECTOR vec_undef, HOST_EXC_UNDEF
	HOST_VECTOR vec_svc, HOST_EXC_SVC
	HOST_VECTOR vec_pabt, HOST_EXC_PABT
	HOST_VECTOR vec_dabt, HOST_EXC_DABT
	HOST_VECTOR vec_irq, HOST_EXC_IRQ
	HOST_VECTOR vec_fiq, HOST_EXC_FIQ
