/* Timed operations for bench.c: each returns PMCCNTR after minus before. */
	.text
	.arm
	.fpu	neon-vfpv4

.macro PMCCNTR rd
	mrc	p15, 0, \rd, c9, c13, 0	@ PMCCNTR
.endm

/* u32 time_nothing(void): the cost of reading the counter twice. */
	.global time_nothing
time_nothing:
	PMCCNTR r1
	PMCCNTR r0
	sub	r0, r0, r1
	bx	lr

/* u32 time_hvc(u32 fid): one SMCCC call to the hypervisor. */
	.global time_hvc
time_hvc:
	push	{r4-r7}
	mov	r12, r0
	PMCCNTR r4
	mov	r0, r12
	.global bench_hvc
bench_hvc:				@ labels for scripts/trace-exit
	hvc	#0
	PMCCNTR r0
	sub	r0, r0, r4
	pop	{r4-r7}
	bx	lr

/* u32 time_read(u32 addr): one load (from a device: an MMIO exit). */
	.global time_read
time_read:
	PMCCNTR r1
	.global bench_read
bench_read:
	ldr	r2, [r0]
	PMCCNTR r0
	sub	r0, r0, r1
	bx	lr

/* u32 time_write(u32 addr, u32 value): one store. */
	.global time_write
time_write:
	PMCCNTR r2
	str	r1, [r0]
	PMCCNTR r0
	sub	r0, r0, r2
	bx	lr

/* u32 time_vfp(void): one VFP instruction. */
	.global time_vfp
time_vfp:
	PMCCNTR r1
	vmov.f64 d0, d1
	PMCCNTR r0
	sub	r0, r0, r1
	bx	lr
