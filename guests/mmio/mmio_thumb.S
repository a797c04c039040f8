/*
 * void mmio_thumb(u32 *res): the same accesses as mmio_arm, in Thumb-2,
 * using the 16-bit encodings where one exists (same res[] layout).
 */
	.syntax unified
	.thumb
	.text
	.global mmio_thumb
	.type mmio_thumb, %function
	.thumb_func
mmio_thumb:
	push	{r4-r5, lr}
	ldr	r1, =0x09000000
	mov	ip, r1

	addw	r1, ip, #0xfe0
	ldr	r2, [r1]			@ 16-bit LDR (imm)
	str	r2, [r0, #0]
	ldrb	r2, [r1, #4]			@ 16-bit LDRB
	str	r2, [r0, #4]
	ldrh	r2, [r1, #8]			@ 16-bit LDRH
	str	r2, [r0, #8]
	movs	r3, #0x1c
	ldrsb	r2, [r1, r3]			@ 16-bit LDRSB (register): PCellID3
	str	r2, [r0, #12]
	ldrsh.w	r2, [r1, #0x1c]			@ 32-bit LDRSH (imm)
	str	r2, [r0, #16]
	ldrsb.w	r2, [r1, #0x10]			@ 32-bit LDRSB (imm): PCellID0
	str	r2, [r0, #20]
	addw	r1, ip, #0xff0
	ldm.w	r1, {r2-r5}			@ 32-bit LDM, no writeback
	add	r1, r0, #24
	stm	r1!, {r2-r5}

	addw	r1, ip, #0xfdc
	ldr	r2, [r1, #4]!			@ pre-index, writeback
	str	r2, [r0, #40]
	sub	r2, r1, ip
	str	r2, [r0, #44]
	addw	r1, ip, #0xfe4
	ldr	r2, [r1], #4			@ post-index
	str	r2, [r0, #48]
	sub	r2, r1, ip
	str	r2, [r0, #52]
	mov	r1, ip
	movw	r3, #0x3fd
	ldr.w	r2, [r1, r3, lsl #2]		@ scaled register offset
	str	r2, [r0, #56]
	addw	r1, ip, #0xff8
	ldrd	r2, r3, [r1]			@ LDRD
	str	r2, [r0, #60]
	str	r3, [r0, #64]
	addw	r1, ip, #0xff0
	ldrb	r2, [r1], #-4			@ byte, post-index, negative
	str	r2, [r0, #68]
	sub	r2, r1, ip
	str	r2, [r0, #72]
	addw	r1, ip, #0xfe0
	ldmia	r1!, {r2, r3}			@ 16-bit LDM with writeback
	str	r2, [r0, #76]
	str	r3, [r0, #80]
	sub	r2, r1, ip
	str	r2, [r0, #84]
	addw	r1, ip, #0xff8
	ldrsh	r2, [r1, #4]!			@ signed halfword, pre-index, writeback
	str	r2, [r0, #88]
	sub	r2, r1, ip
	str	r2, [r0, #92]
	ldr.w	r2, [ip, #0x18]			@ FR
	str	r2, [r0, #96]
	addw	r1, ip, #0xfd8
	ldrd	r2, r3, [r1, #8]!		@ LDRD, pre-index, writeback
	str	r2, [r0, #100]
	str	r3, [r0, #104]
	sub	r2, r1, ip
	str	r2, [r0, #108]

	/* Stores to DR: "bhwmdpqs" */
	mov	r1, ip
	movs	r2, #'b'
	strb	r2, [r1]			@ 16-bit STRB
	movs	r2, #'h'
	strh	r2, [r1]			@ 16-bit STRH
	movs	r2, #'w'
	str	r2, [r1]			@ 16-bit STR
	movs	r2, #'m'
	movs	r3, #0
	stm.w	r1, {r2, r3}			@ 32-bit STM, no writeback
	movs	r2, #'d'
	strd	r2, r3, [r1]			@ STRD
	adds	r1, #4
	movs	r2, #'p'
	str	r2, [r1, #-4]!			@ pre-index, writeback
	sub	r2, r1, ip
	str	r2, [r0, #112]
	movs	r2, #'q'
	strb	r2, [r1], #0x18			@ post-index
	sub	r2, r1, ip
	str	r2, [r0, #116]
	mov	r1, ip
	movs	r2, #'s'
	stmia	r1!, {r2}			@ 16-bit STM with writeback
	sub	r2, r1, ip
	str	r2, [r0, #120]
	pop	{r4-r5, pc}
	.size mmio_thumb, . - mmio_thumb
	.ltorg
