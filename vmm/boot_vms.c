/*
 * Which VMs this boot runs: those the host DTB's /chosen describes
 * (DESIGN section 6), or, when it describes none, the built-in demo guests.
 */
#include <libfdt.h>
#include <arch/mm.h>
#include <arch/preempt.h>
#include <hyp7/boot_vms.h>
#include <hyp7/printk.h>
#include <hyp7/vm_config.h>
#include <hyp7/vmm.h>
#include <hyp7/vmm_net.h>

#define DEMO_MEM_SIZE (16 << 20)

extern const char demo_hello_start[], demo_hello_end[];
extern const char demo_hvc_start[], demo_hvc_end[];

static struct vm_config configs[VM_CONFIG_MAX];
static unsigned int nr_configs;
static bool configured;

/* Room the host keeps for itself, not to be promised to VMs. */
#define HOST_RESERVE_BYTES (4 << 20)

void boot_vms_parse(const void *fdt, u64 dtb_pa, u64 image_pa, u32 image_size)
{
	struct host_memory_view host = {
		.ram = platform.mem,
		.nr_ram = platform.nr_mem,
		.hyp7_start = image_pa,
		.hyp7_end = image_pa + image_size,
		.dtb_start = dtb_pa,
		.dtb_end = dtb_pa + fdt_totalsize(fdt),
		.reserved = platform.reserved,
		.nr_reserved = platform.nr_reserved,
		.nr_cpus = platform.nr_cpus < NR_CPUS ? platform.nr_cpus : NR_CPUS,
	};
	u64 free = (u64)nr_free_pages() * PAGE_SIZE;
	unsigned int i;
	int n;

	configured = fdt_node_offset_by_compatible(fdt, -1, "hyp7,vm") >= 0;
	if (!configured)
		return;
	vmm_networks_init(fdt);
	host.free_bytes = free > HOST_RESERVE_BYTES ? free - HOST_RESERVE_BYTES : 0;
	n = vm_config_parse(fdt, &host, configs, VM_CONFIG_MAX);
	for (i = 0; n > 0 && i < (unsigned int)n; i++) {
		struct vm_config *c = &configs[i];

		/* The images stay in place until their VM is built; a disk image is the VM's disk. */
		if (mm_reserve(pa_init(c->kernel_pa), c->kernel_size) ||
		    (c->ramdisk_size && mm_reserve(pa_init(c->ramdisk_pa), c->ramdisk_size)) ||
		    (c->disk_image_size && mm_reserve(pa_init(c->disk_image_pa), c->disk_image_size))) {
			pr_err("vm %s: its images at 0x%llx/0x%llx/0x%llx are outside the RAM hyp7 maps\n",
			       c->name, c->kernel_pa, c->ramdisk_pa, c->disk_image_pa);
			continue;
		}
		configs[nr_configs++] = *c;
	}
}

static void add_demo(const char *name, const char *start, const char *end)
{
	struct vmm_vm_spec spec = {
		.name = name,
		.nr_vcpus = 1,
		.mem_size = DEMO_MEM_SIZE,
		.kernel = start,
		.kernel_size = end - start,
	};

	vmm_add_vm(&spec);
}

void boot_vms_run(void)
{
	unsigned int i;

	if (preempt_init()) {
		pr_err("no time slices for guests (GIC or timer unusable): not running any VM\n");
		return;
	}
	vmm_networks_connect();
	if (!configured) {
		pr_info("no VM in the DTB's /chosen: running the demo guests\n");
		add_demo("hello", demo_hello_start, demo_hello_end);
		add_demo("hvc", demo_hvc_start, demo_hvc_end);
	}
	for (i = 0; i < nr_configs; i++) {
		const struct vm_config *c = &configs[i];
		struct vmm_vm_spec spec = {
			.name = c->name,
			.nr_vcpus = c->nr_vcpus,
			.mem_size = c->mem_size,
			.kernel = phys_to_virt(pa_init(c->kernel_pa)),
			.kernel_size = c->kernel_size,
			.ramdisk = c->ramdisk_size ? phys_to_virt(pa_init(c->ramdisk_pa)) : NULL,
			.ramdisk_size = c->ramdisk_size,
			.bootargs = c->bootargs,
			.cpu_mask = c->cpu_mask,
			.disk = {
				.kind = c->disk_image_size ? VMM_DISK_IMAGE :
					c->has_host_disk ? VMM_DISK_HOST : VMM_DISK_NONE,
				.read_only = c->disk_read_only,
				.image = c->disk_image_size ? phys_to_virt(pa_init(c->disk_image_pa)) : NULL,
				.image_size = c->disk_image_size,
				.host_disk = c->host_disk,
				.first = c->host_disk_first,
				.sectors = c->host_disk_sectors,
			},
			.network = c->network[0] ? c->network : NULL,
			.has_mac = c->has_mac,
		};

		memcpy(spec.mac, c->mac, sizeof(spec.mac));

		vmm_add_vm(&spec);
	}
	vmm_run();
}
