/*
 * pmu-a / pmu-b (one source, SEED differs), run together on one host CPU.
 * Each programs every PMU register a guest can reach with values of its
 * own (counters enabled, the cycle counter asked to count in HYP, user
 * access opened), lets the other VM run, then reads them all back.
 * hyp7 hides the PMU: PMCR.N = 0, every PMU register reads as zero and
 * ignores writes, and PL0 may not touch it. So neither VM sees the
 * other's values or the host's, a counter never moves (in particular not
 * while HYP handles an exit), and user space stays shut out. (PMCEID0/1,
 * the CPU's fixed list of events, hold nothing of anyone's; QEMU 7.2 does
 * not trap them, so they are not checked.)
 */
#include "guest.h"

#ifndef SEED
#error SEED must be defined
#endif

/* PMU registers (ARM ARM C12.8, c9 with opc1 = 0). */
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMCR_C (1u << 2)
#define PMCR_N_SHIFT 11
#define PMCCFILTR_NSH (1u << 27)
#define PMSELR_CYCLE 0x1f
#define PMUSERENR_EN 1u
#define CYCLE_COUNTER (1u << 31)
#define EVENT_CPU_CYCLES 0x11

#define read_pmcr() MRC(0, c9, c12, 0)
#define read_pmcntenset() MRC(0, c9, c12, 1)
#define read_pmovsr() MRC(0, c9, c12, 3)
#define read_pmselr() MRC(0, c9, c12, 5)
#define read_pmccntr() MRC(0, c9, c13, 0)
#define read_pmxevtyper() MRC(0, c9, c13, 1)
#define read_pmxevcntr() MRC(0, c9, c13, 2)
#define read_pmuserenr() MRC(0, c9, c14, 0)
#define read_pmintenset() MRC(0, c9, c14, 1)

static volatile u32 n_und, und_pc;

int on_und(struct exc_frame *f)
{
	n_und++;
	und_pc = f->pc;
	return EXC_SKIP;
}

static u32 pmccntr_in_usr(u32 unused)
{
	(void)unused;
	return read_pmccntr();
}

static void program_everything(u32 s)
{
	MCR(0, c9, c12, 0, PMCR_E | PMCR_P | PMCR_C);   /* PMCR: on, counters reset */
	MCR(0, c9, c12, 1, CYCLE_COUNTER | 0x3f);       /* PMCNTENSET */
	MCR(0, c9, c14, 1, CYCLE_COUNTER | 1);          /* PMINTENSET */
	MCR(0, c9, c12, 5, PMSELR_CYCLE);               /* PMSELR: PMCCFILTR */
	MCR(0, c9, c13, 1, PMCCFILTR_NSH);              /* count in HYP too */
	MCR(0, c9, c12, 5, 0);                          /* PMSELR: event counter 0 */
	MCR(0, c9, c13, 1, EVENT_CPU_CYCLES | PMCCFILTR_NSH);
	MCR(0, c9, c13, 2, s);                          /* PMXEVCNTR0 */
	MCR(0, c9, c12, 5, s & 0x1f);                   /* PMSELR: a value of its own */
	MCR(0, c9, c13, 0, s ^ 0x5a5a0000);             /* PMCCNTR */
	MCR(0, c9, c14, 0, PMUSERENR_EN);               /* PMUSERENR: open to PL0 */
	isb();
}

void guest_main(void);
void guest_main(void)
{
	u32 s = SEED, c0, c1, i;

	check_eq("pmu hidden: pmcr.n", (read_pmcr() >> PMCR_N_SHIFT) & 0x1f, 0);
	program_everything(s);
	/* Give the other VM time to program its own values on this CPU. */
	for (i = 0; i < 30; i++) {
		hvc_call(PSCI_VERSION, 0, 0, 0);
		spin_ms(2);
	}
	check_eq("pmu pmcr after the other vm ran", read_pmcr(), 0);
	check_eq("pmu pmcntenset", read_pmcntenset(), 0);
	check_eq("pmu pmintenset", read_pmintenset(), 0);
	check_eq("pmu pmovsr", read_pmovsr(), 0);
	check_eq("pmu pmselr", read_pmselr(), 0);
	check_eq("pmu pmxevtyper", read_pmxevtyper(), 0);
	check_eq("pmu pmxevcntr", read_pmxevcntr(), 0);
	check_eq("pmu pmuserenr", read_pmuserenr(), 0);

	/* HYP must never be counted: 200 exits later the cycle counter has not moved. */
	program_everything(s);
	c0 = read_pmccntr();
	for (i = 0; i < 200; i++)
		hvc_call(PSCI_VERSION, 0, 0, 0);
	c1 = read_pmccntr();
	check(c0 == 0 && c1 == 0, "pmu cycle counter over 200 exits", "0 and 0",
	      "0x%x then 0x%x", c0, c1);

	/* PMUSERENR.EN written above did not open the PMU to user space. */
	n_und = 0;
	run_in_usr(pmccntr_in_usr, 0);
	check_eq("pmu pmccntr from usr is undefined", n_und, 1);
	print("%s: seed 0x%08x\n", guest_name, s);
}
