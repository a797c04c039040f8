/*
 * The emulated PL031 real-time clock a guest sees at VIRT7_RTC_BASE
 * (virt/vpl031.c), with its alarm on SPI VIRT7_RTC_SPI. Plain C on a
 * counter value the caller passes, so that the host unit tests run it on a
 * fake clock.
 */
#ifndef HYP7_VPL031_H
#define HYP7_VPL031_H

#include <hyp7/types.h>

#define VPL031_NEVER (~0ull)

struct vpl031 {
	u32 freq;       /* counter ticks per second */
	u32 load;       /* seconds the guest loaded (RTCLR) */
	u64 load_ticks; /* the counter when it did */
	u32 match, imsc;
	bool ris;       /* the alarm went off, and is not cleared yet */
	u64 alarm_at;   /* the counter value at which it goes off; VPL031_NEVER */
};

/* Counting from 0 seconds at counter value now, freq ticks a second. */
void vpl031_init(struct vpl031 *rtc, u64 now, u32 freq);
/* A guest access at counter value now (the PL031 takes word accesses only). */
void vpl031_access(struct vpl031 *rtc, u64 now, u32 offset, u8 size, bool write, u32 *data);
/* The alarm, if now is at or past it. */
void vpl031_update(struct vpl031 *rtc, u64 now);
/* Its interrupt line (RTCINTR): the alarm went off and is not masked. */
bool vpl031_irq_line(const struct vpl031 *rtc);

#endif
