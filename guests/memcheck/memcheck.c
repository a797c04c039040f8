/*
 * memcheck-a / memcheck-b (one source, SEED differs): for the two-VM test.
 * Fills 8 MiB of its RAM above its image with a pattern derived from SEED,
 * the address and the pass, re-checks the whole area several times (with
 * the other VM doing the same with its own seed, any sharing of memory
 * shows up as a mismatch), then reads and writes the first address past
 * its RAM (0x48000000 with hyp7's default 128 MiB), which must abort.
 */
#include "guest.h"

#ifndef SEED
#error SEED must be defined
#endif
#define AREA_SIZE (8u << 20)
#define PASSES 4
#define CHECKS 2

static volatile int expect_dabt;
static volatile u32 n_dabt, dabt_far;

int on_dabt(struct exc_frame *f)
{
	if (!expect_dabt) {
		fail("unexpected data abort");
		dump_frame("  ", f);
		guest_exit(0);
	}
	n_dabt++;
	dabt_far = read_dfar();
	return EXC_SKIP;
}

static inline u32 pattern(u32 addr, u32 pass)
{
	u32 x = addr ^ (SEED * 0x9e3779b9u) ^ (pass * 0x85ebca6bu);
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	return x;
}

/* Number of words in [start, end) that differ from the pass's pattern; the first one. */
static u32 count_bad(u32 start, u32 end, u32 pass, u32 *first, u32 *got)
{
	u32 a, bad = 0;

	for (a = start; a < end; a += 4) {
		u32 v = *(volatile u32 *)(uptr)a;
		if (v != pattern(a, pass) && !bad++) {
			*first = a;
			*got = v;
		}
	}
	return bad;
}

void guest_main(void);
void guest_main(void)
{
	u32 ram_end = guest_ram_end();
	u32 start = ((u32)(uptr)_end + 0xfffff) & ~0xfffffu, end, pass, c, a, n;
	const void *fdt = (const void *)(uptr)boot_info.r2;

	/* Keep clear of the DTB. */
	if (fdt_valid(fdt)) {
		u32 d0 = boot_info.r2, d1 = d0 + fdt_totalsize(fdt);
		if (d0 < start + AREA_SIZE && d1 > start)
			start = (d1 + 0xfffff) & ~0xfffffu;
	}
	end = start + AREA_SIZE;
	if (end > ram_end)
		end = ram_end;
	print("%s: seed 0x%08x, area 0x%08x-0x%08x, RAM ends at 0x%08x\n", guest_name, SEED, start,
	      end, ram_end);
	if (!check(end > start + (1u << 20), "memcheck area", ">= 1 MiB", "%u KiB",
		   (end - start) >> 10))
		return;

	for (pass = 1; pass <= PASSES; pass++) {
		for (a = start; a < end; a += 4)
			*(volatile u32 *)(uptr)a = pattern(a, pass);
		for (c = 1; c <= CHECKS; c++) {
			u32 first = 0, got = 0, bad = count_bad(start, end, pass, &first, &got);
			n = (end - start) / 4;
			if (!bad)
				ok("memcheck pass %u/%u check %u: %u words intact", pass, PASSES, c, n);
			else
				fail("memcheck pass %u check %u expected 0 bad words got %u (first at "
				     "0x%08x: 0x%08x, want 0x%08x)",
				     pass, c, bad, first, got, pattern(first, pass));
		}
	}

	/* The checker itself: one corrupted word must be found, at its address. */
	{
		u32 first = 0, got = 0, bad, at = start + ((end - start) / 2 & ~3u);
		*(volatile u32 *)(uptr)at ^= 0x00010000;
		bad = count_bad(start, end, PASSES, &first, &got);
		check(bad == 1 && first == at, "memcheck finds a planted bad word", "1 at the address",
		      "%u, first at 0x%08x", bad, first);
		*(volatile u32 *)(uptr)at ^= 0x00010000;
	}

	/* Past the end of RAM: nothing there (another VM's memory must not be). */
	u32 v = 0x1234, n0 = n_dabt;
	expect_dabt = 1;
	dabt_far = 0;
	v = *(volatile u32 *)(uptr)ram_end;
	int rd = n_dabt == n0 + 1 && dabt_far == ram_end;
	dabt_far = 0;
	*(volatile u32 *)(uptr)ram_end = 0x5a5a5a5a;
	int wr = n_dabt == n0 + 2 && dabt_far == ram_end;
	expect_dabt = 0;
	check(rd, "memcheck read past RAM end aborts", "abort", "0x%08x: %s", ram_end,
	      rd ? "abort" : "no abort");
	check(wr, "memcheck write past RAM end aborts", "abort", "0x%08x: %s", ram_end,
	      wr ? "abort" : "no abort");
	(void)v;
}
