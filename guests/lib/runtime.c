/* Check counting, the done line and power-off. */
#include "guest.h"

unsigned int n_ok, n_fail;

void ok(const char *fmt, ...)
{
	va_list ap;
	n_ok++;
	putstr("ok ");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	putch('\n');
}

void fail(const char *fmt, ...)
{
	va_list ap;
	n_fail++;
	putstr("FAIL ");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	putch('\n');
}

int check_eq(const char *what, u32 got, u32 want)
{
	if (got == want)
		ok("%s 0x%x", what, got);
	else
		fail("%s expected 0x%x got 0x%x", what, want, got);
	return got == want;
}

int check_ge(const char *what, u32 got, u32 min)
{
	if (got >= min)
		ok("%s 0x%x", what, got);
	else
		fail("%s expected >= 0x%x got 0x%x", what, min, got);
	return got >= min;
}

int check(int cond, const char *what, const char *want, const char *fmt, ...)
{
	va_list ap;
	if (cond) {
		n_ok++;
		print("ok %s ", what);
	} else {
		n_fail++;
		print("FAIL %s expected %s got ", what, want);
	}
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	putch('\n');
	return cond;
}

u32 hvc_call(u32 fid, u32 a1, u32 a2, u32 a3)
{
	struct smccc_regs r = { { fid, a1, a2, a3, 0, 0, 0, 0 } };
	smccc(&r);
	return r.r[0];
}

void guest_exit(int good)
{
	if (!good) {
		n_fail++;
		print("FAIL %s stopped early\n", guest_name);
	}
	print("%s: done: %u ok, %u failed\n", guest_name, n_ok, n_fail);
	u32 r = hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	print("FAIL %s SYSTEM_OFF returned 0x%x\n", guest_name, r);
	for (;;)
		asm volatile("wfi");
}

static const char *const names[] = { "reset", "undef", "svc", "prefetch abort", "data abort",
				     "hyp trap", "irq", "fiq" };

const char *exc_name(u32 kind)
{
	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

u32 insn_len(const struct exc_frame *f)
{
	if (!(f->cpsr & PSR_T))
		return 4;
	u16 hw = *(const volatile u16 *)f->pc;
	return (hw >> 11) >= 0x1d ? 4 : 2;
}

void dump_frame(const char *what, const struct exc_frame *f)
{
	/* Two lines, each short enough for hyp7's line-buffered console (160). */
	print("%s pc=0x%08x cpsr=0x%08x sp=0x%08x lr=0x%08x r0=0x%08x\n", what, f->pc, f->cpsr,
	      f->sp, f->lr, f->r[0]);
	print("%s dfar=0x%08x dfsr=0x%08x ifar=0x%08x ifsr=0x%08x\n", what, read_dfar(),
	      read_dfsr(), read_ifar(), read_ifsr());
}

static int unexpected(u32 kind, struct exc_frame *f)
{
	n_fail++;
	print("FAIL unexpected %s exception\n", exc_name(kind));
	dump_frame("  ", f);
	guest_exit(0);
}

__attribute__((weak)) int on_und(struct exc_frame *f) { return unexpected(EXC_UND, f); }
__attribute__((weak)) int on_svc(struct exc_frame *f) { return unexpected(EXC_SVC, f); }
__attribute__((weak)) int on_pabt(struct exc_frame *f) { return unexpected(EXC_PABT, f); }
__attribute__((weak)) int on_dabt(struct exc_frame *f) { return unexpected(EXC_DABT, f); }
__attribute__((weak)) int on_irq(struct exc_frame *f) { return unexpected(EXC_IRQ, f); }
__attribute__((weak)) int on_fiq(struct exc_frame *f) { return unexpected(EXC_FIQ, f); }

/* Set while readl_may_abort() reads; the abort, if one comes, sets dabt_taken. */
static volatile u32 dabt_expected, dabt_taken;

int readl_may_abort(uptr a, u32 *v)
{
	dabt_taken = 0;
	dabt_expected = 1;
	*v = readl(a);
	dabt_expected = 0;
	return !dabt_taken;
}

/* Set while run_in_usr() runs its function (lib/usr.S). */
volatile u32 usr_call_active;
extern char usr_call_back[];

void exc_dispatch(u32 kind, struct exc_frame *f);
void exc_dispatch(u32 kind, struct exc_frame *f)
{
	u32 raw = f->pc;
	int r;

	if (kind == EXC_SVC && usr_call_active && (f->cpsr & PSR_MODE_MASK) == PSR_USR) {
		f->pc = (u32)(uptr)usr_call_back;
		f->cpsr = (f->cpsr & ~(PSR_MODE_MASK | PSR_T)) | PSR_SVC;
		return;
	}
	switch (kind) {
	case EXC_UND:
		f->pc = raw - ((f->cpsr & PSR_T) ? 2 : 4);
		r = on_und(f);
		break;
	case EXC_SVC:
		r = on_svc(f);
		break;
	case EXC_PABT:
		f->pc = raw - 4;
		r = on_pabt(f);
		break;
	case EXC_DABT:
		f->pc = raw - 8;
		if (dabt_expected) {
			dabt_taken = 1;
			r = EXC_SKIP;
		} else {
			r = on_dabt(f);
		}
		break;
	case EXC_IRQ:
		f->pc = raw - 4;
		r = on_irq(f);
		break;
	case EXC_FIQ:
		f->pc = raw - 4;
		r = on_fiq(f);
		break;
	default:
		r = unexpected(kind, f);
	}
	if (r == EXC_SKIP)
		f->pc += insn_len(f);
}

/* libgcc's division helpers call these on a division by zero. */
int __aeabi_idiv0(int r);
long long __aeabi_ldiv0(long long r);
int __aeabi_idiv0(int r)
{
	fail("%s division by zero", guest_name);
	return r;
}
long long __aeabi_ldiv0(long long r)
{
	fail("%s division by zero", guest_name);
	return r;
}
