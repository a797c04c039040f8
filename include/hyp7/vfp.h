#ifndef HYP7_VFP_H
#define HYP7_VFP_H

/* Lets the host kernel itself execute VFP instructions. */
void vfp_host_enable(void);

#endif
