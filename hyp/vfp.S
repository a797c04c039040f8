/*
 * The VFP/NEON register file, saved and restored by HYP for the lazy
 * switch (DESIGN section 1, vfp/): guests run with cp10/cp11 trapped
 * (HCPTR) until they touch the FPU; the trap swaps the host's state for
 * the guest's and returns at once (hyp/entry.S); the guest's exit swaps
 * them back (hyp/switch.S). The only HYP code that touches VFP registers:
 * scripts/check-hyp.sh allows them here and nowhere else.
 */
#include <arch/sysregs.h>

	.section .hyp.text, "ax"
	.arm
	.fpu	neon-vfpv4

/*
 * void __vfp_save(struct vfp_state *state): d0-d31, FPSCR, FPEXC.
 * FPEXC.EN is left set. Clobbers r0-r3. HCPTR must not trap cp10/cp11.
 */
	.global __vfp_save
__vfp_save:
	vmrs	r2, fpexc
	orr	r3, r2, #FPEXC_EN	@ the registers are reachable only when enabled
	vmsr	fpexc, r3
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r1, fpscr
	stm	r0, {r1, r2}
	bx	lr

/* void __vfp_restore(const struct vfp_state *state). Clobbers r0-r3. */
	.global __vfp_restore
__vfp_restore:
	vmrs	r2, fpexc
	orr	r2, r2, #FPEXC_EN
	vmsr	fpexc, r2
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldm	r0, {r1, r2}
	vmsr	fpscr, r1
	vmsr	fpexc, r2
	bx	lr
