/* Cache maintenance by virtual address. */
	.text
	.arm

/*
 * dcache_clean_poc(const void *va, size_t size) cleans the D-cache lines
 * covering [va, va + size) to the point of coherency, for observers that
 * do not look in the caches (HYP with its MMU off, table walks before HYP
 * trusts its caches). dcache_clean_inval_poc also invalidates them, so
 * that the next read sees what another observer wrote to memory.
 * Clobbers r0-r3.
 */
.macro DCACHE_BY_VA name, op
	.global \name
\name:
	mrc	p15, 0, r3, c0, c0, 1	@ CTR
	ubfx	r3, r3, #16, #4		@ DminLine: log2 of the line in words
	mov	r2, #4
	lsl	r2, r2, r3		@ line size in bytes
	add	r1, r0, r1
	sub	r3, r2, #1
	bic	r0, r0, r3
1:	cmp	r0, r1
	mcrlo	p15, 0, r0, c7, \op	@ DCCMVAC or DCCIMVAC
	addlo	r0, r0, r2
	blo	1b
	dsb	ish
	bx	lr
.endm

	DCACHE_BY_VA dcache_clean_poc, "c10, 1"
	DCACHE_BY_VA dcache_clean_inval_poc, "c14, 1"
