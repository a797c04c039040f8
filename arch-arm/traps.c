/* What the host prints when it takes an exception it cannot handle. */
#include <arch/cp15.h>
#include <arch/psr.h>
#include <arch/traps.h>
#include <hyp7/printk.h>

/* How far past the faulting instruction LR points, per exception (B1.8.3). */
static const struct {
	const char *name;
	u32 lr_offset;
} exceptions[] = {
	[HOST_EXC_RESET] = { "unexpected vector", 0 },
	[HOST_EXC_UNDEF] = { "undefined instruction", 4 },
	[HOST_EXC_SVC] = { "SVC call", 4 },
	[HOST_EXC_PABT] = { "prefetch abort", 4 },
	[HOST_EXC_DABT] = { "data abort", 8 },
	[HOST_EXC_IRQ] = { "IRQ", 4 },
	[HOST_EXC_FIQ] = { "FIQ", 4 },
};

static const char *mode_name(u32 psr)
{
	switch (psr & PSR_MODE_MASK) {
	case PSR_MODE_USR: return "USR";
	case PSR_MODE_FIQ: return "FIQ";
	case PSR_MODE_IRQ: return "IRQ";
	case PSR_MODE_SVC: return "SVC";
	case PSR_MODE_ABT: return "ABT";
	case PSR_MODE_UND: return "UND";
	case PSR_MODE_SYS: return "SYS";
	default: return "?";
	}
}

void traps_init(void)
{
	write_sysreg(host_vectors, VBAR);
	isb();
}

void host_exception(u32 kind, u32 lr, u32 spsr)
{
	u32 pc = lr - exceptions[kind].lr_offset;

	if (spsr & PSR_T)
		pc += exceptions[kind].lr_offset / 2; /* Thumb: the offsets are halved */
	panic("host %s in %s mode at pc 0x%08x (DFSR 0x%08x DFAR 0x%08x IFSR 0x%08x IFAR 0x%08x)",
	      exceptions[kind].name, mode_name(spsr), pc, read_sysreg(DFSR), read_sysreg(DFAR),
	      read_sysreg(IFSR), read_sysreg(IFAR));
}
