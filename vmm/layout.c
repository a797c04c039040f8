/*
 * The Linux boot protocol as QEMU's virt board lays it out (hw/arm/boot.c's
 * behaviour, measured: DTB at RAM + 64 MiB for 128 MiB): the kernel at
 * VIRT7_KERNEL_OFFSET, the initrd at half the RAM but no higher than
 * 128 MiB, the DTB on the next page after the initrd. Used both to check a
 * VM's configuration and to load it, so the two cannot disagree.
 */
#include <hyp7/errno.h>
#include <hyp7/virt7.h>
#include <hyp7/virt7_layout.h>

#define INITRD_MAX_OFFSET 0x8000000
#define LAYOUT_PAGE 0x1000

int virt7_layout(u64 mem_size, u64 kernel_size, u64 initrd_size, struct virt7_layout *layout,
		 const char **why)
{
	u64 initrd_offset = mem_size / 2 < INITRD_MAX_OFFSET ? mem_size / 2 : INITRD_MAX_OFFSET;
	u64 dtb_offset;

	/* Differences, not sums: no size can overflow them. */
	if (initrd_offset < VIRT7_KERNEL_OFFSET || kernel_size > initrd_offset - VIRT7_KERNEL_OFFSET) {
		*why = "the kernel does not fit below the initrd, at half the memory";
		return -E2BIG;
	}
	if (initrd_size > mem_size - initrd_offset) {
		*why = "the initrd does not fit above half the memory";
		return -E2BIG;
	}
	dtb_offset = (initrd_offset + initrd_size + LAYOUT_PAGE - 1) & ~(u64)(LAYOUT_PAGE - 1);
	if (dtb_offset > mem_size || mem_size - dtb_offset < VIRT7_DTB_MAX) {
		*why = "no room is left for the DTB after the initrd";
		return -E2BIG;
	}
	layout->kernel = VIRT7_RAM_BASE + VIRT7_KERNEL_OFFSET;
	layout->initrd = VIRT7_RAM_BASE + initrd_offset;
	layout->dtb = VIRT7_RAM_BASE + dtb_offset;
	return 0;
}
