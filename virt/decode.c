/*
 * MMIO instruction emulation, the parts shared by both instruction sets:
 * turning a decoded LDR/STR or LDM/STM into accesses, the syndrome path,
 * completing an instruction, and condition codes. The ARM and Thumb
 * encodings are taken apart in decode_arm.c and decode_thumb.c.
 */
#include <arch/hsr.h>
#include <arch/psr.h>
#include <hyp7/decode.h>
#include <hyp7/lib.h>

u32 mmio_reg_value(const struct vcpu_regs *regs, unsigned int n, bool thumb)
{
	/* vcpu_reg() hands out a writable pointer; read through a copy instead. */
	struct vcpu_regs view = *regs;

	if (n == REG_PC)
		return regs->pc + (thumb ? 4 : 8);
	return *vcpu_reg(&view, n);
}

/*
 * The addressing shared by every LDR/STR form (e.g. A8.8.63 LDR
 * (immediate, ARM)): offset_addr = Rn +/- offset; the access is at
 * offset_addr if indexing, else at Rn; writeback stores offset_addr.
 */
int mmio_emit_xfer(const struct vcpu_regs *regs, const struct mmio_xfer *x, bool thumb,
		   struct mmio_insn *out)
{
	u32 base, offset_addr, address;
	unsigned int i, nr = x->dual ? 2 : 1;

	if (x->wback && x->n == REG_PC)
		return mmio_refuse(out, "base writeback to the PC is UNPREDICTABLE");
	if (x->wback && (x->n == x->t || (x->dual && x->n == x->t2)))
		return mmio_refuse(out, "base writeback to a transferred register is UNPREDICTABLE");
	if (x->dual && (x->t == REG_PC || x->t2 == REG_PC))
		return mmio_refuse(out, "LDRD/STRD of the PC is UNPREDICTABLE");
	/* LDR to the PC is an interworking branch: nothing a device should drive. */
	if (x->load && x->t == REG_PC)
		return mmio_refuse(out, "a load to the PC is not emulated");

	base = mmio_reg_value(regs, x->n, thumb);
	offset_addr = x->add ? base + x->offset : base - x->offset;
	address = x->index ? offset_addr : base;
	for (i = 0; i < nr; i++) {
		struct mmio_access *a = &out->access[i];

		a->addr = address + 4 * i;
		a->size = x->size;
		a->write = !x->load;
		a->sign_extend = x->sign_extend;
		a->reg = i ? x->t2 : x->t;
	}
	out->nr_accesses = nr;
	out->writeback = x->wback;
	out->base_reg = x->n;
	out->base_value = x->wback ? offset_addr : base;
	return 0;
}

/*
 * LDM/STM in all four modes (A8.8.58-A8.8.62, A8.8.199-A8.8.202): the
 * registers go in ascending order to ascending addresses, lowest first.
 */
int mmio_emit_block(const struct vcpu_regs *regs, const struct mmio_block *b, struct mmio_insn *out)
{
	unsigned int count = 0, i, nr = 0;
	u32 base, address;

	for (i = 0; i < 16; i++)
		count += (b->registers >> i) & 1;

	if (b->n == REG_PC)
		return mmio_refuse(out, "LDM/STM with the PC as base is UNPREDICTABLE");
	if (count == 0)
		return mmio_refuse(out, "LDM/STM with an empty list is UNPREDICTABLE");
	if (b->load && (b->registers & (1 << REG_PC)))
		return mmio_refuse(out, "LDM with the PC in the list is not emulated");
	/*
	 * ARMv7 makes this UNPREDICTABLE (A8.8.58). An STM with the base in the
	 * list stores its original value: right when it is the lowest register,
	 * one allowed UNKNOWN value otherwise (A8.8.199).
	 */
	if (b->load && b->wback && (b->registers & (1 << b->n)))
		return mmio_refuse(out, "LDM with writeback and the base in the list is UNPREDICTABLE");

	base = mmio_reg_value(regs, b->n, false);
	if (b->increment)
		address = b->before ? base + 4 : base;
	else
		address = base - 4 * count + (b->before ? 0 : 4);
	for (i = 0; i < 16; i++) {
		struct mmio_access *a = &out->access[nr];

		if (!(b->registers & (1 << i)))
			continue;
		a->addr = address + 4 * nr;
		a->size = 4;
		a->write = !b->load;
		a->sign_extend = false;
		a->reg = i;
		nr++;
	}
	out->nr_accesses = nr;
	out->writeback = b->wback;
	out->base_reg = b->n;
	out->base_value = b->wback ? (b->increment ? base + 4 * count : base - 4 * count) : base;
	return 0;
}

int mmio_decode(const struct vcpu_regs *regs, u32 insn, bool thumb, struct mmio_insn *out)
{
	memset(out, 0, sizeof(*out));
	return thumb ? mmio_decode_thumb(regs, insn, out) : mmio_decode_arm(regs, insn, out);
}

/* SAS (B3.13.6): the access size as a power of two. */
int mmio_from_syndrome(u32 hsr, u32 fault_addr, struct mmio_insn *out)
{
	struct mmio_access *a = &out->access[0];
	u32 sas = (hsr >> HSR_DABT_SAS_SHIFT) & HSR_DABT_SAS_MASK;

	/* Every field but the unused accesses, which nr_accesses bounds: this is on every MMIO exit. */
	out->nr_accesses = 0;
	out->writeback = false;
	out->base_reg = 0;
	out->base_value = 0;
	out->length = 0;
	out->why = NULL;
	if (!(hsr & HSR_DABT_ISV))
		return mmio_refuse(out, "the syndrome is not valid (ISV = 0)");
	if (sas == 3)
		return mmio_refuse(out, "reserved syndrome access size (SAS = 3)");
	*a = (struct mmio_access){
		.addr = fault_addr,
		.size = 1 << sas,
		.write = hsr & HSR_DABT_WNR,
		.sign_extend = hsr & HSR_DABT_SSE,
		.reg = (hsr >> HSR_DABT_SRT_SHIFT) & HSR_DABT_SRT_MASK,
	};
	if (!a->write && a->reg == REG_PC)
		return mmio_refuse(out, "a load to the PC is not emulated");
	out->nr_accesses = 1;
	out->length = hsr & HSR_IL ? 4 : 2;
	return 0;
}

/* ZeroExtend()/SignExtend() of the low size bytes, as LDRB/LDRH and LDRSB/LDRSH do. */
static u32 extend(u32 value, u8 size, bool sign_extend)
{
	u32 bits = 8 * size, top;

	if (size == 4)
		return value;
	value &= (1u << bits) - 1;
	top = 1u << (bits - 1);
	return sign_extend && (value & top) ? value | ~((1u << bits) - 1) : value;
}

int mmio_complete(struct vcpu_regs *regs, const struct mmio_insn *insn, const u32 *load_values)
{
	unsigned int i;

	if (insn->nr_accesses > MMIO_MAX_ACCESSES || (insn->length != 2 && insn->length != 4) ||
	    (insn->writeback && insn->base_reg >= REG_PC))
		return -EINVAL;
	for (i = 0; i < insn->nr_accesses; i++) {
		const struct mmio_access *a = &insn->access[i];

		if ((a->size != 1 && a->size != 2 && a->size != 4) || a->reg > REG_PC ||
		    (!a->write && (a->reg == REG_PC || !load_values)))
			return -EINVAL;
	}

	for (i = 0; i < insn->nr_accesses; i++) {
		const struct mmio_access *a = &insn->access[i];

		if (!a->write)
			*vcpu_reg(regs, a->reg) = extend(load_values[i], a->size, a->sign_extend);
	}
	if (insn->writeback)
		*vcpu_reg(regs, insn->base_reg) = insn->base_value;
	vcpu_regs_skip(regs, insn->length);
	return 0;
}

u32 mmio_store_value(const struct vcpu_regs *regs, const struct mmio_access *access)
{
	/* PCStoreValue() (A2.3.1): the address of the instruction + 8 in ARM state. */
	u32 value = mmio_reg_value(regs, access->reg, regs->cpsr & PSR_T);

	return access->size == 4 ? value : value & ((1u << (8 * access->size)) - 1);
}

/* ConditionPassed() (A8.3): each pair of conditions is a test and its inverse. */
bool cond_passed(u32 cpsr, u32 cond)
{
	bool n = cpsr & PSR_N, z = cpsr & PSR_Z, c = cpsr & PSR_C, v = cpsr & PSR_V;
	bool result;

	switch (cond >> 1) {
	case 0: result = z; break;            /* EQ */
	case 1: result = c; break;            /* CS */
	case 2: result = n; break;            /* MI */
	case 3: result = v; break;            /* VS */
	case 4: result = c && !z; break;      /* HI */
	case 5: result = n == v; break;       /* GE */
	case 6: result = n == v && !z; break; /* GT */
	default: return true;                 /* AL, and 0b1111 */
	}
	return cond & 1 ? !result : result;
}

/* CurrentCond() (A8.3.1): in an IT block (IT[3:0] != 0), IT[7:4]. */
u32 insn_cond(u32 insn, bool thumb, u32 cpsr)
{
	u32 it = (cpsr & PSR_IT_LO_MASK) >> PSR_IT_LO_SHIFT |
		 (cpsr & PSR_IT_HI_MASK) >> PSR_IT_HI_SHIFT << 2;

	if (!thumb)
		return insn >> 28;
	return it & 0xf ? it >> 4 : COND_AL;
}
