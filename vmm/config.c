/*
 * The VMs to run, from the host DTB's /chosen (vm_config.h has the
 * format). Everything in the DTB is checked before use, and a bad VM is
 * refused with one line that names it and the values at fault, so a typo
 * in a U-Boot script costs that VM only.
 */
#include <libfdt.h>
#include <hyp7/errno.h>
#include <hyp7/guest_dtb.h>
#include <hyp7/net_config.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/virt7.h>
#include <hyp7/virt7_layout.h>
#include <hyp7/vm_config.h>

#define VM_COMPATIBLE "hyp7,vm"
#define KERNEL_COMPATIBLE "multiboot,kernel"
#define RAMDISK_COMPATIBLE "multiboot,ramdisk"
#define DISK_IMAGE_COMPATIBLE "hyp7,disk-image"
#define SECTOR_SIZE 512
#define KIB_SHIFT 10
#define VM_MEM_GRANULE_KIB 4 /* stage 2 maps guest RAM in 4 KiB pages */
#define MAX_CELLS 2          /* a u64 */
#define VM_NR_MODULES 3      /* kernel, ramdisk, disk image */

/* printk's %llx wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

struct vm_module {
	const char *vm, *kind;
	u64 pa, size;
};

static u64 read_cells(const fdt32_t *cells, int n)
{
	u64 val = 0;

	while (n--)
		val = (val << 32) | fdt32_to_cpu(*cells++);
	return val;
}

/* A property holding one NUL-terminated string: 0, -ENOENT or -EINVAL. */
static int get_string(const void *fdt, int node, const char *prop, const char **str)
{
	int len;
	const char *s = fdt_getprop(fdt, node, prop, &len);

	if (!s)
		return -ENOENT;
	if (len < 1 || strnlen(s, len) != (size_t)len - 1)
		return -EINVAL;
	*str = s;
	return 0;
}

/* A number of one cell, or of one or two when max_cells is 2. */
static int get_number(const void *fdt, int node, const char *vm, const char *prop, int max_cells,
		      u64 *val)
{
	int len;
	const fdt32_t *cells = fdt_getprop(fdt, node, prop, &len);

	if (!cells) {
		pr_err("vm %s: no %s property\n", vm, prop);
		return -EINVAL;
	}
	if (len != 4 && !(len == 8 && max_cells == MAX_CELLS)) {
		pr_err("vm %s: %s is %d bytes long; it must be %s\n", vm, prop, len,
		       max_cells == MAX_CELLS ? "one or two cells" : "one cell");
		return -EINVAL;
	}
	*val = read_cells(cells, len / 4);
	return 0;
}

/*
 * A VM's name starts every line its console prints, so it is plain
 * (letters, digits, '.', '_', '-', starting with a letter, so that no
 * right-to-left text a guest prints can take the line's direction) and
 * never "hyp7", whose lines it would then pass for.
 */
bool config_name_is_plain(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/*
 * dtc refuses a "name" property that differs from the node's name and
 * drops one that matches it, so without one the node's name is the VM's.
 */
static int parse_name(const void *fdt, int node, char *name)
{
	const char *node_name = fdt_get_name(fdt, node, NULL), *s = node_name;
	int err = get_string(fdt, node, "name", &s);

	if ((err && err != -ENOENT) || !*s || strlen(s) >= VM_NAME_MAX) {
		pr_err("vm %s: the name must be a NUL-terminated string of 1 to %d characters\n",
		       node_name, VM_NAME_MAX - 1);
		return -EINVAL;
	}
	if (!config_name_is_plain(s) || !strcmp(s, "hyp7")) {
		pr_err("vm %s: the name must start with a letter, hold only letters, digits, '.', '_' "
		       "and '-', and not be \"hyp7\"\n", node_name);
		return -EINVAL;
	}
	memcpy(name, s, strlen(s) + 1);
	return 0;
}

static int parse_module(const void *fdt, int vm_node, int node, const char *vm, const char *kind,
			u64 *pa, u64 *size)
{
	int ac = fdt_address_cells(fdt, vm_node), sc = fdt_size_cells(fdt, vm_node), len;
	const fdt32_t *reg;

	if (*size) {
		pr_err("vm %s: more than one %s module\n", vm, kind);
		return -EINVAL;
	}
	if (ac < 1 || ac > MAX_CELLS || sc < 1 || sc > MAX_CELLS) {
		pr_err("vm %s: #address-cells and #size-cells must be 1 or 2, not %d and %d\n", vm, ac,
		       sc);
		return -EINVAL;
	}
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len != (ac + sc) * 4) {
		pr_err("vm %s: %s module: reg must be %d bytes (#address-cells %d, #size-cells %d), not %d\n",
		       vm, kind, (ac + sc) * 4, ac, sc, reg ? len : 0);
		return -EINVAL;
	}
	*pa = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	if (!*size) {
		pr_err("vm %s: %s module at 0x%llx is empty (size 0)\n", vm, kind, ULL(*pa));
		return -EINVAL;
	}
	return 0;
}

static int parse_modules(const void *fdt, int node, struct vm_config *vm)
{
	int child, err;

	fdt_for_each_subnode(child, fdt, node) {
		if (!fdt_node_check_compatible(fdt, child, KERNEL_COMPATIBLE)) {
			if (parse_module(fdt, node, child, vm->name, "kernel", &vm->kernel_pa,
					 &vm->kernel_size))
				return -EINVAL;
			err = get_string(fdt, child, "bootargs", &vm->bootargs);
			if (err && err != -ENOENT) {
				pr_err("vm %s: the kernel's bootargs is not a NUL-terminated string\n",
				       vm->name);
				return -EINVAL;
			}
		} else if (!fdt_node_check_compatible(fdt, child, RAMDISK_COMPATIBLE)) {
			if (parse_module(fdt, node, child, vm->name, "ramdisk", &vm->ramdisk_pa,
					 &vm->ramdisk_size))
				return -EINVAL;
		} else if (!fdt_node_check_compatible(fdt, child, DISK_IMAGE_COMPATIBLE)) {
			if (parse_module(fdt, node, child, vm->name, "disk image", &vm->disk_image_pa,
					 &vm->disk_image_size))
				return -EINVAL;
			vm->disk_read_only = fdt_getprop(fdt, child, "read-only", NULL) != NULL;
		}
	}
	if (vm->disk_image_size % SECTOR_SIZE) {
		pr_err("vm %s: disk image of %llu bytes: a disk holds whole sectors of %d bytes\n",
		       vm->name, ULL(vm->disk_image_size), SECTOR_SIZE);
		return -EINVAL;
	}
	if (!vm->kernel_size) {
		pr_err("vm %s: no module with compatible \"%s\"\n", vm->name, KERNEL_COMPATIBLE);
		return -EINVAL;
	}
	return 0;
}

static int parse_sizes(const void *fdt, int node, struct vm_config *vm, u64 free_left)
{
	u64 cpus, kib;

	if (get_number(fdt, node, vm->name, "cpus", 1, &cpus) ||
	    get_number(fdt, node, vm->name, "memory", MAX_CELLS, &kib))
		return -EINVAL;
	if (!cpus || cpus > GUEST_MAX_VCPUS) {
		pr_err("vm %s: cpus is %llu; a VM has 1 to %d vCPUs\n", vm->name, ULL(cpus),
		       GUEST_MAX_VCPUS);
		return -EINVAL;
	}
	if (!kib || kib % VM_MEM_GRANULE_KIB || kib > (~0ull >> KIB_SHIFT)) {
		pr_err("vm %s: memory is %llu KiB; it must be a non-zero multiple of %d KiB\n",
		       vm->name, ULL(kib), VM_MEM_GRANULE_KIB);
		return -EINVAL;
	}
	if (kib > free_left >> KIB_SHIFT) {
		pr_err("vm %s: memory is %llu KiB, more than the %llu KiB still free\n", vm->name,
		       ULL(kib), ULL(free_left >> KIB_SHIFT));
		return -EINVAL;
	}
	vm->nr_vcpus = cpus;
	vm->mem_size = kib << KIB_SHIFT;
	return 0;
}

/* Module idx (0: kernel, 1: ramdisk, 2: disk image) of v; size 0 if v has none. */
static struct vm_module module_of(const struct vm_config *v, unsigned int idx)
{
	if (idx == 2)
		return (struct vm_module){ v->name, "disk image", v->disk_image_pa,
					   v->disk_image_size };
	if (idx)
		return (struct vm_module){ v->name, "ramdisk", v->ramdisk_pa, v->ramdisk_size };
	return (struct vm_module){ v->name, "kernel", v->kernel_pa, v->kernel_size };
}

/* Ranges given by their last byte, so that one ending at 2^64 works. */
static bool overlap(u64 a, u64 a_last, u64 b, u64 b_last)
{
	return a <= b_last && b <= a_last;
}

static u64 module_last(const struct vm_module *m)
{
	return m->pa + (m->size - 1);
}

static bool in_ram(const struct host_memory_view *host, const struct vm_module *m)
{
	unsigned int i;

	if (m->size - 1 > ~0ull - m->pa)
		return false; /* wraps past 2^64 */
	for (i = 0; i < host->nr_ram; i++) {
		const struct mem_range *r = &host->ram[i];

		if (m->pa >= r->base && m->pa - r->base < r->size &&
		    m->size <= r->size - (m->pa - r->base))
			return true;
	}
	return false;
}

static int check_placement(const struct host_memory_view *host, const struct vm_module *m)
{
	unsigned int i;

	if (!in_ram(host, m)) {
		pr_err("vm %s: %s module 0x%llx+0x%llx is outside RAM\n", m->vm, m->kind, ULL(m->pa),
		       ULL(m->size));
		return -EINVAL;
	}
	if (host->hyp7_end > host->hyp7_start &&
	    overlap(m->pa, module_last(m), host->hyp7_start, host->hyp7_end - 1)) {
		pr_err("vm %s: %s module 0x%llx+0x%llx overlaps hyp7 at 0x%llx-0x%llx\n", m->vm,
		       m->kind, ULL(m->pa), ULL(m->size), ULL(host->hyp7_start), ULL(host->hyp7_end));
		return -EINVAL;
	}
	/* A disk image is the guest's to write: not over the DTB (bootargs live there) or firmware. */
	if (host->dtb_end > host->dtb_start &&
	    overlap(m->pa, module_last(m), host->dtb_start, host->dtb_end - 1)) {
		pr_err("vm %s: %s module 0x%llx+0x%llx overlaps the host DTB at 0x%llx-0x%llx\n", m->vm,
		       m->kind, ULL(m->pa), ULL(m->size), ULL(host->dtb_start), ULL(host->dtb_end));
		return -EINVAL;
	}
	for (i = 0; i < host->nr_reserved; i++) {
		const struct mem_range *r = &host->reserved[i];

		if (!r->size || !overlap(m->pa, module_last(m), r->base, r->base + (r->size - 1)))
			continue;
		pr_err("vm %s: %s module 0x%llx+0x%llx overlaps reserved memory 0x%llx+0x%llx\n", m->vm,
		       m->kind, ULL(m->pa), ULL(m->size), ULL(r->base), ULL(r->size));
		return -EINVAL;
	}
	return 0;
}

/*
 * Each module of vm against RAM and hyp7, then against the modules checked
 * before it: vm's own earlier one and every accepted VM's.
 */
static int check_modules(const struct host_memory_view *host, const struct vm_config *vm,
			 const struct vm_config *prev, unsigned int nr_prev)
{
	unsigned int k, i, j;

	for (k = 0; k < VM_NR_MODULES; k++) {
		struct vm_module m = module_of(vm, k);

		if (!m.size)
			continue;
		if (check_placement(host, &m))
			return -EINVAL;
		for (i = 0; i <= nr_prev; i++) {
			const struct vm_config *v = i < nr_prev ? &prev[i] : vm;

			for (j = 0; j < (i < nr_prev ? VM_NR_MODULES : k); j++) {
				struct vm_module o = module_of(v, j);

				if (!o.size || !overlap(m.pa, module_last(&m), o.pa, module_last(&o)))
					continue;
				pr_err("vm %s: %s module 0x%llx+0x%llx overlaps vm %s's %s module 0x%llx+0x%llx\n",
				       m.vm, m.kind, ULL(m.pa), ULL(m.size), o.vm, o.kind, ULL(o.pa),
				       ULL(o.size));
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* Refused here, with the reason, rather than when the VM is loaded. */
static int check_fit(const struct vm_config *vm)
{
	struct virt7_layout layout;
	const char *why;

	if (virt7_layout(vm->mem_size, vm->kernel_size, vm->ramdisk_size, &layout, &why)) {
		pr_err("vm %s: kernel (0x%llx bytes) and ramdisk (0x%llx bytes) do not fit in %llu KiB of memory: %s\n",
		       vm->name, ULL(vm->kernel_size), ULL(vm->ramdisk_size),
		       ULL(vm->mem_size >> KIB_SHIFT), why);
		return -EINVAL;
	}
	return 0;
}

/* host-cpus = <cpu ...>: the host CPUs the VM's vCPUs may run on; absent, any. */
static int parse_host_cpus(const void *fdt, int node, const struct host_memory_view *host,
			   struct vm_config *vm)
{
	int len, i;
	const fdt32_t *cells = fdt_getprop(fdt, node, "host-cpus", &len);

	if (!cells)
		return 0;
	if (len <= 0 || len % 4) {
		pr_err("vm %s: host-cpus must be a list of host CPU numbers, not %d bytes\n", vm->name,
		       len);
		return -EINVAL;
	}
	for (i = 0; i < len / 4; i++) {
		u32 cpu = fdt32_to_cpu(cells[i]);

		if (cpu >= host->nr_cpus) {
			pr_err("vm %s: host-cpus names cpu%u; the host has cpu0 to cpu%u\n", vm->name, cpu,
			       host->nr_cpus - 1);
			return -EINVAL;
		}
		vm->cpu_mask |= 1u << cpu;
	}
	return 0;
}

/* host-disk = <disk> or <disk first-sector sectors>: the VM's disk is (part of) a machine's disk. */
static int parse_host_disk(const void *fdt, int node, struct vm_config *vm)
{
	int len;
	const fdt32_t *cells = fdt_getprop(fdt, node, "host-disk", &len);

	if (!cells) {
		if (fdt_getprop(fdt, node, "host-disk-read-only", NULL))
			pr_warn("vm %s: host-disk-read-only without host-disk: it has no host disk\n",
				vm->name);
		return 0;
	}
	if (len != 4 && len != 12) {
		pr_err("vm %s: host-disk must be <disk> or <disk first-sector sectors>, not %d bytes\n",
		       vm->name, len);
		return -EINVAL;
	}
	if (vm->disk_image_size) {
		pr_err("vm %s: a disk image and a host-disk: a VM has one disk\n", vm->name);
		return -EINVAL;
	}
	vm->has_host_disk = true;
	vm->host_disk = fdt32_to_cpu(cells[0]);
	if (len == 12) {
		vm->host_disk_first = fdt32_to_cpu(cells[1]);
		vm->host_disk_sectors = fdt32_to_cpu(cells[2]);
		if (!vm->host_disk_sectors) {
			pr_err("vm %s: host-disk: a region of 0 sectors\n", vm->name);
			return -EINVAL;
		}
	}
	vm->disk_read_only = fdt_getprop(fdt, node, "host-disk-read-only", NULL) != NULL;
	return 0;
}

/* The last sector of a host-disk region; one "to the end" ends at the largest. */
static u64 host_disk_last(const struct vm_config *vm)
{
	return vm->host_disk_sectors ? vm->host_disk_first + vm->host_disk_sectors - 1 : ~0ull;
}

/* Two VMs share sectors of a machine's disk only if neither can write them. */
static int check_host_disk(const struct vm_config *vm, const struct vm_config *prev,
			   unsigned int nr_prev)
{
	unsigned int i;

	if (!vm->has_host_disk)
		return 0;
	for (i = 0; i < nr_prev; i++) {
		const struct vm_config *o = &prev[i];

		if (!o->has_host_disk || o->host_disk != vm->host_disk ||
		    (o->disk_read_only && vm->disk_read_only) ||
		    !overlap(vm->host_disk_first, host_disk_last(vm), o->host_disk_first,
			     host_disk_last(o)))
			continue;
		pr_err("vm %s: host-disk %u from sector %llu overlaps vm %s's, from sector %llu, "
		       "and one of them may write\n", vm->name, vm->host_disk,
		       ULL(vm->host_disk_first), o->name, ULL(o->host_disk_first));
		return -EINVAL;
	}
	return 0;
}

/* network = "NAME", local-mac-address = [6 bytes]: a unicast address, not all zero. */
static int parse_network(const void *fdt, int node, struct vm_config *vm)
{
	const u8 *mac;
	const char *net;
	int len, err = get_string(fdt, node, "network", &net);

	mac = fdt_getprop(fdt, node, "local-mac-address", &len);
	if (err == -ENOENT) {
		if (mac)
			pr_warn("vm %s: local-mac-address without a network: it has no network\n",
				vm->name);
		return 0;
	}
	if (err || !net_config_exists(fdt, net)) {
		pr_err("vm %s: network \"%s\" is not a hyp7,network of /chosen\n", vm->name,
		       err ? "" : net);
		return -EINVAL;
	}
	if (mac && (len != 6 || (mac[0] & 1) ||
		    !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))) {
		pr_err("vm %s: local-mac-address must be 6 bytes of a unicast address, not all zero\n",
		       vm->name);
		return -EINVAL;
	}
	memcpy(vm->network, net, strlen(net) + 1);
	vm->has_mac = mac != NULL;
	if (mac)
		memcpy(vm->mac, mac, 6);
	return 0;
}

static int parse_vm(const void *fdt, int node, const struct host_memory_view *host,
		    const struct vm_config *prev, unsigned int nr_prev, u64 free_left,
		    struct vm_config *vm)
{
	unsigned int i;

	memset(vm, 0, sizeof(*vm));
	if (parse_name(fdt, node, vm->name))
		return -EINVAL;
	for (i = 0; i < nr_prev; i++) {
		if (!strcmp(prev[i].name, vm->name)) {
			pr_err("vm %s: another VM has this name already\n", vm->name);
			return -EINVAL;
		}
	}
	if (parse_sizes(fdt, node, vm, free_left) || parse_host_cpus(fdt, node, host, vm) ||
	    parse_modules(fdt, node, vm) || parse_host_disk(fdt, node, vm) ||
	    parse_network(fdt, node, vm) ||
	    check_modules(host, vm, prev, nr_prev) || check_host_disk(vm, prev, nr_prev))
		return -EINVAL;
	return check_fit(vm);
}

int vm_config_parse(const void *fdt, const struct host_memory_view *host, struct vm_config *vms,
		    unsigned int max)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	u64 free_left = host->free_bytes;
	unsigned int count = 0;

	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen) {
		if (fdt_node_check_compatible(fdt, node, VM_COMPATIBLE))
			continue;
		if (count == max) {
			pr_err("vm %s: more than %u VMs configured; not starting this one\n",
			       fdt_get_name(fdt, node, NULL), max);
			continue;
		}
		if (parse_vm(fdt, node, host, vms, count, free_left, &vms[count]))
			continue;
		/* A disk image stays where it is for good: its pages are no VM's memory. */
		free_left -= vms[count].mem_size;
		free_left -= vms[count].disk_image_size < free_left ? vms[count].disk_image_size : free_left;
		count++;
	}
	return count;
}
