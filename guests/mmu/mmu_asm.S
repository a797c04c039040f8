/* Accesses the syndrome cannot describe (ISV = 0), for mmu.c. */
	.text
	.arm

/* void ldm_pcell_ids(u32 out[4]): LDM of the UART's PCellID0-3. */
	.global ldm_pcell_ids
ldm_pcell_ids:
	push	{r4, r5}
	ldr	r1, =0x09000ff0
	ldm	r1, {r2-r5}
	stm	r0, {r2-r5}
	pop	{r4, r5}
	bx	lr

/* u32 ldr_writeback(u32 *base_after): LDR of PeriphID0 with pre-index writeback. */
	.global ldr_writeback
ldr_writeback:
	ldr	r1, =0x09000fd0
	ldr	r2, [r1, #0x10]!
	str	r1, [r0]
	mov	r0, r2
	bx	lr
