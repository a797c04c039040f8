/*
 * thumbee-a / thumbee-b (one source, SEED differs), run together on one
 * host CPU. Cortex-A15 implements ThumbEE, whose handler base register
 * TEEHBR is writable at PL1 and, while TEECR.XED is clear, readable and
 * writable at PL0. Each VM must find it at its reset value (0), keep its
 * own value while the other VM runs, and see TEECR.XED take effect: with
 * XED set a PL0 access is UNDEFINED, and TEECR itself is PL1's only
 * (ARM ARM A2.12, B4.1.152-153).
 */
#include "guest.h"

#ifndef SEED
#error SEED must be defined
#endif

#define MRC14(op1, crn, crm, op2)                                                            \
	({                                                                                   \
		u32 v_;                                                                      \
		asm volatile("mrc p14, " STR_(op1) ", %0, " STR_(crn) ", " STR_(crm) ", " STR_(op2) \
			     : "=r"(v_));                                                    \
		v_;                                                                          \
	})
#define MCR14(op1, crn, crm, op2, v)                                                         \
	asm volatile("mcr p14, " STR_(op1) ", %0, " STR_(crn) ", " STR_(crm) ", " STR_(op2)  \
		     :                                                                       \
		     : "r"((u32)(v))                                                         \
		     : "memory")
#define read_teecr() MRC14(6, c0, c0, 0)
#define write_teecr(v) MCR14(6, c0, c0, 0, v)
#define read_teehbr() MRC14(6, c1, c0, 0)
#define write_teehbr(v) MCR14(6, c1, c0, 0, v)
#define TEECR_XED 1u
#define ID_PFR0_STATE3_SHIFT 12

static volatile u32 n_und;

int on_und(struct exc_frame *f)
{
	(void)f;
	n_und++;
	return EXC_SKIP;
}

static u32 teehbr_in_usr(u32 unused)
{
	(void)unused;
	return read_teehbr();
}

static u32 teehbr_write_in_usr(u32 v)
{
	write_teehbr(v);
	return 0;
}

static u32 teecr_in_usr(u32 unused)
{
	(void)unused;
	return read_teecr();
}

void guest_main(void);
void guest_main(void)
{
	u32 mine = (SEED * 0x9e3779b9u) & ~3u, got, i;

	if (!((MRC(0, c0, c1, 0) >> ID_PFR0_STATE3_SHIFT) & 0xf)) {
		print("note thumbee: ID_PFR0 says this CPU has no ThumbEE; nothing to check\n");
		return;
	}
	check_eq("thumbee teehbr at reset", read_teehbr(), 0);
	check_eq("thumbee teecr at reset", read_teecr(), 0);
	write_teehbr(mine);
	for (i = 0; i < 30; i++) { /* the other VM runs and writes its own */
		hvc_call(PSCI_VERSION, 0, 0, 0);
		spin_ms(2);
	}
	check_eq("thumbee teehbr kept while the other vm ran", read_teehbr(), mine);

	n_und = 0;
	got = run_in_usr(teehbr_in_usr, 0);
	check(n_und == 0 && got == mine, "thumbee teehbr readable at pl0 with xed clear",
	      "no undef, own value", "%u undef, 0x%x", n_und, got);
	run_in_usr(teehbr_write_in_usr, mine ^ 0x100);
	check_eq("thumbee teehbr written at pl0", read_teehbr(), mine ^ 0x100);
	run_in_usr(teecr_in_usr, 0);
	check_eq("thumbee teecr from pl0 is undefined", n_und, 1);

	write_teecr(TEECR_XED);
	check_eq("thumbee teecr.xed set", read_teecr(), TEECR_XED);
	n_und = 0;
	run_in_usr(teehbr_in_usr, 0);
	run_in_usr(teehbr_write_in_usr, 0);
	check_eq("thumbee teehbr at pl0 with xed set is undefined", n_und, 2);
	check_eq("thumbee teehbr unchanged by the refused write", read_teehbr(), mine ^ 0x100);
	write_teecr(0);
}
