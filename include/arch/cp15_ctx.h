/*
 * The CP15 registers a guest owns, listed once. This list generates the
 * context layout (enum and struct below), the offsets the world switch
 * uses (arch-arm/asm-offsets.c) and the world switch's save and restore
 * sequences themselves (hyp/cp15.h), so adding a register is one line.
 *
 * CP15_32(arg, arg, name, opc1, CRn, CRm, opc2) and CP15_64(arg, arg, name, opc1, CRm),
 * where arg is passed through for the consumer (a base register, a macro),
 * in the order they are restored: CNTV_CVAL before CNTV_CTL, so that enabling the
 * guest's timer never sees a stale compare value.
 */
#ifndef ARCH_CP15_CTX_H
#define ARCH_CP15_CTX_H

#define GUEST_CP15_REGS(CP15_32, CP15_64, arg)          \
	CP15_32(arg, CSSELR, 2, c0, c0, 0)                \
	CP15_32(arg, SCTLR, 0, c1, c0, 0)                 \
	CP15_32(arg, CPACR, 0, c1, c0, 2)                 \
	CP15_64(arg, TTBR0, 0, c2)                        \
	CP15_64(arg, TTBR1, 1, c2)                        \
	CP15_32(arg, TTBCR, 0, c2, c0, 2)                 \
	CP15_32(arg, DACR, 0, c3, c0, 0)                  \
	CP15_32(arg, DFSR, 0, c5, c0, 0)                  \
	CP15_32(arg, IFSR, 0, c5, c0, 1)                  \
	CP15_32(arg, ADFSR, 0, c5, c1, 0)                 \
	CP15_32(arg, AIFSR, 0, c5, c1, 1)                 \
	CP15_32(arg, DFAR, 0, c6, c0, 0)                  \
	CP15_32(arg, IFAR, 0, c6, c0, 2)                  \
	CP15_64(arg, PAR, 0, c7)                          \
	CP15_32(arg, PRRR, 0, c10, c2, 0)                 \
	CP15_32(arg, NMRR, 0, c10, c2, 1)                 \
	CP15_32(arg, AMAIR0, 0, c10, c3, 0)               \
	CP15_32(arg, AMAIR1, 0, c10, c3, 1)               \
	CP15_32(arg, VBAR, 0, c12, c0, 0)                 \
	CP15_32(arg, CONTEXTIDR, 0, c13, c0, 1)           \
	CP15_32(arg, TPIDRURW, 0, c13, c0, 2)             \
	CP15_32(arg, TPIDRURO, 0, c13, c0, 3)             \
	CP15_32(arg, TPIDRPRW, 0, c13, c0, 4)             \
	CP15_32(arg, CNTKCTL, 0, c14, c1, 0)              \
	CP15_64(arg, CNTV_CVAL, 3, c14)                   \
	CP15_32(arg, CNTV_CTL, 0, c14, c3, 1)

#ifndef __ASSEMBLER__
#include <hyp7/types.h>

/* One slot per 32-bit register, two (low word first) per 64-bit one. */
#define CP15_SLOT_32(arg, name, opc1, crn, crm, opc2) CP15_##name,
#define CP15_SLOT_64(arg, name, opc1, crm) CP15_##name, CP15_##name##_HIGH,
enum cp15_slot { GUEST_CP15_REGS(CP15_SLOT_32, CP15_SLOT_64, ) NR_CP15_SLOTS };
#undef CP15_SLOT_32
#undef CP15_SLOT_64

struct cp15_context {
	u32 reg[NR_CP15_SLOTS];
};

static inline u64 cp15_read64(const struct cp15_context *c, enum cp15_slot low)
{
	return c->reg[low] | (u64)c->reg[low + 1] << 32;
}
#endif

#endif
