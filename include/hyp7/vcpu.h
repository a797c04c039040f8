/*
 * A virtual CPU: the complete guest state the world switch saves on every
 * exit (DESIGN section 4), so the host can read, change, save and restore
 * it. The whole struct sits in pages mapped into HYP at the same VA.
 */
#ifndef HYP7_VCPU_H
#define HYP7_VCPU_H

#include <arch/cp15_ctx.h>
#include <hyp7/decode.h>
#include <hyp7/vgic.h>
#include <hyp7/types.h>
#include <hyp7/vcpu_regs.h>
#include <hyp7/vfp.h>

/* What the world switch saves for one CPU context, the guest's or the host's. */
struct cpu_context {
	struct vcpu_regs regs;
	struct cp15_context cp15;
	struct vfp_state vfp;
};

/* What the trap left for the host. */
struct vcpu_fault {
	u32 hsr;
	u32 hxfar; /* HDFAR or HIFAR, as the exception class says */
	u32 hpfar; /* IPA[39:12] in bits [31:4], resolved through ATS1CPR if HPFAR was not valid */
};

struct vm;

struct vcpu {
	/* Read and written by HYP (hyp/switch.S, through asm-offsets). */
	struct cpu_context guest;
	struct cpu_context *host; /* this physical CPU's host context, HYP-mapped */
	u32 hcr;
	u32 vmpidr;
	u64 vttbr;
	u64 cntvoff;
	struct vcpu_fault fault;

	/* The host's alone. */
	struct vm *vm;
	unsigned int id;
	bool powered_on;
	unsigned int faults_logged;
	struct vgic_cpu vgic;
	/* A device access in progress: access[mmio_next] is with the caller. */
	struct mmio_insn mmio;
	unsigned int mmio_next;
	bool mmio_pending;
	u32 mmio_loaded[MMIO_MAX_ACCESSES];
};

#endif
