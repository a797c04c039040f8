/*
 * The host's own interrupts, through the GIC: the physical timer (CNTP),
 * which ends turns and wakes sleeping vCPUs, the kick, a physical SGI
 * one CPU sends another to get it out of its guest or out of its WFI, and
 * the console UART's, on the boot CPU: typed characters end the turn
 * there, and the VMM hands them on between turns (vmm/console.c), as it
 * does the frames whose arrival the machine's NIC's SPI says, also on the
 * boot CPU (vmm/net.c).
 * Guests use the virtual timer; the physical one is the host's alone while
 * they run (CNTHCTL.PL1PCEN is cleared for them in hyp/switch.S). The host
 * runs with interrupts masked: they end a guest's run (HYP routes them to
 * itself, HCR.IMO) or an idle WFI, and are acknowledged here.
 */
#include <arch/cp15.h>
#include <arch/sysregs.h>
#include <arch/gic.h>
#include <arch/mm.h>
#include <arch/pl011_console.h>
#include <arch/platform.h>
#include <arch/preempt.h>
#include <arch/smp.h>
#include <hyp7/errno.h>
#include <hyp7/host_net.h>
#include <hyp7/printk.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>

#define SLICES_PER_SECOND 100
/* The SGI one host CPU interrupts another with. */
#define SGI_KICK 1
#define NEVER (~0ull)

static volatile u32 *gicd, *gicc;
static u32 timer_irq, slice_ticks;
/* The machine's NIC's SPI (drivers/host_net.c), 0 if none: frames came in. */
static u32 net_irq;
/* The PPIs that only end a guest's run, one bit each (preempt_exit_irq()). */
static u32 exit_ppis;
/* Per CPU: CNTPCT at which its current turn ends (NEVER between turns). */
static u64 slice_end[NR_CPUS];
/* Per CPU: its CPU interface's bit in GICD_SGIR's target list (GICv2 4.3.12). */
static u8 gic_cpu_bit[NR_CPUS];
/* Per CPU: the CPUs it has kicks for, not sent yet (vcpu_arch_send_kicks()). */
static u8 kicks[NR_CPUS];

/*
 * An SPI of a device whose input the VMM hands on between turns on the boot
 * CPU (this one, at preempt_init()): level-sensitive, to this CPU alone.
 */
static void route_spi_to_boot_cpu(u32 irq)
{
	volatile u8 *priority = (volatile u8 *)gicd + GICD_IPRIORITYR;
	volatile u8 *targets = (volatile u8 *)gicd + GICD_ITARGETSR;

	priority[irq] = GIC_PRIORITY_HOST;
	targets[irq] = gic_cpu_bit[smp_this_cpu()];
	gicd[GICD_ICFGR / 4 + irq / 16] &= ~(GICD_ICFGR_EDGE << (irq % 16 * 2));
	gicd[GICD_ISENABLER / 4 + irq / 32] = 1u << (irq % 32);
}

int preempt_init(void)
{
	int err;

	gicd = ioremap(pa_init(platform.gicd_pa), PAGE_SIZE);
	gicc = ioremap(pa_init(platform.gicc_pa), 2 * PAGE_SIZE);
	if (!gicd || !gicc)
		return -ENOMEM;
	timer_irq = platform.timer_ppi[TIMER_PPI_PHYS];
	slice_ticks = read_sysreg(CNTFRQ) / SLICES_PER_SECOND;
	if (!slice_ticks) {
		pr_err("CNTFRQ is 0: the firmware did not set the timer's frequency\n");
		return -EINVAL;
	}
	gicd[GICD_CTLR / 4] |= GICD_CTLR_ENABLE;
	err = preempt_init_cpu();
	if (err)
		return err;
	if (platform.uart_irq) {
		route_spi_to_boot_cpu(platform.uart_irq);
		pl011_console_enable_input();
	}
	net_irq = host_net_irq();
	if (net_irq)
		route_spi_to_boot_cpu(net_irq);
	return 0;
}

/* The timer's PPI and the SGIs are banked per CPU, as is the CPU interface. */
int preempt_init_cpu(void)
{
	volatile u8 *priority = (volatile u8 *)gicd + GICD_IPRIORITYR;
	volatile u8 *targets = (volatile u8 *)gicd + GICD_ITARGETSR;
	unsigned int cpu = smp_this_cpu();

	priority[timer_irq] = GIC_PRIORITY_HOST;
	priority[SGI_KICK] = GIC_PRIORITY_HOST;
	gicd[GICD_ISENABLER / 4 + timer_irq / 32] = 1u << (timer_irq % 32);
	gicd[GICD_ISENABLER / 4] = 1u << SGI_KICK;
	/* ITARGETSR0-7 read as this CPU interface's own bit. */
	gic_cpu_bit[cpu] = targets[0];
	/* The host has no virtual timer of its own: off, guests' is switched (hyp/switch.S). */
	write_sysreg(0, CNTV_CTL);
	gicc[GICC_PMR / 4] = GICC_PMR_ALL;
	gicc[GICC_CTLR / 4] = GICC_CTLR_ENABLE;
	slice_end[cpu] = NEVER;
	write_sysreg(CNT_CTL_IMASK, CNTP_CTL);
	return 0;
}

u64 preempt_slice_ticks(void)
{
	return slice_ticks;
}

/* The timer at the earlier of the turn's end and the scheduler's next event on this CPU. */
static void program_timer(unsigned int cpu)
{
	u64 next = sched_next_event(cpu);

	if (slice_end[cpu] < next)
		next = slice_end[cpu];
	if (next == NEVER) {
		write_sysreg(CNT_CTL_IMASK, CNTP_CTL);
	} else {
		write_sysreg64(next, CNTP_CVAL);
		write_sysreg(CNT_CTL_ENABLE, CNTP_CTL);
	}
	isb();
}

void preempt_start_slice(void)
{
	unsigned int cpu = smp_this_cpu();

	slice_end[cpu] = read_sysreg64(CNTPCT) + slice_ticks;
	program_timer(cpu);
}

bool preempt_slice_over(void)
{
	return read_sysreg64(CNTPCT) >= slice_end[smp_this_cpu()];
}

/*
 * Acknowledges what is pending: the timer wakes this CPU's sleepers whose
 * virtual timers fired, and is set again; a kick needs nothing but being
 * taken, typed characters go into the console's buffer, the NIC's is
 * acknowledged at the device. True if the turn must end: its deadline, a
 * host job, or typing or frames to hand on.
 */
static bool handle_irqs(unsigned int cpu)
{
	bool typed = false, frames = false;
	u32 iar, irq;

	for (;;) {
		iar = gicc[GICC_IAR / 4];
		irq = iar & GICC_IAR_ID_MASK;
		if (irq == GIC_SPURIOUS)
			break;
		if (irq == timer_irq) {
			write_sysreg(CNT_CTL_IMASK, CNTP_CTL);
			sched_timer(cpu);
		} else if (irq == platform.uart_irq && irq) {
			typed |= console_input_irq();
		} else if (irq == net_irq && irq) {
			frames |= host_net_irq_ack();
		} else if (irq != SGI_KICK && !(irq < 32 && exit_ppis >> irq & 1)) {
			pr_err("cpu%u: unexpected interrupt %u; ignoring it\n", cpu, irq);
		}
		gicc[GICC_EOIR / 4] = iar;
	}
	program_timer(cpu);
	/*
	 * A host job due (sched_set_alarm()) ends the turn too: it runs
	 * between turns, as typing and received frames are handed on.
	 */
	return preempt_slice_over() || sched_alarm_due(cpu) || typed || frames;
}

bool preempt_irq(void)
{
	return handle_irqs(smp_this_cpu());
}

void preempt_idle(void)
{
	unsigned int cpu = smp_this_cpu();

	slice_end[cpu] = NEVER;
	program_timer(cpu);
	/* Interrupts masked: a pending one still ends the WFI (ARM ARM B1.8.13). */
	dsb(sy);
	asm volatile("wfi" : : : "memory");
	handle_irqs(cpu);
}

void preempt_exit_irq(u32 irq, bool enabled)
{
	volatile u8 *priority = (volatile u8 *)gicd + GICD_IPRIORITYR;

	exit_ppis |= 1u << irq;
	priority[irq] = GIC_PRIORITY_HOST;
	gicd[(enabled ? GICD_ISENABLER : GICD_ICENABLER) / 4] = 1u << irq;
}

void vcpu_arch_kick_cpu(unsigned int cpu)
{
	kicks[smp_this_cpu()] |= gic_cpu_bit[cpu];
}

void vcpu_arch_send_kicks(void)
{
	unsigned int self = smp_this_cpu();

	if (!kicks[self])
		return;
	dsb(ishst); /* what the kick is about is visible before it arrives */
	gicd[GICD_SGIR / 4] = (u32)kicks[self] << GICD_SGIR_TARGETS_SHIFT | SGI_KICK;
	kicks[self] = 0;
}

unsigned int vcpu_arch_this_cpu(void)
{
	return smp_this_cpu();
}
