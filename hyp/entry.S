/*
 * The runtime HYP vectors, installed by HYP init (hyp/init.S).
 *
 * The HYP ABI
 * -----------
 * From the host (VTTBR.VMID == 0), `hvc #0`:
 *   r0 = HYP VA of a function in .hyp.text, r1-r3 = its arguments.
 *     The function runs in HYP with them in r0-r2; its result comes back in
 *     r0. It follows the AAPCS, so r0-r3 and r12 are clobbered, as by any
 *     call; HYP preserves the (unbanked) LR it shares with USR mode.
 *     Any r0 outside .hyp.text is refused with r0 = -1 and nothing runs.
 *   r0 = HYP7_SMCCC_HYP_TEARDOWN, r1 = boot PGD (PA), r2 = stub vectors
 *     (PA), r3 = the init page (PA): back to the hyp stub, HYP MMU off, so
 *     that the CPU can go offline and be initialised again (hyp/init.S).
 * Before HYP init the hyp stub answers (hyp/stub.S), and the init call
 * itself is described in hyp/init.S.
 *
 * From a guest (VTTBR.VMID != 0): an HVC is never a host call, whatever r0
 * holds. Every trap, IRQ and FIQ ends the guest's run (hyp/switch.S).
 *
 * Any exception taken in HYP itself, or a trap HYP does not expect, ends
 * in hyp_panic(), which prints the HYP address and HSR and stops the CPU.
 */
#include <arch/hyp_panic.h>
#include <arch/kvm_exit.h>
#include <arch/memory.h>
#include <arch/hsr.h>
#include <arch/sysregs.h>
#include <generated/asm-offsets.h>
#include <hyp7/hyp_pgd.h>
#include <hyp7/smccc.h>

	.section .hyp.text, "ax"
	.arm
	.align	5
	.global __hyp_vector
__hyp_vector:
	b	hyp_reset
	b	hyp_undef
	b	hyp_hvc_in_hyp
	b	hyp_pabt
	b	hyp_dabt
	b	hyp_trap
	b	hyp_irq
	b	hyp_fiq

/*
 * While a guest runs (VTTBR.VMID != 0) every trap, IRQ and FIQ is the
 * guest's: to __guest_exit with r0-r2 pushed and r1 = the exit code.
 * Clobbers r1, r2 (pushed) otherwise.
 */
.macro EXIT_IF_GUEST code
	push	{r0-r2}
	mrrc	p15, 6, r1, r2, c2	@ VTTBR
	tst	r2, #(VTTBR_VMID_MASK << VTTBR_VMID_SHIFT)
	movne	r1, #\code
	bne	__guest_exit
	pop	{r0-r2}
.endm

hyp_trap:
	push	{r0-r2}
	mrrc	p15, 6, r1, r2, c2	@ VTTBR
	tst	r2, #(VTTBR_VMID_MASK << VTTBR_VMID_SHIFT)
	bne	guest_trap
	pop	{r0-r2}
	push	{r2, r3}
	mrc	p15, 4, r2, c5, c2, 0	@ HSR
	lsr	r2, r2, #HSR_EC_SHIFT
	cmp	r2, #HSR_EC_HVC
	bne	hyp_trap_unexpected

	ldr	r2, =HYP7_SMCCC_HYP_TEARDOWN
	cmp	r0, r2
	beq	host_teardown
	ldr	r2, =__hyp_text_start
	cmp	r0, r2
	blo	host_call_refused
	ldr	r2, =__hyp_text_end
	cmp	r0, r2
	bhs	host_call_refused

	pop	{r2, r3}
	push	{lr}
	mov	lr, r0
	mov	r0, r1
	mov	r1, r2
	mov	r2, r3
	blx	lr
	pop	{lr}
	eret

/*
 * A guest's trap, with its r0-r2 pushed. The first use of VFP after an
 * entry is handled here, without leaving HYP: the guest's VFP state
 * replaces the host's, the trap is lifted and the instruction runs again.
 */
guest_trap:
	mrc	p15, 4, r1, c5, c2, 0	@ HSR
	lsr	r2, r1, #HSR_EC_SHIFT
	cmp	r2, #HSR_EC_CP_0_13
	bne	1f
	and	r2, r1, #HSR_CP_COPROC_MASK
	cmp	r2, #10
	cmpne	r2, #11
	beq	guest_vfp_trap
1:	mov	r1, #ARM_EXCEPTION_TRAP
	b	__guest_exit

guest_vfp_trap:
	push	{r3, lr}
	mrc	p15, 4, r2, c1, c1, 2	@ HCPTR
	bic	r2, r2, #(HCPTR_TCP10 | HCPTR_TCP11)
	mcr	p15, 4, r2, c1, c1, 2	@ HCPTR
	isb
	mrc	p15, 4, r0, c13, c0, 2	@ HTPIDR: the vcpu
	ldr	r0, [r0, #VCPU_HOST]
	add	r0, r0, #CTXT_VFP
	bl	__vfp_save
	mrc	p15, 4, r0, c13, c0, 2	@ HTPIDR
	add	r0, r0, #(VCPU_GUEST + CTXT_VFP)
	bl	__vfp_restore
	pop	{r3, lr}
	pop	{r0-r2}
	eret

hyp_irq:
	EXIT_IF_GUEST ARM_EXCEPTION_IRQ
	mov	r0, #HYP_PANIC_IRQ
	b	hyp_panic_from_vector

hyp_fiq:
	EXIT_IF_GUEST ARM_EXCEPTION_FIQ
	mov	r0, #HYP_PANIC_FIQ
	b	hyp_panic_from_vector

host_call_refused:
	pop	{r2, r3}
	mvn	r0, #0			@ SMCCC_RET_NOT_SUPPORTED
	eret

host_teardown:
	pop	{r2, r3}
	ldr	r0, =__hyp_teardown
	ubfx	r0, r0, #0, #PAGE_SHIFT
	movt	r0, #(TRAMPOLINE_VA >> 16)
	bx	r0

hyp_trap_unexpected:
	pop	{r2, r3}
	mov	r0, #HYP_PANIC_TRAP
	b	hyp_panic_from_vector

/* In: r0 = HYP_PANIC_*. Collects what the panic message shows. */
.macro HYP_PANIC_VECTOR name, kind
\name:
	mov	r0, #\kind
	b	hyp_panic_from_vector
.endm

	HYP_PANIC_VECTOR hyp_reset, HYP_PANIC_RESET
	HYP_PANIC_VECTOR hyp_undef, HYP_PANIC_UNDEF
	HYP_PANIC_VECTOR hyp_hvc_in_hyp, HYP_PANIC_HVC_IN_HYP
	HYP_PANIC_VECTOR hyp_pabt, HYP_PANIC_PABT
	HYP_PANIC_VECTOR hyp_dabt, HYP_PANIC_DABT

hyp_panic_from_vector:
	mrs	r1, elr_hyp
	mrc	p15, 4, r2, c5, c2, 0	@ HSR
	mrc	p15, 4, r3, c6, c0, 0	@ HDFAR
	b	hyp_panic

	.ltorg
