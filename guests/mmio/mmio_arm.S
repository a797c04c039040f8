/*
 * void mmio_arm(u32 *res): PL011 accesses in ARM state, one per kind of
 * load/store the MMIO emulation has to decode. Results go into res[] (see
 * mmio.c for the expected values); the stores print "bhwmdpqs".
 */
	.syntax unified
	.arm
	.text
	.global mmio_arm
	.type mmio_arm, %function
mmio_arm:
	push	{r4-r5, lr}
	ldr	ip, =0x09000000

	add	r1, ip, #0xfe0
	ldr	r2, [r1]			@ word: PeriphID0
	str	r2, [r0, #0]
	ldrb	r2, [r1, #4]			@ byte: PeriphID1
	str	r2, [r0, #4]
	ldrh	r2, [r1, #8]			@ halfword: PeriphID2
	str	r2, [r0, #8]
	add	r1, ip, #0xff0
	ldrsb	r2, [r1, #0xc]			@ signed byte: PCellID3 0xb1
	str	r2, [r0, #12]
	ldrsh	r2, [r1, #0xc]			@ signed halfword: PCellID3
	str	r2, [r0, #16]
	ldrsb	r2, [r1]			@ signed byte: PCellID0 0x0d
	str	r2, [r0, #20]
	ldm	r1, {r2-r5}			@ LDM of PCellID0-3
	add	r1, r0, #24
	stm	r1, {r2-r5}

	add	r1, ip, #0xfd0
	add	r1, r1, #0xc
	ldr	r2, [r1, #4]!			@ pre-index, writeback
	str	r2, [r0, #40]
	sub	r2, r1, ip
	str	r2, [r0, #44]
	add	r1, ip, #0xfe0
	add	r1, r1, #4
	ldr	r2, [r1], #4			@ post-index
	str	r2, [r0, #48]
	sub	r2, r1, ip
	str	r2, [r0, #52]
	mov	r1, ip
	ldr	r3, =0x3fd
	ldr	r2, [r1, r3, lsl #2]		@ scaled register offset: PCellID1
	str	r2, [r0, #56]
	add	r1, ip, #0xff0
	add	r1, r1, #8
	ldrd	r2, r3, [r1]			@ LDRD: PCellID2, PCellID3
	str	r2, [r0, #60]
	str	r3, [r0, #64]
	add	r1, ip, #0xff0
	ldrb	r2, [r1], #-4			@ byte, post-index, negative
	str	r2, [r0, #68]
	sub	r2, r1, ip
	str	r2, [r0, #72]
	add	r1, ip, #0xfe0
	ldmia	r1!, {r2, r3}			@ LDM with writeback
	str	r2, [r0, #76]
	str	r3, [r0, #80]
	sub	r2, r1, ip
	str	r2, [r0, #84]
	add	r1, ip, #0xf00
	mov	r3, #0xfc
	ldrsh	r2, [r1, r3]!			@ signed halfword, register offset, writeback
	str	r2, [r0, #88]
	sub	r2, r1, ip
	str	r2, [r0, #92]
	ldr	r2, [ip, #0x18]			@ FR
	str	r2, [r0, #96]
	add	r1, ip, #0xfd0
	add	r1, r1, #8
	ldrd	r2, r3, [r1, #8]!		@ LDRD, pre-index, writeback
	str	r2, [r0, #100]
	str	r3, [r0, #104]
	sub	r2, r1, ip
	str	r2, [r0, #108]

	/* Stores to DR: "bhwmdpqs" */
	mov	r1, ip
	mov	r2, #'b'
	strb	r2, [r1]
	mov	r2, #'h'
	strh	r2, [r1]
	mov	r2, #'w'
	str	r2, [r1]
	mov	r2, #'m'
	mov	r3, #0
	stm	r1, {r2, r3}			@ DR, then RSR/ECR (clears errors)
	mov	r2, #'d'
	strd	r2, r3, [r1]			@ DR, RSR/ECR
	add	r1, ip, #4
	mov	r2, #'p'
	str	r2, [r1, #-4]!			@ pre-index, writeback
	sub	r2, r1, ip
	str	r2, [r0, #112]
	mov	r2, #'q'
	strb	r2, [r1], #0x18			@ post-index
	sub	r2, r1, ip
	str	r2, [r0, #116]
	mov	r1, ip
	mov	r2, #'s'
	stmia	r1!, {r2}			@ STM with writeback
	sub	r2, r1, ip
	str	r2, [r0, #120]
	pop	{r4-r5, pc}
	.size mmio_arm, . - mmio_arm
	.ltorg
