/*
 * vmm/config.c on DTBs built here with the host's libfdt: a valid
 * configuration, then each way a VM can be wrong. A bad VM is skipped with
 * exactly one error line (checked word for word) and a good VM next to it
 * still starts. Hostile inputs: truncated and oversized properties,
 * strings without their NUL, sizes that overflow when added.
 */
#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/net_config.h>
#include <hyp7/vm_config.h>

/* From fake_printk.c. */
extern char printk_log[];
void printk_log_reset(void);

#define GOOD_KERNEL 0x50000000u
#define KERNEL_SIZE 0x200000u
#define GOOD_RAMDISK 0x50400000u
#define RAMDISK_SIZE 0x100000u
#define BAD_KERNEL 0x60000000u
#define VM_KIB 16384u

static char fdt[65536];
static int chosen;
static const struct mem_range ram[] = { { 0x40000000, 0x40000000 } }; /* 1 GiB at 1 GiB */
static const struct mem_range reserved[] = { { 0x7e000000, 0x100000 } }; /* firmware's */
static struct host_memory_view host;
static struct vm_config vms[VM_CONFIG_MAX];

static void setup(void)
{
	ck_assert_int_eq(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	chosen = fdt_add_subnode(fdt, 0, "chosen");
	ck_assert_int_ge(chosen, 0);
	host = (struct host_memory_view){
		.ram = ram, .nr_ram = 1, .hyp7_start = 0x40200000, .hyp7_end = 0x40400000,
		.dtb_start = 0x40000000, .dtb_end = 0x40010000, .reserved = reserved, .nr_reserved = 1,
		.free_bytes = 512 << 20, .nr_cpus = 2,
	};
	memset(vms, 0, sizeof(vms));
	printk_log_reset();
}

static void ok(int fdt_err)
{
	ck_assert_msg(fdt_err >= 0, "libfdt: %s", fdt_strerror(fdt_err));
}

/*
 * A VM node with one-cell addresses and sizes, as Xen's examples have.
 * fdt_add_subnode() puts a node before its siblings, so the tests create
 * VMs last first; and it moves the nodes after it, so a node's offset is
 * used only until the next node is added in front of it.
 */
static int add_vm(const char *node, u32 cpus, u32 mem_kib)
{
	int vm = fdt_add_subnode(fdt, chosen, node);

	ok(vm);
	ok(fdt_setprop_string(fdt, vm, "compatible", "hyp7,vm"));
	ok(fdt_setprop_u32(fdt, vm, "#address-cells", 1));
	ok(fdt_setprop_u32(fdt, vm, "#size-cells", 1));
	ok(fdt_setprop_u32(fdt, vm, "cpus", cpus));
	ok(fdt_setprop_u32(fdt, vm, "memory", mem_kib));
	return vm;
}

static int add_module(int vm, const char *compatible, u32 pa, u32 size)
{
	char name[32];
	int m;

	snprintf(name, sizeof(name), "module@%x", pa);
	m = fdt_add_subnode(fdt, vm, name);
	ok(m);
	ok(fdt_setprop_string(fdt, m, "compatible", compatible));
	ok(fdt_setprop_u32(fdt, m, "reg", pa));
	ok(fdt_appendprop_u32(fdt, m, "reg", size));
	return m;
}

static int add_kernel(int vm, u32 pa, u32 size)
{
	return add_module(vm, "multiboot,kernel", pa, size);
}

static int add_good(void)
{
	int vm = add_vm("good", 1, VM_KIB);

	add_kernel(vm, GOOD_KERNEL, KERNEL_SIZE);
	add_module(vm, "multiboot,ramdisk", GOOD_RAMDISK, RAMDISK_SIZE);
	return vm;
}

static int parse(void)
{
	return vm_config_parse(fdt, &host, vms, VM_CONFIG_MAX);
}

START_TEST(two_valid_vms)
{
	int vm2 = add_vm("vm2", 8, 32768), vm1, kernel;

	add_kernel(vm2, 0x4a000000, 0x200000);
	ok(fdt_setprop_string(fdt, vm2, "name", "second"));
	vm1 = add_vm("vm1", 2, 65536);
	kernel = add_kernel(vm1, 0x48000000, 0x600000);
	ok(fdt_setprop_string(fdt, kernel, "bootargs", "console=ttyAMA0 rdinit=/init"));
	add_module(vm1, "multiboot,ramdisk", 0x49000000, 0x400000);
	ok(fdt_setprop_u32(fdt, vm1, "host-cpus", 1));

	ck_assert_int_eq(parse(), 2);
	ck_assert_str_eq(printk_log, "");
	ck_assert_str_eq(vms[0].name, "vm1");
	ck_assert_uint_eq(vms[0].nr_vcpus, 2);
	ck_assert_uint_eq(vms[0].mem_size, 64 << 20);
	ck_assert_uint_eq(vms[0].kernel_pa, 0x48000000);
	ck_assert_uint_eq(vms[0].kernel_size, 0x600000);
	ck_assert_uint_eq(vms[0].ramdisk_pa, 0x49000000);
	ck_assert_uint_eq(vms[0].ramdisk_size, 0x400000);
	ck_assert_str_eq(vms[0].bootargs, "console=ttyAMA0 rdinit=/init");
	ck_assert_uint_eq(vms[0].cpu_mask, 1u << 1);
	ck_assert_str_eq(vms[1].name, "second");
	ck_assert_uint_eq(vms[1].cpu_mask, 0);
	ck_assert_uint_eq(vms[1].nr_vcpus, 8);
	ck_assert_uint_eq(vms[1].mem_size, 32 << 20);
	ck_assert_uint_eq(vms[1].kernel_pa, 0x4a000000);
	ck_assert_uint_eq(vms[1].ramdisk_size, 0);
	ck_assert_ptr_null(vms[1].bootargs);
}
END_TEST

/* What Xen users write: default cells (2 and 1), two-cell memory, module lists. */
START_TEST(xen_dom0less_style)
{
	static const char kernel_compat[] = "multiboot,kernel\0multiboot,module";
	static const char ramdisk_compat[] = "multiboot,ramdisk\0multiboot,module";
	const fdt32_t memory[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x10000) };
	const fdt32_t kernel_reg[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x48000000),
				       cpu_to_fdt32(0x600000) };
	const fdt32_t ramdisk_reg[] = { cpu_to_fdt32(0), cpu_to_fdt32(0x49000000),
					cpu_to_fdt32(0x100000) };
	int vm = fdt_add_subnode(fdt, chosen, "domU1"), m;

	ok(vm);
	ok(fdt_setprop_string(fdt, vm, "compatible", "hyp7,vm"));
	ok(fdt_setprop_u32(fdt, vm, "cpus", 2));
	ok(fdt_setprop(fdt, vm, "memory", memory, sizeof(memory)));
	ok(m = fdt_add_subnode(fdt, vm, "module@48000000"));
	ok(fdt_setprop(fdt, m, "compatible", kernel_compat, sizeof(kernel_compat)));
	ok(fdt_setprop(fdt, m, "reg", kernel_reg, sizeof(kernel_reg)));
	ok(m = fdt_add_subnode(fdt, vm, "module@49000000"));
	ok(fdt_setprop(fdt, m, "compatible", ramdisk_compat, sizeof(ramdisk_compat)));
	ok(fdt_setprop(fdt, m, "reg", ramdisk_reg, sizeof(ramdisk_reg)));
	/* Not hyp7's: ignored. */
	add_module(vm, "multiboot,device-tree", 0x4a000000, 0x1000);

	ck_assert_int_eq(parse(), 1);
	ck_assert_str_eq(printk_log, "");
	ck_assert_str_eq(vms[0].name, "domU1");
	ck_assert_uint_eq(vms[0].mem_size, 64 << 20);
	ck_assert_uint_eq(vms[0].kernel_pa, 0x48000000);
	ck_assert_uint_eq(vms[0].ramdisk_size, 0x100000);
}
END_TEST

START_TEST(no_vms)
{
	ck_assert_int_eq(vm_config_parse(fdt, &host, vms, VM_CONFIG_MAX), 0);
	ok(fdt_setprop_string(fdt, fdt_add_subnode(fdt, chosen, "other"), "compatible", "foo,bar"));
	ck_assert_int_eq(parse(), 0);
	ok(fdt_del_node(fdt, chosen));
	ck_assert_int_eq(parse(), 0);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

/* Modules right next to hyp7 and each other, memory exactly what is free. */
START_TEST(edges_that_fit)
{
	int vm = add_vm("a", 1, 4096), vm2;

	/* The largest kernel and initrd 4 MiB holds (vmm/layout.c): 0x1f0000 up to the
	 * initrd at 2 MiB, the initrd up to the DTB's 16 KiB at the end. */
	add_kernel(vm, 0x40400000, 0x1f0000); /* starts where hyp7 ends */
	add_module(vm, "multiboot,ramdisk", 0x40400000 + 0x1f0000, 0x1fc000);
	vm2 = add_vm("b", 1, (512 << 10) - 4096);
	add_kernel(vm2, 0x40100000, 0x100000); /* ends where hyp7 starts */
	ck_assert_int_eq(parse(), 2);
	ck_assert_str_eq(printk_log, "");
}
END_TEST

struct bad_case {
	const char *what;
	void (*make)(void);
	const char *line;
};

static void kernel_overlaps_hyp7(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), 0x40300000, 0x100000);
}

static void kernel_overlaps_other_vm(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), GOOD_KERNEL + KERNEL_SIZE - 0x1000, 0x1000);
}

static void ramdisk_overlaps_other_vm(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "multiboot,ramdisk", GOOD_KERNEL - 0x1000, 0x2000);
}

static void kernel_overlaps_other_vms_ramdisk(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), GOOD_RAMDISK + RAMDISK_SIZE - 1, 1);
}

static void ramdisk_overlaps_own_kernel(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "multiboot,ramdisk", BAD_KERNEL + 0x100000, 0x100000);
}

static void kernel_above_ram(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), 0x90000000, 0x1000);
}

static void kernel_across_ram_end(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), 0x7ff00000, 0x200000);
}

static void ramdisk_below_ram(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "multiboot,ramdisk", 0x3ff00000, 0x200000);
}

static void kernel_bigger_than_memory(void)
{
	add_kernel(add_vm("bad", 1, 4096), BAD_KERNEL, 0x1f0001);
}

static void kernel_bigger_than_tiny_memory(void)
{
	add_kernel(add_vm("bad", 1, 4), BAD_KERNEL, 0x1000);
}

static void kernel_and_ramdisk_too_big(void)
{
	int vm = add_vm("bad", 1, 4096);

	add_kernel(vm, BAD_KERNEL, 0x100000);
	add_module(vm, "multiboot,ramdisk", BAD_KERNEL + 0x1000000, 0x1fc001);
}

static void ramdisk_bigger_than_half(void)
{
	int vm = add_vm("bad", 1, 4096);

	add_kernel(vm, BAD_KERNEL, 0x100000);
	add_module(vm, "multiboot,ramdisk", BAD_KERNEL + 0x1000000, 0x200001);
}

static void memory_more_than_free(void)
{
	add_kernel(add_vm("bad", 1, (512 << 10) - VM_KIB + 4), BAD_KERNEL, KERNEL_SIZE);
}

static void zero_cpus(void)
{
	add_kernel(add_vm("bad", 0, VM_KIB), BAD_KERNEL, KERNEL_SIZE);
}

static void nine_cpus(void)
{
	add_kernel(add_vm("bad", 9, VM_KIB), BAD_KERNEL, KERNEL_SIZE);
}

static void no_kernel(void)
{
	add_module(add_vm("bad", 1, VM_KIB), "multiboot,ramdisk", BAD_KERNEL, KERNEL_SIZE);
}

static void empty_kernel(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB), BAD_KERNEL, 0);
}

static void empty_ramdisk(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "multiboot,ramdisk", BAD_KERNEL + KERNEL_SIZE, 0);
}

static void two_kernels(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_kernel(vm, BAD_KERNEL + KERNEL_SIZE, KERNEL_SIZE);
}

static void no_memory(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_delprop(fdt, vm, "memory"));
}

static void no_cpus(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_delprop(fdt, vm, "cpus"));
}

static void cpus_two_cells(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u64(fdt, vm, "cpus", 1));
}

static void memory_three_bytes(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop(fdt, vm, "memory", "\0\0\x40", 3));
}

static void memory_three_cells(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_appendprop_u64(fdt, vm, "memory", 0));
}

static void memory_zero(void)
{
	add_kernel(add_vm("bad", 1, 0), BAD_KERNEL, KERNEL_SIZE);
}

static void memory_not_page_multiple(void)
{
	add_kernel(add_vm("bad", 1, VM_KIB + 1), BAD_KERNEL, KERNEL_SIZE);
}

/* 2^54 KiB is 2^64 bytes: the conversion must not wrap to 0. */
static void memory_overflows_u64(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u64(fdt, vm, "memory", 1ull << 54));
}

static void name_too_long(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "a-name-of-thirty-two-characters!"));
}

static void node_name_too_long(void)
{
	add_kernel(add_vm("a-name-of-thirty-two-characters!", 1, VM_KIB), BAD_KERNEL, KERNEL_SIZE);
}

static void name_without_nul(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop(fdt, vm, "name", "abc", 3));
}

static void name_empty(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", ""));
}

static void name_hyp7(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "hyp7"));
}

static void name_with_escape(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "x\x1b[2Khyp7"));
}

static void name_with_space(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "a b"));
}

static void name_not_a_letter_first(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "1-2"));
}

static void host_cpus_unknown(void)
{
	int vm = add_vm("bad", 1, VM_KIB);
	fdt32_t cpus[] = { cpu_to_fdt32(1), cpu_to_fdt32(2) };

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop(fdt, vm, "host-cpus", cpus, sizeof(cpus)));
}

static void host_cpus_empty(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop(fdt, vm, "host-cpus", NULL, 0));
}

static void name_taken(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "name", "good"));
}

static void bootargs_without_nul(void)
{
	int kernel = add_kernel(add_vm("bad", 1, VM_KIB), BAD_KERNEL, KERNEL_SIZE);

	ok(fdt_setprop(fdt, kernel, "bootargs", "console=ttyAMA0", 15));
}

static void reg_three_cells(void)
{
	int kernel = add_kernel(add_vm("bad", 1, VM_KIB), BAD_KERNEL, KERNEL_SIZE);

	ok(fdt_appendprop_u32(fdt, kernel, "reg", 0));
}

static void reg_truncated(void)
{
	int kernel = add_kernel(add_vm("bad", 1, VM_KIB), BAD_KERNEL, KERNEL_SIZE);

	ok(fdt_setprop(fdt, kernel, "reg", "\x60\0\0\0\0\x20", 6));
}

static void reg_missing(void)
{
	int kernel = add_kernel(add_vm("bad", 1, VM_KIB), BAD_KERNEL, KERNEL_SIZE);

	ok(fdt_delprop(fdt, kernel, "reg"));
}

static void three_address_cells(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u32(fdt, vm, "#address-cells", 3));
}

/* Two-cell addresses and sizes whose sum runs past 2^64. */
static void kernel_wraps(void)
{
	int vm = add_vm("bad", 1, VM_KIB), kernel;

	ok(fdt_setprop_u32(fdt, vm, "#address-cells", 2));
	ok(fdt_setprop_u32(fdt, vm, "#size-cells", 2));
	kernel = add_kernel(vm, 0, 0);
	ok(fdt_setprop_u64(fdt, kernel, "reg", 0xfffffffffffff000ull));
	ok(fdt_appendprop_u64(fdt, kernel, "reg", 0x2000));
}

static void kernel_size_huge(void)
{
	int vm = add_vm("bad", 1, VM_KIB), kernel;

	ok(fdt_setprop_u32(fdt, vm, "#size-cells", 2));
	kernel = add_kernel(vm, 0, 0);
	ok(fdt_setprop_u32(fdt, kernel, "reg", 0x40400000));
	ok(fdt_appendprop_u64(fdt, kernel, "reg", ~0ull));
}

static void disk_image_not_whole_sectors(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "hyp7,disk-image", BAD_KERNEL + 0x1000000, 1000);
}

static void disk_image_overlaps_kernel(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "hyp7,disk-image", BAD_KERNEL + 0x1000, 0x10000);
}

static void disk_image_over_the_dtb(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "hyp7,disk-image", 0x4000f000, 0x1000);
}

static void disk_image_over_reserved_memory(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "hyp7,disk-image", 0x7e0ff000, 0x2000);
}

static void host_disk_of_two_cells(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u32(fdt, vm, "host-disk", 0));
	ok(fdt_appendprop_u32(fdt, vm, "host-disk", 8));
}

static void host_disk_empty_region(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u32(fdt, vm, "host-disk", 0));
	ok(fdt_appendprop_u32(fdt, vm, "host-disk", 8));
	ok(fdt_appendprop_u32(fdt, vm, "host-disk", 0));
}

static void host_disk_and_disk_image(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	add_module(vm, "hyp7,disk-image", BAD_KERNEL + 0x1000000, 0x10000);
	ok(fdt_setprop_u32(fdt, vm, "host-disk", 0));
}

static int add_net(const char *node, bool uplink)
{
	int net = fdt_add_subnode(fdt, chosen, node);

	ok(net);
	ok(fdt_setprop_string(fdt, net, "compatible", "hyp7,network"));
	if (uplink)
		ok(fdt_setprop_empty(fdt, net, "uplink"));
	return net;
}

static void network_unknown(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "network", "wan"));
	add_net("lan", false);
}

static void network_refused_by_its_name(void)
{
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "network", "9lan"));
	add_net("9lan", false);
}

static void mac_multicast(void)
{
	static const u8 mac[6] = { 0x53, 0x54, 0, 0x12, 0x34, 0x56 };
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "network", "lan"));
	ok(fdt_setprop(fdt, vm, "local-mac-address", mac, sizeof(mac)));
	add_net("lan", false);
}

static void mac_of_five_bytes(void)
{
	static const u8 mac[5] = { 0x52, 0x54, 0, 0x12, 0x34 };
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "network", "lan"));
	ok(fdt_setprop(fdt, vm, "local-mac-address", mac, sizeof(mac)));
	add_net("lan", false);
}

static void mac_all_zero(void)
{
	static const u8 mac[6] = { 0 };
	int vm = add_vm("bad", 1, VM_KIB);

	add_kernel(vm, BAD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, vm, "network", "lan"));
	ok(fdt_setprop(fdt, vm, "local-mac-address", mac, sizeof(mac)));
	add_net("lan", false);
}

#define VM_BAD "hyp7: error: vm bad: "
#define MAC_RULE "local-mac-address must be 6 bytes of a unicast address, not all zero\n"
#define NAME_RULE "the name must start with a letter, hold only letters, digits, '.', '_' and '-', and not be \"hyp7\"\n"

static const struct bad_case bad_cases[] = {
	{ "kernel overlaps hyp7", kernel_overlaps_hyp7,
	  VM_BAD "kernel module 0x40300000+0x100000 overlaps hyp7 at 0x40200000-0x40400000\n" },
	{ "kernel overlaps another VM's", kernel_overlaps_other_vm,
	  VM_BAD "kernel module 0x501ff000+0x1000 overlaps vm good's kernel module 0x50000000+0x200000\n" },
	{ "ramdisk overlaps another VM's kernel", ramdisk_overlaps_other_vm,
	  VM_BAD "ramdisk module 0x4ffff000+0x2000 overlaps vm good's kernel module 0x50000000+0x200000\n" },
	{ "kernel overlaps another VM's ramdisk", kernel_overlaps_other_vms_ramdisk,
	  VM_BAD "kernel module 0x504fffff+0x1 overlaps vm good's ramdisk module 0x50400000+0x100000\n" },
	{ "ramdisk overlaps its own kernel", ramdisk_overlaps_own_kernel,
	  VM_BAD "ramdisk module 0x60100000+0x100000 overlaps vm bad's kernel module 0x60000000+0x200000\n" },
	{ "kernel above RAM", kernel_above_ram,
	  VM_BAD "kernel module 0x90000000+0x1000 is outside RAM\n" },
	{ "kernel across the end of RAM", kernel_across_ram_end,
	  VM_BAD "kernel module 0x7ff00000+0x200000 is outside RAM\n" },
	{ "ramdisk below RAM", ramdisk_below_ram,
	  VM_BAD "ramdisk module 0x3ff00000+0x200000 is outside RAM\n" },
	{ "kernel bigger than memory", kernel_bigger_than_memory,
	  VM_BAD "kernel (0x1f0001 bytes) and ramdisk (0x0 bytes) do not fit in 4096 KiB of memory: "
		 "the kernel does not fit below the initrd, at half the memory\n" },
	{ "memory below the kernel offset", kernel_bigger_than_tiny_memory,
	  VM_BAD "kernel (0x1000 bytes) and ramdisk (0x0 bytes) do not fit in 4 KiB of memory: "
		 "the kernel does not fit below the initrd, at half the memory\n" },
	{ "kernel and ramdisk too big", kernel_and_ramdisk_too_big,
	  VM_BAD "kernel (0x100000 bytes) and ramdisk (0x1fc001 bytes) do not fit in 4096 KiB of memory: "
		 "no room is left for the DTB after the initrd\n" },
	{ "ramdisk bigger than half the memory", ramdisk_bigger_than_half,
	  VM_BAD "kernel (0x100000 bytes) and ramdisk (0x200001 bytes) do not fit in 4096 KiB of memory: "
		 "the initrd does not fit above half the memory\n" },
	{ "memory more than free", memory_more_than_free,
	  VM_BAD "memory is 507908 KiB, more than the 507904 KiB still free\n" },
	{ "zero cpus", zero_cpus, VM_BAD "cpus is 0; a VM has 1 to 8 vCPUs\n" },
	{ "nine cpus", nine_cpus, VM_BAD "cpus is 9; a VM has 1 to 8 vCPUs\n" },
	{ "no kernel", no_kernel, VM_BAD "no module with compatible \"multiboot,kernel\"\n" },
	{ "empty kernel", empty_kernel, VM_BAD "kernel module at 0x60000000 is empty (size 0)\n" },
	{ "empty ramdisk", empty_ramdisk, VM_BAD "ramdisk module at 0x60200000 is empty (size 0)\n" },
	{ "two kernels", two_kernels, VM_BAD "more than one kernel module\n" },
	{ "no memory", no_memory, VM_BAD "no memory property\n" },
	{ "no cpus", no_cpus, VM_BAD "no cpus property\n" },
	{ "cpus of two cells", cpus_two_cells, VM_BAD "cpus is 8 bytes long; it must be one cell\n" },
	{ "memory of three bytes", memory_three_bytes,
	  VM_BAD "memory is 3 bytes long; it must be one or two cells\n" },
	{ "memory of three cells", memory_three_cells,
	  VM_BAD "memory is 12 bytes long; it must be one or two cells\n" },
	{ "memory 0", memory_zero, VM_BAD "memory is 0 KiB; it must be a non-zero multiple of 4 KiB\n" },
	{ "memory not a page multiple", memory_not_page_multiple,
	  VM_BAD "memory is 16385 KiB; it must be a non-zero multiple of 4 KiB\n" },
	{ "memory overflowing u64", memory_overflows_u64,
	  VM_BAD "memory is 18014398509481984 KiB; it must be a non-zero multiple of 4 KiB\n" },
	{ "name too long", name_too_long,
	  VM_BAD "the name must be a NUL-terminated string of 1 to 31 characters\n" },
	{ "node name too long", node_name_too_long,
	  "hyp7: error: vm a-name-of-thirty-two-characters!: the name must be a NUL-terminated string of 1 to 31 characters\n" },
	{ "name without NUL", name_without_nul,
	  VM_BAD "the name must be a NUL-terminated string of 1 to 31 characters\n" },
	{ "empty name", name_empty,
	  VM_BAD "the name must be a NUL-terminated string of 1 to 31 characters\n" },
	{ "name taken", name_taken, "hyp7: error: vm good: another VM has this name already\n" },
	{ "name hyp7", name_hyp7, VM_BAD NAME_RULE },
	{ "name with an escape", name_with_escape, VM_BAD NAME_RULE },
	{ "name with a space", name_with_space, VM_BAD NAME_RULE },
	{ "name not starting with a letter", name_not_a_letter_first, VM_BAD NAME_RULE },
	{ "host-cpus names a CPU the host lacks", host_cpus_unknown,
	  VM_BAD "host-cpus names cpu2; the host has cpu0 to cpu1\n" },
	{ "host-cpus empty", host_cpus_empty,
	  VM_BAD "host-cpus must be a list of host CPU numbers, not 0 bytes\n" },
	{ "bootargs without NUL", bootargs_without_nul,
	  VM_BAD "the kernel's bootargs is not a NUL-terminated string\n" },
	{ "reg of three cells", reg_three_cells,
	  VM_BAD "kernel module: reg must be 8 bytes (#address-cells 1, #size-cells 1), not 12\n" },
	{ "reg truncated", reg_truncated,
	  VM_BAD "kernel module: reg must be 8 bytes (#address-cells 1, #size-cells 1), not 6\n" },
	{ "reg missing", reg_missing,
	  VM_BAD "kernel module: reg must be 8 bytes (#address-cells 1, #size-cells 1), not 0\n" },
	{ "#address-cells 3", three_address_cells,
	  VM_BAD "#address-cells and #size-cells must be 1 or 2, not 3 and 1\n" },
	{ "kernel wrapping past 2^64", kernel_wraps,
	  VM_BAD "kernel module 0xfffffffffffff000+0x2000 is outside RAM\n" },
	{ "kernel of 2^64 - 1 bytes", kernel_size_huge,
	  VM_BAD "kernel module 0x40400000+0xffffffffffffffff is outside RAM\n" },
	{ "disk image of part of a sector", disk_image_not_whole_sectors,
	  VM_BAD "disk image of 1000 bytes: a disk holds whole sectors of 512 bytes\n" },
	{ "disk image over the kernel", disk_image_overlaps_kernel,
	  VM_BAD "disk image module 0x60001000+0x10000 overlaps vm bad's kernel module 0x60000000+0x200000\n" },
	{ "disk image over the host DTB", disk_image_over_the_dtb,
	  VM_BAD "disk image module 0x4000f000+0x1000 overlaps the host DTB at 0x40000000-0x40010000\n" },
	{ "disk image over reserved memory", disk_image_over_reserved_memory,
	  VM_BAD "disk image module 0x7e0ff000+0x2000 overlaps reserved memory 0x7e000000+0x100000\n" },
	{ "network not defined", network_unknown,
	  VM_BAD "network \"wan\" is not a hyp7,network of /chosen\n" },
	{ "network whose name is refused", network_refused_by_its_name,
	  VM_BAD "network \"9lan\" is not a hyp7,network of /chosen\n" },
	{ "MAC multicast", mac_multicast, VM_BAD MAC_RULE },
	{ "MAC of five bytes", mac_of_five_bytes, VM_BAD MAC_RULE },
	{ "MAC all zero", mac_all_zero, VM_BAD MAC_RULE },
	{ "host-disk of two cells", host_disk_of_two_cells,
	  VM_BAD "host-disk must be <disk> or <disk first-sector sectors>, not 8 bytes\n" },
	{ "host-disk region of 0 sectors", host_disk_empty_region,
	  VM_BAD "host-disk: a region of 0 sectors\n" },
	{ "host-disk and a disk image", host_disk_and_disk_image,
	  VM_BAD "a disk image and a host-disk: a VM has one disk\n" },
};

/* A VM's disk: an image in memory, or all or part of a machine's disk. */
static int add_disk_vm(const char *name, u32 kernel, const u32 *host_disk, int cells, bool ro)
{
	int vm = add_vm(name, 1, VM_KIB), i;

	add_kernel(vm, kernel, KERNEL_SIZE);
	for (i = 0; i < cells; i++)
		ok((i ? fdt_appendprop_u32 : fdt_setprop_u32)(fdt, vm, "host-disk", host_disk[i]));
	if (ro)
		ok(fdt_setprop_empty(fdt, vm, "host-disk-read-only"));
	return vm;
}

START_TEST(disks)
{
	static const u32 whole[] = { 1 }, part[] = { 0, 2048, 1024 }, shared[] = { 2 };
	int img;

	add_disk_vm("ro2", 0x58000000, shared, 1, true);
	add_disk_vm("ro1", 0x57000000, shared, 1, true);
	add_disk_vm("whole", 0x56000000, whole, 1, false);
	add_disk_vm("part", 0x55000000, part, 3, false);
	img = add_vm("img", 1, VM_KIB);
	add_kernel(img, GOOD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_empty(fdt, add_module(img, "hyp7,disk-image", 0x51000000, 0x4000000),
			     "read-only"));
	ck_assert_int_eq(parse(), 5);
	ck_assert_str_eq(printk_log, "");
	ck_assert_uint_eq(vms[0].disk_image_pa, 0x51000000);
	ck_assert_uint_eq(vms[0].disk_image_size, 0x4000000);
	ck_assert(vms[0].disk_read_only && !vms[0].has_host_disk);
	ck_assert(vms[1].has_host_disk && !vms[1].disk_read_only && !vms[1].disk_image_size);
	ck_assert_uint_eq(vms[1].host_disk, 0);
	ck_assert_uint_eq(vms[1].host_disk_first, 2048);
	ck_assert_uint_eq(vms[1].host_disk_sectors, 1024);
	ck_assert(vms[2].has_host_disk && vms[2].host_disk == 1 && !vms[2].host_disk_sectors);
	ck_assert(vms[3].disk_read_only && vms[4].disk_read_only && vms[4].host_disk == 2);
}
END_TEST

/* A disk image is taken for good: the memory it holds is not promised to the next VM. */
START_TEST(disk_image_is_not_free_memory)
{
	int img;

	add_kernel(add_vm("bad", 1, (512 << 10) - VM_KIB - (64 << 10) + 4), BAD_KERNEL, KERNEL_SIZE);
	img = add_vm("img", 1, VM_KIB);
	add_kernel(img, GOOD_KERNEL, KERNEL_SIZE);
	add_module(img, "hyp7,disk-image", 0x51000000, 64 << 20);
	ck_assert_int_eq(parse(), 1);
	ck_assert_str_eq(printk_log, VM_BAD "memory is 442372 KiB, more than the 442368 KiB still free\n");
}
END_TEST

/* Networks, and VMs joining them with a MAC of their own or none. */
START_TEST(networks)
{
	static const u8 mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
	struct net_config nets[NET_CONFIG_MAX];
	int a, b;

	b = add_vm("b", 1, VM_KIB);
	add_kernel(b, 0x56000000, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, b, "network", "wan"));
	a = add_vm("a", 1, VM_KIB);
	add_kernel(a, GOOD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_string(fdt, a, "network", "lan"));
	ok(fdt_setprop(fdt, a, "local-mac-address", mac, sizeof(mac)));
	add_net("lan2", false);
	ok(fdt_setprop_string(fdt, add_net("dup", true), "name", "lan"));
	add_net("wan", true);
	add_net("lan", false);
	ck_assert_int_eq(parse(), 2);
	ck_assert_str_eq(vms[0].network, "lan");
	ck_assert(vms[0].has_mac && !memcmp(vms[0].mac, mac, 6));
	ck_assert_str_eq(vms[1].network, "wan");
	ck_assert(!vms[1].has_mac);
	printk_log_reset();
	ck_assert_int_eq(net_config_parse(fdt, nets, NET_CONFIG_MAX), 3);
	ck_assert_str_eq(nets[0].name, "lan");
	ck_assert(!nets[0].uplink);
	ck_assert_str_eq(nets[1].name, "wan");
	ck_assert(nets[1].uplink);
	ck_assert_str_eq(nets[2].name, "lan2");
	ck_assert_str_eq(printk_log, "hyp7: error: network lan: another network has this name already\n");
}
END_TEST

/* Two VMs that could write the same sectors: the second is refused. */
START_TEST(host_disk_regions_overlap)
{
	static const u32 first[] = { 0, 0, 4096 }, second[] = { 0, 4095, 10 }, after[] = { 0, 4096, 10 };

	add_disk_vm("after", 0x57000000, after, 3, false);
	add_disk_vm("bad", BAD_KERNEL, second, 3, true);
	add_disk_vm("good", GOOD_KERNEL, first, 3, false);
	ck_assert_int_eq(parse(), 2);
	ck_assert_str_eq(vms[0].name, "good");
	ck_assert_str_eq(vms[1].name, "after");
	ck_assert_str_eq(printk_log, VM_BAD "host-disk 0 from sector 4095 overlaps vm good's, from "
					    "sector 0, and one of them may write\n");
}
END_TEST

/* The good VM first, then the bad one: one line, and the good one runs. */
START_TEST(bad_vm_is_skipped_with_one_line)
{
	const struct bad_case *c = &bad_cases[_i];

	c->make();
	add_good();
	ck_assert_msg(parse() == 1, "%s: not refused", c->what);
	ck_assert_str_eq(vms[0].name, "good");
	ck_assert_uint_eq(vms[0].kernel_pa, GOOD_KERNEL);
	ck_assert_msg(!strcmp(printk_log, c->line), "%s:\n got: %s want: %s", c->what, printk_log,
		      c->line);
}
END_TEST

/* The bad VM first: what it asked for is not taken from the good one. */
START_TEST(bad_vm_first_takes_nothing)
{
	int bad;

	add_kernel(add_vm("good", 1, 400 << 10), GOOD_KERNEL, KERNEL_SIZE);
	bad = add_vm("bad", 1, 400 << 10);
	add_kernel(bad, GOOD_KERNEL, KERNEL_SIZE);
	ok(fdt_setprop_u32(fdt, bad, "cpus", 0));
	ck_assert_int_eq(parse(), 1);
	ck_assert_str_eq(vms[0].name, "good");
	ck_assert_str_eq(printk_log, VM_BAD "cpus is 0; a VM has 1 to 8 vCPUs\n");
}
END_TEST

START_TEST(more_than_max_vms)
{
	char name[8];
	int i;

	for (i = VM_CONFIG_MAX; i >= 0; i--) {
		snprintf(name, sizeof(name), "vm%d", i);
		add_kernel(add_vm(name, 1, 4096), 0x50000000 + i * 0x100000, 0x100000);
	}
	ck_assert_int_eq(parse(), VM_CONFIG_MAX);
	ck_assert_str_eq(vms[VM_CONFIG_MAX - 1].name, "vm7");
	ck_assert_str_eq(printk_log,
			 "hyp7: error: vm vm8: more than 8 VMs configured; not starting this one\n");
}
END_TEST

/* RAM that ends at 2^64: modules up to its last byte fit, no sum overflows. */
START_TEST(ram_at_the_top_of_the_address_space)
{
	static const struct mem_range top[] = { { 0xfffffffff0000000ull, 0x10000000 } };
	int vm = add_vm("top", 1, VM_KIB), kernel;

	host.ram = top;
	host.hyp7_start = host.hyp7_end = 0;
	ok(fdt_setprop_u32(fdt, vm, "#address-cells", 2));
	kernel = add_kernel(vm, 0, 0);
	ok(fdt_setprop_u64(fdt, kernel, "reg", 0xffffffffffff0000ull));
	ok(fdt_appendprop_u32(fdt, kernel, "reg", 0x10000));
	ck_assert_int_eq(parse(), 1);
	ck_assert_str_eq(printk_log, "");
	ck_assert_uint_eq(vms[0].kernel_pa, 0xffffffffffff0000ull);
}
END_TEST

/* A host RAM range that itself runs past 2^64 must not let a module wrap. */
START_TEST(ram_range_that_wraps)
{
	static const struct mem_range wrapping[] = { { 0xffffffff00000000ull, 0x200000000ull } };
	int vm = add_vm("bad", 1, VM_KIB), kernel;

	host.ram = wrapping;
	ok(fdt_setprop_u32(fdt, vm, "#address-cells", 2));
	kernel = add_kernel(vm, 0, 0);
	ok(fdt_setprop_u64(fdt, kernel, "reg", 0xfffffffffffff000ull));
	ok(fdt_appendprop_u32(fdt, kernel, "reg", 0x2000));
	ck_assert_int_eq(parse(), 0);
	ck_assert_str_eq(printk_log, VM_BAD "kernel module 0xfffffffffffff000+0x2000 is outside RAM\n");
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("vm_config");
	TCase *tc = tcase_create("vm_config");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, two_valid_vms);
	tcase_add_test(tc, xen_dom0less_style);
	tcase_add_test(tc, no_vms);
	tcase_add_test(tc, edges_that_fit);
	tcase_add_loop_test(tc, bad_vm_is_skipped_with_one_line, 0, ARRAY_SIZE(bad_cases));
	tcase_add_test(tc, bad_vm_first_takes_nothing);
	tcase_add_test(tc, disks);
	tcase_add_test(tc, host_disk_regions_overlap);
	tcase_add_test(tc, disk_image_is_not_free_memory);
	tcase_add_test(tc, networks);
	tcase_add_test(tc, more_than_max_vms);
	tcase_add_test(tc, ram_at_the_top_of_the_address_space);
	tcase_add_test(tc, ram_range_that_wraps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(config_suite());
}
