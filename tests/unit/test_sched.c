/*
 * virt/sched.c's policy on a fake clock and fake CPUs (fake_vcpu_arch.c):
 * fairness between busy vCPUs, placement of starting and waking vCPUs on
 * idle CPUs, WFI sleep and wake-up by timer and by kick, pinning, a VM
 * stopping, a CPU going offline. The "host CPUs" take turns in one thread:
 * a turn is sched_pick(), some guest time, sched_put().
 */
#include <check.h>
#include <stdlib.h>

#include "fake_vcpu_arch.h"
#include "run_suite.h"

#include <arch/sysregs.h>
#include <hyp7/sched.h>

#define SLICE 10000u
#define NEVER (~0ull)

static struct vm *vm_with(unsigned int nr_vcpus, u32 cpu_mask)
{
	struct vm *vm = fake_vm(8, NULL);
	unsigned int i;

	vm->cpu_mask = cpu_mask;
	for (i = 0; i < nr_vcpus; i++)
		fake_vcpu(vm, i);
	return vm;
}

static void setup(unsigned int nr_cpus)
{
	fake_now = 1000000;
	fake_this_cpu = 0;
	memset(fake_cpu_kicks, 0, sizeof(fake_cpu_kicks));
	sched_init((1u << nr_cpus) - 1, SLICE);
}

/* A full slice of guest time on cpu for whatever it picks; the vCPU run, or NULL. */
static struct vcpu *busy_turn(unsigned int cpu)
{
	struct vcpu *v;

	fake_this_cpu = cpu;
	v = sched_pick(cpu);
	if (v) {
		fake_now += SLICE;
		sched_put(v, SCHED_PREEMPTED, SLICE);
	}
	return v;
}

/*
 * Its virtual timer fired long ago (CVAL 0), its interrupt enabled and
 * above the priority mask of its CPU interface: v has one pending.
 */
static void timer_fired(struct vcpu *v)
{
	v->vm->vgic.enabled = true;
	v->vgic.private_irqs[27].enabled = true;
	v->vgic.vmcr = 0x1fu << GICH_VMCR_PMR_SHIFT;
	v->guest.cp15.reg[CP15_CNTV_CTL] = CNT_CTL_ENABLE;
}

/*
 * Three busy vCPUs on two CPUs: over 300 turns each gets its third of the
 * time, within two slices, which takes migrations.
 */
START_TEST(test_fair_share)
{
	struct vm *vm;
	unsigned int i, migrations = 0;
	u64 lo = NEVER, hi = 0, total = 0;

	setup(2);
	vm = vm_with(3, 0);
	for (i = 0; i < 3; i++)
		sched_start(vm->vcpus[i], 0);
	for (i = 0; i < 300; i++)
		ck_assert_ptr_nonnull(busy_turn(i % 2));
	for (i = 0; i < 3; i++) {
		u64 t = vm->vcpus[i]->stats.guest_ticks;

		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
		total += t;
		migrations += vm->vcpus[i]->stats.migrations;
	}
	ck_assert_uint_le(hi - lo, 2 * SLICE);
	ck_assert_uint_eq(total, 300 * (u64)SLICE);
	ck_assert_uint_gt(migrations, 0);
}
END_TEST

/* Two vCPUs of one VM, two CPUs: each CPU runs one, at the same time. */
START_TEST(test_vcpus_spread)
{
	struct vm *vm;
	struct vcpu *a, *b;

	setup(2);
	vm = vm_with(2, 0);
	sched_start(vm->vcpus[0], 0);
	sched_start(vm->vcpus[1], 0);
	fake_this_cpu = 0;
	a = sched_pick(0);
	fake_this_cpu = 1;
	b = sched_pick(1);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_ne(a, b);
}
END_TEST

/* A vCPU started while CPU 0 is busy goes to idle CPU 1, which is kicked out of its WFI. */
START_TEST(test_start_goes_to_an_idle_cpu)
{
	struct vm *vm;

	setup(2);
	vm = vm_with(2, 0);
	sched_start(vm->vcpus[0], 0);
	ck_assert_ptr_eq(sched_pick(0), vm->vcpus[0]);
	ck_assert(sched_idle_enter(1));
	sched_start(vm->vcpus[1], 0);
	ck_assert_uint_eq(vm->vcpus[1]->sched.cpu, 1);
	ck_assert_uint_eq(fake_cpu_kicks[1], 1);
	sched_idle_exit(1);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), vm->vcpus[1]);
}
END_TEST

/* A CPU about to idle finds the vCPU queued on it meanwhile, unkicked, and runs it instead. */
START_TEST(test_no_lost_wakeup_before_idle)
{
	struct vm *vm;

	setup(2);
	vm = vm_with(2, 0);
	sched_start(vm->vcpus[0], 0);
	ck_assert_ptr_eq(sched_pick(0), vm->vcpus[0]);
	fake_this_cpu = 1;
	ck_assert_ptr_null(sched_pick(1));
	fake_this_cpu = 0;
	sched_start(vm->vcpus[1], 0); /* CPU 1 found nothing, but is not idle yet: no kick */
	ck_assert_uint_eq(fake_cpu_kicks[1], 0);
	ck_assert(!sched_idle_enter(1));
}
END_TEST

/*
 * WFI with the virtual timer 1 s ahead: the vCPU sleeps on its CPU, whose
 * next event is that deadline; at the deadline it is queued again. Its
 * time asleep is counted.
 */
START_TEST(test_wfi_sleeps_until_its_timer)
{
	struct vm *vm;
	struct vcpu *v;
	u64 deadline;

	setup(1);
	vm = vm_with(1, 0);
	v = vm->vcpus[0];
	vm->vgic.enabled = true;
	v->vgic.private_irqs[27].enabled = true;
	v->guest.cp15.reg[CP15_CNTV_CTL] = CNT_CTL_ENABLE;
	deadline = fake_now + 1000000;
	v->guest.cp15.reg[CP15_CNTV_CVAL] = (u32)(deadline - v->cntvoff);
	v->guest.cp15.reg[CP15_CNTV_CVAL_HIGH] = (u32)((deadline - v->cntvoff) >> 32);
	sched_start(v, 0);
	ck_assert_ptr_eq(sched_pick(0), v);
	sched_put(v, SCHED_WAIT, 100);
	ck_assert_int_eq(v->sched.state, VCPU_SLEEPING);
	ck_assert_uint_eq(sched_next_event(0), deadline);
	ck_assert_ptr_null(sched_pick(0));
	fake_now = deadline - 1;
	sched_timer(0);
	ck_assert_int_eq(v->sched.state, VCPU_SLEEPING);
	fake_now = deadline;
	sched_timer(0);
	ck_assert_int_eq(v->sched.state, VCPU_QUEUED);
	ck_assert_uint_eq(v->stats.asleep_ticks, 1000000);
	ck_assert_uint_eq(sched_next_event(0), NEVER);
}
END_TEST

/* WFI with its timer already fired: no sleep at all. */
START_TEST(test_wfi_with_timer_fired_does_not_sleep)
{
	struct vm *vm;
	struct vcpu *v;

	setup(1);
	vm = vm_with(1, 0);
	v = vm->vcpus[0];
	timer_fired(v); /* CVAL 0: long past */
	sched_start(v, 0);
	sched_pick(0);
	sched_put(v, SCHED_WAIT, 100);
	ck_assert_int_eq(v->sched.state, VCPU_QUEUED);
}
END_TEST

/*
 * A vIPI to a vCPU asleep on CPU 1, from a vCPU on CPU 0: it wakes, on
 * idle CPU 1, which is kicked. One to a vCPU running on CPU 1 kicks CPU 1.
 */
START_TEST(test_kick_wakes_or_interrupts)
{
	struct vm *vm;
	struct vcpu *a, *b;

	setup(2);
	vm = vm_with(2, 0);
	a = vm->vcpus[0];
	b = vm->vcpus[1];
	sched_start(a, 0);
	sched_start(b, 0);
	fake_this_cpu = 0;
	ck_assert_ptr_eq(sched_pick(0), a);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), b);
	sched_put(b, SCHED_WAIT, 10);
	ck_assert_int_eq(b->sched.state, VCPU_SLEEPING);
	ck_assert(sched_idle_enter(1));

	fake_this_cpu = 0;
	sched_kick(b);
	ck_assert_int_eq(b->sched.state, VCPU_QUEUED);
	ck_assert_uint_eq(b->sched.cpu, 1);
	ck_assert_uint_eq(fake_cpu_kicks[1], 1);
	sched_idle_exit(1);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), b);

	fake_this_cpu = 0;
	sched_kick(b);
	ck_assert_uint_eq(fake_cpu_kicks[1], 2);
	sched_kick(a); /* running here: the next entry sees it */
	ck_assert_uint_eq(fake_cpu_kicks[0], 0);
}
END_TEST

/* A VM pinned to CPU 1 runs only there, even with CPU 0 idle; another VM is not held back. */
START_TEST(test_pinning)
{
	struct vm *pinned, *free_vm;
	unsigned int i;

	setup(2);
	pinned = vm_with(2, 1u << 1);
	free_vm = vm_with(1, 0);
	sched_start(pinned->vcpus[0], 0);
	sched_start(pinned->vcpus[1], 0);
	sched_start(free_vm->vcpus[0], 0);
	for (i = 0; i < 40; i++) {
		struct vcpu *v = busy_turn(i % 2);

		if (i % 2 == 0)
			ck_assert_ptr_eq(v, free_vm->vcpus[0]);
		else
			ck_assert_ptr_eq(v->vm, pinned);
	}
	ck_assert_uint_eq(pinned->vcpus[0]->stats.guest_ticks, 10 * (u64)SLICE);
	ck_assert_uint_eq(pinned->vcpus[1]->stats.guest_ticks, 10 * (u64)SLICE);
}
END_TEST

/* A long sleeper that wakes gets at most a slice of advance over the others, not its whole sleep. */
START_TEST(test_sleeper_does_not_hog)
{
	struct vm *vm;
	struct vcpu *sleeper, *busy;
	unsigned int i, sleeper_runs = 0;

	setup(1);
	vm = vm_with(2, 0);
	sleeper = vm->vcpus[0];
	busy = vm->vcpus[1];
	sched_start(sleeper, 0);
	sched_start(busy, 0);
	ck_assert_ptr_eq(sched_pick(0), sleeper);
	sched_put(sleeper, SCHED_WAIT, 10);
	for (i = 0; i < 100; i++)
		ck_assert_ptr_eq(busy_turn(0), busy);
	sched_kick(sleeper);
	for (i = 0; i < 10; i++)
		sleeper_runs += busy_turn(0) == sleeper;
	ck_assert_uint_le(sleeper_runs, 6);
	ck_assert_uint_ge(sleeper_runs, 4);
}
END_TEST

/*
 * A VM stops while one vCPU runs on CPU 1, one sleeps and one is queued:
 * those two stop at once, the running one's CPU is kicked, and the last to
 * leave is told so.
 */
START_TEST(test_stop_vm)
{
	struct vm *vm;
	struct vcpu *v0, *v1, *v2;

	setup(2);
	vm = vm_with(3, 0);
	v0 = vm->vcpus[0];
	v1 = vm->vcpus[1];
	v2 = vm->vcpus[2];
	sched_start(v0, 0);
	sched_start(v1, 0);
	sched_start(v2, 0);
	fake_this_cpu = 0;
	ck_assert_ptr_eq(sched_pick(0), v0);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), v1);
	fake_this_cpu = 0;
	sched_put(v0, SCHED_WAIT, 10); /* asleep */
	ck_assert_ptr_eq(sched_pick(0), v2);
	sched_stop_vm(vm); /* from v2, on CPU 0 */
	ck_assert_int_eq(v0->sched.state, VCPU_STOPPED);
	ck_assert_uint_eq(fake_cpu_kicks[1], 1);
	ck_assert(sched_must_leave(v1));
	ck_assert(!sched_put(v2, SCHED_STOP, 10)); /* v1 still runs */
	fake_this_cpu = 1;
	ck_assert(sched_put(v1, SCHED_PREEMPTED, 10));
	ck_assert_int_eq(v1->sched.state, VCPU_STOPPED);
	ck_assert_ptr_null(sched_pick(0));
	ck_assert_ptr_null(sched_pick(1));
}
END_TEST

/* A vCPU started owing 3 slices (a reset's rebuild) waits while the other runs them. */
START_TEST(test_start_owing)
{
	struct vm *vm = NULL, *other;
	unsigned int i;

	setup(1);
	other = vm_with(1, 0);
	vm = vm_with(1, 0);
	sched_start(other->vcpus[0], 0);
	sched_start(vm->vcpus[0], 3 * SLICE);
	for (i = 0; i < 3; i++)
		ck_assert_ptr_eq(busy_turn(0), other->vcpus[0]);
	busy_turn(0);
	busy_turn(0);
	ck_assert_uint_eq(vm->vcpus[0]->stats.guest_ticks + other->vcpus[0]->stats.guest_ticks,
			  5 * (u64)SLICE);
	ck_assert_uint_ge(vm->vcpus[0]->stats.guest_ticks, SLICE);
}
END_TEST

/* The last vCPU going off (PSCI CPU_OFF) is told it was the last. */
START_TEST(test_cpu_off_last)
{
	struct vm *vm;

	setup(2);
	vm = vm_with(2, 0);
	sched_start(vm->vcpus[0], 0);
	ck_assert_ptr_eq(sched_pick(0), vm->vcpus[0]);
	ck_assert(sched_put(vm->vcpus[0], SCHED_OFF, 10));
}
END_TEST

/*
 * CPU 1 goes offline with a vCPU queued and one asleep: both move to CPU 0
 * (the sleeper's timer with it), a VM pinned to CPU 1 runs on CPU 0
 * meanwhile, and after CPU 1 is back it is used again. The last online CPU
 * cannot go.
 */
START_TEST(test_cpu_offline)
{
	struct vm *vm, *pinned;
	struct vcpu *queued, *asleep;

	setup(2);
	vm = vm_with(2, 0);
	pinned = vm_with(1, 1u << 1);
	queued = pinned->vcpus[0];
	asleep = vm->vcpus[1];
	vm->vgic.enabled = true;
	asleep->vgic.private_irqs[27].enabled = true;
	asleep->guest.cp15.reg[CP15_CNTV_CTL] = CNT_CTL_ENABLE;
	asleep->guest.cp15.reg[CP15_CNTV_CVAL] = (u32)(fake_now + 5000 - asleep->cntvoff);
	fake_this_cpu = 1;
	sched_start(asleep, 0);
	ck_assert_ptr_eq(sched_pick(1), asleep);
	sched_put(asleep, SCHED_WAIT, 10);
	sched_start(queued, 0);
	ck_assert_uint_eq(queued->sched.cpu, 1);

	ck_assert(sched_cpu_offline(1));
	ck_assert(!sched_cpu_is_online(1));
	ck_assert_uint_eq(queued->sched.cpu, 0);
	ck_assert_uint_eq(asleep->sched.cpu, 0);
	ck_assert_uint_eq(sched_next_event(0), fake_now + 5000);
	fake_this_cpu = 0;
	ck_assert_ptr_eq(sched_pick(0), queued);
	ck_assert(!sched_cpu_offline(0));

	sched_put(queued, SCHED_PREEMPTED, SLICE);
	sched_cpu_online(1);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), queued);
}
END_TEST


/*
 * CPU_ON racing with the VM's stop on another CPU: once the VM stops,
 * nothing starts, so the last vCPU to leave can end it with none of its
 * vCPUs left on a queue.
 */
START_TEST(test_no_start_while_stopping)
{
	struct vm *vm;

	setup(2);
	vm = vm_with(2, 0);
	ck_assert(sched_start(vm->vcpus[0], 0));
	ck_assert_ptr_eq(sched_pick(0), vm->vcpus[0]);
	sched_stop_vm(vm);
	ck_assert(!sched_start(vm->vcpus[1], 0));
	ck_assert_int_eq(vm->vcpus[1]->sched.state, VCPU_STOPPED);
	ck_assert(sched_put(vm->vcpus[0], SCHED_STOP, 10));
	fake_this_cpu = 1;
	ck_assert_ptr_null(sched_pick(1));
}
END_TEST

/*
 * A VM pinned to CPU 1 ran on CPU 0 while CPU 1 was offline; back, CPU 1
 * gets it again when it waits with an interrupt pending, not CPU 0, which
 * may not run it any more.
 */
START_TEST(test_wait_requeues_where_allowed)
{
	struct vm *pinned;
	struct vcpu *v;

	setup(2);
	pinned = vm_with(1, 1u << 1);
	v = pinned->vcpus[0];
	ck_assert(sched_cpu_offline(1));
	sched_start(v, 0);
	ck_assert_ptr_eq(sched_pick(0), v);
	sched_cpu_online(1);
	timer_fired(v);
	sched_put(v, SCHED_WAIT, 10);
	ck_assert_int_eq(v->sched.state, VCPU_QUEUED);
	ck_assert_uint_eq(v->sched.cpu, 1);
	fake_this_cpu = 1;
	ck_assert_ptr_eq(sched_pick(1), v);
}
END_TEST

/*
 * WFI with the distributor off: the timer still ends it, as under KVM
 * (guests poll the timer's status that way), so the vCPU sleeps until its
 * deadline, not for ever.
 */
START_TEST(test_timer_ends_wfi_with_the_gic_off)
{
	struct vm *vm;
	struct vcpu *v;
	u64 deadline;

	setup(1);
	vm = vm_with(1, 0);
	v = vm->vcpus[0];
	v->guest.cp15.reg[CP15_CNTV_CTL] = CNT_CTL_ENABLE;
	deadline = fake_now + 1000;
	v->guest.cp15.reg[CP15_CNTV_CVAL] = (u32)(deadline - v->cntvoff);
	sched_start(v, 0);
	sched_pick(0);
	sched_put(v, SCHED_WAIT, 10);
	ck_assert_int_eq(v->sched.state, VCPU_SLEEPING);
	ck_assert_uint_eq(sched_next_event(0), deadline);
}
END_TEST

/*
 * Two busy vCPUs pinned to CPU 0, one to CPU 1, for 1000 turns: CPU 1's
 * vCPU runs twice as much, and a vCPU that starts on CPU 0 afterwards runs
 * within two turns, at CPU 0's level, not behind CPU 1's.
 */
START_TEST(test_pinned_cpus_keep_their_level)
{
	struct vm *left, *right;
	unsigned int i, waited;

	setup(2);
	left = vm_with(3, 1u << 0);
	right = vm_with(1, 1u << 1);
	sched_start(left->vcpus[0], 0);
	sched_start(left->vcpus[1], 0);
	sched_start(right->vcpus[0], 0);
	for (i = 0; i < 1000; i++)
		ck_assert_ptr_nonnull(busy_turn(i % 2));
	ck_assert_uint_eq(right->vcpus[0]->stats.guest_ticks, 500 * (u64)SLICE);
	ck_assert(sched_start(left->vcpus[2], 0));
	for (waited = 0; waited < 10 && busy_turn(0) != left->vcpus[2]; waited++)
		;
	ck_assert_uint_le(waited, 2);
}
END_TEST

/*
 * CPU 0 rebuilds a VM (busy): its queue and sleepers move to CPU 1, the
 * sleeper's timer with them, and a vCPU starting meanwhile goes there too.
 * Afterwards CPU 0 takes vCPUs again. The only CPU cannot be busy.
 */
START_TEST(test_busy_cpu_takes_no_vcpus)
{
	struct vm *vm;
	struct vcpu *queued, *asleep, *started;
	u64 deadline;

	setup(2);
	vm = vm_with(3, 0);
	queued = vm->vcpus[0];
	asleep = vm->vcpus[1];
	started = vm->vcpus[2];
	vm->vgic.enabled = true;
	asleep->vgic.private_irqs[27].enabled = true;
	asleep->guest.cp15.reg[CP15_CNTV_CTL] = CNT_CTL_ENABLE;
	deadline = fake_now + 5000;
	asleep->guest.cp15.reg[CP15_CNTV_CVAL] = (u32)(deadline - asleep->cntvoff);
	sched_start(asleep, 0);
	ck_assert_ptr_eq(sched_pick(0), asleep);
	sched_put(asleep, SCHED_WAIT, 10);
	sched_start(queued, 0);
	ck_assert_uint_eq(queued->sched.cpu, 0);

	sched_cpu_busy(0, true);
	ck_assert_uint_eq(queued->sched.cpu, 1);
	ck_assert_uint_eq(asleep->sched.cpu, 1);
	ck_assert_uint_eq(sched_next_event(1), deadline);
	ck_assert_uint_eq(sched_next_event(0), NEVER);
	sched_start(started, 0);
	ck_assert_uint_eq(started->sched.cpu, 1);
	ck_assert_ptr_null(sched_pick(0));
	sched_cpu_busy(0, false);
	ck_assert_ptr_eq(sched_pick(0), queued);

	setup(1);
	sched_cpu_busy(0, true);
	vm = vm_with(1, 0);
	sched_start(vm->vcpus[0], 0);
	ck_assert_ptr_eq(sched_pick(0), vm->vcpus[0]);
}
END_TEST

/*
 * Two busy vCPUs on one CPU while the other idles (one was taken from it,
 * say): the idle CPU does not idle while one waits, and the one
 * preempted goes to it, kicked, rather than wait its turn.
 */
START_TEST(test_no_idle_cpu_while_one_waits)
{
	struct vm *vm;
	struct vcpu *a, *b, *v;

	setup(2);
	vm = vm_with(2, 0);
	a = vm->vcpus[0];
	b = vm->vcpus[1];
	sched_start(a, 0);
	ck_assert_ptr_eq(sched_pick(0), a);
	fake_this_cpu = 1;
	ck_assert(sched_idle_enter(1));
	fake_this_cpu = 0;
	sched_start(b, 0);
	ck_assert_uint_eq(b->sched.cpu, 1); /* an idle CPU, kicked */
	ck_assert_uint_eq(fake_cpu_kicks[1], 1);
	/* CPU 1 has not run it yet when CPU 0 takes it. */
	sched_put(a, SCHED_PREEMPTED, SLICE + 1);
	v = sched_pick(0);
	ck_assert_ptr_eq(v, b);
	fake_this_cpu = 1;
	sched_idle_exit(1);
	ck_assert(!sched_idle_enter(1)); /* a waits on CPU 0: take it */
	ck_assert_ptr_eq(sched_pick(1), a);
	fake_this_cpu = 0;
	sched_put(b, SCHED_PREEMPTED, SLICE);
	ck_assert_ptr_eq(sched_pick(0), b);

	/*
	 * Preempted with a vCPU pinned to its CPU waiting there and the other
	 * CPU idle: it goes to the idle one, which is kicked.
	 */
	setup(2);
	vm = vm_with(1, 0);
	a = vm->vcpus[0];
	b = vm_with(1, 1u << 0)->vcpus[0];
	sched_start(a, 0);
	ck_assert_ptr_eq(sched_pick(0), a);
	fake_this_cpu = 1;
	ck_assert(sched_idle_enter(1));
	fake_this_cpu = 0;
	sched_start(b, 0);
	ck_assert_uint_eq(b->sched.cpu, 0);
	sched_put(a, SCHED_PREEMPTED, SLICE);
	ck_assert_uint_eq(a->sched.cpu, 1);
	ck_assert_uint_eq(fake_cpu_kicks[1], 1);
	ck_assert_ptr_eq(sched_pick(0), b);
}
END_TEST

/* Once the VMs have ended no CPU goes offline: the boot CPU is about to wait for them all. */
START_TEST(test_no_offline_after_end)
{
	setup(2);
	sched_end();
	ck_assert(!sched_cpu_offline(1));
	ck_assert(sched_cpu_is_online(1));
}
END_TEST

static Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("policy");

	tcase_add_test(tc, test_fair_share);
	tcase_add_test(tc, test_vcpus_spread);
	tcase_add_test(tc, test_start_goes_to_an_idle_cpu);
	tcase_add_test(tc, test_no_lost_wakeup_before_idle);
	tcase_add_test(tc, test_wfi_sleeps_until_its_timer);
	tcase_add_test(tc, test_wfi_with_timer_fired_does_not_sleep);
	tcase_add_test(tc, test_kick_wakes_or_interrupts);
	tcase_add_test(tc, test_pinning);
	tcase_add_test(tc, test_sleeper_does_not_hog);
	tcase_add_test(tc, test_stop_vm);
	tcase_add_test(tc, test_start_owing);
	tcase_add_test(tc, test_cpu_off_last);
	tcase_add_test(tc, test_cpu_offline);
	tcase_add_test(tc, test_no_start_while_stopping);
	tcase_add_test(tc, test_wait_requeues_where_allowed);
	tcase_add_test(tc, test_timer_ends_wfi_with_the_gic_off);
	tcase_add_test(tc, test_pinned_cpus_keep_their_level);
	tcase_add_test(tc, test_busy_cpu_takes_no_vcpus);
	tcase_add_test(tc, test_no_offline_after_end);
	tcase_add_test(tc, test_no_idle_cpu_while_one_waits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(sched_suite());
}
