/*
 * victim: fixed work (a computation, with an HVC and an MMIO read of the
 * UART every round) next to a hostile VM on the same host CPU. Its share
 * of the CPU is what is measured: the work must end within "limit_ms="
 * (default 3000) of the VM's creation, by its virtual counter, which
 * starts at 0 then and runs on whether the vCPU runs or not. Alone, the
 * work takes a fraction of that.
 */
#include "guest.h"

#define ROUNDS 200
#define SPINS_PER_ROUND 20000
#define UART_FR 0x18

void guest_main(void);
void guest_main(void)
{
	u32 limit_ms = bootarg_u32("limit_ms", 3000), freq = read_cntfrq(), i, ms;
	volatile u32 sink = 0;
	u64 t0 = read_cntvct();

	print("victim: started %u ms after its VM was built\n", (u32)(t0 * 1000 / freq));
	for (i = 0; i < ROUNDS; i++) {
		u32 j;

		for (j = 0; j < SPINS_PER_ROUND; j++)
			sink += j ^ i;
		hvc_call(PSCI_VERSION, 0, 0, 0);
		(void)readl(UART_BASE + UART_FR);
	}
	ms = (u32)(read_cntvct() * 1000 / freq);
	check(ms <= limit_ms, "victim finished on time", "within the limit", "%u ms, limit %u ms",
	      ms, limit_ms);
}
