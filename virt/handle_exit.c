/*
 * The host's handling of a guest's exit: SMCCC calls, WFI/WFE, device
 * accesses, aborts on addresses with nothing behind them, trapped CP15
 * accesses, asynchronous aborts. Whatever a guest does, it gets an answer
 * the architecture allows, and the host log says when the answer was an
 * injected exception.
 */
#include <arch/hsr.h>
#include <arch/kvm_exit.h>
#include <arch/memory.h>
#include <arch/preempt.h>
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <hyp7/inject.h>
#include <hyp7/printk.h>
#include <hyp7/smccc_dispatch.h>
#include <hyp7/psci.h>
#include <hyp7/sched.h>
#include "handle_exit.h"

/* The DFSC of a data abort's ISS (long-descriptor encoding, B3.13.6). */
#define HSR_DFSC_MASK 0x3f
#define HSR_DFSC_ASYNC_EXT_ABT 0x11

static u32 hsr_ec(const struct vcpu *vcpu)
{
	return vcpu->fault.hsr >> HSR_EC_SHIFT;
}

static bool vcpu_thumb(const struct vcpu *vcpu)
{
	return vcpu->guest.regs.cpsr & PSR_T;
}

void vcpu_skip_insn(struct vcpu *vcpu)
{
	vcpu_regs_skip(&vcpu->guest.regs, vcpu->fault.hsr & HSR_IL ? 4 : 2);
}

static bool log_fault(struct vcpu *vcpu)
{
	if (vcpu->faults_logged == LOGGED_FAULTS_PER_VCPU)
		pr_info("vm %s vcpu%u: more exceptions injected; not logging them\n", vcpu->vm->name,
			vcpu->id);
	return vcpu->faults_logged++ < LOGGED_FAULTS_PER_VCPU;
}

/* why may hold one %x: the HSR's exception class. */
void vcpu_inject_undef(struct vcpu *vcpu, const char *why)
{
	char reason[96];

	snprintf(reason, sizeof(reason), why, hsr_ec(vcpu));
	if (log_fault(vcpu))
		pr_info("vm %s vcpu%u: undefined instruction injected at pc 0x%08x: %s\n",
			vcpu->vm->name, vcpu->id, vcpu->guest.regs.pc, reason);
	inject_undef(&vcpu->guest.regs, vcpu->guest.cp15.reg[CP15_SCTLR],
		     vcpu->guest.cp15.reg[CP15_VBAR]);
}

static void inject_abort(struct vcpu *vcpu, u64 ipa, enum abort_source source, const char *why)
{
	struct cp15_context *cp15 = &vcpu->guest.cp15;
	bool data = hsr_ec(vcpu) == HSR_EC_DABT;

	vcpu->stats.exits[EXIT_KIND_ABORT]++;
	vcpu_cp15_changed(vcpu); /* its fault status and address registers */
	if (log_fault(vcpu))
		pr_info("vm %s vcpu%u: %s abort injected at pc 0x%08x: address 0x%08x (IPA 0x%llx) %s\n",
			vcpu->vm->name, vcpu->id, data ? "data" : "prefetch", vcpu->guest.regs.pc,
			vcpu->fault.hxfar, (unsigned long long)ipa, why);
	if (data)
		inject_dabt(&vcpu->guest.regs, cp15->reg[CP15_SCTLR], cp15->reg[CP15_VBAR],
			    cp15->reg[CP15_TTBCR], vcpu->fault.hxfar, vcpu->fault.hsr & HSR_DABT_WNR,
			    source, &cp15->reg[CP15_DFSR], &cp15->reg[CP15_DFAR]);
	else
		inject_pabt(&vcpu->guest.regs, cp15->reg[CP15_SCTLR], cp15->reg[CP15_VBAR],
			    cp15->reg[CP15_TTBCR], vcpu->fault.hxfar, source, &cp15->reg[CP15_IFSR],
			    &cp15->reg[CP15_IFAR]);
}

/*
 * An asynchronous external abort the guest caused (a write the memory
 * system refused, say) is the guest's: it gets a virtual abort (HCR.VA),
 * which it takes once its CPSR.A allows, as it would have taken the real
 * one on hardware of its own. The host and the other VMs are not touched.
 */
static void inject_async_abort(struct vcpu *vcpu)
{
	if (log_fault(vcpu))
		pr_info("vm %s vcpu%u: asynchronous external abort near pc 0x%08x: delivered to the guest\n",
			vcpu->vm->name, vcpu->id, vcpu->guest.regs.pc);
	vcpu->hcr |= HCR_VA;
}

static bool ipa_is_mmio(const struct vm *vm, u64 ipa, u32 size)
{
	unsigned int i;

	for (i = 0; i < vm->nr_mmio; i++) {
		u64 base = ipa_addr(vm->mmio[i].base);

		if (ipa >= base && ipa - base < vm->mmio[i].size && size <= vm->mmio[i].size - (ipa - base))
			return true;
	}
	return false;
}

/*
 * The instruction at the guest's PC, when the syndrome does not describe
 * the access: with the guest's MMU off its PC is an IPA; with it on, HYP
 * translated the PC through the guest's stage 1 while it was still loaded
 * (vcpu->fault.pc_par). A Thumb-2 instruction that crosses a page is
 * refused rather than translated twice.
 */
static int fetch_insn(struct vcpu *vcpu, u32 *insn)
{
	u32 pc = vcpu->guest.regs.pc & ~1u;
	u64 ipa = pc;
	const u32 *va;

	if (vcpu->guest.cp15.reg[CP15_SCTLR] & SCTLR_M) {
		if ((pc & (PAGE_SIZE - 1)) > PAGE_SIZE - 4)
			return -EOPNOTSUPP;
		if (vcpu->fault.pc_par & PAR_F)
			return -EFAULT;
		ipa = (vcpu->fault.pc_par & PAR_PA_MASK) | (pc & (PAGE_SIZE - 1));
	}
	va = vm_ipa_to_va(vcpu->vm, ipa_init(ipa), 4);
	if (!va)
		return -EFAULT;
	*insn = *va;
	return 0;
}

/*
 * The decoder computes guest VAs; every access of one instruction lies in
 * the page of the faulting one (a device is not split across pages here),
 * whose IPA the fault gave.
 */
static const char *mmio_to_ipa(struct vcpu *vcpu, u64 fault_ipa)
{
	struct mmio_insn *insn = &vcpu->mmio;
	unsigned int i;

	for (i = 0; i < insn->nr_accesses; i++) {
		struct mmio_access *a = &insn->access[i];

		if ((a->addr ^ vcpu->fault.hxfar) >> 12)
			return "the instruction's accesses span pages";
		a->addr = (u32)(fault_ipa & ~0xfffull) | (a->addr & 0xfff);
		if (!ipa_is_mmio(vcpu->vm, a->addr, a->size))
			return "the instruction also touches memory that is not the device";
	}
	return NULL;
}

static u64 fault_ipa(const struct vcpu *vcpu)
{
	return (u64)(vcpu->fault.hpfar >> 4) << 12 | (vcpu->fault.hxfar & 0xfff);
}

static int handle_dabt(struct vcpu *vcpu)
{
	u64 ipa = fault_ipa(vcpu);
	const char *why;
	u32 insn;
	int err;

	if ((vcpu->fault.hsr & HSR_DFSC_MASK) == HSR_DFSC_ASYNC_EXT_ABT) {
		inject_async_abort(vcpu);
		return 0;
	}
	/* The guest's own page-table walk reached a device: there is no access to emulate. */
	if (vcpu->fault.hsr & HSR_ABT_S1PTW) {
		inject_abort(vcpu, ipa, ABORT_ON_TABLE_WALK, "is where its page tables point");
		return 0;
	}
	if (!ipa_is_mmio(vcpu->vm, ipa, 1)) {
		inject_abort(vcpu, ipa, ABORT_ON_ACCESS, "has no memory or device behind it");
		return 0;
	}
	if (vcpu->fault.hsr & HSR_DABT_ISV) {
		err = mmio_from_syndrome(vcpu->fault.hsr, (u32)ipa, &vcpu->mmio);
		why = err ? vcpu->mmio.why : NULL;
	} else {
		err = fetch_insn(vcpu, &insn);
		if (err)
			why = err == -EOPNOTSUPP ? "cannot be decoded: it crosses a page"
						 : "cannot be decoded: its PC is not in RAM";
		else if (mmio_decode(&vcpu->guest.regs, insn, vcpu_thumb(vcpu), &vcpu->mmio))
			why = vcpu->mmio.why;
		else
			why = mmio_to_ipa(vcpu, ipa);
	}
	if (why) {
		inject_abort(vcpu, ipa, ABORT_ON_ACCESS, why);
		return 0;
	}
	vcpu->stats.exits[EXIT_KIND_MMIO]++;
	vcpu_start_mmio(vcpu);
	return 1;
}

static void handle_iabt(struct vcpu *vcpu)
{
	if (vcpu->fault.hsr & HSR_ABT_S1PTW)
		inject_abort(vcpu, fault_ipa(vcpu), ABORT_ON_TABLE_WALK, "is where its page tables point");
	else
		inject_abort(vcpu, fault_ipa(vcpu), ABORT_ON_ACCESS, "has no memory behind it");
}

/*
 * Under the VM's lock, so that two vCPUs cannot start the same one: a
 * vCPU is off once the scheduler has stopped it, and no CPU runs it then.
 */
static int psci_cpu_on(void *ctx, u32 mpidr, u32 entry, u32 context_id)
{
	struct vm *vm = ctx;
	struct vcpu *target;
	int ret = PSCI_RET_SUCCESS;

	if (mpidr >= vm->nr_vcpus)
		return PSCI_RET_INVALID_PARAMETERS;
	target = vm->vcpus[mpidr];
	spin_lock(&vm->lock);
	if (target->sched.state != VCPU_STOPPED || vm->stopping) {
		ret = PSCI_RET_ALREADY_ON;
	} else {
		vcpu_reset(target, ipa_init(entry & ~1u), ipa_init(0));
		target->guest.regs.r[0] = context_id;
		target->guest.regs.r[1] = 0;
		if (entry & 1)
			target->guest.regs.cpsr |= PSR_T;
		/* The VM may have begun to stop on another CPU since the check above. */
		if (!sched_start(target, 0))
			ret = PSCI_RET_DENIED;
	}
	spin_unlock(&vm->lock);
	return ret;
}

static int psci_affinity_info(void *ctx, u32 mpidr)
{
	struct vm *vm = ctx;

	if (mpidr >= vm->nr_vcpus)
		return PSCI_RET_INVALID_PARAMETERS;
	return vm->vcpus[mpidr]->sched.state != VCPU_STOPPED ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
}

static const struct guest_call_ops psci_ops = {
	.cpu_on = psci_cpu_on,
	.affinity_info = psci_affinity_info,
};

/* A guest's HVC or SMC: an SMCCC call, never a call into the host. */
static int handle_smccc(struct vcpu *vcpu)
{
	struct smccc_regs call;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < 8; i++)
		call.r[i] = vcpu->guest.regs.r[i];
	switch (smccc_guest_call(&call, &psci_ops, vcpu->vm)) {
	case GUEST_CALL_RETURN:
		break;
	case GUEST_CALL_CPU_SUSPEND:
		vcpu->exit.reason = VCPU_EXIT_WFI;
		ret = 1;
		break;
	case GUEST_CALL_CPU_OFF:
		vcpu->exit.reason = VCPU_EXIT_CPU_OFF;
		return 1;
	case GUEST_CALL_SYSTEM_OFF:
		vcpu->exit.reason = VCPU_EXIT_SYSTEM_OFF;
		return 1;
	case GUEST_CALL_SYSTEM_RESET:
		vcpu->exit.reason = VCPU_EXIT_SYSTEM_RESET;
		return 1;
	}
	/* The dispatcher writes r0 and nothing else (smccc_dispatch.h). */
	vcpu->guest.regs.r[0] = call.r[0];
	return ret;
}

/* ARM ARM B3.13.6: a trapped instruction that fails its condition is skipped. */
static bool condition_failed(const struct vcpu *vcpu)
{
	u32 hsr = vcpu->fault.hsr, cond;

	if (hsr_ec(vcpu) == HSR_EC_UNKNOWN || hsr_ec(vcpu) == HSR_EC_HVC || hsr_ec(vcpu) >= HSR_EC_IABT)
		return false;
	if (hsr & HSR_CV)
		cond = (hsr >> HSR_COND_SHIFT) & 0xf;
	else
		cond = insn_cond(0, vcpu_thumb(vcpu), vcpu->guest.regs.cpsr);
	return !cond_passed(vcpu->guest.regs.cpsr, cond);
}

static int handle_trap(struct vcpu *vcpu)
{
	if (condition_failed(vcpu)) {
		vcpu_skip_insn(vcpu);
		return 0;
	}
	switch (hsr_ec(vcpu)) {
	case HSR_EC_WFI_WFE:
		vcpu_skip_insn(vcpu);
		if (vcpu->fault.hsr & HSR_WFI_IS_WFE) {
			vcpu->stats.exits[EXIT_KIND_WFE]++;
			vcpu->exit.reason = VCPU_EXIT_YIELD;
		} else {
			vcpu->stats.exits[EXIT_KIND_WFI]++;
			vcpu->exit.reason = VCPU_EXIT_WFI;
		}
		return 1;
	case HSR_EC_HVC: /* ELR already points past the HVC */
		vcpu->stats.exits[EXIT_KIND_HVC]++;
		return handle_smccc(vcpu);
	case HSR_EC_SMC: /* trapped by HCR.TSC before it executed */
		vcpu->stats.exits[EXIT_KIND_HVC]++;
		vcpu_skip_insn(vcpu);
		return handle_smccc(vcpu);
	case HSR_EC_CP15_32:
		vcpu->stats.exits[EXIT_KIND_CP15]++;
		handle_cp15_32(vcpu);
		return 0;
	case HSR_EC_CP15_64:
		vcpu->stats.exits[EXIT_KIND_CP15]++;
		handle_cp15_64(vcpu);
		return 0;
	case HSR_EC_DABT:
		return handle_dabt(vcpu);
	case HSR_EC_IABT:
		handle_iabt(vcpu);
		return 0;
	case HSR_EC_CP14_MR:
		vcpu->stats.exits[EXIT_KIND_CP14]++;
		handle_cp14_32(vcpu);
		return 0;
	case HSR_EC_CP14_LS:
	case HSR_EC_CP14_64:
		vcpu->stats.exits[EXIT_KIND_CP14]++;
		vcpu_inject_undef(vcpu, "debug and trace registers (CP14) are not offered");
		return 0;
	default:
		vcpu->stats.exits[EXIT_KIND_OTHER]++;
		vcpu_inject_undef(vcpu, "trapped instruction hyp7 does not emulate (HSR EC 0x%02x)");
		return 0;
	}
}

int handle_exit(struct vcpu *vcpu, u32 exit_code)
{
	if (exit_code & ARM_EXIT_ABORT_PENDING)
		inject_async_abort(vcpu);
	vcpu->exit.reason = VCPU_EXIT_INTERNAL_ERROR;
	switch (exit_code & ~ARM_EXIT_ABORT_PENDING) {
	case ARM_EXCEPTION_TRAP:
		return handle_trap(vcpu);
	case ARM_EXCEPTION_IRQ:
		vcpu->stats.exits[EXIT_KIND_IRQ]++;
		if (!preempt_irq())
			return 0;
		vcpu->exit.reason = VCPU_EXIT_PREEMPTED;
		return 1;
	default:
		vcpu->stats.exits[EXIT_KIND_OTHER]++;
		return 0; /* an FIQ, or a fault to take again */
	}
}
