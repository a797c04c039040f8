/*
 * hyp7 test-guest runtime: the few things every guest needs.
 *
 * A guest is a raw Linux-boot-protocol image linked at 0x40010000 (virt7
 * RAM base + 0x10000), entered in SVC with A/I/F masked and the MMU off.
 * lib/start.S records the entry registers, sets a stack for every mode,
 * installs the vectors and calls guest_main(); when that returns the guest
 * reports and powers off with guest_exit(1).
 *
 * Output contract: every check prints one line, "ok <what> <values>" or
 * "FAIL <what> expected X got Y"; the last line is
 * "<guest>: done: N ok, M failed", then PSCI SYSTEM_OFF.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdarg.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef unsigned long uptr;

#define NULL ((void *)0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The machine (virt7, as QEMU virt). */
#define UART_BASE 0x09000000u
#define GICD_BASE 0x08000000u
#define GICC_BASE 0x08010000u
#define RAM_BASE 0x40000000u
#define RAM_SIZE_DEFAULT 0x08000000u /* hyp7's default VM RAM: 128 MiB */

/* SMCCC / PSCI function IDs (SMC32/HVC32) and return codes. */
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND 0x84000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au
#define PSCI_SYSTEM_RESET2 0x84000012u
#define PSCI_MEM_PROTECT 0x84000013u
#define PSCI_MEM_PROTECT_CHECK_RANGE 0x84000014u
#define SMCCC_NOT_SUPPORTED 0xffffffffu /* -1 */
#define PSCI_INVALID_PARAMETERS 0xfffffffeu /* -2 */
#define PSCI_ALREADY_ON 0xfffffffcu /* -4 */

/* CPSR */
#define PSR_MODE_MASK 0x1f
#define PSR_USR 0x10
#define PSR_FIQ 0x11
#define PSR_IRQ 0x12
#define PSR_SVC 0x13
#define PSR_ABT 0x17
#define PSR_HYP 0x1a
#define PSR_UND 0x1b
#define PSR_SYS 0x1f
#define PSR_T (1u << 5)
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)

/* ---- entry state (lib/start.S) ---- */
struct boot_info {
	u32 r0, r1, r2;
	u32 cpsr;
	u32 sctlr;
};
extern struct boot_info boot_info;
extern char _start[], _end[];
extern char vectors[], vectors_alt[];

/* Each guest's name (GUEST_NAME, from the Makefile). */
extern const char guest_name[];

/* ---- console (lib/uart.c) ---- */
void putch(char c);
void putstr(const char *s);
void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprint(const char *fmt, va_list ap);

/* ---- checks (lib/runtime.c) ---- */
extern unsigned int n_ok, n_fail;
/* "ok " + text + "\n" */
void ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "FAIL " + text + "\n" */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ok <what> 0x<got> | FAIL <what> expected 0x<want> got 0x<got>; returns got == want */
int check_eq(const char *what, u32 got, u32 want);
/* ok <what> 0x<got> | FAIL <what> expected >= 0x<min> got 0x<got> */
int check_ge(const char *what, u32 got, u32 min);
/* ok <what> <got_text> | FAIL <what> expected <want_text> got <got_text> */
int check(int cond, const char *what, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Prints the done line, then PSCI SYSTEM_OFF. ok == 0 counts one more failure. */
void guest_exit(int ok) __attribute__((noreturn));
/* fn(arg) run in USR mode; its result (lib/usr.S). Exceptions go to the hooks. */
u32 run_in_usr(u32 (*fn)(u32), u32 arg);
/* CPACR grants cp10/cp11, FPEXC.EN on (lib/vfp_enable.S). */
void vfp_enable(void);
/* d0-d31 and FPSCR loaded from d[], or stored to it with FPSCR returned (lib/vfp_regs.S). */
void vfp_load(const u64 *d, u32 fpscr);
u32 vfp_store(u64 *d);

/* ---- SMCCC over HVC (lib/smccc.S) ---- */
struct smccc_regs {
	u32 r[8];
};
/* r[0..7] go in r0-r7, hvc #0, r0-r7 come back into r[0..7]. */
void smccc(struct smccc_regs *regs);
/* The same with smc #0 (a guest has no business doing that: see hostile). */
void smccc_smc(struct smccc_regs *regs);
/* Convenience: r0 = fid, r1-r3 = args, the rest 0; returns r0. */
u32 hvc_call(u32 fid, u32 a1, u32 a2, u32 a3);

/*
 * One HVC with every other register set to a known pattern (lib/hvc_probe.S):
 * r0-r7 from in[], r8-r12 = 0xa8a8a808..0xacacac0c ^ seed, LR = pattern,
 * SP = a distinct address in a scratch area, NZCV flags set. After the
 * HVC, out[] holds r0-r14 and cpsr as they came back, want[] what r4-r14 and
 * cpsr were before. Check with hvc_probe_check().
 */
struct hvc_probe {
	u32 in[8];
	u32 seed;
	u32 imm1; /* use hvc #1 instead of hvc #0 */
	u32 out[16]; /* r0..r14, cpsr */
	u32 want[16]; /* same layout, r4..r14 + cpsr filled */
};
void hvc_probe(struct hvc_probe *p);
/* Checks r4-r12, SP, LR, CPSR (and r1-r7 if keep_r1_r7) unchanged; prints and counts. */
int hvc_probe_check(const char *what, const struct hvc_probe *p, int keep_r1_r7);

/* ---- exceptions (lib/start.S, lib/exc.c) ---- */
struct exc_frame {
	u32 r[13]; /* r0-r12 of the interrupted code */
	u32 sp, lr; /* SP and LR of the interrupted mode (USR: as seen in SYS) */
	u32 pc; /* preferred return: the faulting instruction for UND/PABT/DABT,
		   the next one for SVC, the interrupted one for IRQ/FIQ */
	u32 cpsr; /* SPSR of the exception = interrupted CPSR */
	u32 pad;
};
enum exc_kind { EXC_RESET, EXC_UND, EXC_SVC, EXC_PABT, EXC_DABT, EXC_HYP, EXC_IRQ, EXC_FIQ };
/* What a hook returns: resume at f->pc (retry, or where the hook put it) or after it. */
#define EXC_RETURN 0
#define EXC_SKIP 1
/* Weak defaults print FAIL unexpected ... and guest_exit(0); a test overrides them. */
int on_und(struct exc_frame *f);
int on_svc(struct exc_frame *f);
int on_pabt(struct exc_frame *f);
int on_dabt(struct exc_frame *f);
int on_irq(struct exc_frame *f);
int on_fiq(struct exc_frame *f);
/* A 32-bit read of a device that may be absent: 0, and *v unset, if the read aborted. */
int readl_may_abort(uptr a, u32 *v);
/* Length of the instruction at f->pc (2 or 4), by the interrupted state. */
u32 insn_len(const struct exc_frame *f);
/* Prints a frame (one line, with a prefix). */
void dump_frame(const char *what, const struct exc_frame *f);
const char *exc_name(u32 kind);

/* ---- DTB, without libfdt (lib/fdt.c) ---- */
int fdt_valid(const void *fdt);
u32 fdt_totalsize(const void *fdt);
/* Property of a child of the root ("chosen", "memory": matched before any '@'),
 * or of the root itself when node == "". Returns its length, or -1. */
int fdt_getprop(const void *fdt, const char *node, const char *prop, const u8 **val);
/* First memory bank: returns 0 on success. */
int fdt_memory(const void *fdt, u64 *base, u64 *size);
/* RAM end from the DTB given at entry, or RAM_BASE + RAM_SIZE_DEFAULT. */
u32 guest_ram_end(void);

/* ---- secondary vCPUs (lib/smp.c, lib/smp_entry.S) ---- */
#define SMP_MAX_VCPUS 8
/* PSCI CPU_ON of vCPU cpu, which runs fn(cpu) on stacks of its own, then CPU_OFF; the PSCI result. */
int smp_start(unsigned int cpu, void (*fn)(unsigned int cpu));
/* This vCPU's GIC CPU interface on, every priority let through. */
void gic_cpu_enable(void);

/* ---- the guest's own stage 1 (lib/mmu.c) ---- */
#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)
#define MMU_SECTION_SIZE 0x100000u
#define MMU_NR_SECTIONS 4096
/* One first-level entry per MiB of VA, filled by mmu_identity_map(). */
extern u32 mmu_table[MMU_NR_SECTIONS];
/* RAM and the device window at their own addresses; nothing else. */
void mmu_identity_map(void);
/* A section descriptor mapping RAM at pa (Normal, write-back, full access). */
u32 mmu_section_ram(u32 pa);
/* TTBR0 = mmu_table, every domain a client, SCTLR.M on; or off again. */
void mmu_on(void);
void mmu_off(void);

/* ---- string (lib/string.c) ---- */
void *memset(void *d, int c, unsigned int n);
void *memcpy(void *d, const void *s, unsigned int n);
int memcmp(const void *a, const void *b, unsigned int n);
unsigned int strlen(const char *s);
int strcmp(const char *a, const char *b);

/* ---- MMIO and CP15 ---- */
static inline u32 readl(uptr a) { return *(volatile u32 *)a; }
static inline u16 readw(uptr a) { return *(volatile u16 *)a; }
static inline u8 readb(uptr a) { return *(volatile u8 *)a; }
static inline void writel(uptr a, u32 v) { *(volatile u32 *)a = v; }
static inline void writeb(uptr a, u8 v) { *(volatile u8 *)a = v; }

#define STR_(x) #x
#define MRC(op1, crn, crm, op2)                                                              \
	({                                                                                   \
		u32 v_;                                                                      \
		asm volatile("mrc p15, " STR_(op1) ", %0, " STR_(crn) ", " STR_(crm) ", " STR_(op2) \
			     : "=r"(v_));                                                    \
		v_;                                                                          \
	})
#define MCR(op1, crn, crm, op2, v)                                                           \
	asm volatile("mcr p15, " STR_(op1) ", %0, " STR_(crn) ", " STR_(crm) ", " STR_(op2)  \
		     :                                                                       \
		     : "r"((u32)(v))                                                         \
		     : "memory")
#define MRRC(op1, crm)                                                                       \
	({                                                                                   \
		u32 lo_, hi_;                                                                \
		asm volatile("mrrc p15, " STR_(op1) ", %0, %1, " STR_(crm) : "=r"(lo_), "=r"(hi_)); \
		((u64)hi_ << 32) | lo_;                                                      \
	})

/* The virtual and physical counters and the counter frequency (B8.1). */
#define read_cntfrq() MRC(0, c14, c0, 0)
#define read_cntvct() MRRC(1, c14)
#define read_cntpct() MRRC(0, c14)
/* Spins until the virtual counter has advanced by ms milliseconds. */
void spin_ms(u32 ms);
/* Value of "key=" in /chosen/bootargs, parsed as a number (0x.. or decimal); dflt if absent. */
u32 bootarg_u32(const char *key, u32 dflt);
/* Whether /chosen/bootargs holds "key=value" for this value. */
int bootarg_is(const char *key, const char *value);

static inline void isb(void) { asm volatile("isb" ::: "memory"); }
static inline void dsb(void) { asm volatile("dsb" ::: "memory"); }
static inline u32 read_cpsr(void)
{
	u32 v;
	asm volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}
static inline void irq_enable(void) { asm volatile("cpsie i" ::: "memory"); }
static inline void irq_disable(void) { asm volatile("cpsid i" ::: "memory"); }

#define read_sctlr() MRC(0, c1, c0, 0)
#define read_ttbcr() MRC(0, c2, c0, 2)
#define write_ttbcr(v) MCR(0, c2, c0, 2, v)
#define read_dfsr() MRC(0, c5, c0, 0)
#define read_ifsr() MRC(0, c5, c0, 1)
#define read_dfar() MRC(0, c6, c0, 0)
#define read_ifar() MRC(0, c6, c0, 2)
#define read_vbar() MRC(0, c12, c0, 0)
#define read_midr() MRC(0, c0, c0, 0)
#define read_mpidr() MRC(0, c0, c0, 5)

#endif
