/* Starting the VMs hyp7 was given and running them to their end (virt/vmm.c). */
#ifndef HYP7_VMM_H
#define HYP7_VMM_H

#include <hyp7/types.h>

#define VMM_MAX_VMS 8

/* What one VM is made of; the images stay where they are until vmm_run() ends. */
struct vmm_vm_spec {
	const char *name;
	u32 nr_vcpus;
	u64 mem_size;
	const void *kernel;
	u32 kernel_size;
	const void *ramdisk; /* NULL: none */
	u32 ramdisk_size;
	const char *bootargs; /* NULL: none */
	u32 cpu_mask;         /* host CPUs its vCPUs may run on; 0: any */
};

/* Creates and loads the VM; 0, or -errno after a "hyp7: error: vm <name>: ..." line. */
int vmm_add_vm(const struct vmm_vm_spec *spec);
/* Runs every VM until it powers off; each is destroyed then. */
void vmm_run(void);

#endif
