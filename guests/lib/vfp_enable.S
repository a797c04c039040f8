/* Turning VFP/NEON on for the guest itself (the vfp and bench guests). */
	.text
	.arm
	.fpu	neon-vfpv4

/* void vfp_enable(void): CPACR grants cp10/cp11 to PL0/PL1, FPEXC.EN on. */
	.global vfp_enable
vfp_enable:
	mrc	p15, 0, r0, c1, c0, 2	@ CPACR
	orr	r0, r0, #(0xf << 20)
	mcr	p15, 0, r0, c1, c0, 2	@ CPACR
	isb
	mov	r0, #(1 << 30)
	vmsr	fpexc, r0
	bx	lr
