/* The Hyp Syndrome Register (ARM ARM B3.13.6): exception classes and ISS fields. */
#ifndef ARCH_HSR_H
#define ARCH_HSR_H

#define HSR_EC_SHIFT 26
#define HSR_EC_MASK 0x3f
#define HSR_IL (1 << 25)
#define HSR_CV (1 << 24)
#define HSR_COND_SHIFT 20

#define HSR_EC_UNKNOWN 0x00
#define HSR_EC_WFI_WFE 0x01
#define HSR_EC_CP15_32 0x03
#define HSR_EC_CP15_64 0x04
#define HSR_EC_CP14_MR 0x05
#define HSR_EC_CP14_LS 0x06
#define HSR_EC_CP_0_13 0x07
#define HSR_EC_CP10_ID 0x08
#define HSR_EC_JAZELLE 0x09
#define HSR_EC_BXJ 0x0a
#define HSR_EC_CP14_64 0x0c
#define HSR_EC_SVC_HYP 0x11
#define HSR_EC_HVC 0x12
#define HSR_EC_SMC 0x13
#define HSR_EC_IABT 0x20
#define HSR_EC_IABT_HYP 0x21
#define HSR_EC_DABT 0x24
#define HSR_EC_DABT_HYP 0x25

/* WFI/WFE ISS: set for WFE. */
#define HSR_WFI_IS_WFE 1

/* Data abort ISS ("ISS encoding for a Data Abort exception"). */
#define HSR_DABT_ISV (1 << 24)
#define HSR_DABT_SAS_SHIFT 22
#define HSR_DABT_SAS_MASK 3
#define HSR_DABT_SSE (1 << 21)
#define HSR_DABT_SRT_SHIFT 16
#define HSR_DABT_SRT_MASK 0xf
#define HSR_DABT_WNR (1 << 6)

/* Data and instruction aborts. */
#define HSR_ABT_S1PTW (1 << 7)
#define HSR_ABT_FSC_TYPE 0x3c
#define HSR_FSC_PERM 0x0c

/* Trapped CP0-13 accesses: the coprocessor number. */
#define HSR_CP_COPROC_MASK 0xf


#endif
