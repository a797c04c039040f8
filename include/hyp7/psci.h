/*
 * PSCI (ARM DEN 0022): the function IDs and return codes hyp7 answers for
 * its guests. PSCI_0_2_FN_VERSION, _CPU_ON and _SYSTEM_OFF, which the host
 * also calls as a client, are in smccc.h; the rest are here (the host
 * calls CPU_OFF too, to take a CPU offline).
 */
#ifndef HYP7_PSCI_H
#define HYP7_PSCI_H

#include <hyp7/smccc.h>

#define PSCI_VERSION_1_1 0x10001 /* major << 16 | minor, as SMCCC_VERSION */

/* SMC32/HVC32 IDs: an AArch32 guest has no use for the SMC64 variants. */
#define PSCI_0_2_FN_CPU_SUSPEND SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 1)
#define PSCI_0_2_FN_CPU_OFF SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 2)
#define PSCI_0_2_FN_AFFINITY_INFO SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 4)
#define PSCI_0_2_FN_MIGRATE_INFO_TYPE SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 6)
#define PSCI_0_2_FN_SYSTEM_RESET SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 9)
#define PSCI_1_0_FN_PSCI_FEATURES SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 10)
#define PSCI_1_1_FN_SYSTEM_RESET2 SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 18)

/* SYSTEM_RESET2's reset_type: the one architectural type (bit 31 clear), a warm reset. */
#define PSCI_SYSTEM_WARM_RESET 0

/* SMCCC reserves -1 as NOT_SUPPORTED for every service; PSCI follows it. */
#define PSCI_RET_SUCCESS SMCCC_RET_SUCCESS
#define PSCI_RET_NOT_SUPPORTED SMCCC_RET_NOT_SUPPORTED
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED (-3)
#define PSCI_RET_ALREADY_ON (-4)
#define PSCI_RET_ON_PENDING (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT (-7)
#define PSCI_RET_DISABLED (-8)
#define PSCI_RET_INVALID_ADDRESS (-9)

/* AFFINITY_INFO's answers about a CPU. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_AFFINITY_ON_PENDING 2

/* MIGRATE_INFO_TYPE: no Trusted OS, so nothing to migrate. */
#define PSCI_TOS_NOT_PRESENT 2

/*
 * target_cpu / target_affinity from an AArch32 caller: Aff2.Aff1.Aff0 in
 * bits [23:0], every other bit zero.
 */
#define PSCI_MPIDR_AFFINITY_MASK 0x00ffffff

#endif
