/*
 * vdev/vgic_queue.c, the vCPUs' lists and the list registers, against a
 * model of the GICv2 virtual CPU interface written here from the GIC
 * Architecture Specification v2 (IHI 0048B, 5.2 and 5.3): the guest
 * acknowledges the highest-priority pending list register (GICV_IAR),
 * which becomes active, and ends it (GICV_EOIR), which makes it invalid; a
 * maintenance interrupt is asserted while GICH_HCR.UIE is set and at most
 * one list register is valid, or while an invalid one has its EOI bit set
 * (GICH_MISR.U, .EOI). The guest runs until the model says a maintenance
 * interrupt (an exit) is due, and the host folds and rebuilds the list
 * registers, as vdev/vgic.c does around each entry.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/vgic.h>
#include <hyp7/vm.h>

/* GICH_LR (5.3.11), spelled out here. */
#define LR_ID(lr) ((lr) & 0x3ff)
#define LR_CPUID(lr) (((lr) >> 10) & 7)
#define LR_EOI (1u << 19)
#define LR_PRIORITY(lr) (((lr) >> 23) & 0x1f)
#define LR_PENDING (1u << 28)
#define LR_ACTIVE (1u << 29)
#define HCR_UIE (1u << 1)
#define SPURIOUS 1023
#define NR_LRS 4
#define SPI(n) (32 + (n))

struct fake {
	struct vm vm;
	struct vcpu vcpu[4];
	u32 lr[VGIC_MAX_LRS]; /* the hardware's, while "the guest runs" */
};

static struct fake *f;
extern unsigned int fake_kicks[];

static void setup_vm(unsigned int nr_cpus)
{
	unsigned int i;

	memset(f, 0, sizeof(*f));
	memset(fake_kicks, 0, sizeof(unsigned int) * SCHED_MAX_CPUS);
	vgic_nr_lrs = NR_LRS;
	f->vm.nr_vcpus = nr_cpus;
	for (i = 0; i < nr_cpus; i++) {
		f->vcpu[i].vm = &f->vm;
		f->vcpu[i].id = i;
		f->vm.vcpus[i] = &f->vcpu[i];
		vgic_vcpu_init(&f->vcpu[i]);
	}
	f->vm.vgic.enabled = true;
}

static void setup(void)
{
	f = calloc(1, sizeof(*f));
	ck_assert_ptr_nonnull(f);
	setup_vm(4);
}

static void teardown(void)
{
	free(f);
}

static void dist_write(unsigned int cpu, u32 offset, u8 size, u32 val)
{
	vgic_dist_access(&f->vcpu[cpu], offset, size, true, &val);
}

/* SPI n: enabled, priority prio, to vcpu0, edge-triggered or level-sensitive. */
static void spi_setup(unsigned int n, u8 prio, bool edge)
{
	u32 id = SPI(n), cfg = 0;

	dist_write(0, 0x400 + id, 1, prio);    /* GICD_IPRIORITYR */
	dist_write(0, 0x800 + id, 1, 1);       /* GICD_ITARGETSR: vcpu0 */
	vgic_dist_access(&f->vcpu[0], 0xc00 + id / 16 * 4, 4, false, &cfg); /* GICD_ICFGR */
	cfg = (cfg & ~(3u << (2 * (id % 16)))) | (edge ? 2u : 0) << (2 * (id % 16));
	dist_write(0, 0xc00 + id / 16 * 4, 4, cfg);
	dist_write(0, 0x100 + id / 32 * 4, 4, 1u << (id % 32)); /* GICD_ISENABLER */
}

static void spi_raise(unsigned int n)
{
	dist_write(0, 0x200 + SPI(n) / 32 * 4, 4, 1u << (SPI(n) % 32)); /* GICD_ISPENDR */
}

/* Before an entry: vgic_build_lrs(), and the list registers into the "hardware". */
static void enter(struct vcpu *v)
{
	vgic_build_lrs(v);
	memset(f->lr, 0, sizeof(f->lr));
	memcpy(f->lr, v->vgic.lr, v->vgic.used_lrs * sizeof(u32));
}

/* After the exit: the "hardware" list registers folded back. */
static void leave(struct vcpu *v)
{
	vgic_fold_lrs(v, f->lr);
	v->vgic.used_lrs = 0;
}

/* GICV_IAR: the highest-priority pending list register becomes active; its id and source. */
static u32 guest_ack(struct vcpu *v)
{
	unsigned int i, best = VGIC_MAX_LRS;

	for (i = 0; i < v->vgic.used_lrs; i++)
		if ((f->lr[i] & LR_PENDING) && !(f->lr[i] & LR_ACTIVE) &&
		    (best == VGIC_MAX_LRS || LR_PRIORITY(f->lr[i]) < LR_PRIORITY(f->lr[best])))
			best = i;
	if (best == VGIC_MAX_LRS)
		return SPURIOUS;
	f->lr[best] = (f->lr[best] & ~LR_PENDING) | LR_ACTIVE;
	return LR_ID(f->lr[best]) | LR_CPUID(f->lr[best]) << 10;
}

/* GICV_EOIR: the active list register of that id and source becomes inactive. */
static void guest_eoi(struct vcpu *v, u32 iar)
{
	unsigned int i;

	for (i = 0; i < v->vgic.used_lrs; i++)
		if ((f->lr[i] & LR_ACTIVE) && LR_ID(f->lr[i]) == (iar & 0x3ff) &&
		    LR_CPUID(f->lr[i]) == iar >> 10) {
			f->lr[i] &= ~LR_ACTIVE;
			return;
		}
	ck_abort_msg("EOI of %#x, which no list register holds active", iar);
}

/* GICH_MISR.U or .EOI: whether the maintenance interrupt is asserted. */
static bool maintenance(const struct vcpu *v)
{
	unsigned int i, valid = 0;
	bool eoi = false;

	for (i = 0; i < v->vgic.used_lrs; i++) {
		valid += (f->lr[i] & (LR_PENDING | LR_ACTIVE)) != 0;
		eoi |= !(f->lr[i] & (LR_PENDING | LR_ACTIVE)) && (f->lr[i] & LR_EOI);
	}
	return eoi || ((v->vgic.hcr & HCR_UIE) && valid <= 1);
}

/*
 * The guest takes and ends interrupts, one at a time, until a maintenance
 * interrupt brings it out or nothing is left: what it took, in order,
 * goes to got[] (id | source << 10). Returns how many.
 */
static unsigned int guest_run(struct vcpu *v, u32 *got, unsigned int max)
{
	unsigned int n = 0;
	u32 iar;

	while (n < max && !maintenance(v) && (iar = guest_ack(v)) != SPURIOUS) {
		got[n++] = iar;
		guest_eoi(v, iar);
	}
	return n;
}

/* Entries and exits until the guest has nothing left; everything it took, in order. */
static unsigned int run_until_quiet(struct vcpu *v, u32 *got, unsigned int max, unsigned int *exits)
{
	unsigned int n = 0, runs;

	for (runs = 0; runs < 64; runs++) {
		unsigned int took;

		enter(v);
		took = guest_run(v, got + n, max - n);
		leave(v);
		n += took;
		if (!took && !maintenance(v))
			break;
	}
	if (exits)
		*exits = runs;
	return n;
}

/*
 * Eight interrupts pending at once, four list registers: the first entry
 * gets the four of highest priority and asks for the underflow
 * maintenance interrupt; all eight are taken, in priority order.
 */
START_TEST(test_priority_order_beyond_the_list_registers)
{
	static const u8 prio[8] = { 0x80, 0x10, 0xf0, 0x40, 0x20, 0xa0, 0x60, 0x08 };
	static const unsigned int want[8] = { 7, 1, 4, 3, 6, 0, 5, 2 };
	u32 got[16];
	unsigned int i, n, exits;

	for (i = 0; i < 8; i++) {
		spi_setup(i, prio[i], true);
		spi_raise(i);
	}
	ck_assert_uint_eq(f->vcpu[0].vgic.nr_listed, 8);
	vgic_build_lrs(&f->vcpu[0]);
	ck_assert_uint_eq(f->vcpu[0].vgic.used_lrs, NR_LRS);
	ck_assert(f->vcpu[0].vgic.hcr & HCR_UIE);
	for (i = 0; i < NR_LRS; i++)
		ck_assert_uint_eq(LR_ID(f->vcpu[0].vgic.lr[i]), SPI(want[i]));
	memcpy(f->lr, f->vcpu[0].vgic.lr, sizeof(f->lr));
	leave(&f->vcpu[0]); /* untouched: all still pending */

	n = run_until_quiet(&f->vcpu[0], got, 16, &exits);
	ck_assert_uint_eq(n, 8);
	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(got[i], SPI(want[i]));
	ck_assert_uint_ge(exits, 2);
	ck_assert_uint_eq(f->vcpu[0].vgic.nr_listed, 0);
}
END_TEST

/* Nothing pending: nothing listed, no list register used, no maintenance asked for. */
START_TEST(test_nothing_pending_costs_nothing)
{
	spi_setup(3, 0x40, true);
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(f->vcpu[0].vgic.nr_listed, 0);
	ck_assert_uint_eq(f->vcpu[0].vgic.used_lrs, 0);
	ck_assert_uint_eq(f->vcpu[0].vgic.hcr & HCR_UIE, 0);
}
END_TEST

/*
 * A level-sensitive interrupt held high is offered again after its EOI
 * (the EOI maintenance interrupt brings the vCPU out to see), and not
 * after its line drops. An edge-triggered one is offered once.
 */
START_TEST(test_level_offered_again_while_held)
{
	u32 got[8];
	unsigned int n;

	spi_setup(5, 0x40, false);
	vgic_set_spi_line(&f->vm, 5, true);
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(f->vcpu[0].vgic.used_lrs, 1);
	ck_assert(f->lr[0] & LR_EOI);
	n = guest_run(&f->vcpu[0], got, 8);
	ck_assert_uint_eq(n, 1);
	ck_assert(maintenance(&f->vcpu[0]));
	leave(&f->vcpu[0]);
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(guest_run(&f->vcpu[0], got, 8), 1); /* still high: again */
	leave(&f->vcpu[0]);
	vgic_set_spi_line(&f->vm, 5, false);
	n = run_until_quiet(&f->vcpu[0], got, 8, NULL);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(f->vcpu[0].vgic.nr_listed, 0);

	spi_setup(6, 0x40, true);
	vgic_set_spi_line(&f->vm, 6, true); /* a rising edge: pending once */
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(f->lr[0] & LR_EOI, 0);
	ck_assert_uint_eq(guest_run(&f->vcpu[0], got, 8), 1);
	leave(&f->vcpu[0]);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[0], got, 8, NULL), 0);
}
END_TEST

/*
 * An interrupt the guest took but had not ended when it left stays
 * active: the next entry gives it back as active, and the guest's EOI
 * then finds it. With more waiting than fit, the active ones keep their
 * list registers, whatever the priorities.
 */
START_TEST(test_active_state_kept)
{
	u32 iar, got[8];
	unsigned int i;

	spi_setup(1, 0xc0, true);
	spi_raise(1);
	enter(&f->vcpu[0]);
	iar = guest_ack(&f->vcpu[0]);
	ck_assert_uint_eq(iar, SPI(1));
	leave(&f->vcpu[0]); /* preempted, say, in the middle of its handler */
	ck_assert(f->vm.vgic.spis[1].active);
	ck_assert(!vgic_irq_pending(&f->vm.vgic.spis[1]));
	for (i = 2; i < 8; i++) {
		spi_setup(i, 0x10, true);
		spi_raise(i);
	}
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(f->lr[0], SPI(1) | LR_ACTIVE | (0xc0 >> 3) << 23);
	guest_eoi(&f->vcpu[0], iar);
	leave(&f->vcpu[0]);
	ck_assert(!f->vm.vgic.spis[1].active);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[0], got, 8, NULL), 6);
}
END_TEST

/*
 * SGI 3 from vcpu1 and from vcpu2 to vcpu0: both are taken, each with its
 * source in GICV_IAR's CPUID field, one after the other (the EOI of the
 * first brings the vCPU out for the second).
 */
START_TEST(test_sgi_from_two_sources)
{
	u32 got[8];
	unsigned int n;

	dist_write(1, 0xf00, 4, 1u << 16 | 3); /* GICD_SGIR: to vcpu0 */
	dist_write(2, 0xf00, 4, 1u << 16 | 3);
	ck_assert_uint_eq(f->vcpu[0].vgic.private_irqs[3].sources, 1u << 1 | 1u << 2);
	ck_assert_uint_eq(fake_kicks[0], 2);
	/* One list register for SGI 3, vcpu1's, which asks to be seen ended: vcpu2's waits. */
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(f->vcpu[0].vgic.used_lrs, 1);
	ck_assert_uint_eq(LR_CPUID(f->lr[0]), 1);
	ck_assert(f->lr[0] & LR_EOI);
	ck_assert(!maintenance(&f->vcpu[0]));
	guest_eoi(&f->vcpu[0], guest_ack(&f->vcpu[0]));
	ck_assert(maintenance(&f->vcpu[0]));
	leave(&f->vcpu[0]);
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(LR_CPUID(f->lr[0]), 2);
	ck_assert_uint_eq(f->lr[0] & LR_EOI, 0);
	leave(&f->vcpu[0]); /* untaken: still pending after the exit */
	ck_assert_uint_eq(f->vcpu[0].vgic.private_irqs[3].sources, 1u << 2);
	dist_write(1, 0xf00, 4, 1u << 16 | 3);
	n = run_until_quiet(&f->vcpu[0], got, 8, NULL);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(got[0], 3 | 1u << 10);
	ck_assert_uint_eq(got[1], 3 | 2u << 10);
	ck_assert_uint_eq(f->vcpu[0].vgic.private_irqs[3].sources, 0);
}
END_TEST

/*
 * An SGI sent again after the guest took the first but before the exit
 * is a second one, not lost with the first; one sent while the first is
 * still pending is the same one (a pending state, not a count).
 */
START_TEST(test_sgi_again_while_in_a_list_register)
{
	u32 got[8];

	dist_write(1, 0xf00, 4, 1u << 16 | 9);
	enter(&f->vcpu[0]);
	ck_assert_uint_eq(guest_run(&f->vcpu[0], got, 1), 1);
	dist_write(1, 0xf00, 4, 1u << 16 | 9);
	leave(&f->vcpu[0]);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[0], got, 8, NULL), 1);
	ck_assert_uint_eq(got[0], 9 | 1u << 10);

	dist_write(1, 0xf00, 4, 1u << 16 | 9);
	enter(&f->vcpu[0]);
	dist_write(1, 0xf00, 4, 1u << 16 | 9);
	leave(&f->vcpu[0]);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[0], got, 8, NULL), 1);
}
END_TEST

/*
 * Where an SPI is listed: on its first target; disabled, nowhere, and
 * enabled again, back; retargeted while pending, on the new vCPU, which
 * is kicked. With the distributor off it stays listed but is not offered.
 */
START_TEST(test_spi_follows_enable_and_targets)
{
	spi_setup(2, 0x40, true);
	dist_write(0, 0x800 + SPI(2), 1, 0x6); /* vcpu1 and vcpu2 */
	spi_raise(2);
	ck_assert_uint_eq(f->vm.vgic.spis[2].listed_on, 2);
	ck_assert_uint_eq(f->vcpu[1].vgic.nr_listed, 1);
	dist_write(0, 0x180 + SPI(2) / 32 * 4, 4, 1u << (SPI(2) % 32)); /* GICD_ICENABLER */
	ck_assert_uint_eq(f->vm.vgic.spis[2].listed_on, 0);
	ck_assert_uint_eq(f->vcpu[1].vgic.nr_listed, 0);
	dist_write(0, 0x100 + SPI(2) / 32 * 4, 4, 1u << (SPI(2) % 32));
	ck_assert_uint_eq(f->vm.vgic.spis[2].listed_on, 2);
	dist_write(0, 0x800 + SPI(2), 1, 0x8); /* vcpu3 */
	ck_assert_uint_eq(f->vm.vgic.spis[2].listed_on, 4);
	ck_assert_uint_eq(f->vcpu[1].vgic.nr_listed, 0);
	ck_assert_uint_eq(f->vcpu[3].vgic.nr_listed, 1);
	ck_assert_uint_gt(fake_kicks[3], 0);
	dist_write(0, 0x000, 4, 0); /* GICD_CTLR off */
	enter(&f->vcpu[3]);
	ck_assert_uint_eq(f->vcpu[3].vgic.used_lrs, 0);
	ck_assert_uint_eq(f->vcpu[3].vgic.nr_listed, 1);
}
END_TEST

/*
 * An SPI retargeted while it sits in a list register of vcpu0 stays
 * there until vcpu0's exit, then moves, still pending, to its new vCPU.
 */
START_TEST(test_spi_retargeted_while_in_a_list_register)
{
	u32 got[8];

	spi_setup(4, 0x40, true);
	spi_raise(4);
	enter(&f->vcpu[0]);
	dist_write(1, 0x800 + SPI(4), 1, 0x2); /* from vcpu1, to vcpu1 */
	ck_assert_uint_eq(f->vm.vgic.spis[4].listed_on, 1);
	leave(&f->vcpu[0]);
	ck_assert_uint_eq(f->vm.vgic.spis[4].listed_on, 2);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[0], got, 8, NULL), 0);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[1], got, 8, NULL), 1);
}
END_TEST

/*
 * An SGI sent to a vCPU that is still off is pending when PSCI CPU_ON
 * starts it: the distributor keeps its state, only the CPU interface
 * starts again.
 */
START_TEST(test_sgi_to_a_vcpu_not_started_yet)
{
	u32 got[4];

	dist_write(1, 0xf00, 4, 1u << (16 + 3) | 2); /* to vcpu3 */
	f->vcpu[3].vgic.vmcr = 0x12345678;
	vgic_vcpu_reset(&f->vcpu[3]);
	ck_assert_uint_eq(f->vcpu[3].vgic.vmcr, 0);
	ck_assert_uint_eq(run_until_quiet(&f->vcpu[3], got, 4, NULL), 1);
	ck_assert_uint_eq(got[0], 2 | 1u << 10);
}
END_TEST

/* What ends a WFI: enabled, pending, distributor on, above the priority mask. */
START_TEST(test_pending_for_wfi)
{
	struct vcpu *v = &f->vcpu[0];

	spi_setup(7, 0x80, true);
	spi_raise(7);
	ck_assert(!vgic_vcpu_pending(v, 0)); /* GICV_PMR 0 at reset: everything masked */
	v->vgic.vmcr = (0x88u >> 3) << GICH_VMCR_PMR_SHIFT;
	ck_assert(vgic_vcpu_pending(v, 0));
	v->vgic.vmcr = (0x80u >> 3) << GICH_VMCR_PMR_SHIFT;
	ck_assert(!vgic_vcpu_pending(v, 0)); /* priority must be higher than the mask */
	v->vgic.vmcr = 0xffu << 24;
	f->vm.vgic.enabled = false;
	ck_assert(!vgic_vcpu_pending(v, 0));
}
END_TEST

/* xorshift32 */
static u32 rng_state;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * Random SPIs of random priorities raised between runs, the guest taking
 * some each run: every interrupt raised is taken (as often as it was
 * raised while not pending), and each one taken is of the highest
 * priority pending at that moment, as the specification's CPU interface
 * signals it.
 */
START_TEST(test_random_against_the_priority_rule)
{
	unsigned int raised[32] = { 0 }, taken[32] = { 0 }, step, i;
	u32 rest[64];

	rng_state = 0x600dcafe;
	for (i = 0; i < 32; i++)
		spi_setup(i, (u8)(rng() & 0xf8), true);
	for (step = 0; step < 4000; step++) {
		unsigned int n, k;

		for (k = rng() % 4; k; k--) {
			unsigned int s = rng() % 32;

			if (!vgic_irq_pending(&f->vm.vgic.spis[s]))
				raised[s]++;
			spi_raise(s);
		}
		enter(&f->vcpu[0]);
		for (n = 0; n < 1 + rng() % 3 && !maintenance(&f->vcpu[0]); n++) {
			u32 iar = guest_ack(&f->vcpu[0]), best = 0xff;

			if (iar == SPURIOUS)
				break;
			/* Pending in the distributor, or in a list register. */
			for (i = 0; i < 32; i++)
				if (vgic_irq_pending(&f->vm.vgic.spis[i]) && f->vm.vgic.spis[i].priority < best)
					best = f->vm.vgic.spis[i].priority;
			for (i = 0; i < f->vcpu[0].vgic.used_lrs; i++)
				if ((f->lr[i] & LR_PENDING) && LR_PRIORITY(f->lr[i]) << 3 < best)
					best = LR_PRIORITY(f->lr[i]) << 3;
			ck_assert_uint_le(f->vm.vgic.spis[iar - 32].priority, best);
			taken[iar - 32]++;
			guest_eoi(&f->vcpu[0], iar);
		}
		leave(&f->vcpu[0]);
	}
	/* What is left: at most one of each. */
	step = run_until_quiet(&f->vcpu[0], rest, 64, NULL);
	for (i = 0; i < step; i++)
		taken[rest[i] - 32]++;
	for (i = 0; i < 32; i++)
		ck_assert_uint_eq(taken[i], raised[i]);
}
END_TEST

static Suite *vgic_lr_suite(void)
{
	Suite *s = suite_create("vgic_lr");
	TCase *tc = tcase_create("list registers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_priority_order_beyond_the_list_registers);
	tcase_add_test(tc, test_nothing_pending_costs_nothing);
	tcase_add_test(tc, test_level_offered_again_while_held);
	tcase_add_test(tc, test_active_state_kept);
	tcase_add_test(tc, test_sgi_from_two_sources);
	tcase_add_test(tc, test_sgi_again_while_in_a_list_register);
	tcase_add_test(tc, test_spi_follows_enable_and_targets);
	tcase_add_test(tc, test_spi_retargeted_while_in_a_list_register);
	tcase_add_test(tc, test_sgi_to_a_vcpu_not_started_yet);
	tcase_add_test(tc, test_pending_for_wfi);
	tcase_add_test(tc, test_random_against_the_priority_rule);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vgic_lr_suite());
}
