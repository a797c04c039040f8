/*
 * hyp7's entry point, entered with the MMU off by QEMU -kernel, U-Boot's
 * bootz/bootm or any Linux-style loader: r0 = 0, r1 = machine id, r2 = DTB.
 *
 * The code here runs at whatever physical address the image was loaded at,
 * so it is position-independent: it reaches its own data through
 * PA_OF (link VA - KIMAGE_VA + load address).
 *
 * 1. Get to HYP if at all possible: entered in HYP, install the hyp stub;
 *    entered in Secure SVC on a CPU with the Virtualization Extensions, do
 *    the monitor hop to Non-secure HYP (as U-Boot's non-secure boot does).
 * 2. Drop to SVC, clear .bss, build the early page tables (idmap of this
 *    code, the image at KIMAGE_VA, the DTB at FDT_VA), enable the MMU and
 *    jump to start_kernel(dtb_pa, boot_status, load_pa, machine_id) at its
 *    link VA.
 * When HYP cannot be reached the boot goes on in SVC all the same, so that
 * start_kernel can read the DTB, say what is wrong and power off.
 */
#include <arch/boot.h>
#include <arch/gic.h>
#include <arch/hyp_abi.h>
#include <arch/memory.h>
#include <arch/psr.h>
#include <arch/sysregs.h>

#define ZIMAGE_MAGIC 0x016f2818
#define ZIMAGE_ENDIAN_MAGIC 0x04030201

/* Descriptor bits for the early tables; mmu/ owns the full set. */
#define EARLY_TABLE 0x3
#define EARLY_BLOCK_NORMAL 0x701 /* block, AttrIndx 0 (normal WBWA), inner shareable, AF */
#define EARLY_PAGE_NORMAL 0x703 /* the same, as a level-3 page */
#define EARLY_MAIR0 0x004404ff /* must match mmu/'s MAIR0_VALUE */

machine_id	.req r8	@ r1 at entry: only used when there is no DTB
boot_dtb	.req r10	@ the DTB's physical address, as passed in r2
load_pa		.req r11	@ the physical address of _start
boot_status	.req r9	@ BOOT_OK or why HYP could not be reached

/* rd <- physical address of sym (clobbers nothing else) */
.macro PA_OF rd, sym
	ldr	\rd, =\sym
	sub	\rd, \rd, #KIMAGE_VA
	add	\rd, \rd, load_pa
.endm

	.section .head.text, "ax"
	.arm
	.global _start
_start:
	/* The zImage header U-Boot's bootz checks: magic at 0x24. */
	.rept	8
	mov	r0, r0
	.endr
	b	1f
	.word	ZIMAGE_MAGIC
	.word	0			@ 0x28: load anywhere (position independent)
	.word	__image_size		@ 0x2c: end of the image, including .bss
	.word	ZIMAGE_ENDIAN_MAGIC

1:	mov	machine_id, r1
	mov	boot_dtb, r2
	/* QEMU enters ELF images with r2 = 0 and the DTB at the start of RAM. */
	cmp	boot_dtb, #0
	ldreq	boot_dtb, =QEMU_ELF_DTB_PA
	adr	load_pa, _start
	mov	boot_status, #BOOT_OK
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	beq	boot_in_hyp
	cmp	r0, #PSR_MODE_SVC
	movne	boot_status, #BOOT_ERR_MODE
	bne	boot_in_svc

	mrc	p15, 0, r0, c0, c1, 1	@ ID_PFR1
	ubfx	r1, r0, #ID_PFR1_VIRT_SHIFT, #4
	cmp	r1, #0
	moveq	boot_status, #BOOT_ERR_NO_VIRT
	beq	boot_in_svc
	ubfx	r1, r0, #ID_PFR1_SECURITY_SHIFT, #4
	cmp	r1, #0
	moveq	boot_status, #BOOT_ERR_NONSECURE_SVC
	beq	boot_in_svc
	bl	probe_secure
	cmp	r0, #0
	moveq	boot_status, #BOOT_ERR_NONSECURE_SVC
	beq	boot_in_svc
	mov	boot_status, #BOOT_OK_MONITOR_HOP
	b	monitor_hop		@ comes back at boot_in_hyp

/*
 * Secure or Non-secure? Reading SCR is UNDEFINED from Non-secure PL1, so
 * read it with a temporary undefined-instruction handler in place.
 * Out: r0 = 1 in Secure state, 0 otherwise. Clobbers r1, VBAR.
 */
probe_secure:
	adr	r1, probe_vectors
	mcr	p15, 0, r1, c12, c0, 0	@ VBAR
	isb
	mov	r0, #1
	mrc	p15, 0, r1, c1, c1, 0	@ SCR
	bx	lr

	.align	5
probe_vectors:
	b	.			@ reset
	b	probe_undef		@ undefined instruction
	.rept	6
	b	.
	.endr
probe_undef:
	mov	r0, #0
	movs	pc, lr			@ back after the mrc, in SVC again

/*
 * The monitor hop, from Secure SVC to Non-secure HYP. The Non-secure world
 * needs the GIC's interrupts in group 1 and access to VFP; the GIC's
 * address comes from CBAR (the DTB cannot be parsed with the MMU off).
 * Clobbers r0-r3; continues at boot_in_hyp.
 */
monitor_hop:
	mrc	p15, 4, r0, c15, c0, 0	@ CBAR
	ldr	r1, =CBAR_PERIPHBASE_MASK
	and	r0, r0, r1
	add	r1, r0, #A15_GICD_OFFSET
	ldr	r2, [r1, #GICD_TYPER]
	and	r2, r2, #GICD_TYPER_ITLINES_MASK
	add	r1, r1, #GICD_IGROUPR
	mov	r3, #~0
2:	str	r3, [r1], #4		@ 32 interrupts per IGROUPR, ITLinesNumber + 1 of them
	subs	r2, r2, #1
	bpl	2b
	add	r1, r0, #A15_GICD_OFFSET
	ldr	r2, [r1, #GICD_CTLR]
	orr	r2, r2, #GICD_CTLR_ENABLE_GRP0_GRP1
	str	r2, [r1, #GICD_CTLR]
	add	r1, r0, #A15_GICC_OFFSET
	mov	r2, #GICC_CTLR_ENABLE_GRP0_GRP1
	str	r2, [r1, #GICC_CTLR]
	mov	r2, #GICC_PMR_ALL
	str	r2, [r1, #GICC_PMR]

	/*
	 * Only the Secure world can make ICIALLU invalidate the branch
	 * predictor too, which HYP's vectors rely on against branch-target
	 * injection by guests.
	 */
	mrc	p15, 0, r0, c1, c0, 1	@ ACTLR
	orr	r0, r0, #ACTLR_A15_IBE
	mcr	p15, 0, r0, c1, c0, 1	@ ACTLR
	ldr	r0, =(NSACR_CP10 | NSACR_CP11 | NSACR_NS_SMP)
	mcr	p15, 0, r0, c1, c1, 2	@ NSACR
	adr	r0, monitor_vectors
	mcr	p15, 0, r0, c12, c0, 1	@ MVBAR
	isb
	smc	#0
	b	boot_in_hyp		@ now in Non-secure HYP

	.align	5
monitor_vectors:
	.rept	2
	b	.
	.endr
	b	monitor_smc		@ SMC
	.rept	5
	b	.
	.endr
monitor_smc:
	mov	r1, #(SCR_NS | SCR_FW | SCR_AW | SCR_HCE)
	mcr	p15, 0, r1, c1, c1, 0	@ SCR
	isb
	mov	r1, #0
	mcrr	p15, 4, r1, r1, c14	@ CNTVOFF: writable from Monitor only once NS = 1
	mov	r1, #(PSR_MODE_HYP | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r1
	movs	pc, lr

boot_in_hyp:
	adr	r12, boot_in_svc
	b	enter_svc_with_stub

/*
 * In HYP with the MMU off: install the stub and let PL1 use the timer,
 * VFP and every CP15 register, then drop to SVC at r12 with A, I, F masked.
 * Clobbers r0, r1.
 */
enter_svc_with_stub:
	PA_OF	r0, __hyp_stub_vectors
	mcr	p15, 4, r0, c12, c0, 0	@ HVBAR
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0	@ HCR
	mcr	p15, 4, r0, c1, c1, 3	@ HSTR
	mcrr	p15, 4, r0, r0, c14	@ CNTVOFF
	mrc	p15, 4, r0, c1, c1, 2	@ HCPTR
	ldr	r1, =(HCPTR_TCP10 | HCPTR_TCP11 | HCPTR_TTA | HCPTR_TCPAC)
	bic	r0, r0, r1
	mcr	p15, 4, r0, c1, c1, 2	@ HCPTR
	mrc	p15, 4, r0, c14, c1, 0	@ CNTHCTL
	orr	r0, r0, #(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN)
	mcr	p15, 4, r0, c14, c1, 0	@ CNTHCTL
	mov	r0, #(PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r0
	msr	elr_hyp, r12
	eret

boot_in_svc:
	cpsid	aif
	PA_OF	r0, __bss_start
	PA_OF	r1, __bss_end
	mov	r2, #0
	mov	r3, #0
3:	cmp	r0, r1
	stmlo	r0!, {r2, r3}
	blo	3b

	bl	early_tables
	bl	early_mmu_on
	ldr	sp, =boot_stack_top
	mov	r0, boot_dtb
	mov	r1, boot_status
	mov	r2, load_pa
	mov	r3, machine_id
	ldr	r12, =start_kernel
	bx	r12			@ to the link VA: the MMU is on

/*
 * A secondary CPU, started by PSCI CPU_ON with r0 = its CPU number and
 * the MMU off. It must come up in HYP: the monitor hop is the boot CPU's
 * business. The host tables (with the idmap head.S left) are live already.
 */
	.global secondary_entry
secondary_entry:
	mov	r4, r0
	adr	load_pa, _start
	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	cmp	r0, #PSR_MODE_HYP
	bne	secondary_not_in_hyp
	adr	r12, secondary_in_svc
	b	enter_svc_with_stub
secondary_in_svc:
	bl	early_mmu_on
	ldr	r0, =secondary_stack_top
	ldr	sp, [r0, r4, lsl #2]
	mov	r0, r4
	ldr	r3, =secondary_start_kernel
	bx	r3

/* Tell the boot CPU, which waits for it, and stop. */
secondary_not_in_hyp:
	PA_OF	r0, secondary_boot_error
	mov	r1, #1
	str	r1, [r0, r4, lsl #2]
	dsb
1:	wfi
	b	1b

/*
 * Early page tables, in .bss: level 1 (4 entries of 1 GiB); a level-2
 * table for the gigabyte holding this code (the idmap, 2 blocks of 2 MiB
 * so that the switch-on code may straddle a boundary); a level-2 table
 * for 0x80000000-0xBFFFFFFF (KIMAGE_VA, FDT_VA) and one for the top
 * gigabyte (the linear map, filled in later from C); a level-3 table for
 * the image, page by page.
 * Clobbers r0-r7, r12.
 */
early_tables:
	PA_OF	r0, early_l1
	PA_OF	r1, early_l2_high
	orr	r2, r1, #EARLY_TABLE
	str	r2, [r0, #(3 * 8)]
	PA_OF	r1, early_l2_kimage
	orr	r2, r1, #EARLY_TABLE
	str	r2, [r0, #(2 * 8)]

	/* idmap: use early_l2_kimage when this code sits in the same gigabyte */
	lsr	r3, load_pa, #30		@ level-1 index of the idmap
	PA_OF	r1, early_l2_idmap
	PA_OF	r12, early_l2_kimage
	cmp	r3, #2
	moveq	r1, r12
	orr	r2, r1, #EARLY_TABLE
	str	r2, [r0, r3, lsl #3]
	ubfx	r4, load_pa, #SECTION_SHIFT, #9	@ level-2 index
	lsr	r5, load_pa, #SECTION_SHIFT
	lsl	r5, r5, #SECTION_SHIFT
	ldr	r6, =EARLY_BLOCK_NORMAL
	orr	r7, r5, r6
	str	r7, [r1, r4, lsl #3]
	add	r4, r4, #1
	cmp	r4, #512
	addlo	r7, r7, #SECTION_SIZE
	strlo	r7, [r1, r4, lsl #3]

	/* the image at KIMAGE_VA, 4 KiB pages */
	PA_OF	r1, early_l2_kimage
	PA_OF	r2, early_l3_kimage
	orr	r3, r2, #EARLY_TABLE
	str	r3, [r1, #(((KIMAGE_VA >> SECTION_SHIFT) & 511) * 8)]
	ldr	r3, =(__image_size + PAGE_SIZE - 1)
	lsr	r3, r3, #PAGE_SHIFT		@ pages in the image
	ldr	r6, =EARLY_PAGE_NORMAL
	orr	r7, load_pa, r6
4:	str	r7, [r2], #8
	add	r7, r7, #PAGE_SIZE
	subs	r3, r3, #1
	bne	4b

	/* the DTB's two sections at FDT_VA */
	ldr	r6, =EARLY_BLOCK_NORMAL
	lsr	r7, boot_dtb, #SECTION_SHIFT
	lsl	r7, r7, #SECTION_SHIFT
	orr	r7, r7, r6
	str	r7, [r1, #(((FDT_VA >> SECTION_SHIFT) & 511) * 8)]
	adds	r7, r7, #SECTION_SIZE
	strcc	r7, [r1, #((((FDT_VA >> SECTION_SHIFT) + 1) & 511) * 8)]
	bx	lr

/*
 * MMU on with the early tables: EAE, TTBR0 covering all 4 GiB, caches on.
 * Clobbers r0-r1.
 */
early_mmu_on:
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0	@ TLBIALL
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	ldr	r0, =EARLY_MAIR0
	mcr	p15, 0, r0, c10, c2, 0	@ MAIR0
	ldr	r0, =(TTBCR_EAE | TCR_WALK_ATTRS)
	mcr	p15, 0, r0, c2, c0, 2	@ TTBCR
	PA_OF	r0, early_l1
	mov	r1, #0
	mcrr	p15, 0, r0, r1, c2	@ TTBR0
	isb
	mrc	p15, 0, r0, c1, c0, 0	@ SCTLR
	ldr	r1, =(SCTLR_A | SCTLR_V)
	bic	r0, r0, r1
	ldr	r1, =(SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I)
	orr	r0, r0, r1
	mcr	p15, 0, r0, c1, c0, 0	@ SCTLR
	isb
	bx	lr

	.ltorg

	.section .bss.page_aligned, "aw", %nobits
	.align	PAGE_SHIFT
	.global early_l1, early_l2_high
early_l1:
	.space	PAGE_SIZE
early_l2_idmap:
	.space	PAGE_SIZE
early_l2_kimage:
	.space	PAGE_SIZE
early_l2_high:
	.space	PAGE_SIZE
early_l3_kimage:
	.space	PAGE_SIZE
	.global boot_stack_top
boot_stack:
	.space	STACK_SIZE
boot_stack_top:
