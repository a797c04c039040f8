/* The PL011 console: output only, polled; the bootloader set the line up. */
#include <arch/mm.h>
#include <arch/pl011.h>
#include <arch/pl011_console.h>
#include <hyp7/printk.h>

static volatile u32 *uart;

static void pl011_putc(char c)
{
	while (uart[UART01x_FR / 4] & UART01x_FR_TXFF)
		;
	uart[UART01x_DR / 4] = (u8)c;
}

void *pl011_console_init(paddr_t pa)
{
	uart = ioremap(pa, PAGE_SIZE);
	if (uart)
		console_register(pl011_putc);
	return (void *)uart;
}
