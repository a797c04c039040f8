/* The offsets hyp/switch.S needs, each once (see arch-arm/asm-offsets.c). */
#ifndef ARCH_ASM_OFFSETS_LIST_H
#define ARCH_ASM_OFFSETS_LIST_H

#include <stddef.h>
#include <hyp7/vcpu.h>

#define CP15_OFFSET_32(X, name, use, cp, opc1, crn, crm, opc2) \
	X(CTX_CP15_##name, offsetof(struct cp15_context, reg[CP15_##name]))
#define CP15_OFFSET_64(X, name, use, cp, opc1, crm) \
	X(CTX_CP15_##name, offsetof(struct cp15_context, reg[CP15_##name]))

#define ASM_OFFSETS(X)                                                   \
	X(VCPU_GUEST, offsetof(struct vcpu, guest))                      \
	X(VCPU_HOST, offsetof(struct vcpu, host))                        \
	X(VCPU_HCR, offsetof(struct vcpu, hcr))                          \
	X(VCPU_HDCR, offsetof(struct vcpu, hdcr))                        \
	X(VCPU_VMPIDR, offsetof(struct vcpu, vmpidr))                    \
	X(VCPU_VTTBR, offsetof(struct vcpu, vttbr))                      \
	X(VCPU_CNTVOFF, offsetof(struct vcpu, cntvoff))                  \
	X(VCPU_CP15_LIVE, offsetof(struct vcpu, cp15_live))              \
	X(VCPU_HSR, offsetof(struct vcpu, fault.hsr))                    \
	X(VCPU_HxFAR, offsetof(struct vcpu, fault.hxfar))                \
	X(VCPU_HPFAR, offsetof(struct vcpu, fault.hpfar))                \
	X(VCPU_PC_PAR, offsetof(struct vcpu, fault.pc_par))              \
	X(CTXT_REGS, offsetof(struct cpu_context, regs))                 \
	X(CTXT_CP15, offsetof(struct cpu_context, cp15))                 \
	X(CTXT_VFP, offsetof(struct cpu_context, vfp))                   \
	X(REGS_R0, offsetof(struct vcpu_regs, r[0]))                     \
	X(REGS_R3, offsetof(struct vcpu_regs, r[3]))                     \
	X(REGS_SP_usr, offsetof(struct vcpu_regs, sp_usr))               \
	X(REGS_LR_usr, offsetof(struct vcpu_regs, lr_usr))               \
	X(REGS_PC, offsetof(struct vcpu_regs, pc))                       \
	X(REGS_CPSR, offsetof(struct vcpu_regs, cpsr))                   \
	X(REGS_SP_svc, offsetof(struct vcpu_regs, sp_svc))               \
	X(REGS_LR_svc, offsetof(struct vcpu_regs, lr_svc))               \
	X(REGS_SP_abt, offsetof(struct vcpu_regs, sp_abt))               \
	X(REGS_SP_und, offsetof(struct vcpu_regs, sp_und))               \
	X(REGS_SP_irq, offsetof(struct vcpu_regs, sp_irq))               \
	X(REGS_FIQ_R8, offsetof(struct vcpu_regs, fiq_r[0]))             \
	X(REGS_SP_fiq, offsetof(struct vcpu_regs, sp_fiq))               \
	GUEST_CP15_REGS(CP15_OFFSET_32, CP15_OFFSET_64, X)

#endif
