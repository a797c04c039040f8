/*
 * The hyp stub: what HYP runs between boot and hyp7's own HYP init, and
 * again after a teardown. MMU off, running at its physical address.
 *
 *   hvc #0, r0 = HVC_STUB_GET_VECTORS  -> r0 = HVBAR
 *   hvc #0, r0 = HVC_STUB_SET_VECTORS, r1 = vectors (PA) -> HVBAR = r1, r0 = 0
 *   anything else                      -> r0 = SMCCC_RET_NOT_SUPPORTED
 * Clobbers r0 only.
 */
#include <arch/hyp_abi.h>
#include <hyp7/smccc.h>

	.section .hyp.stub.text, "ax"
	.arm
	.align	5
	.global __hyp_stub_vectors
__hyp_stub_vectors:
	.rept	5
	b	.			@ nothing but the host's HVC can reach the stub
	.endr
	b	hyp_stub_trap		@ 0x14: HVC from the host
	b	.
	b	.

hyp_stub_trap:
	cmp	r0, #HVC_STUB_GET_VECTORS
	mrceq	p15, 4, r0, c12, c0, 0	@ HVBAR
	beq	1f
	cmp	r0, #HVC_STUB_SET_VECTORS
	mcreq	p15, 4, r1, c12, c0, 0	@ HVBAR
	moveq	r0, #SMCCC_RET_SUCCESS
	mvnne	r0, #0			@ SMCCC_RET_NOT_SUPPORTED
1:	eret
