/*
 * Bits of the system control registers hyp7 programs (ARM ARM B4.1),
 * named once here and used from C and assembly alike.
 */
#ifndef ARCH_SYSREGS_H
#define ARCH_SYSREGS_H

/* SCTLR (PL1) and HSCTLR (PL2) share these bit positions. */
#define SCTLR_M (1 << 0)
#define SCTLR_A (1 << 1)
#define SCTLR_C (1 << 2)
#define SCTLR_Z (1 << 11)
#define SCTLR_I (1 << 12)
#define SCTLR_V (1 << 13)

/* TTBCR / HTCR with the long-descriptor format, T0SZ = 0. */
#define TTBCR_EAE (1u << 31)
#define TCR_IRGN0_WBWA (1 << 8)
#define TCR_ORGN0_WBWA (1 << 10)
#define TCR_SH0_INNER (3 << 12)
#define TCR_WALK_ATTRS (TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER)
#define HTCR_RES1 (1u << 31 | 1 << 23)

/* ID_PFR1 fields (B4.1.94). */
#define ID_PFR1_SECURITY_SHIFT 4
#define ID_PFR1_VIRT_SHIFT 12

/* SCR (B4.1.129): what the monitor hop sets for the Non-secure world. */
#define SCR_NS (1 << 0)
#define SCR_FW (1 << 4)
#define SCR_AW (1 << 5)
#define SCR_HCE (1 << 8)

/* NSACR (B4.1.111): let the Non-secure world use VFP and set ACTLR.SMP. */
#define NSACR_CP10 (1 << 10)
#define NSACR_CP11 (1 << 11)
#define NSACR_NS_SMP (1 << 18)

/* HCPTR (B4.1.74): the trap bits the stub clears for the host. */
#define HCPTR_TCP10 (1 << 10)
#define HCPTR_TCP11 (1 << 11)
#define HCPTR_TTA (1 << 20)
#define HCPTR_TCPAC (1u << 31)

/* CNTHCTL (B4.1.26): PL1 may use the physical counter and timer. */
#define CNTHCTL_PL1PCTEN (1 << 0)
#define CNTHCTL_PL1PCEN (1 << 1)

/* CPACR (B4.1.40) and FPEXC (B6.1.42): the host's own VFP use. */
#define CPACR_CP10_FULL (3 << 20)
#define CPACR_CP11_FULL (3 << 22)
#define FPEXC_EN (1 << 30)

/* HSR (B3.13.6): exception class and syndrome. */
#define HSR_EC_SHIFT 26
#define HSR_EC_HVC 0x12

/* VTTBR: the VMID field, 0 while the host runs. */
#define VTTBR_VMID_SHIFT 16 /* in the high word */
#define VTTBR_VMID_MASK 0xff

/* CBAR (Cortex-A15 TRM 4.3.60): PERIPHBASE[31:15] of the GIC and timers. */
#define CBAR_PERIPHBASE_MASK 0xffff8000

#endif
