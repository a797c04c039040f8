/*
 * Trapped coprocessor accesses. CP15: cache maintenance by set/way
 * (HCR.TSW), ACTLR (HCR.TAC) and the Cortex-A15 L2 control registers
 * (HCR.TIDCP), the PMU (HDCR.TPM, TPMCR), and the writes HCR.TVM traps
 * while the host watches the guest's caches (include/hyp7/setway.h);
 * anything else is an undefined instruction for the guest, and logged.
 * CP14: the debug registers read as zero.
 */
#include <arch/hsr.h>
#include <arch/psr.h>
#include <arch/sysregs.h>
#include <hyp7/setway.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vm.h>
#include "handle_exit.h"

/* ISS of a trapped MCR/MRC (ARM ARM B3.13.6). */
#define ISS_DIR_READ 1
#define ISS_CRM(hsr) (((hsr) >> 1) & 0xf)
#define ISS_RT(hsr) (((hsr) >> 5) & 0xf)
#define ISS_CRN(hsr) (((hsr) >> 10) & 0xf)
#define ISS_OPC1(hsr) (((hsr) >> 14) & 0x7)
#define ISS_OPC2(hsr) (((hsr) >> 17) & 0x7)
/* ISS of a trapped MCRR/MRRC. */
#define ISS64_RT2(hsr) (((hsr) >> 10) & 0xf)
#define ISS64_OPC1(hsr) (((hsr) >> 16) & 0xf)
#define CP15_KEY(opc1, crn, crm, opc2) ((opc1) << 12 | (crn) << 8 | (crm) << 4 | (opc2))

#define KEY_ACTLR CP15_KEY(0, 1, 0, 1)
#define KEY_DCISW CP15_KEY(0, 7, 6, 2)
#define KEY_DCCSW CP15_KEY(0, 7, 10, 2)
#define KEY_DCCISW CP15_KEY(0, 7, 14, 2)
#define KEY_L2CTLR CP15_KEY(1, 9, 0, 2)
#define KEY_L2ECTLR CP15_KEY(1, 9, 0, 3)
#define KEY_PMUSERENR CP15_KEY(0, 9, 14, 0)
#define L2CTLR_NUM_CPUS_SHIFT 24

/* The PMU registers: opc1 0, c9, CRm 12 to 14 (ARM ARM C12.8). */
static bool is_pmu(u32 key)
{
	u32 crn_crm = key >> 4 & 0xff;

	return !(key >> 12) && crn_crm >= 0x9c && crn_crm <= 0x9e;
}

/*
 * The registers HCR.TVM traps writes to (B4.1.65), by their CP15 context
 * slot. The write goes to the vCPU's copy, which the world switch loads on
 * the next entry.
 */
static int tvm_slot(u32 key)
{
	switch (key) {
	case CP15_KEY(0, 1, 0, 0): return CP15_SCTLR;
	case CP15_KEY(0, 2, 0, 0): return CP15_TTBR0; /* the low word; MCRR writes both */
	case CP15_KEY(0, 2, 0, 1): return CP15_TTBR1;
	case CP15_KEY(0, 2, 0, 2): return CP15_TTBCR;
	case CP15_KEY(0, 3, 0, 0): return CP15_DACR;
	case CP15_KEY(0, 5, 0, 0): return CP15_DFSR;
	case CP15_KEY(0, 5, 0, 1): return CP15_IFSR;
	case CP15_KEY(0, 5, 1, 0): return CP15_ADFSR;
	case CP15_KEY(0, 5, 1, 1): return CP15_AIFSR;
	case CP15_KEY(0, 6, 0, 0): return CP15_DFAR;
	case CP15_KEY(0, 6, 0, 2): return CP15_IFAR;
	case CP15_KEY(0, 10, 2, 0): return CP15_PRRR;
	case CP15_KEY(0, 10, 2, 1): return CP15_NMRR;
	case CP15_KEY(0, 10, 3, 0): return CP15_AMAIR0;
	case CP15_KEY(0, 10, 3, 1): return CP15_AMAIR1;
	case CP15_KEY(0, 13, 0, 1): return CP15_CONTEXTIDR;
	default: return -1;
	}
}

static bool from_usr(const struct vcpu *vcpu)
{
	return (vcpu->guest.regs.cpsr & PSR_MODE_MASK) == PSR_MODE_USR;
}

static void setway(struct vcpu *vcpu)
{
	if (setway_op(&vcpu->hcr))
		vcpu_flush_vm(vcpu);
}

static void write_tvm_reg(struct vcpu *vcpu, int slot, u32 value)
{
	u32 *reg = &vcpu->guest.cp15.reg[slot];

	if (slot == CP15_SCTLR && setway_sctlr_write(&vcpu->hcr, *reg, value))
		vcpu_flush_vm(vcpu);
	*reg = value;
	vcpu_cp15_changed(vcpu);
}

/*
 * Emulates the MRC (read) or MCR of key; false if hyp7 does not offer it.
 * A read's result goes to *value.
 */
static bool emulate_cp15_32(struct vcpu *vcpu, u32 key, bool read, u32 *value)
{
	int slot = tvm_slot(key);

	/*
	 * The PMU is hidden (HDCR.TPM, TPMCR): as a PMU with no event
	 * counters (PMCR.N = 0), a cycle counter that never counts and no
	 * access from PL0 (PMUSERENR reads 0 and ignores writes), so nothing
	 * of the host's, HYP's or another VM's can be counted or changed.
	 */
	if (is_pmu(key)) {
		if (from_usr(vcpu) && !(read && key == KEY_PMUSERENR))
			return false;
		*value = 0;
		return true;
	}
	if (from_usr(vcpu))
		return false; /* the rest is PL1's alone */
	if (!read && slot >= 0) {
		write_tvm_reg(vcpu, slot, *value);
		return true;
	}
	switch (key) {
	case KEY_DCISW:
	case KEY_DCCSW:
	case KEY_DCCISW:
		if (read)
			return false;
		setway(vcpu);
		return true;
	case KEY_ACTLR:
		/* The host's: the guest may read it; a write is ignored, as a non-secure write to most of it is. */
		*value = vcpu_arch_actlr();
		return true;
	case KEY_L2CTLR:
		*value = (vcpu->vm->nr_vcpus - 1) << L2CTLR_NUM_CPUS_SHIFT;
		return true;
	case KEY_L2ECTLR:
		*value = 0;
		return true;
	}
	return false;
}

void handle_cp15_32(struct vcpu *vcpu)
{
	u32 hsr = vcpu->fault.hsr, rt = ISS_RT(hsr), value = 0;
	u32 key = CP15_KEY(ISS_OPC1(hsr), ISS_CRN(hsr), ISS_CRM(hsr), ISS_OPC2(hsr));
	bool read = hsr & ISS_DIR_READ;

	/* An MCR from the PC is UNPREDICTABLE: it is refused. */
	if (!read) {
		if (rt == REG_PC) {
			vcpu_inject_undef(vcpu, "MCR from the PC");
			return;
		}
		value = *vcpu_reg(&vcpu->guest.regs, rt);
	}
	if (!emulate_cp15_32(vcpu, key, read, &value)) {
		vcpu_inject_undef(vcpu, "CP15 register not emulated");
		return;
	}
	if (read)
		vcpu_write_mrc_result(&vcpu->guest.regs, rt, value);
	vcpu_skip_insn(vcpu);
}

/*
 * MCRR to TTBR0 or TTBR1 (CRm c2, opc1 0 or 1), trapped by HCR.TVM; no
 * other 64-bit register is offered.
 */
void handle_cp15_64(struct vcpu *vcpu)
{
	u32 hsr = vcpu->fault.hsr, opc1 = ISS64_OPC1(hsr), rt = ISS_RT(hsr), rt2 = ISS64_RT2(hsr);
	int slot = opc1 == 0 ? CP15_TTBR0 : CP15_TTBR1;

	if ((hsr & ISS_DIR_READ) || ISS_CRM(hsr) != 2 || opc1 > 1 || rt == REG_PC || rt2 == REG_PC ||
	    from_usr(vcpu)) {
		vcpu_inject_undef(vcpu, "64-bit CP15 access not emulated");
		return;
	}
	vcpu->guest.cp15.reg[slot] = *vcpu_reg(&vcpu->guest.regs, rt);
	vcpu->guest.cp15.reg[slot + 1] = *vcpu_reg(&vcpu->guest.regs, rt2);
	vcpu_cp15_changed(vcpu);
	vcpu_skip_insn(vcpu);
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
		vcpu_write_mrc_result(&vcpu->guest.regs, ISS_RT(hsr), 0);
	vcpu_skip_insn(vcpu);
}
