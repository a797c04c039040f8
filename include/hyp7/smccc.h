/*
 * SMC Calling Convention (ARM DEN 0028): function IDs and return codes.
 * A call takes its arguments in r0-r7 (SMCCC 1.2) and may clobber r0-r3
 * only; everything else is preserved.
 */
#ifndef HYP7_SMCCC_H
#define HYP7_SMCCC_H

#include <hyp7/const.h>

#define SMCCC_FAST_CALL BIT(31)
#define SMCCC_OWNER_SHIFT 24
#define SMCCC_OWNER_STANDARD 4
#define SMCCC_OWNER_VENDOR_HYP 6

#define SMCCC_FAST_ID(owner, fn) (SMCCC_FAST_CALL | ((owner) << SMCCC_OWNER_SHIFT) | (fn))

/* Function ID fields (DEN 0028, "Function Identifier"). */
#define SMCCC_OWNER_MASK 0x3f
#define SMCCC_OWNER(id) (((id) >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK)
#define SMCCC_OWNER_ARCH 0

/* Arm Architecture Calls (DEN 0028). Versions are major << 16 | minor. */
#define SMCCC_FN_VERSION SMCCC_FAST_ID(SMCCC_OWNER_ARCH, 0)
#define SMCCC_FN_ARCH_FEATURES SMCCC_FAST_ID(SMCCC_OWNER_ARCH, 1)
#define SMCCC_VERSION_1_2 0x10002

#define SMCCC_RET_SUCCESS 0
#define SMCCC_RET_NOT_SUPPORTED (-1)

/* hyp7's own calls into HYP, in the vendor-specific hypervisor range. */
#define HYP7_SMCCC_HYP_INIT SMCCC_FAST_ID(SMCCC_OWNER_VENDOR_HYP, 1)
#define HYP7_SMCCC_HYP_TEARDOWN SMCCC_FAST_ID(SMCCC_OWNER_VENDOR_HYP, 2)

/* PSCI 0.2+ (ARM DEN 0022), the calls the host makes as a client. */
#define PSCI_0_2_FN_VERSION SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 0)
#define PSCI_0_2_FN_CPU_ON SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 3)
#define PSCI_0_2_FN_SYSTEM_OFF SMCCC_FAST_ID(SMCCC_OWNER_STANDARD, 8)

#endif
