/*
 * The world switch (DESIGN section 4, seed 001): from the host into a
 * guest, and back on the guest's first trap, with the complete guest state
 * saved in its struct vcpu every time.
 *
 * u32 __kvm_vcpu_run(struct vcpu *vcpu), called through kvm_call_hyp():
 * returns ARM_EXCEPTION_* (include/arch/kvm_exit.h); vcpu->fault holds
 * HSR, HxFAR and HPFAR of the trap.
 *
 * The host's own state hardly changes: its system registers and the
 * stacks of its exception modes are saved once per CPU, at HYP init
 * (__kvm_save_host_context), and only put back after each exit; an entry
 * saves just the SVC stack and link register the call runs on. The
 * registers only guests use are written on entry only when this CPU does
 * not hold the vCPU's own values still (vcpu->cp15_live).
 */
#include <arch/kvm_exit.h>
#include <arch/cp15_ctx.h>
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <generated/asm-offsets.h>

vcpu	.req	r0		@ struct vcpu * (HYP VA) throughout

/*
 * The system registers of GUEST_CP15_REGS (include/arch/cp15_ctx.h), each
 * list entry expanding into one macro call:
 *   SAVE_GUEST base       every register, to the struct cp15_context at base;
 *   RESTORE_GUEST_ONLY base  those of "guest" use, from it;
 *   SAVE_HOST base / RESTORE_HOST base  those of "host" use (the guest's
 *                         RESTORE_HOST too, after RESTORE_GUEST_ONLY: so
 *                         CNTV_CVAL is in place before CNTV_CTL).
 * Clobber r2, r3.
 */
.macro reg_save_32 base, slot, cp, opc1, crn, crm, opc2
	mrc	\cp, \opc1, r2, \crn, \crm, \opc2
	str	r2, [\base, #\slot]
.endm
.macro reg_save_64 base, slot, cp, opc1, crm
	mrrc	\cp, \opc1, r2, r3, \crm
	strd	r2, r3, [\base, #\slot]
.endm
.macro reg_restore_32 base, slot, cp, opc1, crn, crm, opc2
	ldr	r2, [\base, #\slot]
	mcr	\cp, \opc1, r2, \crn, \crm, \opc2
.endm
.macro reg_restore_64 base, slot, cp, opc1, crm
	ldrd	r2, r3, [\base, #\slot]
	mcrr	\cp, \opc1, r2, r3, \crm
.endm
/* One entry of the list, for the guest or for the host (whose "guest" registers are skipped). */
.macro guest_save_32 base, slot, use, cp, opc1, crn, crm, opc2
	reg_save_32 \base, \slot, \cp, \opc1, \crn, \crm, \opc2
.endm
.macro guest_save_64 base, slot, use, cp, opc1, crm
	reg_save_64 \base, \slot, \cp, \opc1, \crm
.endm
.macro guest_only_restore_32 base, slot, use, cp, opc1, crn, crm, opc2
.ifc \use, guest
	reg_restore_32 \base, \slot, \cp, \opc1, \crn, \crm, \opc2
.endif
.endm
.macro guest_only_restore_64 base, slot, use, cp, opc1, crm
.ifc \use, guest
	reg_restore_64 \base, \slot, \cp, \opc1, \crm
.endif
.endm
.macro host_save_32 base, slot, use, cp, opc1, crn, crm, opc2
.ifc \use, host
	reg_save_32 \base, \slot, \cp, \opc1, \crn, \crm, \opc2
.endif
.endm
.macro host_save_64 base, slot, use, cp, opc1, crm
.ifc \use, host
	reg_save_64 \base, \slot, \cp, \opc1, \crm
.endif
.endm
.macro host_restore_32 base, slot, use, cp, opc1, crn, crm, opc2
.ifc \use, host
	reg_restore_32 \base, \slot, \cp, \opc1, \crn, \crm, \opc2
.endif
.endm
.macro host_restore_64 base, slot, use, cp, opc1, crm
.ifc \use, host
	reg_restore_64 \base, \slot, \cp, \opc1, \crm
.endif
.endm
#define EXPAND_32(op, base, name, use, cp, opc1, crn, crm, opc2) \
	op##_32 base, CTX_CP15_##name, use, cp, opc1, crn, crm, opc2;
#define EXPAND_64(op, base, name, use, cp, opc1, crm) op##_64 base, CTX_CP15_##name, use, cp, opc1, crm;
#define GUEST_SAVE_32(base, ...) EXPAND_32(guest_save, base, __VA_ARGS__)
#define GUEST_SAVE_64(base, ...) EXPAND_64(guest_save, base, __VA_ARGS__)
#define GUEST_ONLY_RESTORE_32(base, ...) EXPAND_32(guest_only_restore, base, __VA_ARGS__)
#define GUEST_ONLY_RESTORE_64(base, ...) EXPAND_64(guest_only_restore, base, __VA_ARGS__)
#define HOST_SAVE_32(base, ...) EXPAND_32(host_save, base, __VA_ARGS__)
#define HOST_SAVE_64(base, ...) EXPAND_64(host_save, base, __VA_ARGS__)
#define HOST_RESTORE_32(base, ...) EXPAND_32(host_restore, base, __VA_ARGS__)
#define HOST_RESTORE_64(base, ...) EXPAND_64(host_restore, base, __VA_ARGS__)

.macro SAVE_GUEST base
	GUEST_CP15_REGS(GUEST_SAVE_32, GUEST_SAVE_64, \base)
.endm
.macro RESTORE_GUEST_ONLY base
	GUEST_CP15_REGS(GUEST_ONLY_RESTORE_32, GUEST_ONLY_RESTORE_64, \base)
.endm
.macro SAVE_HOST base
	GUEST_CP15_REGS(HOST_SAVE_32, HOST_SAVE_64, \base)
.endm
.macro RESTORE_HOST base
	GUEST_CP15_REGS(HOST_RESTORE_32, HOST_RESTORE_64, \base)
.endm

/*
 * SAVE_BANKED regs / RESTORE_BANKED regs: a guest's SP, LR and SPSR of
 * SVC, ABT, UND, IRQ and FIQ, FIQ's r8-r12 and SP_usr, to or from the
 * struct vcpu_regs at \regs. LR_usr is HYP's own LR: the callers handle
 * it. Clobbers r2-r6.
 *
 * The host runs in SVC with its exception modes' stacks set once; what
 * it keeps in their LR and SPSR, in FIQ's r8-r12 and in USR's SP, it
 * never reads outside a handler of its own, which sets them first. So
 * SAVE_HOST_STACKS regs saves the stacks of ABT, UND, IRQ and FIQ once
 * per CPU, SAVE_HOST_CALL regs the SVC stack and link register the call
 * into HYP runs on, and RESTORE_HOST_BANKED regs puts back those six.
 * Clobber r2-r5.
 */
.macro SAVE_MODE regs, mode, offset
	mrs	r2, SP_\mode
	mrs	r3, LR_\mode
	mrs	r4, SPSR_\mode
	add	r5, \regs, #\offset
	stm	r5, {r2-r4}
.endm
.macro RESTORE_MODE regs, mode, offset
	add	r5, \regs, #\offset
	ldm	r5, {r2-r4}
	msr	SP_\mode, r2
	msr	LR_\mode, r3
	msr	SPSR_\mode, r4
.endm
.macro SAVE_BANKED regs
	mrs	r2, SP_usr
	str	r2, [\regs, #REGS_SP_usr]
	SAVE_MODE \regs, svc, REGS_SP_svc
	SAVE_MODE \regs, abt, REGS_SP_abt
	SAVE_MODE \regs, und, REGS_SP_und
	SAVE_MODE \regs, irq, REGS_SP_irq
	mrs	r2, r8_fiq
	mrs	r3, r9_fiq
	mrs	r4, r10_fiq
	mrs	r5, r11_fiq
	mrs	r6, r12_fiq
	add	\regs, \regs, #REGS_FIQ_R8
	stm	\regs, {r2-r6}
	sub	\regs, \regs, #REGS_FIQ_R8
	SAVE_MODE \regs, fiq, REGS_SP_fiq
.endm
.macro SAVE_HOST_STACKS regs
	mrs	r2, SP_abt
	mrs	r3, SP_und
	mrs	r4, SP_irq
	mrs	r5, SP_fiq
	str	r2, [\regs, #REGS_SP_abt]
	str	r3, [\regs, #REGS_SP_und]
	str	r4, [\regs, #REGS_SP_irq]
	str	r5, [\regs, #REGS_SP_fiq]
.endm
.macro SAVE_HOST_CALL regs
	mrs	r2, SP_svc
	mrs	r3, LR_svc
	str	r2, [\regs, #REGS_SP_svc]
	str	r3, [\regs, #REGS_LR_svc]
.endm
.macro RESTORE_HOST_BANKED regs
	ldr	r2, [\regs, #REGS_SP_svc]
	ldr	r3, [\regs, #REGS_LR_svc]
	msr	SP_svc, r2
	msr	LR_svc, r3
	ldr	r2, [\regs, #REGS_SP_abt]
	ldr	r3, [\regs, #REGS_SP_und]
	ldr	r4, [\regs, #REGS_SP_irq]
	ldr	r5, [\regs, #REGS_SP_fiq]
	msr	SP_abt, r2
	msr	SP_und, r3
	msr	SP_irq, r4
	msr	SP_fiq, r5
.endm
.macro RESTORE_BANKED regs
	ldr	r2, [\regs, #REGS_SP_usr]
	msr	SP_usr, r2
	RESTORE_MODE \regs, svc, REGS_SP_svc
	RESTORE_MODE \regs, abt, REGS_SP_abt
	RESTORE_MODE \regs, und, REGS_SP_und
	RESTORE_MODE \regs, irq, REGS_SP_irq
	add	\regs, \regs, #REGS_FIQ_R8
	ldm	\regs, {r2-r6}
	sub	\regs, \regs, #REGS_FIQ_R8
	msr	r8_fiq, r2
	msr	r9_fiq, r3
	msr	r10_fiq, r4
	msr	r11_fiq, r5
	msr	r12_fiq, r6
	RESTORE_MODE \regs, fiq, REGS_SP_fiq
.endm

/*
 * The traps a guest runs under (B4.1.65 HCR, B4.1.73 HSTR, B4.1.74 HCPTR,
 * B4.1.71 HDCR) and the virtualized IDs, from the vcpu; and back to none
 * for the host. The guest's HCR is read back on exit: the CPU clears HCR.VA
 * when the guest takes the virtual abort (B1.9.9). Clobber r2, r3.
 */
.macro ENTER_GUEST_TRAPS
	ldr	r2, [vcpu, #VCPU_HCR]
	mcr	p15, 4, r2, c1, c1, 0	@ HCR
	mov	r2, #HSTR_T15
	mcr	p15, 4, r2, c1, c1, 3	@ HSTR
	mrc	p15, 4, r2, c1, c1, 2	@ HCPTR: trace, and VFP until first used
	orr	r2, r2, #HCPTR_TTA
	orr	r2, r2, #(HCPTR_TCP10 | HCPTR_TCP11)
	mcr	p15, 4, r2, c1, c1, 2	@ HCPTR
	ldr	r2, [vcpu, #VCPU_HDCR]
	mcr	p15, 4, r2, c1, c1, 1	@ HDCR: debug registers, and the PMU unless shared
	mrc	p15, 4, r2, c14, c1, 0	@ CNTHCTL: the physical timer is the host's
	bic	r2, r2, #CNTHCTL_PL1PCEN
	mcr	p15, 4, r2, c14, c1, 0	@ CNTHCTL
	mrc	p15, 0, r2, c0, c0, 0	@ MIDR
	mcr	p15, 4, r2, c0, c0, 0	@ VPIDR
	ldr	r2, [vcpu, #VCPU_VMPIDR]
	mcr	p15, 4, r2, c0, c0, 5	@ VMPIDR
	add	r3, vcpu, #VCPU_CNTVOFF
	ldrd	r2, r3, [r3]
	mcrr	p15, 4, r2, r3, c14	@ CNTVOFF
	add	r3, vcpu, #VCPU_VTTBR
	ldrd	r2, r3, [r3]
	mcrr	p15, 6, r2, r3, c2	@ VTTBR
.endm
.macro EXIT_GUEST_TRAPS
	mrc	p15, 4, r2, c1, c1, 0	@ HCR
	str	r2, [vcpu, #VCPU_HCR]
	mov	r2, #0
	mcr	p15, 4, r2, c1, c1, 0	@ HCR
	mcr	p15, 4, r2, c1, c1, 3	@ HSTR
	mrc	p15, 4, r2, c1, c1, 2	@ HCPTR
	bic	r2, r2, #HCPTR_TTA
	bic	r2, r2, #(HCPTR_TCP10 | HCPTR_TCP11)
	mcr	p15, 4, r2, c1, c1, 2	@ HCPTR
	mrc	p15, 0, r2, c9, c12, 0	@ PMCR: the host keeps every counter
	ubfx	r2, r2, #PMCR_N_SHIFT, #5
	mcr	p15, 4, r2, c1, c1, 1	@ HDCR: HPMN = PMCR.N, no traps
	mrc	p15, 4, r2, c14, c1, 0	@ CNTHCTL
	orr	r2, r2, #CNTHCTL_PL1PCEN
	mcr	p15, 4, r2, c14, c1, 0	@ CNTHCTL
	mrc	p15, 0, r2, c0, c0, 5	@ MPIDR
	mcr	p15, 4, r2, c0, c0, 5	@ VMPIDR: the host sees its own
	mov	r2, #0
	mov	r3, #0
	mcrr	p15, 4, r2, r3, c14	@ CNTVOFF
	mcrr	p15, 6, r2, r3, c2	@ VTTBR: VMID 0, the host's
.endm

	.section .hyp.text, "ax"
	.arm

	.global __kvm_vcpu_run
__kvm_vcpu_run:
	/*
	 * The host: callee-saved registers, its return to SVC, then the rest.
	 * The vcpu pointer goes last, where the trap path finds it: SP_hyp is
	 * HYP's alone, so it is the same when the guest traps. SP stays 8-byte
	 * aligned (16 words pushed), as the vector's decoding needs.
	 */
	push	{r4-r12, lr}
	mrs	r2, ELR_hyp
	mrs	r3, spsr
	push	{r2, r3}
	push	{vcpu, r1}		@ r1: padding
	ldr	r1, [vcpu, #VCPU_HOST]
	SAVE_HOST_CALL r1

	ENTER_GUEST_TRAPS
	add	r1, vcpu, #(VCPU_GUEST + CTXT_CP15)
	ldr	r2, [vcpu, #VCPU_CP15_LIVE]
	cmp	r2, #0
	bne	1f
	RESTORE_GUEST_ONLY r1
1:	RESTORE_HOST r1			@ the guest's values of the registers the host uses too
	add	r1, vcpu, #(VCPU_GUEST + CTXT_REGS)
	RESTORE_BANKED r1
	ldr	r2, [r1, #REGS_LR_usr]
	mov	lr, r2
	ldr	r2, [r1, #REGS_PC]
	ldr	r3, [r1, #REGS_CPSR]
	msr	ELR_hyp, r2
	msr	spsr_cxsf, r3
	isb

	/* A guest must never see the host's exclusive monitor state (B2.9.5). */
	clrex
	add	r1, r1, #REGS_R0
	ldm	r1, {r0-r12}
	eret

/*
 * A trap from the guest (hyp/entry.S, VMID != 0), with r0-r2 pushed on the
 * HYP stack above the vcpu pointer and r1 = ARM_EXCEPTION_* for the
 * vector taken.
 */
	.global __guest_exit
__guest_exit:
	ldr	r0, [sp, #12]		@ the vcpu, under the guest's r0-r2
	add	r2, vcpu, #(VCPU_GUEST + CTXT_REGS + REGS_R3)
	stm	r2, {r3-r12}
	mov	r10, r1			@ the exit code, in a register the rest keeps
	pop	{r3-r5}			@ the guest's r0-r2
	add	r2, vcpu, #(VCPU_GUEST + CTXT_REGS + REGS_R0)
	stm	r2, {r3-r5}
	add	r1, vcpu, #(VCPU_GUEST + CTXT_REGS)
	mov	r2, lr
	str	r2, [r1, #REGS_LR_usr]
	mrs	r2, ELR_hyp
	mrs	r3, spsr
	str	r2, [r1, #REGS_PC]
	str	r3, [r1, #REGS_CPSR]
	SAVE_BANKED r1

	add	r1, vcpu, #(VCPU_GUEST + CTXT_CP15)
	SAVE_GUEST r1
	/* While the guest's stage 1 is still live, for ATS1CPR. */
	mov	r1, r10
	bl	__hyp_save_fault
	mov	r10, r0

	/*
	 * An asynchronous abort the guest caused may still be pending: with
	 * every load and store complete, let it be taken here, in HYP, where
	 * hyp/entry.S recognises this window and marks the exit code with
	 * ARM_EXIT_ABORT_PENDING, rather than reach the host later. ELR_hyp,
	 * SPSR_hyp and HSR, which taking it overwrites, are saved already.
	 */
	dsb	sy
	cpsie	a
	.global __abort_window_start, __abort_window_end
__abort_window_start:
	isb
__abort_window_end:
	cpsid	a

	ldr	r0, [sp]		@ the vcpu
	/* The guest's VFP state is live if it used VFP since its entry. */
	mrc	p15, 4, r2, c1, c1, 2	@ HCPTR
	tst	r2, #HCPTR_TCP10
	bne	1f
	add	r0, vcpu, #(VCPU_GUEST + CTXT_VFP)
	bl	__vfp_save
	ldr	r0, [sp]		@ the vcpu
	ldr	r0, [vcpu, #VCPU_HOST]
	add	r0, r0, #CTXT_VFP
	bl	__vfp_restore
	ldr	r0, [sp]		@ the vcpu
1:
	EXIT_GUEST_TRAPS
	ldr	r1, [vcpu, #VCPU_HOST]
	add	r1, r1, #CTXT_CP15
	RESTORE_HOST r1
	sub	r1, r1, #CTXT_CP15
	RESTORE_HOST_BANKED r1

	add	sp, sp, #8		@ the vcpu pointer and its padding
	pop	{r2, r3}
	msr	ELR_hyp, r2
	msr	spsr_cxsf, r3
	mov	r0, r10
	pop	{r4-r12, pc}

/*
 * void __kvm_save_host_context(struct cpu_context *host), at HYP init on
 * each CPU: the host state the world switch puts back after every exit
 * and never saves again.
 */
	.global __kvm_save_host_context
__kvm_save_host_context:
	push	{r4, r5}
	SAVE_HOST_STACKS r0
	add	r0, r0, #CTXT_CP15
	SAVE_HOST r0
	pop	{r4, r5}
	bx	lr

	.ltorg
