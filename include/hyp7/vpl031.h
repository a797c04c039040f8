/* The emulated PL031 real-time clock a guest sees at VIRT7_RTC_BASE (virt/vpl031.c). */
#ifndef HYP7_VPL031_H
#define HYP7_VPL031_H

#include <hyp7/types.h>

struct vpl031 {
	u32 load;       /* seconds the guest loaded (RTCLR) */
	u64 load_ticks; /* the counter when it did */
	u32 match, imsc, cr;
};

void vpl031_init(struct vpl031 *rtc);
void vpl031_access(struct vpl031 *rtc, u32 offset, u8 size, bool write, u32 *data);

#endif
