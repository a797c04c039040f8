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
 * holds. Every trap, IRQ and FIQ ends the guest's run (hyp/switch.S),
 * but for the first VFP use after an entry, handled here.
 *
 * Every entry invalidates the branch predictor before its first branch.
 * An asynchronous abort a guest caused is the guest's (hyp/switch.S's
 * abort window); any other exception taken in HYP itself, or a trap HYP
 * does not expect, ends in hyp_panic(), which prints the HYP address and
 * HSR and stops the CPU.
 */
#include <arch/hyp_panic.h>
#include <arch/kvm_exit.h>
#include <arch/memory.h>
#include <arch/hsr.h>
#include <arch/sysregs.h>
#include <generated/asm-offsets.h>
#include <hyp7/hyp_pgd.h>
#include <hyp7/smccc.h>

/* The vector's number, as its low SP bits give it: see __hyp_vector. */
#define VECTOR_RESET 7
#define VECTOR_DABT 3
#define VECTOR_TRAP 2
#define VECTOR_IRQ 1
#define VECTOR_FIQ 0

	.section .hyp.text, "ax"
	.arm
	.align	5
	.global __hyp_vector
__hyp_vector:
	/*
	 * Each entry adds one to SP and falls through to the next, so no
	 * branch runs before the branch predictor is invalidated below: a
	 * guest may have trained it to send HYP anywhere (branch-target
	 * injection, CVE-2017-5715; KVM/ARM's __kvm_hyp_vector_ic_inv). SP is
	 * 8-byte aligned whenever HYP can take an exception it survives, so
	 * its low three bits then say which entry was taken.
	 */
	add	sp, sp, #1		@ 0x00 reset			7
	add	sp, sp, #1		@ 0x04 undefined instruction	6
	add	sp, sp, #1		@ 0x08 HVC in HYP		5
	add	sp, sp, #1		@ 0x0c prefetch abort		4
	add	sp, sp, #1		@ 0x10 data abort		3
	add	sp, sp, #1		@ 0x14 hyp trap			2
	add	sp, sp, #1		@ 0x18 IRQ			1
	nop				@ 0x1c FIQ			0
	/* On Cortex-A15 this also invalidates the BTB, when ACTLR.IBE is set (checked at boot). */
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	isb

	/* r0-r2 pushed, r1 = the vector's number, every other register as it was. */
	mcr	p15, 4, r0, c13, c0, 2	@ HTPIDR: HYP's scratch register
	and	r0, sp, #7
	sub	sp, sp, r0
	push	{r0-r2}
	mov	r1, r0
	mrc	p15, 4, r0, c13, c0, 2	@ HTPIDR
	str	r0, [sp]
	cmp	r1, #VECTOR_TRAP
	beq	hyp_trap
	cmp	r1, #VECTOR_IRQ
	beq	hyp_irq
	cmp	r1, #VECTOR_FIQ
	beq	hyp_fiq
	cmp	r1, #VECTOR_DABT
	beq	hyp_dabt
	b	hyp_panic_from_vector

/*
 * While a guest runs (VTTBR.VMID != 0) every IRQ and FIQ is the guest's:
 * to __guest_exit, r0-r2 still pushed, with r1 = the exit code. Expects
 * r0-r2 pushed; clobbers r1, r2.
 */
.macro EXIT_IF_GUEST code
	mrrc	p15, 6, r1, r2, c2	@ VTTBR
	tst	r2, #(VTTBR_VMID_MASK << VTTBR_VMID_SHIFT)
	movne	r1, #\code
	bne	__guest_exit
.endm

hyp_trap:
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
	push	{r4, lr}		@ r4 keeps SP 8-byte aligned for the call
	mov	lr, r0
	mov	r0, r1
	mov	r1, r2
	mov	r2, r3
	blx	lr
	pop	{r4, lr}
	eret

/*
 * A guest's trap, r0-r2 pushed, the vcpu pointer above them: to
 * __guest_exit, but for the first use of VFP after an entry, which is
 * handled here without leaving HYP: the guest's VFP state replaces the
 * host's, the trap is lifted and the instruction runs again.
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
	push	{r3, r4, lr}		@ r4: SP stays 8-byte aligned, as the vector needs
	mrc	p15, 4, r2, c1, c1, 2	@ HCPTR
	bic	r2, r2, #(HCPTR_TCP10 | HCPTR_TCP11)
	mcr	p15, 4, r2, c1, c1, 2	@ HCPTR
	isb
	ldr	r0, [sp, #24]		@ the vcpu, above r3, r4, lr and r0-r2
	ldr	r0, [r0, #VCPU_HOST]
	add	r0, r0, #CTXT_VFP
	bl	__vfp_save
	ldr	r0, [sp, #24]
	add	r0, r0, #(VCPU_GUEST + CTXT_VFP)
	bl	__vfp_restore
	pop	{r3, r4, lr}
	pop	{r0-r2}
	eret

hyp_irq:
	EXIT_IF_GUEST ARM_EXCEPTION_IRQ
	mov	r1, #VECTOR_IRQ
	b	hyp_panic_from_vector

hyp_fiq:
	EXIT_IF_GUEST ARM_EXCEPTION_FIQ
	mov	r1, #VECTOR_FIQ
	b	hyp_panic_from_vector

/*
 * A data abort in HYP is an asynchronous abort a guest caused, taken in
 * __guest_exit's abort window (hyp/switch.S): the exit code in r10 says
 * so, and HYP carries on where it was. Anything else is a HYP panic.
 */
hyp_dabt:
	mrs	r2, ELR_hyp
	ldr	r1, =__abort_window_start
	cmp	r2, r1
	ldrne	r1, =__abort_window_end
	cmpne	r2, r1
	movne	r1, #VECTOR_DABT
	bne	hyp_panic_from_vector
	orr	r10, r10, #ARM_EXIT_ABORT_PENDING
	pop	{r0-r2}
	eret

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
	push	{r0-r2}
	mov	r1, #VECTOR_TRAP
	b	hyp_panic_from_vector

/* r0-r2 pushed, r1 = the vector's number. Collects what the panic message shows. */
hyp_panic_from_vector:
	sub	sp, sp, #4		@ 8-byte aligned again for C, under r0-r2
	rsb	r0, r1, #VECTOR_RESET	@ HYP_PANIC_*: the vector's slot
	mrs	r1, elr_hyp
	mrc	p15, 4, r2, c5, c2, 0	@ HSR
	mrc	p15, 4, r3, c6, c0, 0	@ HDFAR
	b	hyp_panic

	.ltorg
