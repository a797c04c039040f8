/*
 * virt/vpl011.c's output side: whatever bytes a guest writes, what reaches
 * the host console is whole lines behind the VM's name, with nothing a
 * terminal would act on (include/hyp7/vpl011.h), so a guest's output can
 * never pass for hyp7's own lines.
 */
#include <check.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/vpl011.h>

#define UART_DR 0x00

extern char printk_log[];
void printk_log_reset(void);

static void guest_writes(const char *bytes, size_t len)
{
	static struct vpl011 uart;
	size_t i;

	vpl011_init(&uart, "vm1");
	printk_log_reset();
	for (i = 0; i < len; i++) {
		u32 data = (u8)bytes[i];

		vpl011_access(&uart, UART_DR, 1, true, &data);
	}
	vpl011_flush(&uart);
}

#define CHECK_OUTPUT(bytes, want)                                                        \
	do {                                                                             \
		guest_writes(bytes, sizeof(bytes) - 1);                                  \
		ck_assert_msg(!strcmp(printk_log, want), "for %s:\n got: %s\nwant: %s", #bytes, \
			      printk_log, want);                                         \
	} while (0)

START_TEST(test_lines_behind_the_name)
{
	CHECK_OUTPUT("hello\r\nworld\n", "vm1: hello\nvm1: world\n");
	CHECK_OUTPUT("hyp7: vm vm1: powered off\n", "vm1: hyp7: vm vm1: powered off\n");
	CHECK_OUTPUT("\n", "vm1:  \n");
	CHECK_OUTPUT("unterminated", "vm1: unterminated\n");
	CHECK_OUTPUT("tab\there\n", "vm1: tab\there\n");
}
END_TEST

/* A carriage return cannot take the cursor back to the start of the line. */
START_TEST(test_no_return_to_line_start)
{
	CHECK_OUTPUT("innocent\rhyp7: powering off\n", "vm1: innocenthyp7: powering off\n");
}
END_TEST

START_TEST(test_controls_in_caret_notation)
{
	CHECK_OUTPUT("\x1b[2K\x1b[1Gx\n", "vm1: ^[[2K^[[1Gx\n");
	CHECK_OUTPUT("a\bb\x07" "c\x7f" "d\n", "vm1: a^Hb^Gc^?d\n");
	CHECK_OUTPUT("nul\0here\n", "vm1: nul^@here\n");
	CHECK_OUTPUT("\x1b]0;title\x07\n", "vm1: ^[]0;title^G\n");
}
END_TEST

/* Well-formed UTF-8 passes; C1 controls, stray and broken sequences do not. */
START_TEST(test_utf8)
{
	CHECK_OUTPUT("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x90\xa7\n", "vm1: caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x90\xa7\n");
	CHECK_OUTPUT("\xc2\x9b" "31m\n", "vm1: ??31m\n");
	CHECK_OUTPUT("\x9b" "31m\n", "vm1: ?31m\n");
	CHECK_OUTPUT("\xc3" "A\n", "vm1: ?A\n");
	CHECK_OUTPUT("\xe2\x80" "\n", "vm1: ??\n");
	CHECK_OUTPUT("\xc0\x80\n", "vm1: ??\n");
	CHECK_OUTPUT("\xc2\xa0\n", "vm1: \xc2\xa0\n");
	CHECK_OUTPUT("\xe0\x80\x80\n", "vm1: ???\n");         /* overlong */
	CHECK_OUTPUT("\xed\xa0\x80\n", "vm1: ???\n");         /* a surrogate */
	CHECK_OUTPUT("\xf4\x90\x80\x80\n", "vm1: ????\n");   /* past U+10FFFF */
	CHECK_OUTPUT("\xf0\x8f\xbf\xbf\n", "vm1: ????\n");   /* overlong */
}
END_TEST

/* A line longer than the buffer goes out in pieces, each behind the name, no character split. */
START_TEST(test_long_lines)
{
	char in[VPL011_LINE_MAX + 40], want[2 * VPL011_LINE_MAX + 40];
	size_t n = VPL011_LINE_MAX - 2;

	memset(in, '.', n);
	memcpy(in + n, "\xc3\xa9hyp7: powering off\n", 21);
	guest_writes(in, n + 21);
	strcpy(want, "vm1: ");
	memset(want + 5, '.', n);
	strcpy(want + 5 + n, "\nvm1: \xc3\xa9hyp7: powering off\n");
	ck_assert_msg(!strcmp(printk_log, want), "got: %s", printk_log);
}
END_TEST

static Suite *vpl011_suite(void)
{
	Suite *s = suite_create("vpl011");
	TCase *tc = tcase_create("output");

	tcase_add_test(tc, test_lines_behind_the_name);
	tcase_add_test(tc, test_no_return_to_line_start);
	tcase_add_test(tc, test_controls_in_caret_notation);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_long_lines);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vpl011_suite());
}
