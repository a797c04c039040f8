#ifndef HYP7_VFP_H
#define HYP7_VFP_H

#include <hyp7/types.h>

/* The VFP/NEON state a CPU context owns (VFPv4-D32, as on Cortex-A15/A7). */
struct vfp_state {
	u64 d[32];
	u32 fpscr;
	u32 fpexc;
};

/* Lets the host kernel itself execute VFP instructions. */
void vfp_host_enable(void);

#endif
