/*
 * Emulating a guest's load or store to an emulated device.
 *
 * A stage 2 data abort on an address with no RAM behind it reaches the
 * host with the access described by the HSR's syndrome (ISV = 1), or, for
 * the instructions the syndrome cannot describe (writeback, LDM/STM,
 * LDRD/STRD...; ARM ARM B3.13.6), without it: the host then reads the
 * instruction at the guest's PC and decodes it here. Either way the result
 * is a struct mmio_insn: the accesses the CPU would have made, in order,
 * and the register updates that complete the instruction once the device
 * has answered.
 */
#ifndef HYP7_DECODE_H
#define HYP7_DECODE_H

#include <arch/hsr.h>
#include <hyp7/errno.h>
#include <hyp7/types.h>
#include <hyp7/vcpu_regs.h>

/* CPSR fields not in arch/psr.h (ARM ARM B1.3.3). */
#define PSR_N (1u << 31)
#define PSR_Z (1 << 30)
#define PSR_C (1 << 29)
#define PSR_V (1 << 28)
/* IT[7:0] is split: IT[1:0] in CPSR[26:25], IT[7:2] in CPSR[15:10]. */
#define PSR_IT_LO_SHIFT 25
#define PSR_IT_LO_MASK (3 << PSR_IT_LO_SHIFT)
#define PSR_IT_HI_SHIFT 10
#define PSR_IT_HI_MASK (0x3f << PSR_IT_HI_SHIFT)
#define PSR_IT_MASK (PSR_IT_LO_MASK | PSR_IT_HI_MASK)

/* The condition field value that always passes (AL). */
#define COND_AL 0xe

/* An LDM/STM of all 16 registers makes 16 accesses; nothing makes more. */
#define MMIO_MAX_ACCESSES 16

struct mmio_access {
	u32 addr;         /* guest address (the instruction's computed VA; the caller maps it) */
	u8 size;          /* 1, 2 or 4 */
	bool write;
	bool sign_extend; /* loads: LDRSB/LDRSH */
	u8 reg;           /* register number 0-15 loaded or stored */
};

struct mmio_insn {
	unsigned int nr_accesses;
	struct mmio_access access[MMIO_MAX_ACCESSES]; /* in the order the CPU makes them */
	bool writeback;  /* base register update */
	u8 base_reg;
	u32 base_value;  /* the base register's value after the instruction */
	u8 length;       /* 2 or 4: how far the PC advances */
	const char *why; /* on error: a short reason for the host log */
};

/*
 * Decodes the load/store insn at regs->pc. ARM state: the instruction;
 * Thumb state: the little-endian word at the PC (first halfword in bits
 * [15:0]). The condition is not checked (see insn_cond()). 0, or -EINVAL
 * with out->why set for an instruction that is not emulated.
 */
int mmio_decode(const struct vcpu_regs *regs, u32 insn, bool thumb, struct mmio_insn *out);

/*
 * The one access an HSR with ISV = 1 describes, at fault_addr. -EINVAL
 * (out->why set) without a valid syndrome.
 */
int mmio_from_syndrome(u32 hsr, u32 fault_addr, struct mmio_insn *out);

/*
 * Completes insn: load_values[i] (the low access[i].size bytes, as read)
 * goes to access[i].reg, extended as the access says (entries for stores
 * are ignored; NULL if there are no loads); then the base writeback, then
 * the PC and the IT state advance. -EINVAL, with regs untouched, for an
 * insn neither decoder could have produced.
 */
int mmio_complete(struct vcpu_regs *regs, const struct mmio_insn *insn, const u32 *load_values);

/* The data a store access writes: its register, truncated to its size. */
u32 mmio_store_value(const struct vcpu_regs *regs, const struct mmio_access *access);

/* ConditionPassed() (ARM ARM A8.3) for cond against the flags in cpsr. */
bool cond_passed(u32 cpsr, u32 cond);

/*
 * The condition insn executes under: its cond field in ARM state, the IT
 * block's current condition in Thumb state (COND_AL outside a block).
 */
u32 insn_cond(u32 insn, bool thumb, u32 cpsr);

/*
 * Between the decoder's files (decode.c, decode_arm.c, decode_thumb.c);
 * nothing else needs these.
 */

/* An LDR/STR-class instruction in the fields the ARM ARM pseudocode uses. */
struct mmio_xfer {
	u8 t, t2;  /* t2: the second register of LDRD/STRD */
	u8 n;
	u8 size;
	bool load, sign_extend, dual;
	bool index, add, wback;
	u32 offset;
};

/* An LDM/STM-class instruction likewise. */
struct mmio_block {
	u8 n;
	u16 registers;
	bool load, increment, before, wback;
};

int mmio_decode_arm(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out);
int mmio_decode_thumb(const struct vcpu_regs *regs, u32 insn, struct mmio_insn *out);
int mmio_emit_xfer(const struct vcpu_regs *regs, const struct mmio_xfer *x, bool thumb,
		   struct mmio_insn *out);
int mmio_emit_block(const struct vcpu_regs *regs, const struct mmio_block *b, struct mmio_insn *out);
/* Register n as an instruction reads it: the PC reads 8 (ARM) or 4 (Thumb) ahead. */
u32 mmio_reg_value(const struct vcpu_regs *regs, unsigned int n, bool thumb);

/* Bits hi..lo of an encoding, as the ARM ARM's diagrams number them. */
static inline u32 insn_bits(u32 insn, unsigned int hi, unsigned int lo)
{
	return (insn >> lo) & (0xffffffffu >> (31 - hi + lo));
}

static inline bool insn_bit(u32 insn, unsigned int n)
{
	return (insn >> n) & 1;
}

static inline int mmio_refuse(struct mmio_insn *out, const char *why)
{
	out->why = why;
	return -EINVAL;
}

#endif
