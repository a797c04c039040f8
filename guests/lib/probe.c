/* The C side of hvc_probe (lib/hvc_probe.S). */
#include "guest.h"

void hvc_probe_raw(struct hvc_probe *p);
extern char probe_stack[];

static const char *const rname[16] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8",
				       "r9", "r10", "r11", "r12", "sp", "lr", "cpsr" };

void hvc_probe(struct hvc_probe *p)
{
	u32 s = p->seed;
	int i;

	for (i = 0; i < 16; i++)
		p->want[i] = 0;
	for (i = 4; i < 8; i++)
		p->want[i] = p->in[i];
	for (i = 8; i <= 12; i++)
		p->want[i] = (0xa0a0a000u + 0x08080808u * (i - 7) + i) ^ (s * 0x9e3779b9u);
	/* SP: 8-aligned, somewhere in the middle of probe_stack, different per seed. */
	p->want[13] = (u32)(uptr)probe_stack + 1024 + ((s * 8) & 0x3f8);
	p->want[14] = 0x1e1e1e1eu ^ (s * 0x01000193u);
	/* NZCVQ and GE[3:0] vary with the seed; the rest of CPSR must stay as it is. */
	u32 flags = ((0xa8000000u ^ (s << 27)) & 0xf8000000u) | (((s + 5) & 0xf) << 16);
	p->want[15] = (read_cpsr() & ~0xf80f0000u) | flags;
	hvc_probe_raw(p);
}

int hvc_probe_check(const char *what, const struct hvc_probe *p, int keep_r1_r7)
{
	int bad = 0, i;

	for (i = keep_r1_r7 ? 1 : 4; i < 16; i++) {
		u32 want = i < 8 ? p->in[i] : p->want[i];
		if (p->out[i] != want) {
			fail("%s %s changed: expected 0x%08x got 0x%08x", what, rname[i], want,
			     p->out[i]);
			bad++;
		}
	}
	if (!bad)
		ok("%s %s preserved", what, keep_r1_r7 ? "r1-r12,sp,lr,cpsr" : "r4-r12,sp,lr,cpsr");
	return !bad;
}
