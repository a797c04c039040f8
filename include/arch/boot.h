/* What boot/head.S found on entry, passed to start_kernel() as boot_status. */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#define BOOT_OK 0                /* entered in HYP */
#define BOOT_OK_MONITOR_HOP 1    /* entered in Secure SVC, reached HYP by the monitor hop */
#define BOOT_ERR_MODE 2          /* entered in a mode other than HYP or SVC */
#define BOOT_ERR_NO_VIRT 3       /* SVC, and the CPU has no Virtualization Extensions */
#define BOOT_ERR_NONSECURE_SVC 4 /* Non-secure SVC: HYP exists but is out of reach */

#ifndef __ASSEMBLER__
#include <hyp7/types.h>

void start_kernel(u32 dtb_pa, u32 boot_status, u32 load_pa, u32 machine_id);
#endif

#endif
