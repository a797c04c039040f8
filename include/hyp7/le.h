/*
 * Little-endian fields of n bytes in a byte buffer: the virtio devices'
 * configuration spaces and request headers, whatever the guest's alignment.
 */
#ifndef HYP7_LE_H
#define HYP7_LE_H

#include <hyp7/types.h>

static inline u64 get_le(const u8 *b, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

static inline void put_le(u8 *b, u64 v, unsigned int n)
{
	for (; n; n--, v >>= 8)
		*b++ = (u8)v;
}

#endif
