#ifndef ARCH_PL011_CONSOLE_H
#define ARCH_PL011_CONSOLE_H

#include <hyp7/types.h>

/* Maps the UART, registers it as the console; its VA, or NULL. */
void *pl011_console_init(paddr_t pa);
/* Its receive and receive-timeout interrupts on (platform.uart_irq routed first). */
void pl011_console_enable_input(void);
/* From the interrupt: what the UART received, into the input buffer; true if anything. */
bool console_input_irq(void);
/* The next character typed, or -1 if none. */
int console_getc(void);

#endif
