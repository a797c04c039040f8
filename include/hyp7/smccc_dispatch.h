/*
 * Answering a guest's SMCCC calls (virt/smccc.c). A guest's HVC or SMC is
 * never a host call (DESIGN section 3): the exit handler copies the
 * guest's r0-r7 into a struct smccc_regs, calls smccc_guest_call() and
 * copies r0 back, the only register it writes (below), then does what the
 * returned action says.
 *
 * Register rule (SMCCC 1.2, ARM DEN 0028, SMC32/HVC32): r0-r7 carry the
 * arguments; r4-r7 must be preserved unless the function returns results
 * in them; r8 and up, SP and LR are always preserved. The values left in
 * unused result registers (r1-r3) are not defined for the caller, and the
 * spec names preserving them as one way not to leak state. Every function
 * answered here returns a single result, so hyp7 writes r0 and nothing
 * else: r1-r7 come back exactly as the guest passed them, for known and
 * unknown IDs alike. Registers outside r0-r7 are not in the struct, so
 * the dispatcher cannot touch them.
 */
#ifndef HYP7_SMCCC_DISPATCH_H
#define HYP7_SMCCC_DISPATCH_H

#include <hyp7/smccc_call.h>

enum guest_call_action {
	GUEST_CALL_RETURN,       /* resume the guest with regs */
	/*
	 * CPU_SUSPEND: r0 is already PSCI_RET_SUCCESS. Wait as for WFI, then
	 * resume the guest with regs. hyp7 offers no state that loses
	 * context, so every request is a standby one and returns to the
	 * caller on a wake-up event (DEN 0022, CPU_SUSPEND).
	 */
	GUEST_CALL_CPU_SUSPEND,
	GUEST_CALL_CPU_OFF,      /* this vCPU stops; regs are not used again */
	GUEST_CALL_SYSTEM_OFF,   /* the whole VM stops */
	GUEST_CALL_SYSTEM_RESET, /* the whole VM restarts from its boot state */
};

/* What the dispatcher needs to know about the VM; ctx is passed through. */
struct guest_call_ops {
	/*
	 * CPU_ON of the vCPU whose MPIDR affinity is mpidr (bits outside
	 * PSCI_MPIDR_AFFINITY_MASK already refused). Returns PSCI_RET_SUCCESS,
	 * _INVALID_PARAMETERS (no such vCPU), _ALREADY_ON, _ON_PENDING or
	 * _INVALID_ADDRESS. On success the vCPU starts at entry (bit 0: Thumb)
	 * with r0 = context_id, as DEN 0022 CPU_ON describes.
	 */
	int (*cpu_on)(void *ctx, u32 mpidr, u32 entry, u32 context_id);
	/* PSCI_AFFINITY_ON, _OFF or _ON_PENDING; PSCI_RET_INVALID_PARAMETERS for no such vCPU. */
	int (*affinity_info)(void *ctx, u32 mpidr);
};

/*
 * Answers the call in regs (r0 = function ID) and says what the caller
 * does next. Unknown IDs, SMC64/HVC64 IDs and yielding calls get
 * r0 = SMCCC_RET_NOT_SUPPORTED with r1-r7 untouched.
 */
enum guest_call_action smccc_guest_call(struct smccc_regs *regs, const struct guest_call_ops *ops,
					void *ctx);

#endif
