/*
 * vdev/vpl011.c. Its output side: whatever bytes a guest writes, what
 * reaches the host console is lines behind the VM's name, with nothing a
 * terminal would act on but a backspace that cannot reach the name
 * (include/hyp7/vpl011.h), so a guest's output can never pass for hyp7's
 * own lines. Its input side: the receive FIFO, its flags and interrupts,
 * the host's backlog and overrun, as the PL011 TRM describes them.
 */
#include <check.h>
#include <string.h>

#include "run_suite.h"
#include <hyp7/printk.h>
#include <hyp7/vpl011.h>

#define UART_DR 0x00
#define UART_RSR 0x04
#define UART_FR 0x18
#define UART_LCR_H 0x2c
#define UART_CR 0x30
#define UART_IFLS 0x34
#define UART_IMSC 0x38
#define UART_RIS 0x3c
#define UART_MIS 0x40
#define UART_ICR 0x44
#define FR_RXFE (1 << 4)
#define FR_RXFF (1 << 6)
#define INT_RX (1 << 4)
#define INT_TX (1 << 5)
#define INT_RT (1 << 6)
#define INT_OE (1 << 10)
#define DR_OE (1 << 11)
#define LCR_H_FEN (1 << 4)

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
	CHECK_OUTPUT("a\bb\x07" "c\x7f" "d\n", "vm1: a\bb^Gc^?d\n");
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

/* A backspace moves back over what the guest showed on its line, never into its name. */
START_TEST(test_backspace_stays_right_of_the_name)
{
	CHECK_OUTPUT("\b\b\bhyp7: x\n", "vm1: hyp7: x\n");
	CHECK_OUTPUT("ab\b\b\b\bhyp7: x\n", "vm1: ab\b\bhyp7: x\n");
	/*
	 * Only printable ASCII counts: a UTF-8 character may take no column
	 * (U+200B, a combining mark), nor may a tab at the margin, so
	 * backspaces after them would reach the name.
	 */
	CHECK_OUTPUT("\xc3\xa9\b\bhyp7\n", "vm1: \xc3\xa9hyp7\n");
	CHECK_OUTPUT("\xe2\x80\x8b\xe2\x80\x8b\b\bhyp7\n", "vm1: \xe2\x80\x8b\xe2\x80\x8bhyp7\n");
	CHECK_OUTPUT("a\t\t\b\b\bhyp7\n", "vm1: a\t\t\bhyp7\n");
}
END_TEST

static struct vpl011 uart;

static void put(const char *bytes)
{
	for (; *bytes; bytes++) {
		u32 data = (u8)*bytes;

		vpl011_access(&uart, UART_DR, 1, true, &data);
	}
}

/* A prompt shows while the guest waits; whoever prints next starts a new line. */
START_TEST(test_open_line_is_shown_and_ended_by_others)
{
	vpl011_init(&uart, "vm1");
	printk_log_reset();
	put("# ");
	vpl011_show_partial(&uart);
	ck_assert_str_eq(printk_log, "vm1: # ");
	put("ls");
	vpl011_show_partial(&uart);
	ck_assert_str_eq(printk_log, "vm1: # ls");
	printk("hyp7: note\n");
	/* The backspaces cannot undo what is now on the line above. */
	put("\b\b\bhyp7: forged\n");
	ck_assert_str_eq(printk_log, "vm1: # ls\nhyp7: note\nvm1: hyp7: forged\n");
}
END_TEST

static u32 rd(u32 reg)
{
	u32 data;

	vpl011_access(&uart, reg, 4, false, &data);
	return data;
}

static void wr(u32 reg, u32 data)
{
	vpl011_access(&uart, reg, 4, true, &data);
}

static void fifo_uart(void)
{
	vpl011_init(&uart, "vm1");
	wr(UART_LCR_H, LCR_H_FEN | 0x60);
}

START_TEST(test_polled_receive)
{
	fifo_uart();
	ck_assert_uint_eq(rd(UART_FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	ck_assert(vpl011_receive(&uart, 'h'));
	ck_assert(vpl011_receive(&uart, 'i'));
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFE, 0);
	ck_assert_uint_eq(rd(UART_DR), 'h');
	ck_assert_uint_eq(rd(UART_DR), 'i');
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFE, FR_RXFE);
	ck_assert_uint_eq(rd(UART_RSR), 0);
}
END_TEST

/* What the FIFO cannot take waits in the host, and comes in order as the guest reads. */
START_TEST(test_full_fifo_then_backlog)
{
	unsigned int i;

	fifo_uart();
	for (i = 0; i < VPL011_FIFO_SIZE + 10; i++)
		ck_assert(vpl011_receive(&uart, (u8)('a' + i % 26)));
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFF, FR_RXFF);
	for (i = 0; i < VPL011_FIFO_SIZE + 10; i++)
		ck_assert_uint_eq(rd(UART_DR), 'a' + i % 26);
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFE, FR_RXFE);
	ck_assert_uint_eq(uart.overruns, 0);
}
END_TEST

/* A guest that does not read: overrun in RSR, RIS.OE, and DR.OE on the next character kept. */
START_TEST(test_overrun)
{
	unsigned int i, kept = VPL011_FIFO_SIZE + VPL011_BACKLOG;

	fifo_uart();
	wr(UART_IMSC, INT_OE);
	for (i = 0; i < kept; i++)
		ck_assert(vpl011_receive(&uart, 'x'));
	ck_assert(!vpl011_irq_line(&uart));
	ck_assert(!vpl011_receive(&uart, 'y'));
	ck_assert(!vpl011_receive(&uart, 'z'));
	ck_assert_uint_eq(uart.overruns, 2);
	ck_assert_uint_eq(rd(UART_RSR), 1 << 3);
	ck_assert_uint_eq(rd(UART_RIS) & INT_OE, INT_OE);
	ck_assert(vpl011_irq_line(&uart));
	wr(UART_ICR, INT_OE);
	ck_assert(!vpl011_irq_line(&uart));
	wr(UART_RSR, 0); /* ECR */
	ck_assert_uint_eq(rd(UART_RSR), 0);
	/* The characters kept are all valid; the first to arrive after the loss says so. */
	ck_assert_uint_eq(rd(UART_DR), 'x');
	ck_assert(vpl011_receive(&uart, 'w'));
	for (i = 1; i < kept; i++)
		ck_assert_uint_eq(rd(UART_DR), 'x');
	ck_assert_uint_eq(rd(UART_DR), 'w' | DR_OE);
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFE, FR_RXFE);
}
END_TEST

/*
 * RX at the trigger level (IFLS reset: half full, 8), RT below it when no
 * more comes; reading below the level or to empty lowers them, ICR too
 * until the next character.
 */
START_TEST(test_receive_interrupts)
{
	unsigned int i;

	fifo_uart();
	wr(UART_IMSC, INT_RX | INT_RT);
	ck_assert(!vpl011_irq_line(&uart));
	ck_assert(vpl011_receive(&uart, '1'));
	ck_assert_uint_eq(rd(UART_MIS), INT_RT);
	ck_assert(vpl011_irq_line(&uart));
	wr(UART_ICR, INT_RT);
	ck_assert(!vpl011_irq_line(&uart));
	ck_assert(vpl011_receive(&uart, '2'));
	ck_assert_uint_eq(rd(UART_MIS), INT_RT);
	for (i = 0; i < 6; i++)
		ck_assert(vpl011_receive(&uart, 'x'));
	ck_assert_uint_eq(rd(UART_MIS), INT_RX | INT_RT);
	rd(UART_DR);
	ck_assert_uint_eq(rd(UART_MIS), INT_RT);
	for (i = 0; i < 7; i++)
		rd(UART_DR);
	ck_assert_uint_eq(rd(UART_MIS), 0);
	ck_assert(!vpl011_irq_line(&uart));
	/* The transmit interrupt: its FIFO is always empty. */
	ck_assert_uint_eq(rd(UART_RIS), INT_TX);
}
END_TEST

/* FIFOs off: a one-character holding register; receiver off: nothing enters. */
START_TEST(test_fifo_off_and_receiver_off)
{
	vpl011_init(&uart, "vm1");
	ck_assert(vpl011_receive(&uart, 'a'));
	ck_assert(vpl011_receive(&uart, 'b'));
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFF, FR_RXFF);
	ck_assert_uint_eq(rd(UART_DR), 'a');
	ck_assert_uint_eq(rd(UART_DR), 'b');
	wr(UART_CR, 0);
	ck_assert(vpl011_receive(&uart, 'c'));
	ck_assert_uint_eq(rd(UART_FR) & FR_RXFE, FR_RXFE);
	wr(UART_CR, 0x301); /* UARTEN | TXE | RXE */
	ck_assert_uint_eq(rd(UART_DR), 'c');
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
	tcase_add_test(tc, test_backspace_stays_right_of_the_name);
	tcase_add_test(tc, test_open_line_is_shown_and_ended_by_others);
	suite_add_tcase(s, tc);
	tc = tcase_create("input");
	tcase_add_test(tc, test_polled_receive);
	tcase_add_test(tc, test_full_fifo_then_backlog);
	tcase_add_test(tc, test_overrun);
	tcase_add_test(tc, test_receive_interrupts);
	tcase_add_test(tc, test_fifo_off_and_receiver_off);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(vpl011_suite());
}
