#ifndef ARCH_PL011_CONSOLE_H
#define ARCH_PL011_CONSOLE_H

#include <hyp7/types.h>

/* Maps the UART, registers it as the console; its VA, or NULL. */
void *pl011_console_init(paddr_t pa);

#endif
