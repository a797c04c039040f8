/*
 * reader: the receive side of the console UART, as a PL011 driver sees it,
 * fed by what the test types on the host console (scripts/run-guest --type).
 * reader=checks (the default):
 *  1. a line read by polling FR.RXFE;
 *  2. lines read in the UART's interrupt (SPI 1, GIC ID 33): a long one
 *     brings the receive interrupt (the FIFO at its trigger level, half
 *     full), a short one the receive timeout (characters left below it);
 *  3. overrun: nothing is read while the test types more than the FIFO
 *     and hyp7's backlog hold; RSR.OE and RIS.OE must come up, exactly
 *     what was held must then be read, ECR must clear RSR, and the next
 *     character to arrive must carry DR.OE.
 * reader=lines: lines read in the interrupt, each printed back, until one
 * is "end" (the tests that switch the console's focus between VMs).
 * reader=spin: every vCPU computes and never stops, so that only hyp7's
 * monitor can end the VM (its destroy test).
 */
#include "guest.h"

#define UART_DR 0x00
#define UART_RSR_ECR 0x04
#define UART_FR 0x18
#define UART_LCR_H 0x2c
#define UART_IMSC 0x38
#define UART_RIS 0x3c
#define UART_MIS 0x40
#define UART_ICR 0x44
#define FR_RXFE (1u << 4)
#define FR_RXFF (1u << 6)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define INT_OE (1u << 10)
#define DR_OE (1u << 11)
#define RSR_OE (1u << 3)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN_8 (3u << 5)

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_ITARGETSR 0x800
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define UART_ID (32 + 1)
#define SPURIOUS 1023

/* What hyp7 holds for a VM that does not read: the PL011's FIFO and its backlog. */
#define HELD_BY_HYP7 (16 + 256)
#define LINE_MAX 128

static char line[LINE_MAX];
static volatile unsigned int line_len;
static volatile int line_done;
static volatile u32 first_dr; /* the line's first character, with DR's error bits */
static volatile u32 n_irq, seen_mis;

static void take(u32 dr)
{
	char c = (char)(dr & 0xff);

	if (!line_len && !line_done)
		first_dr = dr;
	if (c == '\r' || c == '\n')
		line_done = 1;
	else if (!line_done && line_len < LINE_MAX - 1)
		line[line_len++] = c;
}

static int rx_empty(void)
{
	return readl(UART_BASE + UART_FR) & FR_RXFE;
}

int on_irq(struct exc_frame *f)
{
	u32 iar = readl(GICC_BASE + GICC_IAR);

	(void)f;
	if ((iar & 0x3ff) == UART_ID) {
		n_irq++;
		seen_mis |= readl(UART_BASE + UART_MIS);
		while (!rx_empty())
			take(readl(UART_BASE + UART_DR));
		writel(UART_BASE + UART_ICR, INT_RX | INT_RT);
	}
	if ((iar & 0x3ff) != SPURIOUS)
		writel(GICC_BASE + GICC_EOIR, iar);
	return EXC_RETURN;
}

static void start_line(void)
{
	line_len = 0;
	line_done = 0;
}

static void read_line_polled(void)
{
	start_line();
	while (!line_done) {
		while (rx_empty())
			;
		take(readl(UART_BASE + UART_DR));
	}
	line[line_len] = '\0';
}

/* WFI with IRQs masked: a pending interrupt wakes it, and is taken once they are unmasked. */
static void read_line_irq(void)
{
	start_line();
	writel(UART_BASE + UART_IMSC, INT_RX | INT_RT);
	while (!line_done) {
		asm volatile("wfi" ::: "memory");
		irq_enable();
		isb();
		irq_disable();
	}
	writel(UART_BASE + UART_IMSC, 0);
	line[line_len] = '\0';
}

static void gic_init(void)
{
	writel(GICD_BASE + GICD_CTLR, 1);
	writeb(GICD_BASE + GICD_ITARGETSR + UART_ID, 1);
	writel(GICD_BASE + GICD_ISENABLER + UART_ID / 32 * 4, 1u << (UART_ID % 32));
	gic_cpu_enable();
}

static void check_line(const char *how, const char *want)
{
	check(!strcmp(line, want), how, want, "%s", line);
}

static void overrun(void)
{
	u32 ms = 0, held = 0, dr, oe_in_dr = 0;

	print("reader: type overrun\n");
	/* Not a character read until the UART says it had to drop one. */
	while (!(readl(UART_BASE + UART_RSR_ECR) & RSR_OE) && ms < 60000) {
		spin_ms(10);
		ms += 10;
	}
	check_eq("overrun rsr.oe", readl(UART_BASE + UART_RSR_ECR) & RSR_OE, RSR_OE);
	check_eq("overrun ris.oe", readl(UART_BASE + UART_RIS) & INT_OE, INT_OE);
	check_eq("overrun fr.rxff", readl(UART_BASE + UART_FR) & FR_RXFF, FR_RXFF);
	while (!rx_empty()) {
		dr = readl(UART_BASE + UART_DR);
		oe_in_dr |= dr & DR_OE;
		held += (dr & 0xff) == 'x';
	}
	check_eq("overrun characters held, all read", held, HELD_BY_HYP7);
	check_eq("overrun fr.rxfe once read", rx_empty(), FR_RXFE);
	check_eq("overrun dr.oe on none held", oe_in_dr, 0);
	writel(UART_BASE + UART_RSR_ECR, 0);
	check_eq("overrun rsr cleared by ecr", readl(UART_BASE + UART_RSR_ECR), 0);
	writel(UART_BASE + UART_ICR, INT_OE);
	check_eq("overrun ris.oe cleared by icr", readl(UART_BASE + UART_RIS) & INT_OE, 0);
	print("reader: type after overrun\n");
	read_line_polled();
	check_line("overrun next line", "after");
	check_eq("overrun dr.oe on the next character", first_dr & DR_OE, DR_OE);
}

static void checks(void)
{
	print("reader: type polled\n");
	read_line_polled();
	check_line("polled line", "typed-while-polling");
	check_eq("polled dr.oe", first_dr & DR_OE, 0);

	gic_init();
	print("reader: type irq\n");
	seen_mis = 0;
	read_line_irq();
	check_line("irq long line", "typed-with-interrupts-on");
	check_ge("irq interrupts taken", n_irq, 1);
	check_eq("irq long line: receive interrupt", seen_mis & INT_RX, INT_RX);
	print("reader: type short\n");
	seen_mis = 0;
	read_line_irq();
	check_line("irq short line", "short");
	check_eq("irq short line: receive timeout only", seen_mis & (INT_RX | INT_RT), INT_RT);
	check_eq("irq none raised once read", readl(UART_BASE + UART_MIS), 0);

	overrun();
}

static void lines(void)
{
	gic_init();
	for (;;) {
		print("reader: ready for a line\n");
		read_line_irq();
		print("reader: got '%s'\n", line);
		if (!strcmp(line, "end"))
			return;
	}
}

static volatile u32 spins[SMP_MAX_VCPUS];

static void spin(unsigned int cpu)
{
	for (;;)
		spins[cpu]++;
}

static void spin_all(void)
{
	unsigned int cpu;

	for (cpu = 1; cpu < SMP_MAX_VCPUS && !smp_start(cpu, spin); cpu++)
		;
	print("reader: spinning on %u vCPUs\n", cpu);
	spin(0);
}

void guest_main(void);
void guest_main(void)
{
	/* Its FIFO on, as Linux's driver has it: out of reset it holds one character. */
	writel(UART_BASE + UART_LCR_H, LCR_H_FEN | LCR_H_WLEN_8);
	if (bootarg_is("reader", "lines"))
		lines();
	else if (bootarg_is("reader", "spin"))
		spin_all();
	else
		checks();
}
