/*
 * Injecting exceptions into a guest: the host edits the guest's saved
 * registers the way the CPU would on taking the exception at PL1 (ARM ARM
 * B1.8, with no Security Extensions as the guest sees it). regs->pc is the
 * instruction that caused it; sctlr and vbar are the guest's.
 */
#ifndef HYP7_INJECT_H
#define HYP7_INJECT_H

#include <hyp7/types.h>
#include <hyp7/vcpu_regs.h>

/* SCTLR bits exception entry reads (B4.1.130), beside those in arch/sysregs.h. */
#define SCTLR_EE (1 << 25) /* CPSR.E on entry */
#define SCTLR_TE (1 << 30) /* CPSR.T on entry: handlers in Thumb */

/* CPSR bits exception entry sets or clears, not in arch/psr.h (B1.3.3). */
#define PSR_E (1 << 9)
#define PSR_J (1 << 24)

/* Exception vectors (B1.8.1): offsets from the base; SCTLR.V selects the high base. */
#define VECTOR_HIGH_BASE 0xffff0000
#define VECTOR_UNDEF 0x04
#define VECTOR_PABT 0x0c
#define VECTOR_DABT 0x10
#define VBAR_ADDR_MASK 0xffffffe0 /* bits [4:0] are reserved */

/* DFSR (B4.1.52) and IFSR (B4.1.96): the fields both formats share. */
#define FSR_WNR (1 << 11)  /* DFSR only: the access was a write */
#define FSR_FS4 (1 << 10)  /* short-descriptor: FS[4]; FS[3:0] in bits [3:0] */
#define FSR_LPAE (1 << 9)  /* set: long-descriptor format, STATUS in [5:0] */
#define FSR_SHORT_FS_MASK 0xf
#define FSR_SHORT_FS4_SHIFT 6 /* FS[4] (value bit 4) to FSR bit 10 */

/*
 * The fault injected for an access to a guest-physical address nothing
 * backs: a synchronous external abort (B4.1.52 DFSR, B4.1.96 IFSR),
 * what a bus error on real hardware reports. A translation fault would
 * claim the guest's own page tables failed to map the address, which they
 * did not.
 */
#define FSR_SHORT_SYNC_EXT_ABT 0x08 /* FS = 0b01000 */
#define FSR_LONG_SYNC_EXT_ABT 0x10  /* STATUS = 0b010000 */
/*
 * The same on a translation table walk: the guest's own stage-1 tables
 * lie where there is no memory. Which level's walk failed is not known
 * to the host; the first level is reported.
 */
#define FSR_SHORT_SYNC_EXT_ABT_WALK_L1 0x0c /* FS = 0b01100 */
#define FSR_LONG_SYNC_EXT_ABT_WALK_L1 0x15  /* STATUS = 0b010101 */

/* Where an external abort happened: on the access, or on the stage-1 table walk for it. */
enum abort_source { ABORT_ON_ACCESS, ABORT_ON_TABLE_WALK };

/* Undefined instruction at the trapped instruction, in the state regs->cpsr says. */
void inject_undef(struct vcpu_regs *regs, u32 sctlr, u32 vbar);

/*
 * Data abort on addr: DFSR in the format the guest's TTBCR.EAE selects,
 * with WnR for a write, and DFAR = addr.
 */
void inject_dabt(struct vcpu_regs *regs, u32 sctlr, u32 vbar, u32 ttbcr, u32 addr, bool write,
		 enum abort_source source, u32 *dfsr, u32 *dfar);

/* Prefetch abort on addr: IFSR and IFAR likewise. */
void inject_pabt(struct vcpu_regs *regs, u32 sctlr, u32 vbar, u32 ttbcr, u32 addr,
		 enum abort_source source, u32 *ifsr, u32 *ifar);

#endif
