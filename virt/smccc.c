/*
 * The SMCCC calls a guest makes (SMCCC 1.2, ARM DEN 0028) and the PSCI 1.1
 * functions behind them (ARM DEN 0022D). One table lists every function
 * hyp7 implements, so PSCI_FEATURES and SMCCC_ARCH_FEATURES cannot
 * disagree with what the dispatcher answers: MEM_PROTECT, the suspend
 * modes and the statistics are not there, so PSCI_FEATURES says
 * NOT_SUPPORTED for them. The register rule is in smccc_dispatch.h: only
 * r0 is written.
 */
#include <hyp7/psci.h>
#include <hyp7/smccc.h>
#include <hyp7/smccc_dispatch.h>

struct guest_call_args {
	const struct smccc_regs *regs;
	const struct guest_call_ops *ops;
	void *ctx;
};

struct guest_call {
	u32 id;
	enum guest_call_action action;
	/* r0 afterwards: answer()'s value, or result if there is no answer(). */
	s32 (*answer)(const struct guest_call_args *args);
	s32 result;
};

static const struct guest_call *find_call(u32 id);

/*
 * Only Arm Architecture Service IDs are SMCCC_ARCH_FEATURES's business;
 * for the rest, and for the ARCH_WORKAROUND_* and SOC_ID calls hyp7 does
 * not implement, the answer is NOT_SUPPORTED (DEN 0028,
 * SMCCC_ARCH_FEATURES). The guest then applies its own mitigations.
 */
static s32 smccc_arch_features(const struct guest_call_args *args)
{
	u32 id = args->regs->r[1];

	if (SMCCC_OWNER(id) != SMCCC_OWNER_ARCH || !find_call(id))
		return SMCCC_RET_NOT_SUPPORTED;
	return SMCCC_RET_SUCCESS;
}

/*
 * 0 for every implemented function, SMCCC_VERSION included: that is how a
 * caller learns SMCCC_VERSION exists (DEN 0022, PSCI_FEATURES). For
 * CPU_SUSPEND, 0 also says: original power_state format, no OS-initiated
 * mode.
 */
static s32 psci_features(const struct guest_call_args *args)
{
	return find_call(args->regs->r[1]) ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
}

static s32 psci_cpu_on(const struct guest_call_args *args)
{
	u32 mpidr = args->regs->r[1];

	if (mpidr & ~PSCI_MPIDR_AFFINITY_MASK)
		return PSCI_RET_INVALID_PARAMETERS;
	return args->ops->cpu_on(args->ctx, mpidr, args->regs->r[2], args->regs->r[3]);
}

/*
 * Only lowest_affinity_level 0 (one vCPU) is answered: virt7 has a single
 * cluster, and PSCI 1.0 makes the higher levels optional.
 */
static s32 psci_affinity_info(const struct guest_call_args *args)
{
	u32 mpidr = args->regs->r[1], level = args->regs->r[2];

	if ((mpidr & ~PSCI_MPIDR_AFFINITY_MASK) || level != 0)
		return PSCI_RET_INVALID_PARAMETERS;
	return args->ops->affinity_info(args->ctx, mpidr);
}

/*
 * A warm reset is the only kind a VM has: vendor types (bit 31) and the
 * other architectural ones are invalid (DEN 0022D, 5.16).
 */
static s32 psci_system_reset2(const struct guest_call_args *args)
{
	return args->regs->r[1] == PSCI_SYSTEM_WARM_RESET ? PSCI_RET_SUCCESS : PSCI_RET_INVALID_PARAMETERS;
}

/*
 * Everything PSCI 1.0 makes mandatory, plus MIGRATE_INFO_TYPE and 1.1's
 * SYSTEM_RESET2. CPU_OFF, SYSTEM_OFF and the resets do not return to the
 * caller when they succeed, so their r0 is then never seen. Sorted by ID.
 */
static const struct guest_call guest_calls[] = {
	{ SMCCC_FN_VERSION, GUEST_CALL_RETURN, NULL, SMCCC_VERSION_1_2 },
	{ SMCCC_FN_ARCH_FEATURES, GUEST_CALL_RETURN, smccc_arch_features, 0 },
	{ PSCI_0_2_FN_VERSION, GUEST_CALL_RETURN, NULL, PSCI_VERSION_1_1 },
	{ PSCI_0_2_FN_CPU_SUSPEND, GUEST_CALL_CPU_SUSPEND, NULL, PSCI_RET_SUCCESS },
	{ PSCI_0_2_FN_CPU_OFF, GUEST_CALL_CPU_OFF, NULL, PSCI_RET_SUCCESS },
	{ PSCI_0_2_FN_CPU_ON, GUEST_CALL_RETURN, psci_cpu_on, 0 },
	{ PSCI_0_2_FN_AFFINITY_INFO, GUEST_CALL_RETURN, psci_affinity_info, 0 },
	{ PSCI_0_2_FN_MIGRATE_INFO_TYPE, GUEST_CALL_RETURN, NULL, PSCI_TOS_NOT_PRESENT },
	{ PSCI_0_2_FN_SYSTEM_OFF, GUEST_CALL_SYSTEM_OFF, NULL, PSCI_RET_SUCCESS },
	{ PSCI_0_2_FN_SYSTEM_RESET, GUEST_CALL_SYSTEM_RESET, NULL, PSCI_RET_SUCCESS },
	{ PSCI_1_0_FN_PSCI_FEATURES, GUEST_CALL_RETURN, psci_features, 0 },
	{ PSCI_1_1_FN_SYSTEM_RESET2, GUEST_CALL_SYSTEM_RESET, psci_system_reset2, 0 },
};

/* Halves of the table, sorted by ID (the unit tests find every entry and miss every other ID). */
static const struct guest_call *find_call(u32 id)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(guest_calls);

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (guest_calls[mid].id == id)
			return &guest_calls[mid];
		if (guest_calls[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum guest_call_action smccc_guest_call(struct smccc_regs *regs, const struct guest_call_ops *ops,
					void *ctx)
{
	const struct guest_call *call = find_call(regs->r[0]);
	const struct guest_call_args args = { regs, ops, ctx };

	/* SMC64/HVC64 and yielding IDs are not in the table: they land here. */
	if (!call) {
		regs->r[0] = (u32)SMCCC_RET_NOT_SUPPORTED;
		return GUEST_CALL_RETURN;
	}
	regs->r[0] = (u32)(call->answer ? call->answer(&args) : call->result);
	/* A call that fails returns to the caller with its error, whatever it would have done. */
	return regs->r[0] == PSCI_RET_SUCCESS ? call->action : GUEST_CALL_RETURN;
}
