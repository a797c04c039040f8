/*
 * Which VMs to run, read from the host DTB's /chosen (DESIGN section 6),
 * in the form Xen's dom0less users already write:
 *
 *   chosen {
 *       vm1 {
 *           compatible = "hyp7,vm";
 *           #address-cells = <1>;          for the modules' reg (default 2)
 *           #size-cells = <1>;             (default 1)
 *           cpus = <2>;
 *           memory = <0x20000>;            KiB, one or two cells
 *           host-cpus = <0 1>;             optional: the host CPUs it may run on
 *           module@48000000 {
 *               compatible = "multiboot,kernel", "multiboot,module";
 *               reg = <0x48000000 0x600000>;
 *               bootargs = "console=ttyAMA0";
 *           };
 *           module@49000000 {              optional
 *               compatible = "multiboot,ramdisk", "multiboot,module";
 *               reg = <0x49000000 0x400000>;
 *           };
 *           module@50000000 {              optional: a disk image, the VM's
 *               compatible = "hyp7,disk-image", "multiboot,module";
 *               reg = <0x50000000 0x4000000>;      disk in memory (whole sectors)
 *               read-only;                 optional
 *           };
 *           host-disk = <0>;               or: its disk is the machine's disk 0
 *           host-disk = <0 2048 131072>;   or: sectors 2048.. of it, 131072 of them
 *           host-disk-read-only;           optional
 *       };
 *   };
 *
 * The VM is called after its node unless a "name" string says otherwise:
 * dtc refuses a "name" that differs from the node's name, U-Boot's
 * "fdt set" can write one. Other child nodes of a VM are not hyp7's and
 * are ignored. The size checks are those that hold wherever the loader
 * puts the ramdisk: the kernel at VIRT7_KERNEL_OFFSET into the VM's RAM,
 * the kernel and the ramdisk together in the RAM above that offset. A VM
 * has at most one disk, a virtio-blk device; whether a host-disk is there
 * and large enough is checked when the machine's disks are known. A VM
 * may join a network (include/hyp7/net_config.h) with a virtio-net.
 */
#ifndef HYP7_VM_CONFIG_H
#define HYP7_VM_CONFIG_H

#include <arch/platform.h>
#include <hyp7/types.h>

#define VM_CONFIG_MAX 8
#define VM_NAME_MAX 32 /* with the NUL */

struct vm_config {
	char name[VM_NAME_MAX];
	u32 nr_vcpus;
	u64 mem_size; /* bytes */
	u64 kernel_pa, kernel_size;
	u64 ramdisk_pa, ramdisk_size; /* size 0: no ramdisk */
	const char *bootargs;         /* points into the host DTB; NULL: none */
	u32 cpu_mask;                 /* host CPUs it may run on (host-cpus); 0: any */
	u64 disk_image_pa, disk_image_size; /* size 0: no disk image */
	bool disk_read_only;          /* either disk */
	bool has_host_disk;
	u32 host_disk;                /* the machine's disk, by its number */
	u64 host_disk_first, host_disk_sectors; /* sectors 0: to the end of that disk */
	char network[VM_NAME_MAX];    /* the network its virtio-net joins; "": none */
	bool has_mac;                 /* local-mac-address; else one made from its name */
	u8 mac[6];
};

/* What the host knows, to check configurations against. */
struct host_memory_view {
	const struct mem_range *ram;
	unsigned int nr_ram;
	u64 hyp7_start, hyp7_end; /* hyp7's image, [start, end) */
	u64 dtb_start, dtb_end;   /* the host DTB, [start, end) */
	const struct mem_range *reserved; /* /memreserve/ and /reserved-memory */
	unsigned int nr_reserved;
	u64 free_bytes;           /* what the VMs' memory can come from */
	unsigned int nr_cpus;     /* host CPUs, for host-cpus */
};

/*
 * Fills vms[0..n) with the valid VMs, in DTB order, and returns n (at most
 * max). A VM is refused, with one "hyp7: error: vm <name>: ..." line, and
 * the others still start, when: a property is missing or malformed (wrong
 * length, a string without its NUL, a name over VM_NAME_MAX - 1 characters
 * or already used), cpus is not 1 to GUEST_MAX_VCPUS, host-cpus names a
 * CPU the host does not have, memory is not a
 * non-zero multiple of 4 KiB or is more than the free memory earlier VMs
 * left, there is no kernel module or a module is empty, outside RAM, or
 * overlaps hyp7 or another module, the kernel does not fit in memory
 * above VIRT7_KERNEL_OFFSET, or the kernel and the ramdisk together do
 * not, or max VMs were accepted already.
 */
int vm_config_parse(const void *fdt, const struct host_memory_view *host, struct vm_config *vms,
		    unsigned int max);
/* A name for a VM or a network: a letter, then letters, digits, '.', '_' and '-'. */
bool config_name_is_plain(const char *s);

#endif
