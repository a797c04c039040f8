/*
 * The last words of HYP: an exception taken in HYP itself means its state
 * can no longer be trusted, so it prints what happened on the console and
 * stops this CPU rather than return into whatever caused it.
 */
#include <arch/hyp_panic.h>
#include <arch/kvm_hyp.h>
#include <arch/pl011.h>

u32 hyp_console_base;

static const char *const panic_kind[] = {
	[HYP_PANIC_RESET] = "reset vector",
	[HYP_PANIC_UNDEF] = "undefined instruction",
	[HYP_PANIC_HVC_IN_HYP] = "HVC executed in HYP",
	[HYP_PANIC_PABT] = "prefetch abort",
	[HYP_PANIC_DABT] = "data abort",
	[HYP_PANIC_TRAP] = "unexpected trap",
	[HYP_PANIC_IRQ] = "IRQ",
	[HYP_PANIC_FIQ] = "FIQ",
};

static void hyp_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)hyp_console_base;

	if (!uart)
		return;
	while (uart[UART01x_FR / 4] & UART01x_FR_TXFF)
		;
	uart[UART01x_DR / 4] = (u8)c;
}

static void hyp_puts(const char *s)
{
	while (*s)
		hyp_putc(*s++);
}

static void hyp_put_hex(u32 val)
{
	int shift;

	hyp_puts("0x");
	for (shift = 28; shift >= 0; shift -= 4)
		hyp_putc("0123456789abcdef"[(val >> shift) & 0xf]);
}

void hyp_panic(u32 kind, u32 elr, u32 hsr, u32 hdfar)
{
	hyp_puts("\nhyp7: error: HYP panic: ");
	hyp_puts(kind < ARRAY_SIZE(panic_kind) ? panic_kind[kind] : "?");
	hyp_puts(" at ");
	hyp_put_hex(elr);
	hyp_puts(", HSR ");
	hyp_put_hex(hsr);
	hyp_puts(", HDFAR ");
	hyp_put_hex(hdfar);
	hyp_puts("\n");
	for (;;)
		asm volatile("wfi");
}
