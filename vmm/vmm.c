/*
 * The VMs of this boot: each built as QEMU's virt board would start a
 * kernel (DESIGN section 5), its vCPUs run by the scheduler on every CPU
 * that came up with HYP (virt/sched.c) until the VM powers off. A VM that
 * asks for a reset is built again from its spec. Each CPU runs
 * vmm_cpu_loop(): a turn of whatever vCPU the scheduler gives it, the
 * device accesses of that turn, and its own WFI when there is nothing.
 */
#include <arch/cp15.h>
#include <arch/mm.h>
#include <arch/preempt.h>
#include <arch/smp.h>
#include <arch/spinlock.h>
#include <hyp7/errno.h>
#include <hyp7/guest_dtb.h>
#include <hyp7/hotplug.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/virt7.h>
#include <hyp7/virt7_layout.h>
#include <hyp7/vm.h>
#include <hyp7/vmm.h>
#include <hyp7/vmm_console.h>
#include <hyp7/vmm_disk.h>
#include <hyp7/vmm_net.h>
#include <hyp7/vgic.h>
#include <hyp7/vpl011.h>
#include <hyp7/vpl031.h>

_Static_assert(NR_CPUS <= SCHED_MAX_CPUS, "the scheduler has room for every CPU");

/* The vCPUs a line of the monitor's list shows. */
#define VMM_LIST_VCPUS 8

/*
 * Why a VM stops, said by the vCPU (or the monitor) that stops it first;
 * the last vCPU to leave ends it.
 */
enum vmm_stop {
	VMM_RUNNING,
	VMM_POWER_OFF,
	VMM_RESET,
	VMM_ALL_OFF,
	VMM_ERROR,
	VMM_MONITOR_RESET,
	VMM_DESTROYED,
};

static struct vmm_vm {
	struct vmm_vm_spec spec;
	struct vm *vm;
	struct vpl011 uart;
	struct vpl031 rtc;
	struct vmm_disk disk; /* the first virtio-mmio transport, if spec.disk says so */
	struct vmm_nic nic;   /* the second, if spec.network names one */
	enum vmm_stop stop;
	bool ending; /* finish_vm() has it; the monitor and the console leave it alone */
	bool ended;  /* for good: v->vm is gone */
} vms[VMM_MAX_VMS];
static unsigned int nr_vms;
static bool vgic_ready;
static u32 free_pages_before; /* when the first VM was built */
/* vms[].stop, .ending and .ended, and how many VMs are still alive. */
static struct spinlock vmm_lock = SPINLOCK_INIT;
static volatile unsigned int vms_alive;

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
	if (!err)
		err = vm_add_mmio(v->vm, ipa_init(VIRT7_VIRTIO_BASE), VIRT7_VIRTIO_MAX * VIRT7_VIRTIO_SIZE);
	if (!err && spec->disk.kind != VMM_DISK_NONE)
		err = vmm_disk_init(&v->disk, v->vm, &spec->disk);
	if (!err && spec->network) {
		u8 mac[6];

		if (spec->has_mac)
			memcpy(mac, spec->mac, sizeof(mac));
		else
			virtio_net_mac_from_name(spec->name, mac);
		err = vmm_nic_init(&v->nic, v->vm, spec->network, mac);
	}
	if (!err && vgic_ready)
		err = vgic_vm_init(v->vm);
	for (i = 0; !err && i < spec->nr_vcpus; i++)
		err = vcpu_create(v->vm, &vcpu);
	if (!err)
		err = load_images(v->vm, spec, &dtb_ipa);
	if (err) {
		vmm_nic_remove(&v->nic);
		vm_destroy(v->vm);
		v->vm = NULL;
		return err;
	}
	/* vCPU 0 starts at the kernel's entry, the others stay off until PSCI CPU_ON. */
	vcpu_reset(v->vm->vcpus[0], ipa_init(VIRT7_RAM_BASE + VIRT7_KERNEL_OFFSET), ipa_init(dtb_ipa));
	v->vm->cpu_mask = spec->cpu_mask;
	vpl011_init(&v->uart, v->spec.name);
	vpl031_init(&v->rtc, vcpu_arch_counter(), read_sysreg(CNTFRQ));
	return 0;
}

int vmm_add_vm(const struct vmm_vm_spec *spec)
{
	static const char *const disk_kind[] = {
		[VMM_DISK_NONE] = "",
		[VMM_DISK_IMAGE] = ", a disk image in memory",
		[VMM_DISK_HOST] = ", a disk on the machine's disk",
	};
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
	v->stop = VMM_RUNNING;
	v->ending = v->ended = false;
	nr_vms++;
	pr_info("vm %s: %u vCPU%s, %llu MiB, kernel %u bytes%s%s%s\n", spec->name, spec->nr_vcpus,
		spec->nr_vcpus > 1 ? "s" : "", spec->mem_size >> 20, spec->kernel_size,
		spec->ramdisk ? ", initrd" : "", disk_kind[spec->disk.kind],
		spec->disk.kind && spec->disk.read_only ? " (read-only)" : "");
	return 0;
}

/* Counter ticks as milliseconds. */
static u32 ticks_ms(u64 ticks)
{
	return (u32)(ticks * 1000 / read_sysreg(CNTFRQ));
}

/* The VM's statistics, a line per vCPU (virt/handle_exit.c counts exits by kind). */
static void print_stats(const struct vmm_vm *v)
{
	unsigned int i, k;

	for (i = 0; i < v->vm->nr_vcpus; i++) {
		const struct vcpu_stats *st = &v->vm->vcpus[i]->stats;
		u32 total = 0;

		for (k = 0; k < NR_EXIT_KINDS; k++)
			total += st->exits[k];
		pr_info("vm %s vcpu%u: %u exits (irq %u, hvc %u, wfi %u, wfe %u, mmio %u, abort %u, "
			"cp15 %u, cp14 %u, other %u), %u ms in the guest, %u ms asleep, %u migrations\n",
			v->spec.name, i, total, st->exits[EXIT_KIND_IRQ], st->exits[EXIT_KIND_HVC],
			st->exits[EXIT_KIND_WFI], st->exits[EXIT_KIND_WFE], st->exits[EXIT_KIND_MMIO],
			st->exits[EXIT_KIND_ABORT], st->exits[EXIT_KIND_CP15], st->exits[EXIT_KIND_CP14],
			st->exits[EXIT_KIND_OTHER], ticks_ms(st->guest_ticks), ticks_ms(st->asleep_ticks),
			st->migrations);
	}
	vmm_nic_print_stats(&v->nic);
}

static void end_vm(struct vmm_vm *v, const char *how)
{
	unsigned int i;

	vpl011_flush(&v->uart);
	for (i = 0; i < v->vm->nr_vcpus; i++)
		if (v->vm->vcpus[i]->faults_logged > LOGGED_FAULTS_PER_VCPU)
			pr_info("vm %s vcpu%u: %u exceptions injected in all\n", v->spec.name, i,
				v->vm->vcpus[i]->faults_logged);
	print_stats(v);
	vmm_nic_remove(&v->nic); /* no frame comes for it once it is gone */
	vm_destroy(v->vm);
	v->vm = NULL;
	pr_info("vm %s: %s; %u KiB of RAM free\n", v->spec.name, how, nr_free_pages() * (PAGE_SIZE / 1024));
}

static struct vmm_vm *vmm_vm_of(const struct vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < nr_vms; i++)
		if (vms[i].vm == vcpu->vm)
			return &vms[i];
	BUG_ON(1);
}

/* The first reason given is the VM's; its vCPUs then leave every CPU. */
static void stop_vm(struct vmm_vm *v, enum vmm_stop why)
{
	spin_lock(&vmm_lock);
	if (v->stop == VMM_RUNNING)
		v->stop = why;
	spin_unlock(&vmm_lock);
	sched_stop_vm(v->vm);
}

/*
 * Whoever saw the VM's last vCPU leave: a CPU whose vCPU was the last, or
 * the monitor, which found none running. Both can see it at once (the
 * last vCPU goes off as the monitor destroys the VM): one of them ends it.
 */
static bool claim_end(struct vmm_vm *v)
{
	bool mine;

	spin_lock(&vmm_lock);
	mine = !v->ending;
	v->ending = true;
	if (v->stop == VMM_RUNNING)
		v->stop = VMM_ALL_OFF;
	spin_unlock(&vmm_lock);
	return mine;
}

/* After the last of its vCPUs left: the VM ends, or starts again after a reset. */
static void finish_vm(struct vmm_vm *v)
{
	static const char *const how[] = {
		[VMM_POWER_OFF] = "powered off (PSCI SYSTEM_OFF)",
		[VMM_RESET] = "reset (PSCI SYSTEM_RESET)",
		[VMM_ALL_OFF] = "stopped: every vCPU is off (PSCI CPU_OFF)",
		[VMM_ERROR] = "stopped",
		[VMM_MONITOR_RESET] = "reset from the hyp7 monitor",
		[VMM_DESTROYED] = "destroyed from the hyp7 monitor",
	};
	unsigned int cpu = smp_this_cpu();
	u64 start = vcpu_arch_counter();
	enum vmm_stop why;
	bool last;

	if (!claim_end(v))
		return;
	why = v->stop;

	/*
	 * Ending a VM and building it again take this CPU for as long as the
	 * VM is large: the other VMs' vCPUs go elsewhere meanwhile, and a VM
	 * that resets in a loop pays for the rebuild in CPU time.
	 */
	sched_cpu_busy(cpu, true);
	end_vm(v, how[why]);
	if (why == VMM_RESET || why == VMM_MONITOR_RESET) {
		bool built = !build_vm(v);

		sched_cpu_busy(cpu, false);
		if (built) {
			/*
			 * Started before the monitor may see it running: a destroy
			 * from there must find the vCPU it stops.
			 */
			spin_lock(&vmm_lock);
			BUG_ON(!sched_start(v->vm->vcpus[0], vcpu_arch_counter() - start)); /* a new VM */
			v->stop = VMM_RUNNING;
			v->ending = false;
			spin_unlock(&vmm_lock);
			return;
		}
		pr_err("vm %s: could not be built again after its reset\n", v->spec.name);
	}
	sched_cpu_busy(cpu, false);
	spin_lock(&vmm_lock);
	v->ended = true;
	last = vms_alive == 1;
	/* Before the count reaches 0, which lets the boot CPU go to wait for the others. */
	if (last)
		sched_end();
	vms_alive--;
	spin_unlock(&vmm_lock);
	if (last)
		sched_kick_all();
}

/*
 * Under the VM's lock: the RTC's alarm, if its time has come, on its line;
 * and when it goes off next, for the VM's sleeping vCPUs, which are woken
 * to look again if that is sooner than they knew.
 */
static void update_rtc(struct vmm_vm *v)
{
	struct vm *vm = v->vm;
	u64 before = vm->device_deadline;
	unsigned int i;

	vpl031_update(&v->rtc, vcpu_arch_counter());
	vgic_set_spi_line(vm, VIRT7_RTC_SPI, vpl031_irq_line(&v->rtc));
	vm->device_deadline = v->rtc.alarm_at;
	if (vm->device_deadline < before)
		for (i = 0; i < vm->nr_vcpus; i++)
			sched_kick(vm->vcpus[i]);
}

/* The disk and the NIC at their transports, their lines moving through callbacks; the others empty. */
static void virtio(struct vmm_vm *v, u32 offset, struct vcpu_exit *exit)
{
	unsigned int slot = offset / VIRT7_VIRTIO_SIZE;

	if (slot == VIRT7_VIRTIO_DISK_SLOT && v->spec.disk.kind != VMM_DISK_NONE)
		virtio_mmio_access(&v->disk.blk.mmio, offset % VIRT7_VIRTIO_SIZE, exit->mmio.size,
				   exit->mmio.write, &exit->mmio.data);
	else if (slot == VIRT7_VIRTIO_NET_SLOT && v->spec.network)
		virtio_mmio_access(&v->nic.net.mmio, offset % VIRT7_VIRTIO_SIZE, exit->mmio.size,
				   exit->mmio.write, &exit->mmio.data);
	else
		virtio_mmio_empty_access(offset % VIRT7_VIRTIO_SIZE, exit->mmio.size,
					 exit->mmio.write, &exit->mmio.data);
}

/* vcpu_run() only exits for the ranges registered in build_vm(). */
static void mmio(struct vmm_vm *v, struct vcpu *vcpu, struct vcpu_exit *exit)
{
	u64 addr = ipa_addr(exit->mmio.addr);

	spin_lock(&v->vm->lock);
	if (addr >= VIRT7_GICD_BASE && addr < VIRT7_GICD_BASE + VIRT7_GICD_SIZE) {
		vgic_dist_access(vcpu, addr - VIRT7_GICD_BASE, exit->mmio.size, exit->mmio.write,
				 &exit->mmio.data);
	} else if (addr >= VIRT7_VIRTIO_BASE &&
		   addr < VIRT7_VIRTIO_BASE + VIRT7_VIRTIO_MAX * VIRT7_VIRTIO_SIZE) {
		virtio(v, addr - VIRT7_VIRTIO_BASE, exit);
	} else if (addr >= VIRT7_RTC_BASE && addr < VIRT7_RTC_BASE + VIRT7_RTC_SIZE) {
		vpl031_access(&v->rtc, vcpu_arch_counter(), addr - VIRT7_RTC_BASE, exit->mmio.size,
			      exit->mmio.write, &exit->mmio.data);
		update_rtc(v);
	} else {
		vpl011_access(&v->uart, addr - VIRT7_UART_BASE, exit->mmio.size, exit->mmio.write,
			      &exit->mmio.data);
		vgic_set_spi_line(v->vm, VIRT7_UART_SPI, vpl011_irq_line(&v->uart));
	}
	spin_unlock(&v->vm->lock);
}

/*
 * What the VM's devices left to do on one of its vCPUs, under its lock:
 * another share of disk requests and sent frames, and the frames other
 * VMs sent it into its receive ring.
 */
static void device_work(struct vmm_vm *v)
{
	spin_lock(&v->vm->lock);
	virtio_blk_resume(&v->disk.blk);
	if (v->spec.network) {
		virtio_net_resume(&v->nic.net);
		v->vm->device_work = false; /* before: a frame queued meanwhile sets it again */
		vmm_nic_deliver(&v->nic);
	} else {
		v->vm->device_work = false;
	}
	spin_unlock(&v->vm->lock);
}

/* Runs vcpu until it must leave the CPU; says why, for the scheduler. */
static enum sched_put_reason run_until_put(struct vmm_vm *v, struct vcpu *vcpu)
{
	struct vcpu_exit *exit = &vcpu->exit;
	int err;

	for (;;) {
		/* A device's own interrupt comes due (the RTC's alarm): the first vCPU to run sees to it. */
		if (vcpu_arch_counter() >= v->vm->device_deadline) {
			spin_lock(&v->vm->lock);
			update_rtc(v);
			spin_unlock(&v->vm->lock);
		}
		/*
		 * The disk's requests left over from a notification, another
		 * share of them each time the guest is entered: the guest runs
		 * between, and its slice ends as it would.
		 */
		if (v->disk.blk.more || v->nic.net.tx_more || v->vm->device_work)
			device_work(v);
		err = vcpu_run(vcpu);
		if (err) {
			pr_err("vm %s vcpu%u: cannot run it (%d); stopping the VM\n", v->spec.name,
			       vcpu->id, err);
			stop_vm(v, VMM_ERROR);
			return SCHED_STOP;
		}
		switch (exit->reason) {
		case VCPU_EXIT_MMIO:
			mmio(v, vcpu, exit);
			continue;
		case VCPU_EXIT_PREEMPTED:
			return SCHED_PREEMPTED;
		case VCPU_EXIT_DEVICE:
			continue; /* done at the top */
		case VCPU_EXIT_WFI:
			/*
			 * A prompt it waits at shows before the typing it waits
			 * for; its devices' work goes on before it sleeps, or it
			 * would wait for it for ever.
			 */
			spin_lock(&v->vm->lock);
			vpl011_show_partial(&v->uart);
			spin_unlock(&v->vm->lock);
			device_work(v);
			return SCHED_WAIT;
		case VCPU_EXIT_YIELD:
			return SCHED_YIELD;
		case VCPU_EXIT_CPU_OFF:
			return SCHED_OFF;
		case VCPU_EXIT_SYSTEM_OFF:
			stop_vm(v, VMM_POWER_OFF);
			return SCHED_STOP;
		case VCPU_EXIT_SYSTEM_RESET:
			stop_vm(v, VMM_RESET);
			return SCHED_STOP;
		case VCPU_EXIT_INTERNAL_ERROR:
			pr_err("vm %s vcpu%u: internal error; stopping the VM\n", v->spec.name, vcpu->id);
			stop_vm(v, VMM_ERROR);
			return SCHED_STOP;
		}
	}
}

/*
 * One turn of one vCPU: until its slice's deadline, set once here, or
 * until it waits or stops.
 */
static enum sched_put_reason run_turn(struct vmm_vm *v, struct vcpu *vcpu)
{
	enum sched_put_reason why;

	preempt_start_slice();
	vcpu_arch_load(vcpu);
	why = run_until_put(v, vcpu);
	vcpu_arch_put(vcpu);
	return why;
}

/* What every CPU that runs guests does until the VMs have all ended. */
static void vmm_cpu_loop(unsigned int cpu)
{
	if (cpu != smp_boot_cpu()) {
		if (preempt_init_cpu())
			pr_err("cpu%u: no time slices for its guests\n", cpu);
		vgic_init_cpu();
	}
	sched_cpu_online(cpu);
	while (vms_alive) {
		struct vcpu *vcpu;
		struct vmm_vm *v;
		enum sched_put_reason why;
		u64 start;

		if (cpu == smp_boot_cpu()) {
			vmm_console_poll(); /* its UART interrupts this CPU alone, */
			vmm_net_poll();     /* as the machine's NIC does */
		}
		vcpu_arch_send_kicks(); /* what the last turn and the monitor asked for, locks released */
		hotplug_poll(cpu);
		vcpu = sched_pick(cpu);
		if (!vcpu) {
			if (vms_alive && sched_idle_enter(cpu)) {
				preempt_idle();
				sched_idle_exit(cpu);
			}
			continue;
		}
		v = vmm_vm_of(vcpu);
		start = vcpu_arch_counter();
		why = run_turn(v, vcpu);
		if (sched_put(vcpu, why, vcpu_arch_counter() - start))
			finish_vm(v);
	}
	vcpu_arch_send_kicks(); /* the last VM's end, to the CPUs still idle */
}

unsigned int vmm_nr_vms(void)
{
	return nr_vms;
}

const char *vmm_vm_name(unsigned int i)
{
	return vms[i].spec.name;
}

bool vmm_vm_alive(unsigned int i)
{
	return !vms[i].ended;
}

bool vmm_vm_input(unsigned int i, u8 c)
{
	struct vmm_vm *v = &vms[i];
	bool taken = false;

	/* Under vmm_lock: the VM is not being ended or built again meanwhile. */
	spin_lock(&vmm_lock);
	if (!v->ending) {
		spin_lock(&v->vm->lock);
		taken = vpl011_receive(&v->uart, c);
		vgic_set_spi_line(v->vm, VIRT7_UART_SPI, vpl011_irq_line(&v->uart));
		spin_unlock(&v->vm->lock);
	}
	spin_unlock(&vmm_lock);
	return taken;
}

int vmm_monitor_stop(unsigned int i, bool reset)
{
	struct vmm_vm *v = &vms[i];
	bool none_running;

	spin_lock(&vmm_lock);
	if (v->ending || v->stop != VMM_RUNNING) {
		spin_unlock(&vmm_lock);
		return -EBUSY;
	}
	v->stop = reset ? VMM_MONITOR_RESET : VMM_DESTROYED;
	/* Still under vmm_lock: the VM cannot end, and v->vm go, before its vCPUs are told. */
	none_running = sched_stop_vm(v->vm);
	spin_unlock(&vmm_lock);
	/* Its vCPUs running elsewhere end it as they leave; none running: it ends here. */
	if (none_running)
		finish_vm(v);
	return 0;
}

static void list_vm(const struct vmm_vm *v, unsigned int index)
{
	static const char *const state[] = {
		[VCPU_STOPPED] = "off", [VCPU_QUEUED] = "queued",
		[VCPU_RUNNING] = "running", [VCPU_SLEEPING] = "asleep",
	};
	char vcpus[VMM_LIST_VCPUS * 16] = "";
	size_t len = 0;
	unsigned int i;

	if (v->ended || v->ending) {
		pr_info("%u %s: %s\n", index, v->spec.name, v->ended ? "ended" : "ending");
		return;
	}
	for (i = 0; i < v->vm->nr_vcpus && i < VMM_LIST_VCPUS; i++)
		len += snprintf(vcpus + len, sizeof(vcpus) - len, " vcpu%u %s on cpu%u", i,
				state[v->vm->vcpus[i]->sched.state], v->vm->vcpus[i]->sched.cpu);
	pr_info("%u %s: running, %llu MiB, %u console overruns;%s\n", index, v->spec.name,
		v->spec.mem_size >> 20, v->uart.overruns, vcpus);
	print_stats(v);
}

void vmm_list(void)
{
	unsigned int i;

	spin_lock(&vmm_lock);
	for (i = 0; i < nr_vms; i++)
		list_vm(&vms[i], i);
	spin_unlock(&vmm_lock);
}

static void print_cpu_stats(unsigned int cpu)
{
	const struct sched_cpu_stats *st = sched_cpu_stats(cpu);

	pr_info("cpu%u: %u turns; idle %u times, %u ms in all\n", cpu, st->turns, st->idle_entries,
		ticks_ms(st->idle_ticks));
}

/* Every VM's vCPU 0 is started; the scheduler spreads them over the CPUs that came up with HYP. */
void vmm_run(void)
{
	unsigned int cpu, i, boot_cpu = smp_boot_cpu();
	u32 online = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (smp_cpu_online(cpu))
			online |= 1u << cpu;
	sched_init(online, preempt_slice_ticks());
	vms_alive = nr_vms;
	vmm_console_start();
	for (i = 0; i < nr_vms; i++) {
		if (vms[i].vm->cpu_mask && !(vms[i].vm->cpu_mask & online)) {
			pr_err("vm %s: none of its host-cpus runs guests; it runs on any CPU\n",
			       vms[i].spec.name);
			vms[i].vm->cpu_mask = 0;
		}
		BUG_ON(!sched_start(vms[i].vm->vcpus[0], 0)); /* no VM stops before it runs */
	}
	hotplug_start(online, vmm_cpu_loop);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != boot_cpu && (online >> cpu & 1))
			smp_run_on(cpu, vmm_cpu_loop);
	vmm_cpu_loop(boot_cpu);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu != boot_cpu && sched_cpu_is_online(cpu))
			smp_wait_for(cpu);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (online >> cpu & 1)
			print_cpu_stats(cpu);
	if (nr_vms && nr_free_pages() != free_pages_before)
		pr_err("the VMs ended but %d pages did not come back (%u KiB free, %u KiB before)\n",
		       (int)(free_pages_before - nr_free_pages()), nr_free_pages() * (PAGE_SIZE / 1024),
		       free_pages_before * (PAGE_SIZE / 1024));
	else if (nr_vms)
		pr_info("every VM has ended and every page came back (%u KiB free)\n",
			nr_free_pages() * (PAGE_SIZE / 1024));
}
