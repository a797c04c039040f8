/*
 * The DTB a guest boots with (DESIGN section 5): the virt7 machine
 * described the way QEMU's virt board describes itself, so that kernels
 * built for it find what they expect.
 */
#ifndef HYP7_GUEST_DTB_H
#define HYP7_GUEST_DTB_H

#include <hyp7/types.h>

/* The GICv2 has eight CPU interfaces, and its PPI CPU mask eight bits. */
#define GUEST_MAX_VCPUS 8

struct guest_dtb_params {
	u64 ram_base, ram_size;
	u32 nr_vcpus; /* vCPU i has MPIDR affinity i (Aff0): VMPIDR must agree */
	const char *bootargs; /* NULL: none */
	u64 initrd_start, initrd_size; /* size 0: no initrd */
};

/*
 * Writes the DTB into buf[0, size); its length is then fdt_totalsize(buf).
 * -E2BIG if it does not fit, -EINVAL for 0 or more than GUEST_MAX_VCPUS
 * vCPUs, no RAM, or an initrd range that wraps.
 */
int guest_dtb_build(void *buf, u32 size, const struct guest_dtb_params *p);

#endif
