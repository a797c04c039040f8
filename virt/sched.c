/*
 * The scheduler's policy and state (include/hyp7/sched.h). Plain C on the
 * vCPU arch interface (this CPU, the counter, a kick), so the host unit
 * tests run it on a fake clock.
 */
#include <arch/spinlock.h>
#include <hyp7/printk.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vgic.h>
#include <hyp7/vm.h>

#define NEVER (~0ull)

struct sched_cpu {
	bool online;
	bool leaving;        /* going offline: its vCPU must leave */
	bool idle;           /* between sched_idle_enter() and _exit() */
	bool busy;           /* on long host work (a VM's rebuild): takes no vCPUs */
	struct vcpu *running;
	struct vcpu *queue;    /* by vruntime */
	struct vcpu *sleepers; /* in WFI, their timers on this CPU */
	u64 alarm;
	u64 idle_since;
	/*
	 * The least vruntime among its runnable vCPUs, never decreasing: where
	 * vCPUs that start or wake here begin. Per CPU, since pinned VMs keep
	 * CPUs at different levels.
	 */
	u64 level;
	struct sched_cpu_stats stats;
};

static struct spinlock sched_lock = SPINLOCK_INIT;
static struct sched_cpu cpus[SCHED_MAX_CPUS];
static u64 slice_ticks;
/* The VMs have all ended: no CPU goes offline any more (the boot CPU waits for the others). */
static bool ending;

void sched_init(u32 online, u64 slice)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
		cpus[cpu] = (struct sched_cpu){ .online = online >> cpu & 1, .alarm = NEVER };
	slice_ticks = slice;
	ending = false;
}

static bool usable(unsigned int cpu)
{
	return cpus[cpu].online && !cpus[cpu].leaving && !cpus[cpu].busy;
}

/*
 * A pinned VM runs on its CPUs; while none of them is online (one went
 * offline), on any, rather than not at all.
 */
static bool allowed(const struct vcpu *vcpu, unsigned int cpu)
{
	u32 mask = vcpu->vm->cpu_mask, pinned_online = 0;
	unsigned int c;

	for (c = 0; mask && c < SCHED_MAX_CPUS; c++)
		if ((mask >> c & 1) && usable(c))
			pinned_online |= 1u << c;
	return usable(cpu) && (!pinned_online || (pinned_online >> cpu & 1));
}

static unsigned int queue_length(unsigned int cpu)
{
	const struct vcpu *v;
	unsigned int n = 0;

	for (v = cpus[cpu].queue; v; v = v->sched.next)
		n++;
	return n;
}

static void list_remove(struct vcpu **list, struct vcpu *vcpu)
{
	for (; *list; list = &(*list)->sched.next)
		if (*list == vcpu) {
			*list = vcpu->sched.next;
			vcpu->sched.next = NULL;
			return;
		}
}

static void set_state(struct vcpu *vcpu, enum vcpu_sched_state state, u64 now)
{
	if (vcpu->sched.state == VCPU_SLEEPING)
		vcpu->stats.asleep_ticks += now - vcpu->sched.since;
	vcpu->sched.state = state;
	vcpu->sched.since = now;
}

/* Into cpu's run queue, after every vCPU that has not run more. */
static void enqueue(struct vcpu *vcpu, unsigned int cpu, u64 now)
{
	struct vcpu **pos = &cpus[cpu].queue;

	while (*pos && (*pos)->sched.vruntime <= vcpu->sched.vruntime)
		pos = &(*pos)->sched.next;
	vcpu->sched.next = *pos;
	*pos = vcpu;
	if (vcpu->sched.ran && vcpu->sched.cpu != cpu)
		vcpu->stats.migrations++;
	vcpu->sched.cpu = cpu;
	vcpu->sched.ran = true;
	set_state(vcpu, VCPU_QUEUED, now);
}

/*
 * Where a starting or waking vCPU runs soonest: an idle CPU it may use,
 * its last one first; else the one with the shortest queue.
 */
static unsigned int choose_cpu(const struct vcpu *vcpu)
{
	unsigned int cpu, best = SCHED_MAX_CPUS, best_load = ~0u;

	if (vcpu->sched.ran && allowed(vcpu, vcpu->sched.cpu) && !cpus[vcpu->sched.cpu].running &&
	    !cpus[vcpu->sched.cpu].queue)
		best = vcpu->sched.cpu;
	for (cpu = 0; best == SCHED_MAX_CPUS && cpu < SCHED_MAX_CPUS; cpu++)
		if (allowed(vcpu, cpu) && !cpus[cpu].running && !cpus[cpu].queue)
			best = cpu;
	for (cpu = 0; best == SCHED_MAX_CPUS && cpu < SCHED_MAX_CPUS; cpu++) {
		unsigned int load;

		if (!allowed(vcpu, cpu))
			continue;
		load = queue_length(cpu) + (cpus[cpu].running != NULL);
		if (load < best_load || (load == best_load && cpu == vcpu->sched.cpu)) {
			best = cpu;
			best_load = load;
		}
	}
	/* Some CPU is always usable: the last online one is never busy nor leaving. */
	BUG_ON(best == SCHED_MAX_CPUS);
	return best;
}

/* Queued on cpu; an idle CPU is kicked out of its WFI. */
static void enqueue_and_kick(struct vcpu *vcpu, unsigned int cpu, u64 now)
{
	enqueue(vcpu, cpu, now);
	if (cpu != vcpu_arch_this_cpu() && cpus[cpu].idle)
		vcpu_arch_kick_cpu(cpu);
}

static void place(struct vcpu *vcpu, u64 now)
{
	enqueue_and_kick(vcpu, choose_cpu(vcpu), now);
}

bool sched_start(struct vcpu *vcpu, u64 owed)
{
	u64 now = vcpu_arch_counter();
	unsigned int cpu;

	spin_lock(&sched_lock);
	/* Checked under this lock, which sched_stop_vm() sets it under: nothing starts after. */
	if (vcpu->vm->stopping) {
		spin_unlock(&sched_lock);
		return false;
	}
	cpu = choose_cpu(vcpu);
	if (vcpu->sched.vruntime < cpus[cpu].level)
		vcpu->sched.vruntime = cpus[cpu].level;
	vcpu->sched.vruntime += owed;
	enqueue_and_kick(vcpu, cpu, now);
	spin_unlock(&sched_lock);
	return true;
}

/* After a pick: the least vruntime of the CPU's running and queued vCPUs (its queue's head). */
static void update_level(unsigned int cpu)
{
	u64 least = cpus[cpu].running->sched.vruntime;

	if (cpus[cpu].queue && cpus[cpu].queue->sched.vruntime < least)
		least = cpus[cpu].queue->sched.vruntime;
	if (least > cpus[cpu].level)
		cpus[cpu].level = least;
}

/*
 * The vCPU cpu runs next: the head of its own queue, unless another CPU's
 * head (one allowed here) has run less by more than a slice, which it then
 * takes over; so a VM's vCPUs spread and no CPU's queue falls behind.
 */
struct vcpu *sched_pick(unsigned int cpu)
{
	struct vcpu *best = NULL, *head;
	unsigned int from = cpu, other;
	u64 now = vcpu_arch_counter();

	spin_lock(&sched_lock);
	if (cpus[cpu].online && !cpus[cpu].leaving) {
		for (head = cpus[cpu].queue; head && !allowed(head, cpu); head = head->sched.next)
			;
		best = head;
		for (other = 0; other < SCHED_MAX_CPUS; other++) {
			if (other == cpu)
				continue;
			for (head = cpus[other].queue; head && !allowed(head, cpu); head = head->sched.next)
				;
			if (head && (!best || head->sched.vruntime + slice_ticks < best->sched.vruntime)) {
				best = head;
				from = other;
			}
		}
	}
	if (best) {
		list_remove(&cpus[from].queue, best);
		if (best->sched.cpu != cpu)
			best->stats.migrations++;
		best->sched.cpu = cpu;
		set_state(best, VCPU_RUNNING, now);
		cpus[cpu].running = best;
		cpus[cpu].stats.turns++;
		update_level(cpu);
	}
	spin_unlock(&sched_lock);
	return best;
}

/*
 * A stopping VM's vCPUs are all stopped, or running until they leave:
 * nothing queues or wakes one after sched_stop_vm().
 */
static bool vm_idle(const struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		BUG_ON(vm->vcpus[i]->sched.state == VCPU_QUEUED ||
		       vm->vcpus[i]->sched.state == VCPU_SLEEPING);
		if (vm->vcpus[i]->sched.state == VCPU_RUNNING)
			return false;
	}
	return true;
}

static bool vm_all_stopped(const struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i]->sched.state != VCPU_STOPPED)
			return false;
	return true;
}

/*
 * The earliest counter value at which vcpu's virtual timer fires. That
 * ends its WFI even while the GIC would not deliver the interrupt, as
 * under KVM (kvm_cpu_has_pending_timer()): guests poll the timer's status
 * with WFI and the distributor off.
 */
static u64 timer_deadline(const struct vcpu *vcpu)
{
	u64 cval = vgic_vtimer_deadline(vcpu);

	return cval == NEVER ? NEVER : cval + vcpu->cntvoff;
}

bool sched_put(struct vcpu *vcpu, enum sched_put_reason why, u64 guest_ticks)
{
	unsigned int cpu = vcpu->sched.cpu;
	u64 now = vcpu_arch_counter();
	struct vm *vm = vcpu->vm;
	bool last = false;

	spin_lock(&sched_lock);
	cpus[cpu].running = NULL;
	vcpu->sched.vruntime += guest_ticks;
	vcpu->stats.guest_ticks += guest_ticks;
	if (vm->stopping)
		why = SCHED_STOP;
	switch (why) {
	case SCHED_PREEMPTED:
	case SCHED_YIELD:
		/* Back in its queue, unless someone waits there and another CPU may be free. */
		if (allowed(vcpu, cpu) && !cpus[cpu].queue)
			enqueue(vcpu, cpu, now);
		else
			place(vcpu, now);
		break;
	case SCHED_WAIT:
		/*
		 * Under the lock: a vIPI's sender set its interrupt pending before
		 * it took the lock to kick, so either it is seen pending here or
		 * the kick finds this vCPU asleep.
		 */
		if (vgic_vcpu_pending(vcpu, now - vcpu->cntvoff)) {
			if (allowed(vcpu, cpu))
				enqueue(vcpu, cpu, now);
			else
				place(vcpu, now);
			break;
		}
		vcpu->sched.wake_at = timer_deadline(vcpu);
		if (vm->device_deadline < vcpu->sched.wake_at)
			vcpu->sched.wake_at = vm->device_deadline;
		vcpu->sched.next = cpus[cpu].sleepers;
		cpus[cpu].sleepers = vcpu;
		set_state(vcpu, VCPU_SLEEPING, now);
		break;
	case SCHED_OFF:
		set_state(vcpu, VCPU_STOPPED, now);
		last = vm_all_stopped(vm);
		break;
	case SCHED_STOP:
		set_state(vcpu, VCPU_STOPPED, now);
		last = vm_idle(vm);
		break;
	}
	spin_unlock(&sched_lock);
	return last;
}

/* A sleeper wakes: off its CPU's sleepers, queued where it runs soonest. */
static void wake(struct vcpu *vcpu, u64 now)
{
	unsigned int cpu;

	list_remove(&cpus[vcpu->sched.cpu].sleepers, vcpu);
	cpu = choose_cpu(vcpu);
	/* A long sleep does not buy a long run: at most a slice ahead of the others there. */
	if (vcpu->sched.vruntime + slice_ticks < cpus[cpu].level)
		vcpu->sched.vruntime = cpus[cpu].level - slice_ticks;
	enqueue_and_kick(vcpu, cpu, now);
}

void sched_kick(struct vcpu *vcpu)
{
	u64 now = vcpu_arch_counter();

	spin_lock(&sched_lock);
	if (vcpu->sched.state == VCPU_SLEEPING)
		wake(vcpu, now);
	else if (vcpu->sched.state == VCPU_RUNNING && vcpu->sched.cpu != vcpu_arch_this_cpu())
		vcpu_arch_kick_cpu(vcpu->sched.cpu);
	spin_unlock(&sched_lock);
}

bool sched_must_leave(const struct vcpu *vcpu)
{
	return vcpu->vm->stopping;
}

bool sched_stop_vm(struct vm *vm)
{
	u64 now = vcpu_arch_counter();
	bool none_running = true;
	unsigned int i;

	spin_lock(&sched_lock);
	vm->stopping = true;
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = vm->vcpus[i];

		switch (v->sched.state) {
		case VCPU_QUEUED:
			list_remove(&cpus[v->sched.cpu].queue, v);
			set_state(v, VCPU_STOPPED, now);
			break;
		case VCPU_SLEEPING:
			list_remove(&cpus[v->sched.cpu].sleepers, v);
			set_state(v, VCPU_STOPPED, now);
			break;
		case VCPU_RUNNING:
			none_running = false;
			if (v->sched.cpu != vcpu_arch_this_cpu())
				vcpu_arch_kick_cpu(v->sched.cpu);
			break;
		case VCPU_STOPPED:
			break;
		}
	}
	spin_unlock(&sched_lock);
	return none_running;
}

u64 sched_next_event(unsigned int cpu)
{
	const struct vcpu *v;
	u64 next;

	spin_lock(&sched_lock);
	next = cpus[cpu].alarm;
	for (v = cpus[cpu].sleepers; v; v = v->sched.next)
		if (v->sched.wake_at < next)
			next = v->sched.wake_at;
	spin_unlock(&sched_lock);
	return next;
}

void sched_timer(unsigned int cpu)
{
	u64 now = vcpu_arch_counter();
	struct vcpu *v, *next;

	spin_lock(&sched_lock);
	for (v = cpus[cpu].sleepers; v; v = next) {
		next = v->sched.next;
		if (v->sched.wake_at <= now)
			wake(v, now);
	}
	spin_unlock(&sched_lock);
}

void sched_set_alarm(unsigned int cpu, u64 when)
{
	spin_lock(&sched_lock);
	cpus[cpu].alarm = when;
	spin_unlock(&sched_lock);
	if (cpu != vcpu_arch_this_cpu())
		vcpu_arch_kick_cpu(cpu);
}

bool sched_alarm_due(unsigned int cpu)
{
	bool due;

	spin_lock(&sched_lock); /* a 64-bit value another CPU may be writing */
	due = vcpu_arch_counter() >= cpus[cpu].alarm;
	spin_unlock(&sched_lock);
	return due;
}

bool sched_idle_enter(unsigned int cpu)
{
	const struct vcpu *v;
	unsigned int other;
	bool idle = true;

	spin_lock(&sched_lock);
	/*
	 * A vCPU placed here since sched_pick() found nothing was not kicked,
	 * and one waiting on another CPU (taken from here, say) is to be taken
	 * back: run it rather than idle.
	 */
	for (other = 0; other < SCHED_MAX_CPUS; other++)
		for (v = cpus[other].queue; v; v = v->sched.next)
			idle &= !allowed(v, cpu);
	if (idle) {
		cpus[cpu].idle = true;
		cpus[cpu].idle_since = vcpu_arch_counter();
		cpus[cpu].stats.idle_entries++;
	}
	spin_unlock(&sched_lock);
	return idle;
}

void sched_idle_exit(unsigned int cpu)
{
	spin_lock(&sched_lock);
	cpus[cpu].idle = false;
	cpus[cpu].stats.idle_ticks += vcpu_arch_counter() - cpus[cpu].idle_since;
	spin_unlock(&sched_lock);
}

/* Every vCPU of list to the CPUs that remain. */
static void move_all(struct vcpu *list, bool sleepers, u64 now)
{
	struct vcpu *v, *next;
	unsigned int cpu;

	for (v = list; v; v = next) {
		next = v->sched.next;
		v->sched.next = NULL;
		if (!sleepers) {
			place(v, now);
			continue;
		}
		/* Asleep on the first CPU it may use, whose timer then wakes it. */
		for (cpu = 0; cpu < SCHED_MAX_CPUS && !allowed(v, cpu); cpu++)
			;
		v->sched.cpu = cpu;
		v->stats.migrations++;
		v->sched.next = cpus[cpu].sleepers;
		cpus[cpu].sleepers = v;
		vcpu_arch_kick_cpu(cpu); /* to look at its timer again */
	}
}

/* How many CPUs but cpu could take its vCPUs. */
static unsigned int other_usable(unsigned int cpu)
{
	unsigned int other, n = 0;

	for (other = 0; other < SCHED_MAX_CPUS; other++)
		n += other != cpu && usable(other);
	return n;
}

/* cpu, no longer usable, hands its queue and sleepers to the CPUs that are. */
static void evacuate(unsigned int cpu, u64 now)
{
	struct vcpu *queue = cpus[cpu].queue, *sleepers = cpus[cpu].sleepers;

	cpus[cpu].queue = cpus[cpu].sleepers = NULL;
	move_all(queue, false, now);
	move_all(sleepers, true, now);
}

bool sched_cpu_offline(unsigned int cpu)
{
	u64 now = vcpu_arch_counter();

	spin_lock(&sched_lock);
	if (!usable(cpu) || !other_usable(cpu) || cpus[cpu].running || ending) {
		spin_unlock(&sched_lock);
		return false;
	}
	cpus[cpu].leaving = true;
	evacuate(cpu, now);
	cpus[cpu].online = cpus[cpu].leaving = false;
	spin_unlock(&sched_lock);
	return true;
}

void sched_cpu_busy(unsigned int cpu, bool busy)
{
	u64 now = vcpu_arch_counter();

	spin_lock(&sched_lock);
	if (!busy) {
		cpus[cpu].busy = false;
	} else if (other_usable(cpu)) {
		cpus[cpu].busy = true;
		evacuate(cpu, now);
	}
	spin_unlock(&sched_lock);
}

void sched_end(void)
{
	spin_lock(&sched_lock);
	ending = true;
	spin_unlock(&sched_lock);
}

void sched_cpu_online(unsigned int cpu)
{
	spin_lock(&sched_lock);
	cpus[cpu].online = true;
	spin_unlock(&sched_lock);
}

bool sched_cpu_is_online(unsigned int cpu)
{
	return cpus[cpu].online;
}

void sched_kick_all(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
		if (cpus[cpu].online && cpu != vcpu_arch_this_cpu())
			vcpu_arch_kick_cpu(cpu);
}

const struct sched_cpu_stats *sched_cpu_stats(unsigned int cpu)
{
	return &cpus[cpu].stats;
}
