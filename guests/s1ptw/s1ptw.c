/*
 * s1ptw: the guest's own page table points into a device. With its MMU on
 * (lib/mmu.c's identity sections), the first-level entry for PTW_VA is a
 * page-table descriptor whose second-level table lies at the PL031's
 * IPA, an emulated device. A load from PTW_VA makes the CPU walk that
 * table: stage 2 faults on the walk itself (HSR.S1PTW). There is no
 * instruction to emulate there: the guest must get a data abort, a
 * synchronous external abort on a translation table walk (DFSR.FS 01100
 * or 01110, B4.1.52), with DFAR = PTW_VA, and the load must not complete.
 * The same for an instruction fetch from PTW_VA (a prefetch abort).
 */
#include "guest.h"

#define PTW_VA 0x30000000u
#define RTC_IPA 0x09010000u
#define PAGE_TABLE_DESC 0x1u
#define FS_MASK 0x40fu
#define FS_EXT_ABT_WALK_L1 0x00cu
#define FS_EXT_ABT_WALK_L2 0x00eu

static volatile u32 n_dabt, dabt_far, dabt_fsr, n_pabt, pabt_far, pabt_fsr;
static volatile u32 return_lr;

int on_dabt(struct exc_frame *f)
{
	n_dabt++;
	dabt_far = read_dfar();
	dabt_fsr = read_dfsr();
	f->r[0] = 0xdeadbeef; /* what the load "returns" when it aborted */
	return EXC_SKIP;
}

int on_pabt(struct exc_frame *f)
{
	n_pabt++;
	pabt_far = read_ifar();
	pabt_fsr = read_ifsr();
	f->pc = return_lr; /* back to the caller of the branch */
	return EXC_RETURN;
}

static int walk_abort(u32 fsr)
{
	return (fsr & FS_MASK) == FS_EXT_ABT_WALK_L1 || (fsr & FS_MASK) == FS_EXT_ABT_WALK_L2;
}

void guest_main(void);
void guest_main(void)
{
	u32 got;

	mmu_identity_map();
	mmu_table[PTW_VA / MMU_SECTION_SIZE] = RTC_IPA | PAGE_TABLE_DESC;
	mmu_on();
	{
		/* In r0, which the abort handler sets: the load must not complete. */
		register u32 r0 asm("r0") = PTW_VA;

		asm volatile("ldr r0, [r0]" : "+r"(r0) : : "memory");
		got = r0;
	}
	check(n_dabt == 1 && got == 0xdeadbeef, "s1ptw load aborts", "one data abort",
	      "%u aborts, load returned 0x%x", n_dabt, got);
	check_eq("s1ptw dfar", dabt_far, PTW_VA);
	check(walk_abort(dabt_fsr), "s1ptw dfsr", "external abort on a table walk",
	      "0x%x", dabt_fsr);

	/* A branch to PTW_VA: the abort resumes after the branch. */
	asm volatile("adr r3, 1f\n\t"
		     "str r3, [%0]\n\t"
		     "blx %1\n"
		     "1:"
		     :
		     : "r"(&return_lr), "r"(PTW_VA)
		     : "r3", "lr", "memory");
	check_eq("s1ptw fetch aborts", n_pabt, 1);
	check_eq("s1ptw ifar", pabt_far, PTW_VA);
	check(walk_abort(pabt_fsr), "s1ptw ifsr", "external abort on a table walk", "0x%x", pabt_fsr);
	mmu_off();
}
