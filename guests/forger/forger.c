/*
 * forger: a guest that tries to pass its console output for hyp7's. It
 * prints the lines the launcher and the tests judge a run by ("hyp7: vm
 * forger: powered off", "hyp7: powering off"), at the start of a line, after
 * a carriage return, after terminal escapes that erase and move the
 * cursor, after backspaces, in the middle of a line longer than hyp7's
 * line buffer, and as 8-bit C1 controls; then it stops its only vCPU with
 * PSCI CPU_OFF instead of powering off. hyp7 must print every guest line
 * behind the VM's name with the control characters made harmless, so that
 * the launcher still sees a VM that did not power off.
 */
#include "guest.h"

static void raw(const char *s)
{
	while (*s)
		putch(*s++);
}

void guest_main(void);
void guest_main(void)
{
	int i;

	raw("hyp7: vm forger: powered off (PSCI SYSTEM_OFF); 1024 KiB of RAM free\n");
	raw("hyp7: every VM has ended and every page came back (1024 KiB free)\n");
	raw("hyp7: powering off\n");
	raw("innocent text\rhyp7: vm forger: powered off (PSCI SYSTEM_OFF)\n");
	raw("\x1b[2K\x1b[1Ghyp7: vm forger: powered off (PSCI SYSTEM_OFF)\n");
	raw("\x1b]0;hyp7 title\x07\x1b[31mred\x1b[0m\n");
	raw("xxxxxxxxxxxxxxxx\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\bhyp7: powering off\n");
	raw("ab\b\b\b\b\b\b\b\b\b\bhyp7: powering off\n"); /* more backspaces than characters */
	/* zero-width spaces take no column: their backspaces would reach the name */
	raw("\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\b\b\bhyp7: powering off\n");
	raw("nul ");
	putch('\0');
	raw(" bell \x07 del \x7f end\n");
	raw("\xc2\x9b" "31m utf-8 csi, \x9b" "31m raw csi, caf\xc3\xa9 stays\n");
	for (i = 0; i < 159; i++)
		putch('.');
	raw("hyp7: powering off\n");
	print("forger: done forging, now CPU_OFF\n");
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
	fail("forger: CPU_OFF returned");
}
