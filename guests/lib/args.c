/* The guest's command line (/chosen/bootargs) and a timed spin. */
#include "guest.h"

/* The value after "key=" in bootargs, or NULL. */
static const char *bootarg(const char *key)
{
	const u8 *v;
	const char *p;
	unsigned int n = strlen(key);
	int len = fdt_getprop((const void *)(uptr)boot_info.r2, "chosen", "bootargs", &v);

	if (len <= 0)
		return NULL;
	for (p = (const char *)v; *p; p++)
		if ((p == (const char *)v || p[-1] == ' ') && !memcmp(p, key, n) && p[n] == '=')
			return p + n + 1;
	return NULL;
}

u32 bootarg_u32(const char *key, u32 dflt)
{
	const char *p = bootarg(key);
	u32 v = 0, base = 10;

	if (!p)
		return dflt;
	if (p[0] == '0' && p[1] == 'x') {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		u32 d;

		if (*p >= '0' && *p <= '9')
			d = (u32)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (u32)(*p - 'a' + 10);
		else
			break;
		v = v * base + d;
	}
	return v;
}

int bootarg_is(const char *key, const char *value)
{
	const char *p = bootarg(key);
	unsigned int n = strlen(value);

	return p && !memcmp(p, value, n) && (p[n] == ' ' || !p[n]);
}

void spin_ms(u32 ms)
{
	u64 end = read_cntvct() + (u64)read_cntfrq() / 1000 * ms;

	while (read_cntvct() < end)
		;
}
