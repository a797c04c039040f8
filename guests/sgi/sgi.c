/*
 * sgi: SGIs among four vCPUs (--cpus 4), each with its source (GICC_IAR
 * bits 12:10, GICv2 4.4.4). With interrupts masked everywhere, each vCPU
 * sends SGI 1 to itself, SGI 2 to the next vCPU by target list and SGI 3
 * to all the others; then each takes its five and checks the sources: its
 * own for SGI 1, its predecessor's for SGI 2, and SGI 3 once from each of
 * the three others, the same SGI number pending from three sources at
 * once. Last, vCPUs 1 and 2 both send SGI 5 to vCPU 0: two, not one.
 */
#include "guest.h"

#define NR 4
#define GICD_CTLR 0x000
#define GICD_SGIR 0xf00
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define SGIR_TO(list) ((u32)(list) << 16)
#define SGIR_OTHERS (1u << 24)
#define SGIR_SELF (2u << 24)
#define MAX_LOG 16

static volatile u32 log[NR][MAX_LOG], logged[NR];
static volatile u32 sent, unmask, done;

static unsigned int this_cpu(void)
{
	return MRC(0, c0, c0, 5) & 0xff;
}

int on_irq(struct exc_frame *f)
{
	unsigned int cpu = this_cpu();
	u32 iar = readl(GICC_BASE + GICC_IAR);

	(void)f;
	if ((iar & 0x3ff) == 1023)
		return EXC_RETURN;
	if (logged[cpu] < MAX_LOG)
		log[cpu][logged[cpu]] = iar;
	logged[cpu]++;
	writel(GICC_BASE + GICC_EOIR, iar);
	return EXC_RETURN;
}

static void send_all(unsigned int cpu)
{
	writel(GICD_BASE + GICD_SGIR, SGIR_SELF | 1);
	writel(GICD_BASE + GICD_SGIR, SGIR_TO(1u << ((cpu + 1) % NR)) | 2);
	writel(GICD_BASE + GICD_SGIR, SGIR_OTHERS | SGIR_TO(0xff) | 3);
	__atomic_add_fetch(&sent, 1, __ATOMIC_SEQ_CST);
}

/*
 * Each vCPU takes its SGIs once all have sent theirs; or gives up after
 * 2 s, to report (spinning: a WFI would wait for ever for a lost one).
 */
static void take(unsigned int cpu, u32 want)
{
	u64 until;

	while (!unmask)
		;
	until = read_cntvct() + 2ull * read_cntfrq();
	irq_enable();
	while (logged[cpu] < want && read_cntvct() < until)
		;
	irq_disable();
}

static void secondary(unsigned int cpu)
{
	gic_cpu_enable();
	send_all(cpu);
	take(cpu, 5);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	while (done < NR + 1)
		;
	/* vCPUs 1 and 2: SGI 5 to vCPU 0, which has interrupts masked. */
	if (cpu == 1 || cpu == 2)
		writel(GICD_BASE + GICD_SGIR, SGIR_TO(1) | 5);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
}

/* What vCPU cpu took, against what it should have: id | source << 10, in any order. */
static void check_cpu(unsigned int cpu)
{
	u32 want[5], got, i, j, missing = 0, seen = 0;
	unsigned int prev = (cpu + NR - 1) % NR, n = 0, other;

	want[n++] = 1 | cpu << 10;
	want[n++] = 2 | prev << 10;
	for (other = 0; other < NR; other++)
		if (other != cpu)
			want[n++] = 3 | other << 10;
	for (i = 0; i < n; i++) {
		for (j = 0, got = 0; j < logged[cpu] && j < MAX_LOG; j++)
			got += log[cpu][j] == want[i];
		missing += got != 1;
		seen |= (got == 1) << i;
	}
	print("sgi vcpu%u took", cpu);
	for (j = 0; j < logged[cpu] && j < MAX_LOG; j++)
		print(" %u/cpu%u", log[cpu][j] & 0x3ff, (log[cpu][j] >> 10) & 7);
	print("\n");
	check(!missing && logged[cpu] == 5, cpu == 0 ? "sgi vcpu0 sources" : cpu == 1 ? "sgi vcpu1 sources" :
		  cpu == 2 ? "sgi vcpu2 sources" : "sgi vcpu3 sources",
	      "self, list and three broadcasts, each once with its source", "%u taken, found 0x%x of 0x1f",
	      logged[cpu], seen);
}

void guest_main(void);
void guest_main(void)
{
	unsigned int cpu;

	writel(GICD_BASE + GICD_CTLR, 1);
	gic_cpu_enable();
	for (cpu = 1; cpu < NR; cpu++)
		check_eq("sgi cpu_on", (u32)smp_start(cpu, secondary), 0);
	send_all(0);
	while (sent < NR)
		;
	unmask = 1;
	take(0, 5);
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	while (done < NR)
		;
	for (cpu = 0; cpu < NR; cpu++)
		check_cpu(cpu);
	logged[0] = 0;
	__atomic_add_fetch(&done, 1, __ATOMIC_SEQ_CST);
	while (done < 2 * NR)
		;
	spin_ms(5);
	take(0, 2);
	spin_ms(5);
	check(logged[0] == 2 && (log[0][0] | log[0][1]) == (5 | 1u << 10 | 5 | 2u << 10) &&
		      log[0][0] != log[0][1],
	      "sgi 5 from vcpu1 and vcpu2", "both, each with its source", "%u: 0x%x 0x%x", logged[0],
	      log[0][0], log[0][1]);
}
