/*
 * mmioseq-a / mmioseq-b (one source, SEED differs), run together on one
 * host CPU: thousands of device reads whose answers are known, with exits
 * of every other kind in between. Each round writes a value of its own to
 * the UART's IBRD and reads it back (once to three times, so that a run
 * of the vCPU can end after any of them), reads GICD_TYPER and the
 * PL031's PeriphID0, and takes an HVC, an emulated CP15 read and an
 * injected abort; now and then a WFE, and a WFI that the virtual timer
 * ends. An answer left with the caller instead of the vCPU shows up as a
 * value of the other VM's, or of another register.
 */
#include "guest.h"

#ifndef SEED
#error SEED must be defined
#endif

#define ROUNDS 4000
#define UART_IBRD 0x24
#define RTC_BASE 0x09010000u
#define RTC_PERIPH_ID0 0xfe0
#define GICD_TYPER 0x004
#define NOTHING_THERE 0x0b000000u
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)

static volatile u32 n_dabt;

int on_dabt(struct exc_frame *f)
{
	(void)f;
	n_dabt++;
	return EXC_SKIP;
}

static void wfi_for_timer(void)
{
	write_cntv_tval(read_cntfrq() / 10000); /* 100 us */
	write_cntv_ctl(1);
	isb();
	while (!(MRC(0, c14, c3, 1) & 4))
		asm volatile("wfi" ::: "memory");
	write_cntv_ctl(0);
}

void guest_main(void);
void guest_main(void)
{
	u32 typer = readl(GICD_BASE + GICD_TYPER), rtc_id = readl(RTC_BASE + RTC_PERIPH_ID0);
	u32 bad_ibrd = 0, bad_typer = 0, bad_rtc = 0, bad_hvc = 0, i, k, want, got;

	print("%s: seed 0x%08x, gicd_typer 0x%x, pl031 periphid0 0x%x\n", guest_name, SEED, typer,
	      rtc_id);
	for (i = 0; i < ROUNDS; i++) {
		want = (SEED * 0x9e3779b9u + i * 0x10001u) & 0xffff;
		writel(UART_BASE + UART_IBRD, want);
		for (k = 0; k <= i % 3; k++) {
			got = readl(UART_BASE + UART_IBRD);
			if (got != want && bad_ibrd++ < 5)
				print("FAIL mmioseq round %u: ibrd read 0x%x, wrote 0x%x\n", i, got,
				      want);
		}
		if (hvc_call(PSCI_VERSION, 0, 0, 0) >> 16 != 1)
			bad_hvc++;
		if (readl(GICD_BASE + GICD_TYPER) != typer)
			bad_typer++;
		(void)MRC(0, c1, c0, 1); /* ACTLR: an emulated CP15 read */
		(void)readl(NOTHING_THERE);
		if (readl(RTC_BASE + RTC_PERIPH_ID0) != rtc_id)
			bad_rtc++;
		if (i % 50 == 49)
			asm volatile("sev\n\twfe" ::: "memory");
		if (i % 200 == 199)
			wfi_for_timer();
	}
	check_eq("mmioseq ibrd answers wrong", bad_ibrd, 0);
	check_eq("mmioseq gicd_typer answers wrong", bad_typer, 0);
	check_eq("mmioseq pl031 id answers wrong", bad_rtc, 0);
	check_eq("mmioseq psci_version answers wrong", bad_hvc, 0);
	check_eq("mmioseq aborts injected", n_dabt, ROUNDS);
}
