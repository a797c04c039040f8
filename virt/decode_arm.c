/*
 * ARM-state loads and stores (ARM ARM A5.3 "Load/store word and unsigned
 * byte", A5.2.8 "Extra load/store instructions", A5.5 block data
 * transfer). Everything else in the ARM encoding space is refused.
 */
#include <arch/psr.h>
#include <hyp7/decode.h>

/* The shift types of DecodeImmShift() (A8.4.3). */
#define SRTYPE_LSL 0
#define SRTYPE_LSR 1
#define SRTYPE_ASR 2
#define SRTYPE_ROR 3

/* Shift_C(Rm, DecodeImmShift(type, imm5)): LSR/ASR #0 mean #32, ROR #0 is RRX. */
static u32 imm_shift(u32 value, u32 type, u32 imm5, bool carry)
{
	switch (type) {
	case SRTYPE_LSL:
		return value << imm5;
	case SRTYPE_LSR:
		return imm5 ? value >> imm5 : 0;
	case SRTYPE_ASR:
		/* An arithmetic shift by 32 gives the sign in every bit, as by 31 does. */
		imm5 = imm5 ? imm5 : 31;
		return (s32)value < 0 ? ~(~value >> imm5) : value >> imm5;
	default:
		return imm5 ? value >> imm5 | value << (32 - imm5) : (u32)carry << 31 | value >> 1;
	}
}

/* A8.8.63-A8.8.71, A8.8.203-A8.8.207: LDR, LDRB, STR, STRB. */
static int word_byte(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out)
{
	bool p = insn_bit(insn, 24), w = insn_bit(insn, 21);
	struct mmio_xfer x = {
		.t = insn_bits(insn, 15, 12),
		.n = insn_bits(insn, 19, 16),
		.size = insn_bit(insn, 22) ? 1 : 4,
		.load = insn_bit(insn, 20),
		.index = p,
		.add = insn_bit(insn, 23),
		.wback = !p || w,
	};

	if (!p && w)
		return mmio_refuse(out, "unprivileged LDRT/STRT/LDRBT/STRBT are not emulated");
	if (x.size == 1 && x.t == REG_PC)
		return mmio_refuse(out, "LDRB/STRB of the PC is UNPREDICTABLE");
	if (insn_bit(insn, 25)) {
		u32 m = insn_bits(insn, 3, 0);

		if (m == REG_PC)
			return mmio_refuse(out, "the PC as offset register is UNPREDICTABLE");
		x.offset = imm_shift(mmio_reg_value(regs, m, false), insn_bits(insn, 6, 5),
				     insn_bits(insn, 11, 7), regs->cpsr & PSR_C);
	} else {
		x.offset = insn_bits(insn, 11, 0);
	}
	return mmio_emit_xfer(regs, &x, false, out);
}

/*
 * A8.8.72-A8.8.83, A8.8.208-A8.8.211: LDRH, LDRSB, LDRSH, STRH, LDRD, STRD.
 * op2 (bits [6:5]) with L picks the instruction; I (bit 22) the offset.
 */
static int extra_load_store(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out)
{
	bool p = insn_bit(insn, 24), w = insn_bit(insn, 21);
	u32 op2 = insn_bits(insn, 6, 5);
	struct mmio_xfer x = {
		.t = insn_bits(insn, 15, 12),
		.n = insn_bits(insn, 19, 16),
		.size = 2,
		.index = p,
		.add = insn_bit(insn, 23),
		.wback = !p || w,
	};

	/* LDRHT-class; LDRD/STRD so encoded are UNPREDICTABLE. */
	if (!p && w)
		return mmio_refuse(out, "unprivileged LDRHT/STRHT/LDRSBT/LDRSHT are not emulated");
	if (insn_bit(insn, 20)) {
		x.load = true;
		x.sign_extend = op2 != 1;
		x.size = op2 == 2 ? 1 : 2;
	} else if (op2 != 1) {
		x.dual = true;
		x.load = op2 == 2;
		x.size = 4;
		x.t2 = x.t + 1;
		if (x.t & 1)
			return mmio_refuse(out, "LDRD/STRD with an odd Rt is UNPREDICTABLE");
	}
	if (!x.dual && x.t == REG_PC)
		return mmio_refuse(out, "a halfword or signed byte transfer of the PC is UNPREDICTABLE");
	if (insn_bit(insn, 22)) {
		x.offset = insn_bits(insn, 11, 8) << 4 | insn_bits(insn, 3, 0);
	} else {
		u32 m = insn_bits(insn, 3, 0);

		if (m == REG_PC)
			return mmio_refuse(out, "the PC as offset register is UNPREDICTABLE");
		if (x.dual && x.load && (m == x.t || m == x.t2))
			return mmio_refuse(out, "LDRD loading its offset register is UNPREDICTABLE");
		x.offset = mmio_reg_value(regs, m, false);
	}
	return mmio_emit_xfer(regs, &x, false, out);
}

/* A8.8.58-A8.8.62, A8.8.199-A8.8.202: LDM/STM{IA,IB,DA,DB}. */
static int block_transfer(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out)
{
	struct mmio_block b = {
		.n = insn_bits(insn, 19, 16),
		.registers = insn_bits(insn, 15, 0),
		.load = insn_bit(insn, 20),
		.increment = insn_bit(insn, 23),
		.before = insn_bit(insn, 24),
		.wback = insn_bit(insn, 21),
	};

	/* B9.3.5-B9.3.7: the User bank, or an exception return, from PL1 only. */
	if (insn_bit(insn, 22))
		return mmio_refuse(out, "LDM/STM of the User registers (^) are not emulated");
	return mmio_emit_block(regs, &b, out);
}

int mmio_decode_arm(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out)
{
	out->length = 4;
	if (insn_bits(insn, 31, 28) == 0xf)
		return mmio_refuse(out, "unconditional instructions (PLD, SRS, RFE...) are not emulated");

	/* A5.1, table A5-1: op1 = bits [27:25]. */
	switch (insn_bits(insn, 27, 25)) {
	case 0:
		/* A5.2: bits [7:4] = 1xx1 with op2 = bits [6:5] != 0 are the extra loads and stores. */
		if (insn_bit(insn, 7) && insn_bit(insn, 4)) {
			if (insn_bits(insn, 6, 5))
				return extra_load_store(regs, insn, out);
			if (insn_bit(insn, 24))
				return mmio_refuse(out, "SWP/LDREX/STREX are not emulated");
		}
		return mmio_refuse(out, "not a load or store");
	case 3:
		if (insn_bit(insn, 4))
			return mmio_refuse(out, "not a load or store (media instruction)");
		return word_byte(regs, insn, out);
	case 2:
		return word_byte(regs, insn, out);
	case 4:
		return block_transfer(regs, insn, out);
	case 6:
		return mmio_refuse(out, "coprocessor loads and stores (LDC/STC/MCRR/MRRC) are not emulated");
	default:
		return mmio_refuse(out, "not a load or store");
	}
}
