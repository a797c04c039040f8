/*
 * abort: accesses to IPAs where nothing is must reach the guest's own
 * abort handlers, as an external abort with the exact address.
 *
 * For each address and for both fault-status formats (MMU off, the format
 * follows TTBCR.EAE: short descriptor for EAE=0, long for EAE=1), a read, a
 * write and a Thumb read give a data abort (DFAR = the address, DFSR = sync
 * external abort, WnR set for the write, the PC and SPSR of the faulting
 * instruction), and a branch there gives a prefetch abort (IFAR = the
 * address). Addresses: 0x0b000000 (a hole in QEMU virt's map too, between
 * the virtio-mmio transports and the platform bus) and the first byte past
 * the guest's RAM (from the DTB; 0x48000000 with 128 MiB).
 */
#include "guest.h"

void print_to(char *buf, unsigned size, const char *fmt, ...);

#define PROBE_MARKER 0xa5a5a5a5u
u32 probe_ldr(u32 addr);
void probe_str(u32 addr, u32 v);
u32 probe_ldr_thumb(u32 addr);
void probe_exec(u32 addr);
extern char probe_ldr_insn[], probe_str_insn[], probe_ldr_thumb_insn[], probe_exec_ret[];

static volatile int expecting;
static volatile u32 n_abt, far, fsr, f_pc, f_cpsr, h_cpsr, f_lr;

int on_dabt(struct exc_frame *f)
{
	if (!expecting) {
		fail("unexpected data abort");
		dump_frame("  ", f);
		guest_exit(0);
	}
	n_abt++;
	far = read_dfar();
	fsr = read_dfsr();
	f_pc = f->pc;
	f_cpsr = f->cpsr;
	h_cpsr = read_cpsr();
	return EXC_SKIP;
}

int on_pabt(struct exc_frame *f)
{
	if (!expecting) {
		fail("unexpected prefetch abort");
		dump_frame("  ", f);
		guest_exit(0);
	}
	n_abt++;
	far = read_ifar();
	fsr = read_ifsr();
	f_pc = f->pc;
	f_cpsr = f->cpsr;
	f_lr = f->lr;
	h_cpsr = read_cpsr();
	f->pc = f->lr; /* back to after the BLX */
	f->cpsr &= ~PSR_T;
	return EXC_RETURN;
}

/* Is fsr a synchronous external abort in the format TTBCR.EAE selects? */
static int fsr_ok(u32 v, int eae)
{
	if (eae)
		return (v & (1u << 9)) && (v & 0x3f) == 0x10;
	return !(v & (1u << 9)) && ((((v >> 6) & 0x10) | (v & 0xf)) == 0x08);
}

static void one(const char *what, u32 addr, int eae, int kind)
{
	char w[80];
	const char *fmt = eae ? "long" : "short";
	u32 v = 0, n0 = n_abt;
	u32 want_pc;

	far = fsr = f_pc = f_cpsr = h_cpsr = 0;
	expecting = 1;
	switch (kind) {
	case 0:
		v = probe_ldr(addr);
		break;
	case 1:
		probe_str(addr, 0x12345678);
		break;
	case 2:
		v = probe_ldr_thumb(addr);
		break;
	case 3:
		probe_exec(addr);
		break;
	}
	expecting = 0;

	/* Prefix each check with "<what> 0x<addr> <format>". */
#define W(s) (print_to(w, sizeof(w), "%s 0x%08x %s %s", what, addr, fmt, s), w)
	if (!check(n_abt == n0 + 1, W("taken"), "one abort", "%u aborts (value 0x%x)", n_abt - n0, v))
		return;
	check_eq(W("far"), far, addr);
	check(fsr_ok(fsr, eae), W("fsr"), eae ? "lpae 0x210 (status 0x10)" : "0x008 (fs 0b01000)",
	      "0x%03x (ExT=%u)", fsr, (fsr >> 12) & 1);
	switch (kind) {
	case 0:
	case 2:
		check_eq(W("wnr"), (fsr >> 11) & 1, 0);
		check_eq(W("load skipped, register kept"), v, PROBE_MARKER);
		break;
	case 1:
		check_eq(W("wnr"), (fsr >> 11) & 1, 1);
		break;
	}
	want_pc = kind == 0 ? (u32)(uptr)probe_ldr_insn
		: kind == 1 ? (u32)(uptr)probe_str_insn
		: kind == 2 ? ((u32)(uptr)probe_ldr_thumb_insn & ~1u)
			    : addr;
	check_eq(W("pc"), f_pc, want_pc);
	check_eq(W("spsr mode/T"), f_cpsr & (PSR_MODE_MASK | PSR_T),
		 PSR_SVC | (kind == 2 ? PSR_T : 0));
	check_eq(W("handler mode abt, I and A set"), h_cpsr & (PSR_MODE_MASK | PSR_I | PSR_A),
		 PSR_ABT | PSR_I | PSR_A);
	if (kind == 3)
		check_eq(W("lr (return of the blx)"), f_lr, (u32)(uptr)probe_exec_ret);
#undef W
}

/* A small snprintf for the check names. */
struct sbuf {
	char *p;
	unsigned n;
};
static void sb_putstr(struct sbuf *b, const char *s)
{
	while (*s && b->n > 1) {
		*b->p++ = *s++;
		b->n--;
	}
}
void print_to(char *buf, unsigned size, const char *fmt, ...)
{
	struct sbuf b = { buf, size };
	va_list ap;
	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			char c[2] = { *fmt, 0 };
			sb_putstr(&b, c);
			continue;
		}
		fmt++;
		if (*fmt == 's') {
			sb_putstr(&b, va_arg(ap, const char *));
		} else if (fmt[0] == '0' && fmt[1] == '8' && fmt[2] == 'x') {
			u32 x = va_arg(ap, u32);
			char h[9];
			int i;
			for (i = 7; i >= 0; i--, x >>= 4)
				h[i] = "0123456789abcdef"[x & 0xf];
			h[8] = 0;
			sb_putstr(&b, h);
			fmt += 2;
		}
	}
	va_end(ap);
	*b.p = 0;
}

void guest_main(void);
void guest_main(void)
{
	const u32 addrs[] = { 0x0b000000, guest_ram_end() };
	static const char *const kinds[] = { "dabt read", "dabt write", "dabt thumb read", "pabt exec" };
	unsigned a, k;
	int eae;

	for (eae = 0; eae <= 1; eae++) {
		write_ttbcr(eae ? 0x80000000u : 0);
		isb();
		print("abort: TTBCR.EAE=%d (MMU off, %s-descriptor fault status format)\n", eae,
		      eae ? "long" : "short");
		for (a = 0; a < ARRAY_SIZE(addrs); a++)
			for (k = 0; k < 4; k++)
				one(kinds[k], addrs[a], eae, k);
	}
	write_ttbcr(0);
	isb();
}
