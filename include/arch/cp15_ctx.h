/*
 * The system registers a guest owns, listed once: CP15's, and the two of
 * ThumbEE in CP14 (TEECR, TEEHBR: Cortex-A15 implements ThumbEE, and PL0
 * may use TEEHBR, so each VM must have its own). This list generates the
 * context layout (enum and struct below), the offsets the world switch
 * uses (arch-arm/asm-offsets.c) and the world switch's save and restore
 * sequences themselves (hyp/switch.S), so adding a register is one line.
 *
 * REG32(arg, name, use, coproc, opc1, CRn, CRm, opc2) and
 * REG64(arg, name, use, coproc, opc1, CRm), where arg is passed through for
 * the consumer (a base register, a macro), in the order they are restored:
 * CNTV_CVAL before CNTV_CTL, so that enabling the guest's timer never sees
 * a stale compare value. use says who needs the register:
 *   host   the host kernel runs on it too (its MMU, its vectors, its CPU
 *          number in TPIDRPRW), so every entry writes the guest's value
 *          and every exit puts back the host's, saved once per CPU at HYP
 *          init; so CNTV_CTL: the host's is 0, and a guest's timer must
 *          not fire while the host runs (arch-arm/preempt.c, virt/vgic.c);
 *   guest  only guests: the host (LPAE, no PL0, no ThumbEE, no virtual
 *          timer of its own) leaves the last guest's value in place, and
 *          an entry writes them only if this CPU's values are not the
 *          vCPU's own already (vcpu->cp15_live). That spares an exit's
 *          round trip a store per register, and writes that synchronise
 *          the CPU's context (under QEMU, DACR and CONTEXTIDR writes each
 *          flush its whole TLB). Whatever in the host writes a vCPU's
 *          register says so with vcpu_cp15_changed().
 * Every register is still saved on every exit: the vCPU is always whole.
 */
#ifndef ARCH_CP15_CTX_H
#define ARCH_CP15_CTX_H

#define GUEST_CP15_REGS(REG32, REG64, arg)              \
	REG32(arg, CSSELR, guest, p15, 2, c0, c0, 0)                \
	REG32(arg, SCTLR, host, p15, 0, c1, c0, 0)                 \
	REG32(arg, CPACR, host, p15, 0, c1, c0, 2)                 \
	REG64(arg, TTBR0, host, p15, 0, c2)                        \
	REG64(arg, TTBR1, host, p15, 1, c2)                        \
	REG32(arg, TTBCR, host, p15, 0, c2, c0, 2)                 \
	REG32(arg, DACR, guest, p15, 0, c3, c0, 0)                  \
	REG32(arg, DFSR, guest, p15, 0, c5, c0, 0)                  \
	REG32(arg, IFSR, guest, p15, 0, c5, c0, 1)                  \
	REG32(arg, ADFSR, guest, p15, 0, c5, c1, 0)                 \
	REG32(arg, AIFSR, guest, p15, 0, c5, c1, 1)                 \
	REG32(arg, DFAR, guest, p15, 0, c6, c0, 0)                  \
	REG32(arg, IFAR, guest, p15, 0, c6, c0, 2)                  \
	REG64(arg, PAR, guest, p15, 0, c7)                          \
	REG32(arg, PRRR, host, p15, 0, c10, c2, 0)                 \
	REG32(arg, NMRR, host, p15, 0, c10, c2, 1)                 \
	REG32(arg, AMAIR0, guest, p15, 0, c10, c3, 0)               \
	REG32(arg, AMAIR1, guest, p15, 0, c10, c3, 1)               \
	REG32(arg, VBAR, host, p15, 0, c12, c0, 0)                 \
	REG32(arg, CONTEXTIDR, guest, p15, 0, c13, c0, 1)           \
	REG32(arg, TPIDRURW, guest, p15, 0, c13, c0, 2)             \
	REG32(arg, TPIDRURO, guest, p15, 0, c13, c0, 3)             \
	REG32(arg, TPIDRPRW, host, p15, 0, c13, c0, 4)              \
	REG32(arg, CNTKCTL, guest, p15, 0, c14, c1, 0)              \
	REG32(arg, TEECR, guest, p14, 6, c0, c0, 0)                 \
	REG32(arg, TEEHBR, guest, p14, 6, c1, c0, 0)                \
	REG64(arg, CNTV_CVAL, guest, p15, 3, c14)                   \
	REG32(arg, CNTV_CTL, host, p15, 0, c14, c3, 1)

#ifndef __ASSEMBLER__
#include <hyp7/types.h>

/* One slot per 32-bit register, two (low word first) per 64-bit one. */
#define CP15_SLOT_32(arg, name, use, cp, opc1, crn, crm, opc2) CP15_##name,
#define CP15_SLOT_64(arg, name, use, cp, opc1, crm) CP15_##name, CP15_##name##_HIGH,
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
