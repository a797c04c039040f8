/* The VFP/NEON register file, loaded and stored whole (the vfp and migrate guests). */
	.text
	.arm
	.fpu	neon-vfpv4

/* void vfp_load(const u64 d[32], u32 fpscr) */
	.global vfp_load
vfp_load:
	vldmia	r0!, {d0-d15}
	vldmia	r0, {d16-d31}
	vmsr	fpscr, r1
	bx	lr

/* u32 vfp_store(u64 d[32]): returns FPSCR */
	.global vfp_store
vfp_store:
	vstmia	r0!, {d0-d15}
	vstmia	r0, {d16-d31}
	vmrs	r0, fpscr
	bx	lr
