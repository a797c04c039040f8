/*
 * hyp7's layout: linked at KIMAGE_VA, loaded anywhere (boot/head.S is
 * position-independent). The ELF's load address is ELF_LOAD_PA, for QEMU
 * -kernel, which loads ELF segments at their physical addresses.
 * Each HYP section is page-aligned and page-padded, so that HYP maps its
 * own code and data and nothing of the host's.
 */
#include <arch/memory.h>

OUTPUT_ARCH(arm)
ENTRY(_entry_pa)

SECTIONS
{
	. = KIMAGE_VA;
	_text = .;
	.head.text : AT(ELF_LOAD_PA) { *(.head.text) }
	.text : { *(.text .text.*) }
	.rodata : { *(.rodata .rodata.*) }

	. = ALIGN(PAGE_SIZE);
	.hyp.idmap.text : {
		__hyp_idmap_text_start = .;
		*(.hyp.idmap.text)
		__hyp_idmap_text_end = .;
	}
	. = ALIGN(PAGE_SIZE);
	.hyp.text : {
		__hyp_text_start = .;
		*(.hyp.text .hyp.text.*)
		. = ALIGN(PAGE_SIZE);
		__hyp_text_end = .;
	}
	.hyp.data : {
		__hyp_data_start = .;
		*(.hyp.rodata .hyp.rodata.* .hyp.data .hyp.data.* .hyp.bss .hyp.bss.*)
		. = ALIGN(PAGE_SIZE);
		__hyp_data_end = .;
	}
	/* Runs with the HYP MMU off, at its physical address. */
	.hyp.stub.text : { *(.hyp.stub.text) }

	.data : { *(.data .data.*) }
	/* libfdt.a is PIC: its GOT, filled at link time, rides along as data. */
	.got : { *(.got.plt) *(.got) }

	. = ALIGN(8);
	__bss_start = .;
	.bss (NOLOAD) : {
		*(.bss.page_aligned)
		*(.bss .bss.* COMMON)
	}
	. = ALIGN(8);
	__bss_end = .;
	_end = .;
	__image_size = _end - _text;
	_entry_pa = _start - KIMAGE_VA + ELF_LOAD_PA;

	/DISCARD/ : { *(.ARM.exidx* .ARM.extab* .hyp.ARM.* .comment .note.*) }

	ASSERT(__image_size <= KIMAGE_MAX_SIZE, "hyp7 is larger than the early page tables map")
	ASSERT(__hyp_idmap_text_end - __hyp_idmap_text_start <= PAGE_SIZE,
	       "the HYP init code must fit in one page")
}
