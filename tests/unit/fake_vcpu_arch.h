/*
 * A scripted CPU for the generic vCPU code (include/hyp7/vcpu_arch.h,
 * arch/preempt.h): each vcpu_arch_enter() plays the next exit of a script
 * after letting the fake clock run for as long as the guest "ran"; past
 * the script's end the guest never exits, so the slice's timer stops it
 * at the deadline. Flushes of guest memory are recorded, and cost time.
 */
#ifndef FAKE_VCPU_ARCH_H
#define FAKE_VCPU_ARCH_H

#include <hyp7/vm.h>

/* One slice, in fake counter ticks (the clock runs at 1 tick per microsecond). */
#define FAKE_SLICE_TICKS 10000u
#define FAKE_TICKS_PER_MS 1000u

struct fake_exit {
	u32 ticks;  /* how long the guest runs before this exit */
	u32 code;   /* ARM_EXCEPTION_* */
	u32 hsr;
	u32 hxfar, hpfar;
};

extern u64 fake_now;
extern u32 fake_actlr;
/* Ticks each MiB of vcpu_arch_dcache_flush() costs, and the bytes flushed so far. */
extern u32 fake_flush_ticks_per_mib;
extern u64 fake_flushed_bytes;
/* The host CPU the code under test runs on, and the kicks each CPU got. */
extern unsigned int fake_this_cpu;
extern unsigned int fake_cpu_kicks[SCHED_MAX_CPUS];
/* How many exits of the script have been played. */
extern unsigned int fake_exits_played;

/* Plays these exits from the next vcpu_arch_enter() on (the array must outlive the runs). */
void fake_script(const struct fake_exit *exits, unsigned int n);
/* A VM with one region of ram_mib MiB at 0x40000000 (backed by buf, if given) and the UART. */
struct vm *fake_vm(unsigned int ram_mib, void *buf);
struct vcpu *fake_vcpu(struct vm *vm, unsigned int id);

#endif
