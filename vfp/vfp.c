/*
 * The host's own VFP/NEON use. The compiler keeps hyp7's code off VFP
 * registers (-mgeneral-regs-only), but Debian's libfdt.a follows the
 * armhf ABI and may use them, so the host enables VFP for itself at boot.
 * Lazy switching of guest VFP state comes with the world switch.
 */
#include <arch/cp15.h>
#include <arch/sysregs.h>
#include <hyp7/vfp.h>

void vfp_host_enable(void)
{
	write_sysreg(read_sysreg(CPACR) | CPACR_CP10_FULL | CPACR_CP11_FULL, CPACR);
	isb();
	/* FPEXC is reached through VMSR; the assembler wants a VFP target for that. */
	asm volatile(".fpu vfpv3\n\tvmsr fpexc, %0" : : "r"(FPEXC_EN));
}
