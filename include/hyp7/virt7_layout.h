/* Where a VM's kernel, initrd and DTB go in its RAM (virt/layout.c). */
#ifndef HYP7_VIRT7_LAYOUT_H
#define HYP7_VIRT7_LAYOUT_H

#include <hyp7/types.h>

#define VIRT7_DTB_MAX 0x4000

struct virt7_layout {
	u64 kernel, initrd, dtb; /* IPAs */
};

/*
 * As QEMU's virt board places them in mem_size bytes of RAM: 0, or -E2BIG
 * with *why saying which part does not fit.
 */
int virt7_layout(u64 mem_size, u64 kernel_size, u64 initrd_size, struct virt7_layout *layout,
		 const char **why);

#endif
