/* Between virt/vcpu.c and the exit handlers; nothing else needs these. */
#ifndef VIRT_HANDLE_EXIT_H
#define VIRT_HANDLE_EXIT_H

#include <hyp7/vm.h>

/*
 * What the world switch's exit code and vcpu->fault mean: 0 to run the
 * guest again, 1 when vcpu->exit is filled in for the caller, or -errno.
 */
int handle_exit(struct vcpu *vcpu, u32 exit_code);
/* Starts handing vcpu->mmio's accesses to the caller, one exit each. */
void vcpu_start_mmio(struct vcpu *vcpu);
/* Owes the VM a clean and invalidate of its memory before vcpu runs again (setway.h). */
void vcpu_flush_vm(struct vcpu *vcpu);
/* Trapped MCR/MRC/MCRR/MRRC to CP15 (virt/coproc.c): emulated, or an undef injected. */
void handle_cp15_32(struct vcpu *vcpu);
void handle_cp15_64(struct vcpu *vcpu);
/* Trapped MCR/MRC to CP14 (debug registers, HDCR.TDA/TDOSA/TDRA). */
void handle_cp14_32(struct vcpu *vcpu);
/* Skips the trapped instruction (2 or 4 bytes, as HSR.IL says), IT state included. */
void vcpu_skip_insn(struct vcpu *vcpu);
void vcpu_inject_undef(struct vcpu *vcpu, const char *why);

#endif
