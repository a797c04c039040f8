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

/*
 * HSCTLR (B4.1.67): every bit written at HYP init, none left to firmware:
 * MMU and caches on, write-implies-XN (no HYP mapping is writable and
 * executable), no alignment checks, little-endian, exceptions in ARM
 * state (TE = 0, EE = 0), no low-latency FIQ (FI = 0).
 */
#define HSCTLR_RES1 0x30c50878 /* bits 3-6, 11, 16, 18, 22, 23, 28, 29 */
#define HSCTLR_WXN (1 << 19)
#define HSCTLR_VALUE (HSCTLR_RES1 | HSCTLR_WXN | SCTLR_I | SCTLR_C | SCTLR_M)

/* Cortex-A15 ACTLR (TRM 4.3.28): ICIALLU also invalidates the BTB; settable in Secure state only. */
#define ACTLR_A15_IBE (1 << 0)

/* TTBCR / HTCR with the long-descriptor format, T0SZ = 0. */
#define TTBCR_EAE (1u << 31)
#define TCR_IRGN0_WBWA (1 << 8)
#define TCR_ORGN0_WBWA (1 << 10)
#define TCR_SH0_INNER (3 << 12)
#define TCR_WALK_ATTRS (TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER)
#define HTCR_RES1 (1u << 31 | 1 << 23)

/*
 * VTCR (B4.1.159): 32-bit IPAs (T0SZ = 0) walked from level 1 (SL0 = 1),
 * table walks cacheable and inner shareable like the host's.
 */
#define VTCR_RES1 (1u << 31)
#define VTCR_SL0_LEVEL1 (1 << 6)
#define VTCR_VALUE (VTCR_RES1 | VTCR_SL0_LEVEL1 | TCR_WALK_ATTRS)

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

/* HCR (B4.1.65): the traps and routing a guest runs under. */
#define HCR_VM (1 << 0)
#define HCR_SWIO (1 << 1)
#define HCR_FMO (1 << 3)
#define HCR_IMO (1 << 4)
#define HCR_AMO (1 << 5)
#define HCR_VA (1 << 8)
#define HCR_FB (1 << 9)
#define HCR_BSU_IS (1 << 10)
#define HCR_TWI (1 << 13)
#define HCR_TWE (1 << 14)
#define HCR_TSC (1 << 19)
#define HCR_TIDCP (1 << 20)
#define HCR_TAC (1 << 21)
#define HCR_TSW (1 << 22)
#define HCR_TVM (1 << 26)

/* HSTR (B4.1.73): trap the IMPLEMENTATION DEFINED c15 registers. */
#define HSTR_T15 (1 << 15)

/*
 * HDCR (B4.1.71): HPMN (bits [4:0]) is how many event counters NS PL1
 * may use; TPMCR and TPM trap PMCR and every PMU register; the debug
 * registers trap with TDA, TDOSA and TDRA.
 */
#define HDCR_TPMCR (1 << 5)
#define HDCR_TPM (1 << 6)
#define HDCR_TDA (1 << 9)
#define HDCR_TDOSA (1 << 10)
#define HDCR_TDRA (1 << 11)
#define PMCR_E (1 << 0)
#define PMCNTEN_CYCLES (1u << 31) /* PMCNTENSET/CLR: the cycle counter */
#define PMCR_N_SHIFT 11
#define PMCR_N_MASK 0x1f
/* PMSELR selecting PMCCFILTR, whose NSH bit lets it count in Hyp mode (C12.8.x). */
#define PMSELR_CYCLE_COUNTER 0x1f
#define PMCCFILTR_NSH (1 << 27)

/* CNTHCTL (B4.1.26): PL1 may use the physical counter and timer. */
#define CNTHCTL_PL1PCTEN (1 << 0)
#define CNTHCTL_PL1PCEN (1 << 1)

/* CNTP_CTL and CNTV_CTL (B4.1.26-28): the same bits for both timers. */
#define CNT_CTL_ENABLE (1 << 0)
#define CNT_CTL_IMASK (1 << 1)

/* CPACR (B4.1.40) and FPEXC (B6.1.42): the host's own VFP use. */
#define CPACR_CP10_FULL (3 << 20)
#define CPACR_CP11_FULL (3 << 22)
#define FPEXC_EN (1 << 30)


/* VTTBR: the VMID field, 0 while the host runs. */
#define VTTBR_VMID_SHIFT 16 /* in the high word */
#define VTTBR_VMID_MASK 0xff
#define VTTBR_VMID_SHIFT_64 48

/* PAR after an address translation (B4.1.113): the fault bit, the address bits. */
#define PAR_F 1ull
#define PAR_PA_MASK 0xfffffff000ull

/* CBAR (Cortex-A15 TRM 4.3.60): PERIPHBASE[31:15] of the GIC and timers. */
#define CBAR_PERIPHBASE_MASK 0xffff8000

#endif
