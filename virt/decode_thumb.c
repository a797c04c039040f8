/*
 * Thumb-state loads and stores: the 16-bit encodings (ARM ARM A6.2.4
 * "Load/store single data item", A6.2.5 PUSH/POP, LDM/STM T1) and the
 * 32-bit ones (A6.3.5 load/store multiple, A6.3.6 load/store dual,
 * A6.3.7-A6.3.10 load/store single data item). Literal (PC-relative)
 * loads read constants next to the code, never a device: refused.
 */
#include <hyp7/decode.h>

/* A6.2.4: 0101 opB Rm Rn Rt, the register-offset forms (A8.8.65 LDR (register) T1...). */
static const struct {
	u8 size;
	bool load, sign_extend;
} thumb16_register_ops[8] = {
	{ 4, false, false }, /* STR */
	{ 2, false, false }, /* STRH */
	{ 1, false, false }, /* STRB */
	{ 1, true, true },   /* LDRSB */
	{ 4, true, false },  /* LDR */
	{ 2, true, false },  /* LDRH */
	{ 1, true, false },  /* LDRB */
	{ 2, true, true },   /* LDRSH */
};

static int thumb16(const struct vcpu_regs *regs, u32 hw, struct mmio_insn *out)
{
	struct mmio_xfer x = {
		.t = insn_bits(hw, 2, 0),
		.n = insn_bits(hw, 5, 3),
		.load = insn_bit(hw, 11),
		.index = true,
		.add = true,
	};
	struct mmio_block b;
	u32 op;

	/* A6.2, table A6-1: opcode = bits [15:10]; all loads and stores have [15:12] in 0101-1001. */
	switch (insn_bits(hw, 15, 12)) {
	case 0x4:
		if (insn_bit(hw, 11))
			return mmio_refuse(out, "PC-relative (literal) loads are not emulated");
		return mmio_refuse(out, "not a load or store");
	case 0x5:
		op = insn_bits(hw, 11, 9);
		x.size = thumb16_register_ops[op].size;
		x.load = thumb16_register_ops[op].load;
		x.sign_extend = thumb16_register_ops[op].sign_extend;
		x.offset = mmio_reg_value(regs, insn_bits(hw, 8, 6), true);
		break;
	case 0x6: /* LDR/STR (immediate) T1: imm5 words */
		x.size = 4;
		x.offset = insn_bits(hw, 10, 6) << 2;
		break;
	case 0x7: /* LDRB/STRB (immediate) T1 */
		x.size = 1;
		x.offset = insn_bits(hw, 10, 6);
		break;
	case 0x8: /* LDRH/STRH (immediate) T1: imm5 halfwords */
		x.size = 2;
		x.offset = insn_bits(hw, 10, 6) << 1;
		break;
	case 0x9: /* LDR/STR (immediate) T2: SP-relative, imm8 words */
		x.t = insn_bits(hw, 10, 8);
		x.n = REG_SP;
		x.size = 4;
		x.offset = insn_bits(hw, 7, 0) << 2;
		break;
	case 0xb:
		/* PUSH T1 (A8.8.133) is STMDB SP! with M = LR; POP T1 (A8.8.131) LDMIA SP! with P = PC. */
		if (insn_bits(hw, 10, 9) != 2)
			return mmio_refuse(out, "not a load or store");
		b = (struct mmio_block){
			.n = REG_SP,
			.registers = insn_bits(hw, 7, 0) | insn_bit(hw, 8) << (x.load ? REG_PC : REG_LR),
			.load = x.load,
			.increment = x.load,
			.before = !x.load,
			.wback = true,
		};
		return mmio_emit_block(regs, &b, out);
	case 0xc:
		/* LDM T1 writes back unless the base is loaded; STM T1 always does. */
		b = (struct mmio_block){
			.n = insn_bits(hw, 10, 8),
			.registers = insn_bits(hw, 7, 0),
			.load = x.load,
			.increment = true,
		};
		b.wback = !b.load || !(b.registers & (1 << b.n));
		return mmio_emit_block(regs, &b, out);
	default:
		return mmio_refuse(out, "not a load or store");
	}
	return mmio_emit_xfer(regs, &x, true, out);
}

/* A6.3.5: LDM/STM (IA, T2), LDMDB/STMDB (T1), POP.W and PUSH.W among them. */
static int thumb32_multiple(const struct vcpu_regs *regs, u32 hw1, u32 hw2, struct mmio_insn *out)
{
	u32 op = insn_bits(hw1, 8, 7);
	struct mmio_block b = {
		.n = insn_bits(hw1, 3, 0),
		.registers = hw2,
		.load = insn_bit(hw1, 4),
		.increment = op == 1,
		.before = op == 2,
		.wback = insn_bit(hw1, 5),
	};

	if (op == 0 || op == 3)
		return mmio_refuse(out, "SRS/RFE are not emulated");
	/* A8.8.58 LDM T2, A8.8.199 STM T2 and the DB forms. */
	if (hw2 & (1 << REG_SP) || (!b.load && hw2 & (1 << REG_PC)))
		return mmio_refuse(out, "LDM/STM.W with SP (or STM with PC) in the list is UNPREDICTABLE");
	if ((hw2 & (hw2 - 1)) == 0)
		return mmio_refuse(out, "LDM/STM.W of fewer than two registers is UNPREDICTABLE");
	if (b.wback && hw2 & (1 << b.n))
		return mmio_refuse(out, "LDM/STM.W with writeback and the base in the list is UNPREDICTABLE");
	return mmio_emit_block(regs, &b, out);
}

/* A6.3.6: LDRD/STRD (immediate) T1, A8.8.72 and A8.8.210. */
static int thumb32_dual(const struct vcpu_regs *regs, u32 hw1, u32 hw2, struct mmio_insn *out)
{
	bool p = insn_bit(hw1, 8), w = insn_bit(hw1, 5);
	struct mmio_xfer x = {
		.t = insn_bits(hw2, 15, 12),
		.t2 = insn_bits(hw2, 11, 8),
		.n = insn_bits(hw1, 3, 0),
		.size = 4,
		.load = insn_bit(hw1, 4),
		.dual = true,
		.index = p,
		.add = insn_bit(hw1, 7),
		.wback = w,
		.offset = insn_bits(hw2, 7, 0) << 2,
	};

	if (!p && !w)
		return mmio_refuse(out, "LDREX/STREX and TBB/TBH are not emulated");
	if (x.n == REG_PC)
		return mmio_refuse(out, "PC-relative (literal) loads are not emulated");
	if (x.t == REG_SP || x.t == REG_PC || x.t2 == REG_SP || x.t2 == REG_PC)
		return mmio_refuse(out, "LDRD/STRD of SP or PC is UNPREDICTABLE");
	if (x.load && x.t == x.t2)
		return mmio_refuse(out, "LDRD loading one register twice is UNPREDICTABLE");
	return mmio_emit_xfer(regs, &x, true, out);
}

/*
 * A6.3.7-A6.3.10: 1111 100 S Y size L Rn. Y = 1: imm12 (T2/T3 of
 * A8.8.62 LDR (immediate, Thumb) and kin); else hw2[11] = 1: imm8 with P,
 * U, W (T4); else hw2[11:6] = 0: Rm LSL #imm2 (T2 of the register forms).
 */
static int thumb32_single(const struct vcpu_regs *regs, u32 hw1, u32 hw2, struct mmio_insn *out)
{
	u32 size_field = insn_bits(hw1, 6, 5);
	struct mmio_xfer x = {
		.t = insn_bits(hw2, 15, 12),
		.n = insn_bits(hw1, 3, 0),
		.size = 1 << size_field,
		.load = insn_bit(hw1, 4),
		.sign_extend = insn_bit(hw1, 8),
		.index = true,
		.add = true,
	};

	/* S with L = 0 is the Advanced SIMD element load/store space; the rest UNDEFINED. */
	if (size_field == 3 || (x.sign_extend && (x.size == 4 || !x.load)))
		return mmio_refuse(out, "not a load or store (or an Advanced SIMD one, not emulated)");
	if (x.n == REG_PC)
		return mmio_refuse(out, "PC-relative (literal) loads are not emulated");
	if (x.load && x.t == REG_PC && x.size != 4)
		return mmio_refuse(out, "preload hints (PLD/PLI) are not emulated");
	if (!x.load && x.t == REG_PC)
		return mmio_refuse(out, "a Thumb store of the PC is UNPREDICTABLE");
	if (x.t == REG_SP && x.size != 4)
		return mmio_refuse(out, "a byte or halfword transfer of SP is UNPREDICTABLE");

	if (insn_bit(hw1, 7)) {
		x.offset = insn_bits(hw2, 11, 0);
	} else if (insn_bit(hw2, 11)) {
		bool p = insn_bit(hw2, 10), w = insn_bit(hw2, 8);

		x.add = insn_bit(hw2, 9);
		if (p && x.add && !w)
			return mmio_refuse(out, "unprivileged LDRT/STRT and kin are not emulated");
		if (!p && !w)
			return mmio_refuse(out, "not a load or store (UNDEFINED)");
		x.index = p;
		x.wback = w;
		x.offset = insn_bits(hw2, 7, 0);
	} else if (insn_bits(hw2, 10, 6) == 0) {
		u32 m = insn_bits(hw2, 3, 0);

		if (m == REG_SP || m == REG_PC)
			return mmio_refuse(out, "SP or PC as offset register is UNPREDICTABLE");
		x.offset = mmio_reg_value(regs, m, true) << insn_bits(hw2, 5, 4);
	} else {
		return mmio_refuse(out, "not a load or store (UNDEFINED)");
	}
	return mmio_emit_xfer(regs, &x, true, out);
}

int mmio_decode_thumb(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out)
{
	u32 hw1 = insn_bits(insn, 15, 0), hw2 = insn_bits(insn, 31, 16);

	/* A6.1: bits [15:11] of 0b11101, 0b11110 or 0b11111 start a 32-bit instruction. */
	if (insn_bits(hw1, 15, 11) < 0x1d) {
		out->length = 2;
		return thumb16(regs, hw1, out);
	}
	out->length = 4;
	if (insn_bits(hw1, 15, 9) == 0x74) /* 1110100 */
		return insn_bit(hw1, 6) ? thumb32_dual(regs, hw1, hw2, out)
					: thumb32_multiple(regs, hw1, hw2, out);
	if (insn_bits(hw1, 15, 9) == 0x7c) /* 1111100 */
		return thumb32_single(regs, hw1, hw2, out);
	/* A6.3, table A6-9: op1 = 01 or 11 with op2 = 1xxxxxx. */
	if (insn_bits(hw1, 15, 13) == 7 && insn_bits(hw1, 11, 10) == 3)
		return mmio_refuse(out, "coprocessor and Advanced SIMD instructions are not emulated");
	return mmio_refuse(out, "not a load or store");
}
