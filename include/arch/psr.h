/* Program status register fields (ARM ARM B1.3.3). */
#ifndef ARCH_PSR_H
#define ARCH_PSR_H

#define PSR_MODE_MASK 0x1f
#define PSR_MODE_USR 0x10
#define PSR_MODE_FIQ 0x11
#define PSR_MODE_IRQ 0x12
#define PSR_MODE_SVC 0x13
#define PSR_MODE_MON 0x16
#define PSR_MODE_ABT 0x17
#define PSR_MODE_HYP 0x1a
#define PSR_MODE_UND 0x1b
#define PSR_MODE_SYS 0x1f

#define PSR_T (1 << 5)
#define PSR_F (1 << 6)
#define PSR_I (1 << 7)
#define PSR_A (1 << 8)
#define PSR_NZCV_MASK 0xf0000000u

#endif
