/*
 * HYP reports its own registers, so that the host can check that init
 * left it on the runtime tables and vectors (virt/hyp_init.c).
 */
#include <arch/cp15.h>
#include <arch/kvm_hyp.h>

void __hyp_read_state(struct hyp_state_report *report)
{
	u32 sp;

	asm volatile("mov %0, sp" : "=r"(sp));
	report->httbr = read_sysreg64(HTTBR);
	report->hvbar = read_sysreg(HVBAR);
	report->hsctlr = read_sysreg(HSCTLR);
	report->htcr = read_sysreg(HTCR);
	report->sp = sp;
}
