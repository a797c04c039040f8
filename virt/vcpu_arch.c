/*
 * The vCPU arch interface (include/hyp7/vcpu_arch.h) on the target: the
 * host's side of the world switch, with the VMID and the vGIC, and the
 * few CPU facts the generic vCPU code asks for.
 */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>
#include <arch/mm.h>
#include <arch/smp.h>
#include <arch/spinlock.h>
#include <arch/sysregs.h>
#include <hyp7/hyp_init.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vm.h>

static struct vmid_allocator vmid_allocator;
static struct spinlock vmid_lock = SPINLOCK_INIT;

/* Per CPU: whether it runs a guest now, and how many guest runs it has ended. */
static volatile bool in_guest[NR_CPUS];
static volatile u32 guest_exits[NR_CPUS];
/* Per CPU: the vCPU whose registers it holds, the last it ran. */
static const struct vcpu *holding[NR_CPUS];

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

/*
 * The vCPU's VTTBR, with a VMID of the current generation: a VM whose VMID
 * is from an older generation gets a new one, and when the generation
 * rolls over every CPU must forget every guest translation. This CPU counts
 * as in its guest from before it looks at the generation: a rollover on
 * another CPU bumps the generation before it looks at which CPUs are in a
 * guest (barriers on both sides), so either it waits for this one to leave
 * its guest before it recycles VMIDs, or this one sees the new generation
 * and takes a new VMID under the lock. Nothing after the exit uses the
 * VMID any more: HYP translated what the host needs of the guest's stage 1
 * before it left (vcpu->fault.pc_par).
 */
static void update_vmid(struct vcpu *vcpu, unsigned int cpu)
{
	struct vm *vm = vcpu->vm;
	u64 generation;

	in_guest[cpu] = true;
	dmb(ish);
	/* vm->vttbr is written before its generation is published (below); 0 is none yet. */
	generation = __atomic_load_n(&vm->vttbr_generation, __ATOMIC_ACQUIRE);
	if (generation && generation == __atomic_load_n(&vmid_allocator.generation, __ATOMIC_RELAXED)) {
		vcpu->vttbr = vm->vttbr;
		return;
	}
	spin_lock(&vmid_lock);
	if (!vmid_allocator.nr_vmids)
		vmid_allocator_init(&vmid_allocator, VMID_BITS);
	if (!vmid_is_current(&vmid_allocator, &vm->vmid)) {
		if (vmid_update(&vmid_allocator, &vm->vmid)) {
			dmb(ish); /* the new generation out before in_guest[] is read */
			wait_for_guest_exits(cpu);
			kvm_call_hyp(__kvm_flush_vm_context);
		}
		vm->stage2.vmid = vm->vmid.vmid;
		vm->vttbr = pa_addr(pgtable_root_pa(&vm->stage2)) | (u64)vm->vmid.vmid << VTTBR_VMID_SHIFT_64;
		__atomic_store_n(&vm->vttbr_generation, vm->vmid.generation, __ATOMIC_RELEASE);
	}
	vcpu->vttbr = vm->vttbr;
	spin_unlock(&vmid_lock);
}

/*
 * The VM's vCPUs share its VMID, but not their stage-1 tables: a vCPU must
 * not hit TLB entries another vCPU of the VM left on this CPU. (Its own
 * TLB maintenance is broadcast, HCR.FB, so never leaves a stale entry on
 * another CPU.)
 */
static void flush_if_other_vcpu_ran(struct vcpu *vcpu, unsigned int cpu)
{
	u8 *last = &vcpu->vm->last_vcpu_ran[cpu];

	if (*last && *last != vcpu->id + 1)
		kvm_call_hyp(__kvm_tlb_flush_local_vmid, (u32)vcpu->vttbr, (u32)(vcpu->vttbr >> 32));
	*last = vcpu->id + 1;
}

u32 vcpu_arch_enter(struct vcpu *vcpu)
{
	unsigned int cpu = smp_this_cpu();
	u32 code;

	vcpu_arch_send_kicks(); /* what handling the last exit asked for */
	update_vmid(vcpu, cpu);
	flush_if_other_vcpu_ran(vcpu, cpu);
	vcpu->host = hyp_host_context(cpu);
	vcpu->cp15_live = holding[cpu] == vcpu && vcpu->cp15_cpu == cpu && !vcpu->cp15_changed;
	holding[cpu] = vcpu;
	vcpu->cp15_cpu = cpu;
	vcpu->cp15_changed = false;
	vgic_flush(vcpu);
	code = kvm_call_hyp(__kvm_vcpu_run, vcpu);
	in_guest[cpu] = false;
	guest_exits[cpu]++;
	vgic_sync(vcpu);
	return code;
}

void vcpu_arch_load(struct vcpu *vcpu)
{
	vgic_load(vcpu);
}

void vcpu_arch_put(struct vcpu *vcpu)
{
	vgic_put(vcpu);
}

u64 vcpu_arch_counter(void)
{
	return read_sysreg64(CNTPCT);
}

u32 vcpu_arch_actlr(void)
{
	return read_sysreg(ACTLR);
}

u32 vcpu_arch_pmu_counters(void)
{
	return (read_sysreg(PMCR) >> PMCR_N_SHIFT) & PMCR_N_MASK;
}

void vcpu_arch_dcache_flush(void *va, u32 size)
{
	dcache_clean_inval_poc(va, size);
}
