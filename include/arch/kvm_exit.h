/* Why __kvm_vcpu_run returned (hyp/switch.S, hyp/entry.S). */
#ifndef ARCH_KVM_EXIT_H
#define ARCH_KVM_EXIT_H

#define ARM_EXCEPTION_TRAP 0  /* a hyp trap: vcpu->fault.hsr says which */
#define ARM_EXCEPTION_IRQ 1   /* a physical IRQ, routed to HYP while the guest ran */
#define ARM_EXCEPTION_FIQ 2
#define ARM_EXCEPTION_RETRY 3 /* an abort whose IPA could not be resolved: run the guest again */
/*
 * ORed into any of the above: an asynchronous abort the guest caused was
 * still pending when it exited, and was taken in the exit's abort window
 * (hyp/switch.S) instead of reaching the host. One taken while the guest
 * runs is a trap (HSR EC 0x24, DFSC 0x11: HCR.AMO routes it to HYP).
 */
#define ARM_EXIT_ABORT_PENDING 0x80000000

#endif
