/*
 * The PL011 console: output polled, the bootloader set the line up; input
 * through its receive interrupt (console_input_irq(), from the host's
 * interrupt handling), into a buffer the VMM reads between guests' turns
 * (vmm/console.c), so that typing costs the guests no polling.
 */
#include <arch/mm.h>
#include <arch/pl011.h>
#include <arch/pl011_console.h>
#include <arch/spinlock.h>
#include <hyp7/printk.h>

/* Typing, or a paste, between two looks of the VMM (which come every turn). */
#define INPUT_BUFFER 1024

static volatile u32 *uart;
static u8 input[INPUT_BUFFER];
static unsigned int input_head, input_count, input_lost;
static struct spinlock input_lock = SPINLOCK_INIT;

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

void pl011_console_enable_input(void)
{
	uart[UART011_ICR / 4] = UART011_RXIC | UART011_RTIC | UART011_OEIC;
	uart[UART011_IMSC / 4] = UART011_RXIM | UART011_RTIM;
}

bool console_input_irq(void)
{
	unsigned int got = 0;

	spin_lock(&input_lock);
	while (!(uart[UART01x_FR / 4] & UART01x_FR_RXFE)) {
		u8 c = (u8)uart[UART01x_DR / 4];

		got++;
		if (input_count == INPUT_BUFFER) {
			input_lost++;
			continue;
		}
		input[(input_head + input_count++) % INPUT_BUFFER] = c;
	}
	uart[UART011_ICR / 4] = UART011_OEIC;
	spin_unlock(&input_lock);
	return got;
}

int console_getc(void)
{
	int c = -1;
	unsigned int lost;

	spin_lock(&input_lock);
	lost = input_lost;
	input_lost = 0;
	if (input_count) {
		c = input[input_head];
		input_head = (input_head + 1) % INPUT_BUFFER;
		input_count--;
	}
	spin_unlock(&input_lock);
	if (lost)
		pr_warn("console: %u typed characters lost: hyp7 took them in too late\n", lost);
	return c;
}
