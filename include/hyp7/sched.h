/*
 * The scheduler (virt/sched.c): vCPUs are what host CPUs run, as threads
 * are in Linux under KVM.
 *
 * Each online host CPU has a run queue, kept in order of the vCPUs'
 * virtual runtime (guest time consumed): a CPU takes the vCPU that has run
 * least, its own or another CPU's if that one is behind by more than a
 * slice, so that every runnable vCPU gets its share and a VM's vCPUs run
 * on different CPUs at once. A vCPU that starts or wakes begins at its
 * CPU's level (the least vruntime there), since pinned VMs keep CPUs at
 * different levels. A turn ends at a deadline (arch/preempt.h).
 * A vCPU in WFI sleeps on the CPU it ran on until an interrupt is pending
 * for it: that CPU's timer covers the earliest virtual-timer deadline of
 * its sleepers, and a vIPI or a device line wakes it at once. New and
 * woken vCPUs go to an idle CPU when there is one, which is kicked out of
 * its own WFI with a physical SGI; so is a CPU running a vCPU that just got
 * an interrupt. A VM may be pinned to a set of CPUs. One lock covers it
 * all: the host has at most NR_CPUS CPUs and a decision is a few dozen
 * instructions.
 */
#ifndef HYP7_SCHED_H
#define HYP7_SCHED_H

#include <hyp7/types.h>

#define SCHED_MAX_CPUS 8

struct vcpu;
struct vm;

enum vcpu_sched_state {
	VCPU_STOPPED,  /* off (PSCI), not started, or its VM stopping */
	VCPU_QUEUED,   /* runnable, on a CPU's run queue */
	VCPU_RUNNING,  /* on a CPU now */
	VCPU_SLEEPING, /* in WFI, on a CPU's sleepers */
};

struct vcpu_sched {
	enum vcpu_sched_state state;
	unsigned int cpu;   /* the CPU it runs, is queued or sleeps on, or ran on last */
	bool ran;           /* whether cpu is meaningful yet */
	struct vcpu *next;  /* run queue or sleepers */
	u64 vruntime;       /* counter ticks of guest time, for fairness */
	u64 wake_at;        /* sleeping: when its virtual timer fires (counter), or ~0 */
	u64 since;          /* counter value when it entered its state */
};

/* How a turn ended, for sched_put(). */
enum sched_put_reason {
	SCHED_PREEMPTED, /* its slice is over, or it must leave the CPU */
	SCHED_YIELD,     /* WFE: others first, if there are any */
	SCHED_WAIT,      /* WFI: sleep until an interrupt is pending */
	SCHED_OFF,       /* PSCI CPU_OFF */
	SCHED_STOP,      /* its VM stops */
};

/* Per host CPU, for the statistics. */
struct sched_cpu_stats {
	u32 idle_entries;
	u64 idle_ticks;
	u32 turns;
};

/* online: the CPUs that run guests; slice: a turn's length in counter ticks. */
void sched_init(u32 online, u64 slice);
/*
 * A vCPU starts (the VM's first, or PSCI CPU_ON): queued where it runs
 * soonest, as if it had run owed ticks more than the others there (what
 * the host spent on it meanwhile: a VM's reset is paid for by the VM).
 * False, and nothing done, if its VM is stopping.
 */
bool sched_start(struct vcpu *vcpu, u64 owed);
/* The vCPU this CPU runs next, now RUNNING here; NULL if it has none. */
struct vcpu *sched_pick(unsigned int cpu);
/*
 * The turn of vcpu, which ran guest_ticks, is over. True when vcpu was the
 * last of a stopping VM, or the last to go off: the caller ends the VM.
 */
bool sched_put(struct vcpu *vcpu, enum sched_put_reason why, u64 guest_ticks);
/* A virtual interrupt became pending for vcpu: wake it, or kick the CPU it runs on. */
void sched_kick(struct vcpu *vcpu);
/* Whether vcpu, running, must leave its CPU before its slice is over. */
bool sched_must_leave(const struct vcpu *vcpu);
/*
 * The VM stops (SYSTEM_OFF, RESET, an error, the monitor): its vCPUs leave
 * every CPU; the caller's own, running, then goes with
 * sched_put(SCHED_STOP). True if none was running: no sched_put() will
 * say it was the last, and the caller ends the VM.
 */
bool sched_stop_vm(struct vm *vm);
/* The counter value at which this CPU must next look at its sleepers and alarm (~0: never). */
u64 sched_next_event(unsigned int cpu);
/* At or after sched_next_event(): sleepers whose timer fired are woken. */
void sched_timer(unsigned int cpu);
/* A host job for cpu at counter value when (~0: none), reported by sched_alarm_due(). */
void sched_set_alarm(unsigned int cpu, u64 when);
bool sched_alarm_due(unsigned int cpu);
/*
 * This CPU found nothing to run and is about to wait (arch idle): false
 * if a vCPU was queued here meanwhile, to run instead. Kicks reach an idle
 * CPU; sched_idle_exit() when it wakes.
 */
bool sched_idle_enter(unsigned int cpu);
void sched_idle_exit(unsigned int cpu);
/*
 * A CPU leaves (its vCPUs go to the others) or comes back. Leaving, it
 * must be between turns; true when it may, false if it is the last online.
 */
bool sched_cpu_offline(unsigned int cpu);
void sched_cpu_online(unsigned int cpu);
/*
 * cpu starts or ends long host work between turns (rebuilding a VM,
 * starting a CPU): while busy it takes no vCPUs, and those queued or
 * asleep on it go to the others, unless it is the only CPU.
 */
void sched_cpu_busy(unsigned int cpu, bool busy);
/* The VMs have ended: from now on no CPU goes offline. */
void sched_end(void);
bool sched_cpu_is_online(unsigned int cpu);
/* Kicks every CPU out of its idle WFI (the VMs have ended). */
void sched_kick_all(void);
const struct sched_cpu_stats *sched_cpu_stats(unsigned int cpu);

#endif
