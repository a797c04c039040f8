/*
 * Running a vCPU: the loop around the world switch (virt/vcpu_enter.c),
 * the exits the host handles itself (virt/handle_exit.c), device accesses
 * handed to the caller one at a time, and the cache flushes a guest's
 * set/way operations owe it. Plain C on the vCPU arch interface, so the
 * host unit tests run it against scripted exits and a fake clock.
 */
#include <arch/preempt.h>
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <hyp7/lib.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vm.h>
#include "handle_exit.h"

#define MPIDR_MP_EXTENSIONS (1u << 31)
/* SCTLR's architectural reset value on Cortex-A15 (TRM 4.3.27): MMU and caches off. */
#define SCTLR_RESET 0x00c50078
/*
 * What a guest runs under (ARM ARM B4.1.65): see DESIGN section 4. TVM:
 * its caches start off, and the host watches them come on (setway.h).
 */
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TWI | HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TAC | HCR_TSW | HCR_TVM)
/* The debug registers always trap (they read as zero: virt/coproc.c). */
#define HDCR_DEBUG_TRAPS (HDCR_TDRA | HDCR_TDOSA | HDCR_TDA)
/* How much of a VM's memory one step of a flush covers between slice checks. */
#define FLUSH_CHUNK (1u << 20)

bool vcpu_pmu_shared;

void vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, ipaddr_t dtb)
{
	struct vcpu_regs *regs = &vcpu->guest.regs;

	memset(&vcpu->guest, 0, sizeof(vcpu->guest));
	regs->r[1] = ~0u;
	regs->r[2] = (u32)ipa_addr(dtb);
	regs->pc = (u32)ipa_addr(entry);
	regs->cpsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F;
	vcpu->guest.cp15.reg[CP15_SCTLR] = SCTLR_RESET;
	vcpu_cp15_changed(vcpu);
	vcpu->hcr = HCR_GUEST;
	/* The PMU is hidden (trapped, virt/coproc.c) unless shared for benchmarks. */
	vcpu->hdcr = HDCR_DEBUG_TRAPS | vcpu_arch_pmu_counters();
	if (!vcpu_pmu_shared)
		vcpu->hdcr |= HDCR_TPM | HDCR_TPMCR;
	vcpu->vmpidr = MPIDR_MP_EXTENSIONS | vcpu->id;
	vcpu->cntvoff = vcpu->vm->cntvoff;
	vcpu->mmio_pending = false;
	vcpu->flush.pending = false;
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

static void fill_mmio_exit(struct vcpu *vcpu)
{
	const struct mmio_access *a = &vcpu->mmio.access[vcpu->mmio_next];
	struct vcpu_exit *exit = &vcpu->exit;

	exit->reason = VCPU_EXIT_MMIO;
	exit->mmio.addr = ipa_init(a->addr);
	exit->mmio.size = a->size;
	exit->mmio.write = a->write;
	exit->mmio.data = a->write ? mmio_store_value(&vcpu->guest.regs, a) : 0;
}

/* The caller answered access[mmio_next]; 1 while more accesses remain. */
static int continue_mmio(struct vcpu *vcpu)
{
	const struct mmio_access *a = &vcpu->mmio.access[vcpu->mmio_next];

	if (!a->write)
		vcpu->mmio_loaded[vcpu->mmio_next] = vcpu->exit.mmio.data;
	if (++vcpu->mmio_next < vcpu->mmio.nr_accesses) {
		fill_mmio_exit(vcpu);
		return 1;
	}
	vcpu->mmio_pending = false;
	return mmio_complete(&vcpu->guest.regs, &vcpu->mmio, vcpu->mmio_loaded);
}

void vcpu_start_mmio(struct vcpu *vcpu)
{
	vcpu->mmio_next = 0;
	vcpu->mmio_pending = true;
	fill_mmio_exit(vcpu);
}

void vcpu_flush_vm(struct vcpu *vcpu)
{
	vcpu->flush = (struct vcpu_flush){ .pending = true };
}

/* One chunk of the flush owed. */
static void flush_step(struct vcpu *vcpu)
{
	const struct vm *vm = vcpu->vm;
	struct vcpu_flush *f = &vcpu->flush;
	const struct vm_mem_region *r;
	u64 size;

	if (f->region == vm->nr_mem) {
		f->pending = false;
		return;
	}
	r = &vm->mem[f->region];
	size = r->size - f->offset < FLUSH_CHUNK ? r->size - f->offset : FLUSH_CHUNK;
	vcpu_arch_dcache_flush((u8 *)r->host_va + f->offset, (u32)size);
	f->offset += size;
	if (f->offset == r->size) {
		f->region++;
		f->offset = 0;
	}
}

static int preempted(struct vcpu *vcpu)
{
	vcpu->exit.reason = VCPU_EXIT_PREEMPTED;
	return 0;
}

int vcpu_run(struct vcpu *vcpu)
{
	u32 code;
	int ret;

	if (vcpu->mmio_pending) {
		ret = continue_mmio(vcpu);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	/*
	 * Every pass checks the slice's deadline: exits never extend a turn.
	 * A vCPU whose VM stops leaves at once.
	 */
	for (;;) {
		if (preempt_slice_over() || sched_must_leave(vcpu))
			return preempted(vcpu);
		if (vcpu->vm->device_work) {
			vcpu->exit.reason = VCPU_EXIT_DEVICE;
			return 0;
		}
		if (vcpu->flush.pending) {
			flush_step(vcpu);
			continue;
		}
		code = vcpu_arch_enter(vcpu);
		ret = handle_exit(vcpu, code);
		if (ret)
			return ret < 0 ? ret : 0;
	}
}
