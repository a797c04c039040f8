/* The set/way and cache-toggle policy (include/hyp7/setway.h). */
#include <arch/sysregs.h>
#include <hyp7/setway.h>

/* The guest's data accesses are cacheable only with both its MMU and its caches on. */
static bool caches_on(u32 sctlr)
{
	return (sctlr & (SCTLR_M | SCTLR_C)) == (SCTLR_M | SCTLR_C);
}

bool setway_op(u32 *hcr)
{
	if (*hcr & HCR_TVM)
		return false; /* flushed at the next toggle */
	*hcr |= HCR_TVM;
	return true;
}

bool setway_sctlr_write(u32 *hcr, u32 old_sctlr, u32 new_sctlr)
{
	bool was_on = caches_on(old_sctlr), now_on = caches_on(new_sctlr);

	if (now_on)
		*hcr &= ~HCR_TVM;
	/* On: drop lines older than what the guest wrote uncached; off: clean what it cached. */
	return was_on != now_on;
}
