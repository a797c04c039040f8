#ifndef HYP7_BOOT_VMS_H
#define HYP7_BOOT_VMS_H

#include <hyp7/types.h>

/* Reads the VMs from the host DTB; must run before anything is allocated. */
void boot_vms_parse(const void *fdt, u64 dtb_pa, u64 image_pa, u32 image_size);
/* Builds them (or the demo guests when the DTB names none) and runs them to their end. */
void boot_vms_run(void);

#endif
