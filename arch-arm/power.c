/*
 * Power-off through what the DTB offers: PSCI SYSTEM_OFF over its conduit,
 * or the Versatile Express system configuration registers (no PSCI there).
 */
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/power.h>
#include <hyp7/printk.h>
#include <hyp7/smccc.h>
#include <hyp7/smccc_call.h>

#define VEXPRESS_SYS_CFGCTRL 0xa4
#define SYS_CFGCTRL_START (1u << 31)
#define SYS_CFGCTRL_WRITE (1u << 30)
#define SYS_CFGCTRL_FUNC_SHIFT 20

static void psci_system_off(void)
{
	struct smccc_regs regs = { { PSCI_0_2_FN_SYSTEM_OFF } };

	if (platform.psci == PSCI_CONDUIT_SMC)
		smccc_smc(&regs);
	else
		smccc_hvc(&regs);
	pr_err("PSCI SYSTEM_OFF returned %d\n", (int)regs.r[0]);
}

static void vexpress_system_off(void)
{
	volatile u32 *sysreg = ioremap(pa_init(platform.vexpress_sysreg_pa), PAGE_SIZE);

	if (!sysreg) {
		pr_err("cannot map the system registers at 0x%llx\n", platform.vexpress_sysreg_pa);
		return;
	}
	/* Site, position and device 0: the motherboard itself. */
	sysreg[VEXPRESS_SYS_CFGCTRL / 4] = SYS_CFGCTRL_START | SYS_CFGCTRL_WRITE |
					   platform.vexpress_poweroff_func << SYS_CFGCTRL_FUNC_SHIFT;
}

void machine_power_off(void)
{
	pr_info("powering off\n");
	if (platform.psci != PSCI_CONDUIT_NONE)
		psci_system_off();
	else if (platform.vexpress_sysreg_pa)
		vexpress_system_off();
	else
		pr_err("no way to power off (the DTB has neither PSCI nor arm,vexpress-sysreg); halting\n");
	for (;;)
		asm volatile("wfi");
}
