/* hyp7.cpu-hotplug=S: one CPU down and up again, over and over (include/hyp7/hotplug.h). */
#include <arch/cp15.h>
#include <arch/smp.h>
#include <hyp7/hotplug.h>
#include <hyp7/printk.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>

#define NEVER (~0ull)

u32 hotplug_period_s;
static unsigned int victim, boot_cpu;
static bool enabled;
static void (*restart_loop)(unsigned int cpu);

static u64 period_from_now(void)
{
	return vcpu_arch_counter() + (u64)hotplug_period_s * read_sysreg(CNTFRQ);
}

void hotplug_start(u32 online, void (*cpu_loop)(unsigned int cpu))
{
	unsigned int cpu;

	boot_cpu = smp_boot_cpu();
	restart_loop = cpu_loop;
	enabled = false;
	if (!hotplug_period_s)
		return;
	for (cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
		if (cpu != boot_cpu && (online >> cpu & 1))
			victim = cpu;
	if (victim == boot_cpu || !(online >> victim & 1)) {
		pr_err("hyp7.cpu-hotplug: no secondary CPU runs guests; nothing to take offline\n");
		return;
	}
	enabled = true;
	pr_info("cpu%u: goes offline every %u s and comes back %u s later (hyp7.cpu-hotplug)\n",
		victim, hotplug_period_s, hotplug_period_s);
	sched_set_alarm(victim, period_from_now());
}

void hotplug_poll(unsigned int cpu)
{
	if (!enabled || !sched_alarm_due(cpu))
		return;
	sched_set_alarm(cpu, NEVER);
	if (cpu == victim) {
		if (!sched_cpu_offline(cpu)) {
			sched_set_alarm(cpu, period_from_now());
			return;
		}
		pr_info("cpu%u: going offline; its vCPUs move to the other CPUs\n", cpu);
		sched_set_alarm(boot_cpu, period_from_now());
		vcpu_arch_send_kicks(); /* to where they went, before this CPU goes */
		smp_cpu_off(cpu);
		/* CPU_OFF failed: this CPU stays, if HYP could be set up on it again. */
		if (!smp_cpu_online(cpu)) {
			pr_err("cpu%u: runs no more guests; hyp7.cpu-hotplug stops\n", cpu);
			enabled = false;
			return;
		}
		sched_cpu_online(cpu);
		sched_set_alarm(cpu, period_from_now());
	} else if (cpu == boot_cpu && !sched_cpu_is_online(victim)) {
		bool back;

		pr_info("cpu%u: coming back online\n", victim);
		/* Starting it takes this CPU a while: its vCPUs go elsewhere meanwhile. */
		sched_cpu_busy(cpu, true);
		back = smp_cpu_restart(victim, restart_loop);
		sched_cpu_busy(cpu, false);
		if (!back) {
			pr_err("cpu%u: did not come back; hyp7.cpu-hotplug stops\n", victim);
			enabled = false;
			return;
		}
		sched_set_alarm(victim, period_from_now());
	}
}
