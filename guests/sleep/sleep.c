/*
 * sleep: WFI with the virtual timer one second ahead, interrupts masked.
 * The vCPU must wake when the timer fires, not before and not much
 * after; meanwhile the host CPUs have nothing to run and must idle in
 * WFI themselves (the host's statistics say how long).
 */
#include "guest.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER0 0x100
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define TIMER_ID 27
#define write_cntv_ctl(v) MCR(0, c14, c3, 1, v)
#define write_cntv_tval(v) MCR(0, c14, c3, 0, v)
#define read_cntv_ctl() MRC(0, c14, c3, 1)
#define CNTV_ISTATUS 4

void guest_main(void);
void guest_main(void)
{
	u32 freq = read_cntfrq(), wakes = 0, iar;
	u64 t0, t1, ms;

	writel(GICD_BASE + GICD_CTLR, 1);
	writel(GICD_BASE + GICD_ISENABLER0, 1u << TIMER_ID);
	gic_cpu_enable();
	t0 = read_cntvct();
	write_cntv_tval(freq);
	write_cntv_ctl(1);
	isb();
	while (!(read_cntv_ctl() & CNTV_ISTATUS)) {
		asm volatile("wfi" ::: "memory");
		wakes++;
	}
	t1 = read_cntvct();
	ms = (t1 - t0) * 1000 / freq;
	write_cntv_ctl(0);
	iar = readl(GICC_BASE + GICC_IAR);
	if ((iar & 0x3ff) != 1023)
		writel(GICC_BASE + GICC_EOIR, iar);
	print("sleep: woke after %u ms, %u WFI\n", (u32)ms, wakes);
	check(ms >= 1000 && ms < 1100, "sleep woke on time", "1000 to 1100 ms", "%u ms", (u32)ms);
	check(wakes <= 3, "sleep slept through", "at most 3 WFI", "%u", wakes);
	check_eq("sleep timer interrupt", iar & 0x3ff, TIMER_ID);
}
