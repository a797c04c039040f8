/*
 * mmu/vmid.c: VMIDs are unique among the VMs whose VMID is current, never
 * 0, kept while current, and a new generation (with its TLB flush) starts
 * exactly when the 2^bits - 1 VMIDs of one are used up. The long test
 * checks this against a model that only counts allocations.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/vmid.h>

#define NR_VMS 3000

static struct vmid_allocator alloc;
static struct vm_vmid vms[NR_VMS];

static void setup(void)
{
	vmid_allocator_init(&alloc, VMID_BITS);
	memset(vms, 0, sizeof(vms));
}

/* No two current VMs share a VMID, and none has 0 or one beyond the width. */
static void check_current_unique(unsigned int nr_vms)
{
	bool used[1u << VMID_BITS] = { false };
	unsigned int i;

	for (i = 0; i < nr_vms; i++) {
		if (!vmid_is_current(&alloc, &vms[i]))
			continue;
		ck_assert_uint_ne(vms[i].vmid, 0);
		ck_assert_uint_lt(vms[i].vmid, alloc.nr_vmids);
		ck_assert_msg(!used[vms[i].vmid], "VMID %u held by two current VMs", vms[i].vmid);
		used[vms[i].vmid] = true;
	}
}

START_TEST(a_new_vm_is_stale_then_gets_vmid_1)
{
	ck_assert(!vmid_is_current(&alloc, &vms[0]));
	ck_assert(!vmid_update(&alloc, &vms[0]));
	ck_assert(vmid_is_current(&alloc, &vms[0]));
	ck_assert_uint_eq(vms[0].vmid, 1);
}
END_TEST

START_TEST(a_current_vm_keeps_its_vmid)
{
	int i;

	vmid_update(&alloc, &vms[0]);
	vmid_update(&alloc, &vms[1]);
	for (i = 0; i < 1000; i++) {
		ck_assert(!vmid_update(&alloc, &vms[1]));
		ck_assert_uint_eq(vms[1].vmid, 2);
	}
	/* And keeping it did not use up VMIDs: the next VM gets 3. */
	vmid_update(&alloc, &vms[2]);
	ck_assert_uint_eq(vms[2].vmid, 3);
}
END_TEST

START_TEST(rollover_after_255_with_the_flush_then_only)
{
	unsigned int i;

	for (i = 0; i < 255; i++) {
		ck_assert_msg(!vmid_update(&alloc, &vms[i]), "flush at allocation %u", i + 1);
		ck_assert_uint_eq(vms[i].vmid, i + 1);
	}
	check_current_unique(255);
	/* The 256th VM: no VMID left in this generation. */
	ck_assert(vmid_update(&alloc, &vms[255]));
	ck_assert_uint_eq(vms[255].vmid, 1);
	for (i = 0; i < 255; i++)
		ck_assert(!vmid_is_current(&alloc, &vms[i]));
	/* The old VMs come back one by one with no further flush until 255 again. */
	for (i = 0; i < 254; i++) {
		ck_assert(!vmid_update(&alloc, &vms[i]));
		ck_assert_uint_eq(vms[i].vmid, i + 2);
	}
	check_current_unique(256);
	ck_assert(vmid_update(&alloc, &vms[254]));
	ck_assert_uint_eq(vms[254].vmid, 1);
}
END_TEST

START_TEST(rollover_with_fewer_bits)
{
	static const unsigned int bits[] = { 1, 2, 3 };
	unsigned int b, i;

	for (b = 0; b < 3; b++) {
		unsigned int per_gen = (1u << bits[b]) - 1;

		vmid_allocator_init(&alloc, bits[b]);
		memset(vms, 0, sizeof(vms));
		for (i = 0; i < 4 * per_gen; i++) {
			bool flush = vmid_update(&alloc, &vms[i]);

			ck_assert_int_eq(flush, i > 0 && i % per_gen == 0);
			ck_assert_uint_eq(vms[i].vmid, 1 + i % per_gen);
		}
	}
}
END_TEST

static u32 rng_state = 12345;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * Thousands of VMs entered in random order; the model knows only how many
 * allocations the current generation has made, which says exactly when the
 * flush must come.
 */
START_TEST(many_vms_over_time_match_the_model)
{
	unsigned int step, flushes = 0, allocs_this_gen = 0;

	for (step = 0; step < 200000; step++) {
		/*
		 * A window of VMs that drifts up, so old ones go idle and new ones
		 * appear; in the second half more VMs are active than there are VMIDs.
		 */
		unsigned int nr_active = step < 100000 ? 40 : 300;
		unsigned int base = step / 80, i = (base + rng() % nr_active) % NR_VMS;
		bool was_current = vmid_is_current(&alloc, &vms[i]);
		u32 old_vmid = vms[i].vmid;
		bool expect_flush = !was_current && allocs_this_gen == alloc.nr_vmids - 1;
		bool flush = vmid_update(&alloc, &vms[i]);

		ck_assert_int_eq(flush, expect_flush);
		if (was_current)
			ck_assert_uint_eq(vms[i].vmid, old_vmid);
		else
			allocs_this_gen = flush ? 1 : allocs_this_gen + 1;
		flushes += flush;
		ck_assert(vmid_is_current(&alloc, &vms[i]));
		if (step % 1000 == 0)
			check_current_unique(NR_VMS);
	}
	check_current_unique(NR_VMS);
	ck_assert_uint_gt(flushes, 5);
}
END_TEST

START_TEST(bits_out_of_range_is_a_bug)
{
	vmid_allocator_init(&alloc, _i ? VMID_BITS + 1 : 0);
}
END_TEST

static Suite *vmid_suite(void)
{
	Suite *s = suite_create("vmid");
	TCase *tc = tcase_create("vmid");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, a_new_vm_is_stale_then_gets_vmid_1);
	tcase_add_test(tc, a_current_vm_keeps_its_vmid);
	tcase_add_test(tc, rollover_after_255_with_the_flush_then_only);
	tcase_add_test(tc, rollover_with_fewer_bits);
	tcase_add_test(tc, many_vms_over_time_match_the_model);
	tcase_add_loop_test_raise_signal(tc, bits_out_of_range_is_a_bug, SIGABRT, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vmid_suite());
}
