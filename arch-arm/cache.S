/* Cache maintenance by virtual address. */
	.text
	.arm

/*
 * void dcache_clean_poc(const void *va, size_t size)
 * Cleans the D-cache lines covering [va, va + size) to the point of
 * coherency, for observers that do not look in the caches (HYP with its
 * MMU off, table walks before HYP trusts its caches).
 * Clobbers r0-r3.
 */
	.global dcache_clean_poc
dcache_clean_poc:
	mrc	p15, 0, r3, c0, c0, 1	@ CTR
	ubfx	r3, r3, #16, #4		@ DminLine: log2 of the line in words
	mov	r2, #4
	lsl	r2, r2, r3		@ line size in bytes
	add	r1, r0, r1
	sub	r3, r2, #1
	bic	r0, r0, r3
1:	cmp	r0, r1
	mcrlo	p15, 0, r0, c7, c10, 1	@ DCCMVAC
	addlo	r0, r0, r2
	blo	1b
	dsb	ish
	bx	lr
