/*
 * What the generic vCPU code (virt/vcpu.c, handle_exit.c, coproc.c) needs
 * from the CPU it runs on: on the target arch-arm/ and virt/vcpu_arch.c
 * provide it, in the host unit tests a fake (tests/unit/fake_vcpu_arch.c)
 * that scripts exits and time.
 */
#ifndef HYP7_VCPU_ARCH_H
#define HYP7_VCPU_ARCH_H

#include <hyp7/types.h>

struct vcpu;

/* Enters the guest until its next exit: ARM_EXCEPTION_* (arch/kvm_exit.h). */
u32 vcpu_arch_enter(struct vcpu *vcpu);
/*
 * Around each turn of vcpu on this CPU: the state that stays in the
 * hardware for the whole turn (the vGIC's VMCR and APR) goes in and comes
 * back, so that between turns the vCPU is whole.
 */
void vcpu_arch_load(struct vcpu *vcpu);
void vcpu_arch_put(struct vcpu *vcpu);
/* The host CPU this runs on. */
unsigned int vcpu_arch_this_cpu(void);
/*
 * Interrupts host CPU cpu (a physical SGI): out of its guest, or out of
 * its idle WFI. The SGI goes out at the next vcpu_arch_send_kicks(), once
 * the caller holds no lock: a CPU kicked while the kicker still holds the
 * lock it then needs would wait for it (as it does for a whole quantum
 * under QEMU's round robin).
 */
void vcpu_arch_kick_cpu(unsigned int cpu);
void vcpu_arch_send_kicks(void);
/* The host's counter (CNTPCT), which virtual counters are offset from. */
u64 vcpu_arch_counter(void);
/* The host's ACTLR, which a guest may read. */
u32 vcpu_arch_actlr(void);
/* How many PMU event counters the CPU has (PMCR.N). */
u32 vcpu_arch_pmu_counters(void);
/* Cleans and invalidates [va, va + size) of host memory to the point of coherency. */
void vcpu_arch_dcache_flush(void *va, u32 size);

#endif
