/*
 * CP15 accessors by register name: read_sysreg(HSR), write_sysreg(v, HVBAR),
 * read_sysreg64(HTTBR). Encodings from the ARM ARM (B3.17, B8.2).
 */
#ifndef ARCH_CP15_H
#define ARCH_CP15_H

#include <hyp7/types.h>

#define CP15_32(op1, crn, crm, op2) "p15, " #op1 ", %0, " #crn ", " #crm ", " #op2
#define CP15_64(op1, crm) "p15, " #op1 ", %Q0, %R0, " #crm

#define MIDR CP15_32(0, c0, c0, 0)
#define MPIDR CP15_32(0, c0, c0, 5)
#define CTR CP15_32(0, c0, c0, 1)
#define SCTLR CP15_32(0, c1, c0, 0)
#define CPACR CP15_32(0, c1, c0, 2)
#define TTBR0 CP15_64(0, c2)
#define TTBR1 CP15_64(1, c2)
#define TTBCR CP15_32(0, c2, c0, 2)
#define DACR CP15_32(0, c3, c0, 0)
#define PAR64 CP15_64(0, c7)
#define PRRR CP15_32(0, c10, c2, 0)
#define NMRR CP15_32(0, c10, c2, 1)
#define CONTEXTIDR CP15_32(0, c13, c0, 1)
#define TPIDRPRW CP15_32(0, c13, c0, 4)
#define CNTPCT CP15_64(0, c14)
#define CNTP_TVAL CP15_32(0, c14, c2, 0)
#define CNTP_CTL CP15_32(0, c14, c2, 1)
#define CNTV_CTL CP15_32(0, c14, c3, 1)
#define DFSR CP15_32(0, c5, c0, 0)
#define IFSR CP15_32(0, c5, c0, 1)
#define DFAR CP15_32(0, c6, c0, 0)
#define IFAR CP15_32(0, c6, c0, 2)
#define VBAR CP15_32(0, c12, c0, 0)
#define ACTLR CP15_32(0, c1, c0, 1)
#define CNTFRQ CP15_32(0, c14, c0, 0)
#define CNTP_CVAL CP15_64(2, c14)
#define PMCR CP15_32(0, c9, c12, 0)
#define PMSELR CP15_32(0, c9, c12, 5)
#define PMCNTENSET CP15_32(0, c9, c12, 1)
#define PMXEVTYPER CP15_32(0, c9, c13, 1)

#define HCR CP15_32(4, c1, c1, 0)
#define HSCTLR CP15_32(4, c1, c0, 0)
#define HTCR CP15_32(4, c2, c0, 2)
#define HTTBR CP15_64(4, c2)
#define HSR CP15_32(4, c5, c2, 0)
#define HDFAR CP15_32(4, c6, c0, 0)
#define HIFAR CP15_32(4, c6, c0, 2)
#define HPFAR CP15_32(4, c6, c0, 4)
#define HTPIDR CP15_32(4, c13, c0, 2)
#define HMAIR0 CP15_32(4, c10, c2, 0)
#define HVBAR CP15_32(4, c12, c0, 0)
#define VTTBR CP15_64(6, c2)

/* Maintenance operations (write-only). */
#define DCCMVAC CP15_32(0, c7, c10, 1)
#define ATS1CPR CP15_32(0, c7, c8, 0)
#define TLBIMVAAIS CP15_32(0, c8, c3, 3)
#define TLBIALLHIS CP15_32(4, c8, c3, 0)
#define TLBIALLNSNHIS CP15_32(4, c8, c3, 4)
#define TLBIALLIS CP15_32(0, c8, c3, 0)
#define TLBIALL CP15_32(0, c8, c7, 0)
#define ICIALLUIS CP15_32(0, c7, c1, 0)

#define read_sysreg(reg) ({ u32 __val; asm volatile("mrc " reg : "=r"(__val)); __val; })
#define write_sysreg(val, reg) asm volatile("mcr " reg : : "r"((u32)(val)) : "memory")
#define read_sysreg64(reg) ({ u64 __val; asm volatile("mrrc " reg : "=r"(__val)); __val; })
#define write_sysreg64(val, reg) asm volatile("mcrr " reg : : "r"((u64)(val)) : "memory")

#define dsb(opt) asm volatile("dsb " #opt : : : "memory")
#define dmb(opt) asm volatile("dmb " #opt : : : "memory")
#define isb() asm volatile("isb" : : : "memory")

#endif
