/*
 * Running a vCPU: VMID, the world switch, and the exits the host handles
 * itself before it has to return to the caller (virt/handle_exit.c).
 */
#include <arch/kvm_exit.h>
#include <arch/kvm_hyp.h>
#include <arch/memory.h>
#include <arch/preempt.h>
#include <arch/psr.h>
#include <arch/smp.h>
#include <arch/spinlock.h>
#include <arch/sysregs.h>
#include <hyp7/hyp_init.h>
#include <hyp7/lib.h>
#include <hyp7/vm.h>
#include "handle_exit.h"

#define MPIDR_MP_EXTENSIONS (1u << 31)
/* SCTLR's architectural reset value on Cortex-A15 (TRM 4.3.27): MMU and caches off. */
#define SCTLR_RESET 0x00c50078
/* What a guest runs under (ARM ARM B4.1.65): see DESIGN section 4. */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TWI | HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TAC | HCR_TSW)

static struct vmid_allocator vmid_allocator;
static struct spinlock vmid_lock = SPINLOCK_INIT;

/* Per CPU: whether it runs a guest now, and how many guest runs it has ended. */
static volatile bool in_guest[NR_CPUS];
static volatile u32 guest_exits[NR_CPUS];

/*
 * After a VMID rollover, no CPU may still run a guest under a VMID of the
 * old generation, which another VM may now get: wait until every other CPU
 * is out of its guest or has left it since (at most a time slice).
 */
static void wait_for_guest_exits(unsigned int self)
{
	u32 seen[NR_CPUS];
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		seen[cpu] = guest_exits[cpu];
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		while (cpu != self && in_guest[cpu] && guest_exits[cpu] == seen[cpu])
			asm volatile("yield");
}

void vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, ipaddr_t dtb)
{
	struct vcpu_regs *regs = &vcpu->guest.regs;

	memset(&vcpu->guest, 0, sizeof(vcpu->guest));
	regs->r[1] = ~0u;
	regs->r[2] = (u32)ipa_addr(dtb);
	regs->pc = (u32)ipa_addr(entry);
	regs->cpsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F;
	vcpu->guest.cp15.reg[CP15_SCTLR] = SCTLR_RESET;
	vcpu->hcr = HCR_GUEST;
	vcpu->vmpidr = MPIDR_MP_EXTENSIONS | vcpu->id;
	vcpu->mmio_pending = false;
	vcpu->powered_on = true;
	vgic_vcpu_reset(vcpu);
}

void vcpu_get_regs(const struct vcpu *vcpu, struct vcpu_regs *regs)
{
	*regs = vcpu->guest.regs;
}

void vcpu_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs)
{
	vcpu->guest.regs = *regs;
}

/*
 * The vCPU's VTTBR, with a VMID of the current generation: a VM whose VMID
 * is from an older generation gets a new one, and when the generation
 * rolls over every CPU must forget every guest translation. This CPU counts
 * as in its guest from here, under the lock, so that a rollover on another
 * CPU waits for it to leave the guest before it recycles VMIDs.
 */
static void update_vmid(struct vcpu *vcpu, unsigned int cpu)
{
	struct vm *vm = vcpu->vm;

	spin_lock(&vmid_lock);
	if (!vmid_allocator.nr_vmids)
		vmid_allocator_init(&vmid_allocator, VMID_BITS);
	if (!vmid_is_current(&vmid_allocator, &vm->vmid)) {
		if (vmid_update(&vmid_allocator, &vm->vmid)) {
			wait_for_guest_exits(cpu);
			kvm_call_hyp(__kvm_flush_vm_context);
		}
		vm->stage2.vmid = vm->vmid.vmid;
	}
	vcpu->vttbr = pa_addr(pgtable_root_pa(&vm->stage2)) | (u64)vm->vmid.vmid << VTTBR_VMID_SHIFT_64;
	in_guest[cpu] = true;
	spin_unlock(&vmid_lock);
}

static void fill_mmio_exit(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	const struct mmio_access *a = &vcpu->mmio.access[vcpu->mmio_next];

	exit->reason = VCPU_EXIT_MMIO;
	exit->mmio.addr = ipa_init(a->addr);
	exit->mmio.size = a->size;
	exit->mmio.write = a->write;
	exit->mmio.data = a->write ? mmio_store_value(&vcpu->guest.regs, a) : 0;
}

/* The caller answered access[mmio_next]; 1 while more accesses remain. */
static int continue_mmio(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	const struct mmio_access *a = &vcpu->mmio.access[vcpu->mmio_next];

	if (!a->write)
		vcpu->mmio_loaded[vcpu->mmio_next] = exit->mmio.data;
	if (++vcpu->mmio_next < vcpu->mmio.nr_accesses) {
		fill_mmio_exit(vcpu, exit);
		return 1;
	}
	vcpu->mmio_pending = false;
	return mmio_complete(&vcpu->guest.regs, &vcpu->mmio, vcpu->mmio_loaded);
}

void vcpu_start_mmio(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	vcpu->mmio_next = 0;
	vcpu->mmio_pending = true;
	fill_mmio_exit(vcpu, exit);
}

int vcpu_run(struct vcpu *vcpu, struct vcpu_exit *exit)
{
	struct vm *vm = vcpu->vm;
	unsigned int cpu = smp_this_cpu();
	u32 code;
	int ret;

	if (vcpu->mmio_pending) {
		ret = continue_mmio(vcpu, exit);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	for (;;) {
		update_vmid(vcpu, cpu);
		vcpu->cntvoff = vm->cntvoff;
		vcpu->host = hyp_host_context(cpu);
		preempt_arm();
		vgic_flush(vcpu);
		code = kvm_call_hyp(__kvm_vcpu_run, vcpu);
		in_guest[cpu] = false;
		guest_exits[cpu]++;
		vgic_sync(vcpu);
		ret = handle_exit(vcpu, code, exit);
		if (ret)
			return ret < 0 ? ret : 0;
	}
}
