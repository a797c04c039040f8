/* Starting the VMs hyp7 was given and running them to their end (vmm/vmm.c). */
#ifndef HYP7_VMM_H
#define HYP7_VMM_H

#include <hyp7/types.h>
#include <hyp7/vmm_disk.h>

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
	struct vmm_disk_spec disk;
	const char *network; /* the network its virtio-net joins; NULL: none */
	bool has_mac;        /* mac given; else one made from the name */
	u8 mac[6];
};

/* Creates and loads the VM; 0, or -errno after a "hyp7: error: vm <name>: ..." line. */
int vmm_add_vm(const struct vmm_vm_spec *spec);
/* Runs every VM until it powers off; each is destroyed then. */
void vmm_run(void);

/* For the console and the monitor (vmm/console.c), VMs by their index in the order added. */
unsigned int vmm_nr_vms(void);
const char *vmm_vm_name(unsigned int i);
/* Not ended for good (a VM being reset is alive). */
bool vmm_vm_alive(unsigned int i);
/* A character typed for the VM's UART; false if lost: overrun, or the VM is ending or resetting. */
bool vmm_vm_input(unsigned int i, u8 c);
/* Prints every VM: its state, vCPUs, memory and exit statistics. */
void vmm_list(void);
/* Destroys the VM, or resets it: -EBUSY if it is already stopping or ended. */
int vmm_monitor_stop(unsigned int i, bool reset);

#endif
