/*
 * The VMs of this boot: each built as QEMU's virt board would start a
 * kernel (DESIGN section 5), then all run in turn on this CPU until they
 * power off. A VM that asks for a reset is built again from its spec.
 */
#include <arch/mm.h>
#include <arch/preempt.h>
#include <arch/smp.h>
#include <hyp7/errno.h>
#include <hyp7/guest_dtb.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/virt7.h>
#include <hyp7/virt7_layout.h>
#include <hyp7/vm.h>
#include <hyp7/vmm.h>
#include <hyp7/vgic.h>
#include <hyp7/vpl011.h>
#include <hyp7/vpl031.h>

static struct vmm_vm {
	struct vmm_vm_spec spec;
	struct vm *vm;
	struct vpl011 uart;
	struct vpl031 rtc;
	unsigned int cpu; /* the physical CPU it runs on */
} vms[VMM_MAX_VMS];
static unsigned int nr_vms;
static bool vgic_ready;
static unsigned int boot_cpu;
static u32 free_pages_before; /* when the first VM was built */

static int copy_in(struct vm *vm, u64 ipa, const void *src, u32 size)
{
	void *dst = vm_ipa_to_va(vm, ipa_init(ipa), size);

	if (!dst)
		return -E2BIG;
	memcpy(dst, src, size);
	dcache_clean_poc(dst, size); /* the guest starts with its caches off */
	return 0;
}

/* Kernel, initrd and DTB where QEMU's virt board puts them. */
static int load_images(struct vm *vm, const struct vmm_vm_spec *spec, u64 *dtb_ipa)
{
	struct virt7_layout layout;
	struct guest_dtb_params params = {
		.ram_base = VIRT7_RAM_BASE,
		.ram_size = spec->mem_size,
		.nr_vcpus = spec->nr_vcpus,
		.bootargs = spec->bootargs,
		.initrd_size = spec->ramdisk ? spec->ramdisk_size : 0,
	};
	const char *why;
	void *dtb;
	int err;

	err = virt7_layout(spec->mem_size, spec->kernel_size, params.initrd_size, &layout, &why);
	if (err) {
		pr_err("vm %s: the kernel (%u bytes) and initrd (%llu bytes) do not fit in %llu MiB: %s\n",
		       spec->name, spec->kernel_size, params.initrd_size, spec->mem_size >> 20, why);
		return err;
	}
	params.initrd_start = layout.initrd;
	*dtb_ipa = layout.dtb;
	dtb = vm_ipa_to_va(vm, ipa_init(layout.dtb), VIRT7_DTB_MAX);
	err = guest_dtb_build(dtb, VIRT7_DTB_MAX, &params);
	if (err) {
		pr_err("vm %s: building its DTB failed (%d)\n", spec->name, err);
		return err;
	}
	dcache_clean_poc(dtb, VIRT7_DTB_MAX);
	err = copy_in(vm, layout.kernel, spec->kernel, spec->kernel_size);
	if (!err && spec->ramdisk)
		err = copy_in(vm, layout.initrd, spec->ramdisk, spec->ramdisk_size);
	return err;
}

static int build_vm(struct vmm_vm *v)
{
	const struct vmm_vm_spec *spec = &v->spec;
	struct vcpu *vcpu;
	u64 dtb_ipa;
	unsigned int i;
	int err;

	err = vm_create(spec->name, &v->vm);
	if (err) {
		pr_err("vm %s: cannot create it (%d)\n", spec->name, err);
		return err;
	}
	err = vm_add_memory(v->vm, ipa_init(VIRT7_RAM_BASE), spec->mem_size);
	if (err)
		pr_err("vm %s: cannot give it %llu MiB of memory (%d): %u KiB are free\n", spec->name,
		       spec->mem_size >> 20, err, nr_free_pages() * (PAGE_SIZE / 1024));
	if (!err)
		err = vm_add_mmio(v->vm, ipa_init(VIRT7_UART_BASE), VIRT7_UART_SIZE);
	if (!err)
		err = vm_add_mmio(v->vm, ipa_init(VIRT7_RTC_BASE), VIRT7_RTC_SIZE);
	if (!err && vgic_ready)
		err = vgic_vm_init(v->vm);
	for (i = 0; !err && i < spec->nr_vcpus; i++)
		err = vcpu_create(v->vm, &vcpu);
	if (!err)
		err = load_images(v->vm, spec, &dtb_ipa);
	if (err) {
		vm_destroy(v->vm);
		v->vm = NULL;
		return err;
	}
	vcpu_reset(v->vm->vcpus[0], ipa_init(VIRT7_RAM_BASE + VIRT7_KERNEL_OFFSET), ipa_init(dtb_ipa));
	for (i = 1; i < v->vm->nr_vcpus; i++)
		v->vm->vcpus[i]->powered_on = false; /* until PSCI CPU_ON */
	vpl011_init(&v->uart, v->spec.name);
	vpl031_init(&v->rtc);
	return 0;
}

int vmm_add_vm(const struct vmm_vm_spec *spec)
{
	struct vmm_vm *v = &vms[nr_vms];
	int err;

	if (nr_vms == VMM_MAX_VMS) {
		pr_err("vm %s: hyp7 runs at most %d VMs\n", spec->name, VMM_MAX_VMS);
		return -EBUSY;
	}
	if (!nr_vms) {
		vgic_ready = !vgic_init();
		free_pages_before = nr_free_pages();
	}
	v->spec = *spec;
	err = build_vm(v);
	if (err)
		return err;
	nr_vms++;
	pr_info("vm %s: %u vCPU%s, %llu MiB, kernel %u bytes%s\n", spec->name, spec->nr_vcpus,
		spec->nr_vcpus > 1 ? "s" : "", spec->mem_size >> 20, spec->kernel_size,
		spec->ramdisk ? ", initrd" : "");
	return 0;
}

static void end_vm(struct vmm_vm *v, const char *how)
{
	unsigned int i;

	vpl011_flush(&v->uart);
	for (i = 0; i < v->vm->nr_vcpus; i++)
		if (v->vm->vcpus[i]->faults_logged > LOGGED_FAULTS_PER_VCPU)
			pr_info("vm %s vcpu%u: %u exceptions injected in all\n", v->spec.name, i,
				v->vm->vcpus[i]->faults_logged);
	vm_destroy(v->vm);
	v->vm = NULL;
	pr_info("vm %s: %s; %u KiB of RAM free\n", v->spec.name, how, nr_free_pages() * (PAGE_SIZE / 1024));
}

/* vcpu_run() only exits for the ranges registered in build_vm(). */
static void mmio(struct vmm_vm *v, struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u64 addr = ipa_addr(exit->mmio.addr);

	if (addr >= VIRT7_GICD_BASE && addr < VIRT7_GICD_BASE + VIRT7_GICD_SIZE)
		vgic_dist_access(vcpu, addr - VIRT7_GICD_BASE, exit->mmio.size, exit->mmio.write,
				 &exit->mmio.data);
	else if (addr >= VIRT7_RTC_BASE && addr < VIRT7_RTC_BASE + VIRT7_RTC_SIZE)
		vpl031_access(&v->rtc, addr - VIRT7_RTC_BASE, exit->mmio.size, exit->mmio.write,
			      &exit->mmio.data);
	else {
		vpl011_access(&v->uart, addr - VIRT7_UART_BASE, exit->mmio.size, exit->mmio.write,
			      &exit->mmio.data);
		vgic_set_spi_line(v->vm, VIRT7_UART_SPI, vpl011_irq_line(&v->uart));
	}
}

/*
 * One turn of one vCPU: until its slice's deadline, set once here, or
 * until it waits or stops. False when its VM has ended.
 */
static bool run_turn(struct vmm_vm *v, struct vcpu *vcpu)
{
	struct vcpu_exit *exit = &vcpu->exit;
	int err;

	preempt_start_slice();
	for (;;) {
		err = vcpu_run(vcpu);
		if (err) {
			pr_err("vm %s vcpu%u: cannot run it (%d); stopping the VM\n", v->spec.name,
			       vcpu->id, err);
			end_vm(v, "stopped");
			return false;
		}
		switch (exit->reason) {
		case VCPU_EXIT_MMIO:
			mmio(v, vcpu, exit);
			continue;
		case VCPU_EXIT_WFI:
		case VCPU_EXIT_PREEMPTED:
		case VCPU_EXIT_CPU_OFF:
			return true;
		case VCPU_EXIT_SYSTEM_OFF:
			end_vm(v, "powered off (PSCI SYSTEM_OFF)");
			return false;
		case VCPU_EXIT_SYSTEM_RESET:
			end_vm(v, "reset (PSCI SYSTEM_RESET)");
			if (build_vm(v))
				pr_err("vm %s: could not be built again after its reset\n", v->spec.name);
			return false;
		case VCPU_EXIT_INTERNAL_ERROR:
			pr_err("vm %s vcpu%u: internal error; stopping the VM\n", v->spec.name, vcpu->id);
			end_vm(v, "stopped");
			return false;
		}
	}
}

static bool any_vcpu_on(const struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->powered_on)
			return true;
	return false;
}

/* Runs the VMs given to this CPU until they have all ended. */
static void run_cpu_vms(unsigned int cpu)
{
	unsigned int i, c, running;

	if (cpu != boot_cpu && preempt_init_cpu())
		pr_err("cpu%u: no time slices for its guests\n", cpu);
	do {
		running = 0;
		for (i = 0; i < nr_vms; i++) {
			struct vmm_vm *v = &vms[i];

			if (v->cpu != cpu)
				continue;
			if (v->vm && !any_vcpu_on(v->vm))
				end_vm(v, "stopped: every vCPU is off (PSCI CPU_OFF)");
			for (c = 0; v->vm && c < v->vm->nr_vcpus; c++)
				if (v->vm->vcpus[c]->powered_on && !run_turn(v, v->vm->vcpus[c]))
					break;
			running += v->vm != NULL;
		}
	} while (running);
}

/*
 * Each VM, with all its vCPUs, runs on one CPU; VMs are dealt out to the
 * CPUs that came up with HYP, the boot CPU first.
 */
void vmm_run(void)
{
	unsigned int cpus[NR_CPUS], nr_cpus = 0, cpu, i;
	bool busy[NR_CPUS] = { false };

	boot_cpu = smp_this_cpu();
	cpus[nr_cpus++] = boot_cpu;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != boot_cpu && smp_cpu_online(cpu))
			cpus[nr_cpus++] = cpu;
	for (i = 0; i < nr_vms; i++) {
		vms[i].cpu = cpus[i % nr_cpus];
		busy[vms[i].cpu] = true;
		pr_info("vm %s: runs on cpu%u\n", vms[i].spec.name, vms[i].cpu);
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (busy[cpu] && cpu != boot_cpu)
			smp_run_on(cpu, run_cpu_vms);
	run_cpu_vms(boot_cpu);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (busy[cpu] && cpu != boot_cpu)
			smp_wait_for(cpu);
	if (nr_vms && nr_free_pages() != free_pages_before)
		pr_err("the VMs ended but %d pages did not come back (%u KiB free, %u KiB before)\n",
		       (int)(free_pages_before - nr_free_pages()), nr_free_pages() * (PAGE_SIZE / 1024),
		       free_pages_before * (PAGE_SIZE / 1024));
	else if (nr_vms)
		pr_info("every VM has ended and every page came back (%u KiB free)\n",
			nr_free_pages() * (PAGE_SIZE / 1024));
}
