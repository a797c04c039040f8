/*
 * arch: results of trapped instructions and of the VM's set-up that the
 * architecture defines exactly:
 *  - the virtual counter starts near 0 when the VM is built (CNTVOFF is
 *    the host's counter then), not at the host's uptime;
 *  - an MRC to APSR_nzcv sets N, Z, C, V from the register's top bits and
 *    leaves the PC alone (ARM ARM A8.8.108), for an emulated CP15
 *    register and for a CP14 debug register read as zero;
 *  - an undefined-instruction exception hyp7 injects returns with
 *    LR_und = the instruction + 4 in ARM state, + 2 in Thumb state, also
 *    for a 32-bit Thumb instruction (B1.8.3).
 */
#include "guest.h"

#define PSR_FLAGS 0xf0000000u

u32 mrc_actlr_to_flags(void);
u32 mrc_dbgdscr_to_flags(void);
void undef_arm(void);
void undef_thumb(void);
extern char undef_arm_insn[], undef_thumb_insn[];

static volatile u32 n_und, und_pc, und_cpsr;

int on_und(struct exc_frame *f)
{
	n_und++;
	und_pc = f->pc;
	und_cpsr = f->cpsr;
	return EXC_SKIP;
}

static void counters(void)
{
	u64 vct = read_cntvct(), pct = read_cntpct();
	u32 freq = read_cntfrq();

	print("arch: cntvct 0x%llx, cntpct 0x%llx, cntfrq %u\n", vct, pct, freq);
	check(pct > vct, "arch cntvoff set when the vm was built", "cntpct > cntvct",
	      "cntpct - cntvct = 0x%llx", pct - vct);
	check(vct < freq, "arch cntvct near 0 at entry", "< 1 s", "%llu ticks", vct);
}

static void undef_lr(const char *what, void (*fn)(void), const char *insn, int thumb)
{
	n_und = 0;
	fn();
	check(n_und == 1 && und_pc == (u32)(uptr)insn && !!(und_cpsr & PSR_T) == thumb, what,
	      "one undef at the instruction", "%u at 0x%08x (instruction at 0x%08x), cpsr 0x%08x",
	      n_und, und_pc, (u32)(uptr)insn, und_cpsr);
}

void guest_main(void);
void guest_main(void)
{
	u32 actlr = MRC(0, c1, c0, 1);

	counters();
	check_eq("arch mrc apsr_nzcv, actlr", mrc_actlr_to_flags() & PSR_FLAGS, actlr & PSR_FLAGS);
	check_eq("arch mrc apsr_nzcv, dbgdscrint", mrc_dbgdscr_to_flags() & PSR_FLAGS, 0);
	undef_lr("arch undef lr, arm", undef_arm, undef_arm_insn, 0);
	undef_lr("arch undef lr, 32-bit thumb", (void (*)(void))((uptr)undef_thumb | 1),
		 undef_thumb_insn, 1);
}
