/*
 * virt/vpl031.c, the emulated PL031, on a fake counter of 1000 ticks a
 * second, against the PrimeCell RTC TRM (DDI 0224) and QEMU's PL031
 * (revision 1), which Linux's rtc-pl031 and test suites expect.
 */
#include <check.h>

#include "run_suite.h"
#include <hyp7/vpl031.h>

#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c
#define HZ 1000
#define T0 123456789ull

static struct vpl031 rtc;

static u32 rd(u64 now, u32 offset)
{
	u32 v = 0xdeadbeef;

	vpl031_access(&rtc, now, offset, 4, false, &v);
	return v;
}

static void wr(u64 now, u32 offset, u32 v)
{
	vpl031_access(&rtc, now, offset, 4, true, &v);
}

static void setup(void)
{
	vpl031_init(&rtc, T0, HZ);
}

/* PeriphID0-3 and PCellID0-3 as QEMU's PL031: 0x31 0x10 0x14 0x00, 0x0d 0xf0 0x05 0xb1. */
START_TEST(test_id_registers_as_qemu)
{
	static const u32 want[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	unsigned int i;

	for (i = 0; i < 8; i++)
		ck_assert_uint_eq(rd(T0, 0xfe0 + 4 * i), want[i]);
	ck_assert_uint_eq(rd(T0, CR), 1);
	wr(T0, CR, 0);
	ck_assert_uint_eq(rd(T0, CR), 1); /* it cannot be stopped */
}
END_TEST

START_TEST(test_counts_and_loads)
{
	ck_assert_uint_eq(rd(T0, DR), 0);
	ck_assert_uint_eq(rd(T0 + 2999, DR), 2);
	wr(T0 + 3000, LR, 1000);
	ck_assert_uint_eq(rd(T0 + 3000, DR), 1000);
	ck_assert_uint_eq(rd(T0 + 4500, DR), 1001);
	ck_assert_uint_eq(rd(T0 + 4500, LR), 1000);
}
END_TEST

/*
 * The alarm: nothing until the counter reads the match value, then RIS;
 * MIS (and the line) only while unmasked; ICR clears it; it goes off once.
 */
START_TEST(test_alarm)
{
	wr(T0, MR, 3);
	ck_assert_uint_eq(rtc.alarm_at, T0 + 3 * HZ);
	ck_assert_uint_eq(rd(T0 + 2999, RIS), 0);
	ck_assert_uint_eq(rd(T0 + 3000, RIS), 1);
	ck_assert_uint_eq(rd(T0 + 3000, MIS), 0);
	ck_assert(!vpl031_irq_line(&rtc));
	wr(T0 + 3001, IMSC, 1);
	ck_assert_uint_eq(rd(T0 + 3001, MIS), 1);
	ck_assert(vpl031_irq_line(&rtc));
	wr(T0 + 3002, ICR, 1);
	ck_assert_uint_eq(rd(T0 + 3002, RIS), 0);
	ck_assert(!vpl031_irq_line(&rtc));
	ck_assert_uint_eq(rtc.alarm_at, VPL031_NEVER);
	ck_assert_uint_eq(rd(T0 + 9000, RIS), 0); /* once */
	ck_assert_uint_eq(rd(T0 + 9000, ICR), 0); /* write-only */
}
END_TEST

/* vpl031_update() alone makes it go off: the host's timer, with no guest access. */
START_TEST(test_alarm_without_an_access)
{
	wr(T0, IMSC, 1);
	wr(T0, MR, 2);
	vpl031_update(&rtc, T0 + 1999);
	ck_assert(!vpl031_irq_line(&rtc));
	vpl031_update(&rtc, T0 + 2000);
	ck_assert(vpl031_irq_line(&rtc));
}
END_TEST

/*
 * A match equal to the counter goes off at once; one already passed only
 * when the 32-bit counter wraps, as QEMU's; loading the counter re-arms it.
 */
START_TEST(test_match_now_past_and_reload)
{
	wr(T0 + 5500, MR, 5);
	ck_assert_uint_eq(rd(T0 + 5500, RIS), 1);
	wr(T0 + 5500, ICR, 1);
	wr(T0 + 5500, MR, 4);
	ck_assert_uint_eq(rtc.alarm_at, T0 + (u64)0x100000004ull * HZ);
	ck_assert_uint_eq(rd(T0 + 100000, RIS), 0);
	wr(T0 + 100000, LR, 2);
	ck_assert_uint_eq(rtc.alarm_at, T0 + 100000 + 2 * HZ);
	ck_assert_uint_eq(rd(T0 + 102000, RIS), 1);
}
END_TEST

/* Word accesses only (TRM): others read 0 and change nothing. */
START_TEST(test_word_accesses_only)
{
	u32 v = 5;

	vpl031_access(&rtc, T0, MR, 1, true, &v);
	vpl031_access(&rtc, T0, MR + 1, 4, true, &v);
	ck_assert_uint_eq(rd(T0, MR), 0);
	vpl031_access(&rtc, T0, 0xfe0, 2, false, &v);
	ck_assert_uint_eq(v, 0);
}
END_TEST

static Suite *vpl031_suite(void)
{
	Suite *s = suite_create("vpl031");
	TCase *tc = tcase_create("rtc");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_id_registers_as_qemu);
	tcase_add_test(tc, test_counts_and_loads);
	tcase_add_test(tc, test_alarm);
	tcase_add_test(tc, test_alarm_without_an_access);
	tcase_add_test(tc, test_match_now_past_and_reload);
	tcase_add_test(tc, test_word_accesses_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vpl031_suite());
}
