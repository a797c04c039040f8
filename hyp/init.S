/*
 * HYP init and teardown: the one page of HYP code that runs with the HYP
 * MMU off. It is mapped three times (include/hyp7/hyp_pgd.h): at its
 * physical address (idmap) and at TRAMPOLINE_VA in the boot PGD, and at
 * TRAMPOLINE_VA in the runtime PGD. The same code is therefore reachable
 * at one VA whichever of the two tables is live, which is what lets HYP
 * switch tables and invalidate its TLB itself.
 *
 * The linker script keeps this section page-aligned and within one page
 * (or virt/ copies it to a bounce page), so an address's offset in the
 * page is the same at the idmap and at the trampoline.
 */
#include <arch/memory.h>
#include <arch/sysregs.h>
#include <hyp7/hyp_pgd.h>
#include <hyp7/pgtable.h>
#include <hyp7/smccc.h>

/* rd <- the trampoline VA of label (rd may be any register) */
.macro TRAMPOLINE_ADDR rd, label
	adr	\rd, \label
	ubfx	\rd, \rd, #0, #PAGE_SHIFT
	movt	\rd, #(TRAMPOLINE_VA >> 16)
.endm

	.section .hyp.idmap.text, "ax"
	.arm
	.align	5
	.global __hyp_init_vector
__hyp_init_vector:
	.rept	5
	b	.
	.endr
	b	hyp_init_trap		@ 0x14: HVC from the host
	b	.
	b	.

/*
 * The init call, SMCCC style:
 *   r0 = HYP7_SMCCC_HYP_INIT, r1 = boot PGD (PA), r2 = runtime PGD (PA),
 *   r3 = HYP stack top (VA), r4 = runtime vectors (VA)
 *   -> r0 = SMCCC_RET_SUCCESS, or SMCCC_RET_NOT_SUPPORTED for another ID.
 * Clobbers r0-r3 only. Both PGDs lie below 4 GiB (checked by the host).
 */
hyp_init_trap:
	sub	r0, r0, #(HYP7_SMCCC_HYP_INIT & 0xff000000)
	cmp	r0, #(HYP7_SMCCC_HYP_INIT & 0x00ffffff)
	mvnne	r0, #0			@ SMCCC_RET_NOT_SUPPORTED
	eretne

	/* A CPU initialised before may still hold translations of its old tables. */
	mcr	p15, 4, r0, c8, c7, 0	@ TLBIALLH
	dsb	ish
	ldr	r0, =MAIR0_VALUE
	mcr	p15, 4, r0, c10, c2, 0	@ HMAIR0
	mov	r0, #0
	mcr	p15, 4, r0, c10, c2, 1	@ HMAIR1
	ldr	r0, =(HTCR_RES1 | TCR_WALK_ATTRS)
	mcr	p15, 4, r0, c2, c0, 2	@ HTCR
	mov	r0, #0
	mcrr	p15, 4, r1, r0, c2	@ HTTBR = boot PGD
	isb
	ldr	r0, =HSCTLR_VALUE
	mcr	p15, 4, r0, c1, c0, 0	@ HSCTLR
	isb

	/* MMU on, still at the idmap: continue at the trampoline VA. */
	TRAMPOLINE_ADDR r0, 1f
	bx	r0
1:	mov	r0, #0
	mcrr	p15, 4, r2, r0, c2	@ HTTBR = runtime PGD
	isb
	mcr	p15, 4, r0, c8, c7, 0	@ TLBIALLH
	dsb	ish
	isb
	ldr	r0, =VTCR_VALUE
	mcr	p15, 4, r0, c2, c1, 2	@ VTCR: how every VM's stage 2 is walked
	mov	sp, r3
	mcr	p15, 4, r4, c12, c0, 0	@ HVBAR = runtime vectors
	isb
	mov	r0, #SMCCC_RET_SUCCESS
	eret

/*
 * Teardown, entered from the runtime vector at this code's trampoline VA:
 *   r1 = boot PGD (PA), r2 = stub vectors (PA), r3 = this page's PA
 *   -> HYP MMU off, HVBAR = r2, r0 = SMCCC_RET_SUCCESS, back to the host.
 * Back on the boot PGD, the idmap exists again, so the MMU can be turned
 * off from under this code. Clobbers r0-r3 only.
 */
	.global __hyp_teardown
__hyp_teardown:
	mov	r0, #0
	mcrr	p15, 4, r1, r0, c2	@ HTTBR = boot PGD
	isb
	mcr	p15, 4, r0, c8, c7, 0	@ TLBIALLH
	dsb	ish
	isb
	adr	r0, 2f
	ubfx	r0, r0, #0, #PAGE_SHIFT
	add	r0, r0, r3
	bx	r0
2:	mrc	p15, 4, r0, c1, c0, 0	@ HSCTLR
	ldr	r1, =(SCTLR_M | SCTLR_C | SCTLR_I)
	bic	r0, r0, r1
	mcr	p15, 4, r0, c1, c0, 0	@ HSCTLR
	isb
	mcr	p15, 4, r2, c12, c0, 0	@ HVBAR = stub
	isb
	mov	r0, #SMCCC_RET_SUCCESS
	eret

	.ltorg
