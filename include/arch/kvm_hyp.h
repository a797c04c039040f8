/*
 * What the host knows of HYP: the symbols it maps and the functions it
 * may name in kvm_call_hyp(). The host never calls these directly.
 */
#ifndef ARCH_KVM_HYP_H
#define ARCH_KVM_HYP_H

#include <hyp7/types.h>

/* Section bounds from the linker script (boot/hyp7.lds.S). */
extern char __hyp_idmap_text_start[], __hyp_idmap_text_end[];
extern char __hyp_text_start[], __hyp_text_end[];
extern char __hyp_data_start[], __hyp_data_end[];

extern char __hyp_stub_vectors[], __hyp_init_vector[], __hyp_vector[];

/* What __hyp_read_state() reports: HYP's own view of its runtime state. */
struct hyp_state_report {
	u64 httbr;
	u32 hvbar;
	u32 hsctlr;
	u32 htcr;
	u32 sp;
};

void __kvm_flush_vm_context(void);
void __kvm_tlb_flush_hyp(void);
void __hyp_read_state(struct hyp_state_report *report);
void __kvm_tlb_flush_vmid(u32 vttbr_low, u32 vttbr_high);
void __kvm_tlb_flush_local_vmid(u32 vttbr_low, u32 vttbr_high);
/* Lets the cycle counter count in HYP too (hyp7.pmu=shared: hyp/pmu.c). */
void __hyp_pmu_count_hyp(void);

struct vcpu;
struct cpu_context;
/* Runs the guest until its next exit: ARM_EXCEPTION_* (include/arch/kvm_exit.h). */
u32 __kvm_vcpu_run(struct vcpu *vcpu);
/* The host state __kvm_vcpu_run() puts back after each exit: saved once per CPU, at HYP init. */
void __kvm_save_host_context(struct cpu_context *host);

/* The UART HYP prints its panic message on (a HYP VA), set before init. */
extern u32 hyp_console_base;

/* hvc #0 with r0 = a function above, r1-r3 = its arguments; returns r0. */
u32 __kvm_call_hyp(const void *hypfn, ...);
#define kvm_call_hyp(fn, ...) __kvm_call_hyp((const void *)(fn), ##__VA_ARGS__)

#endif
