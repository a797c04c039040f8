/*
 * A virtual CPU: the complete guest state the world switch saves on every
 * exit (DESIGN section 4), so the host can read, change, save and restore
 * it. The whole struct sits in pages mapped into HYP at the same VA.
 */
#ifndef HYP7_VCPU_H
#define HYP7_VCPU_H

#include <arch/cp15_ctx.h>
#include <hyp7/decode.h>
#include <hyp7/sched.h>
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
	/*
	 * For a data abort the syndrome does not describe, taken with the
	 * guest's MMU on: PAR of the guest's PC translated through its stage 1
	 * (ATS1CPR) while that was still loaded, so that the host never needs
	 * the guest's VMID once it has left the guest. PAR_F otherwise.
	 */
	u64 pc_par;
};

enum vcpu_exit_reason {
	VCPU_EXIT_MMIO,         /* mmio: the device access to emulate */
	VCPU_EXIT_WFI,          /* WFI (or PSCI CPU_SUSPEND): it sleeps until an interrupt is pending */
	VCPU_EXIT_YIELD,        /* WFE: another vCPU may run first */
	VCPU_EXIT_PREEMPTED,    /* its time slice is over */
	VCPU_EXIT_DEVICE,       /* its VM's devices have work (vm->device_work): frames to deliver */
	VCPU_EXIT_CPU_OFF,      /* PSCI CPU_OFF: this vCPU stopped */
	VCPU_EXIT_SYSTEM_OFF,   /* PSCI SYSTEM_OFF */
	VCPU_EXIT_SYSTEM_RESET, /* PSCI SYSTEM_RESET */
	VCPU_EXIT_INTERNAL_ERROR,
};

/*
 * Why vcpu_run() returned, and for a device read the answer the caller
 * gives back. It lives in the vCPU, as KVM's kvm_run does: the caller may
 * run other vCPUs before it resumes this one, and the answer must still
 * be there when it does.
 */
struct vcpu_exit {
	enum vcpu_exit_reason reason;
	struct {
		ipaddr_t addr;
		u8 size;
		bool write;
		u32 data; /* written data; for a read, the caller fills it in */
	} mmio;
};

/*
 * A clean and invalidate of the VM's memory to the point of coherency,
 * owed before the guest may run again (virt/setway.c says when). It is
 * done a chunk at a time between slice checks, so that no exit costs the
 * host more than a slice however large the VM.
 */
struct vcpu_flush {
	bool pending;
	unsigned int region; /* index into vm->mem */
	u64 offset;          /* bytes of that region already done */
};

/* What the statistics count exits by (like kvm_stat), in virt/handle_exit.c. */
enum vcpu_exit_kind {
	EXIT_KIND_IRQ,   /* a physical interrupt: the slice's timer, a kick */
	EXIT_KIND_HVC,   /* SMCCC calls, PSCI */
	EXIT_KIND_WFI,
	EXIT_KIND_WFE,
	EXIT_KIND_MMIO,  /* device accesses emulated */
	EXIT_KIND_ABORT, /* aborts injected */
	EXIT_KIND_CP15,
	EXIT_KIND_CP14,
	EXIT_KIND_OTHER,
	NR_EXIT_KINDS
};

struct vcpu_stats {
	u32 exits[NR_EXIT_KINDS];
	u64 guest_ticks;  /* counter ticks it ran for, exits included */
	u64 asleep_ticks; /* ticks it slept in WFI */
	u32 migrations;   /* times it moved to another host CPU */
};

struct vm;

struct vcpu {
	/* Read and written by HYP (hyp/switch.S, through asm-offsets). */
	struct cpu_context guest;
	struct cpu_context *host; /* this physical CPU's host context, HYP-mapped */
	u32 hcr;  /* HCR while the guest runs; read back on exit (HCR.VA clears itself) */
	u32 hdcr; /* HDCR while the guest runs: which debug and PMU accesses trap */
	u32 vmpidr;
	u64 vttbr;
	u64 cntvoff;
	/*
	 * Nonzero when the CPU about to run it still holds its values of the
	 * registers only guests use (include/arch/cp15_ctx.h), so that the
	 * entry need not write them: it ran there last, nothing else did, and
	 * the host has not changed them since (vcpu_cp15_changed()).
	 */
	u32 cp15_live;
	struct vcpu_fault fault;

	/* The host's alone. */
	struct vm *vm;
	unsigned int id;
	struct vcpu_sched sched;
	struct vcpu_stats stats;
	unsigned int faults_logged;
	struct vgic_cpu vgic;
	bool cp15_changed;   /* the host wrote guest.cp15 since the last entry */
	unsigned int cp15_cpu; /* the CPU holding its registers since its last exit */
	struct vcpu_exit exit;
	struct vcpu_flush flush;
	/* A device access in progress: access[mmio_next] is with the caller. */
	struct mmio_insn mmio;
	unsigned int mmio_next;
	bool mmio_pending;
	u32 mmio_loaded[MMIO_MAX_ACCESSES];
};

/* The host wrote a register of vcpu->guest.cp15: the next entry must write them all. */
static inline void vcpu_cp15_changed(struct vcpu *vcpu)
{
	vcpu->cp15_changed = true;
}

#endif
