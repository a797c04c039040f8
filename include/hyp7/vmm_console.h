/*
 * The host console's input (vmm/console.c): typing goes to the focused
 * VM's UART, and the escape key, Ctrl-], switches the focus or opens the
 * hyp7 monitor.
 */
#ifndef HYP7_VMM_CONSOLE_H
#define HYP7_VMM_CONSOLE_H

#define VMM_CONSOLE_ESCAPE 0x1d /* Ctrl-] */

/* At vmm_run(): the focus on the first VM, and the keys said. */
void vmm_console_start(void);
/* On the boot CPU between turns: hands on what was typed since. */
void vmm_console_poll(void);

#endif
