/*
 * The demo guests hyp7 runs when the DTB names no VM (make run): test
 * guests from guests/, built first and carried inside the image.
 */
.macro DEMO_GUEST name, file
	.global demo_\name\()_start, demo_\name\()_end
	.balign	4
demo_\name\()_start:
	.incbin	"\file"
demo_\name\()_end:
.endm

	.section .rodata, "a"
	DEMO_GUEST hello, DEMO_GUEST_DIR/hello.bin
	DEMO_GUEST hvc, DEMO_GUEST_DIR/hvc.bin
