/*
 * Trapped CP15 accesses (HCR.TSW, TAC, TIDCP; HSTR.T15): cache maintenance
 * by set/way, ACTLR and the Cortex-A15 L2 control registers are emulated;
 * anything else is an undefined instruction for the guest, and logged.
 * Trapped CP14 debug registers read as zero.
 */
#include <arch/cp15.h>
#include <arch/hsr.h>
#include <arch/mm.h>
#include <hyp7/vm.h>
#include "handle_exit.h"

/* ISS of a trapped MCR/MRC (ARM ARM B3.13.6). */
#define ISS_DIR_READ 1
#define ISS_CRM(hsr) (((hsr) >> 1) & 0xf)
#define ISS_RT(hsr) (((hsr) >> 5) & 0xf)
#define ISS_CRN(hsr) (((hsr) >> 10) & 0xf)
#define ISS_OPC1(hsr) (((hsr) >> 14) & 0x7)
#define ISS_OPC2(hsr) (((hsr) >> 17) & 0x7)
#define CP15_KEY(opc1, crn, crm, opc2) ((opc1) << 12 | (crn) << 8 | (crm) << 4 | (opc2))

#define KEY_ACTLR CP15_KEY(0, 1, 0, 1)
#define KEY_DCISW CP15_KEY(0, 7, 6, 2)
#define KEY_DCCSW CP15_KEY(0, 7, 10, 2)
#define KEY_DCCISW CP15_KEY(0, 7, 14, 2)
#define KEY_L2CTLR CP15_KEY(1, 9, 0, 2)
#define KEY_L2ECTLR CP15_KEY(1, 9, 0, 3)
#define L2CTLR_NUM_CPUS_SHIFT 24

/*
 * Set/way operations only make sense on the physical caches, which the
 * guest does not own. What a guest means by them is "my memory, in RAM":
 * so the first operation of a sweep (level 1, set 0, way 0: the value 0)
 * cleans and invalidates all of the VM's memory to PoC, and the rest of
 * the sweep has nothing left to do.
 */
static void set_way_flush(struct vcpu *vcpu, u32 value)
{
	const struct vm *vm = vcpu->vm;
	unsigned int i;

	if (value)
		return;
	for (i = 0; i < vm->nr_mem; i++)
		dcache_clean_inval_poc(vm->mem[i].host_va, vm->mem[i].size);
}

void handle_cp15_32(struct vcpu *vcpu)
{
	u32 hsr = vcpu->fault.hsr;
	u32 key = CP15_KEY(ISS_OPC1(hsr), ISS_CRN(hsr), ISS_CRM(hsr), ISS_OPC2(hsr));
	bool read = hsr & ISS_DIR_READ;
	u32 *rt = vcpu_reg(&vcpu->guest.regs, ISS_RT(hsr));

	switch (key) {
	case KEY_DCISW:
	case KEY_DCCSW:
	case KEY_DCCISW:
		if (read)
			break;
		set_way_flush(vcpu, *rt);
		vcpu_skip_insn(vcpu);
		return;
	case KEY_ACTLR:
		/* The host's: the guest may read it; a write is ignored, as a non-secure write to most of it is. */
		if (read)
			*rt = read_sysreg(ACTLR);
		vcpu_skip_insn(vcpu);
		return;
	case KEY_L2CTLR:
		if (read)
			*rt = (vcpu->vm->nr_vcpus - 1) << L2CTLR_NUM_CPUS_SHIFT;
		vcpu_skip_insn(vcpu);
		return;
	case KEY_L2ECTLR:
		if (read)
			*rt = 0;
		vcpu_skip_insn(vcpu);
		return;
	}
	vcpu_inject_undef(vcpu, "CP15 register not emulated");
}

/*
 * The debug registers are not offered: they read as zero and ignore
 * writes, so DBGDIDR reports no debug architecture and a guest (Linux's
 * hw_breakpoint) simply does without, as on a CPU with debug disabled.
 */
void handle_cp14_32(struct vcpu *vcpu)
{
	u32 hsr = vcpu->fault.hsr;

	if (hsr & ISS_DIR_READ)
		*vcpu_reg(&vcpu->guest.regs, ISS_RT(hsr)) = 0;
	vcpu_skip_insn(vcpu);
}

void handle_cp15_64(struct vcpu *vcpu)
{
	vcpu_inject_undef(vcpu, "64-bit CP15 access not emulated");
}
