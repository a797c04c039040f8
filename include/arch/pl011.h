/* PL011 UART registers (PrimeCell UART TRM, DDI 0183) used for output. */
#ifndef ARCH_PL011_H
#define ARCH_PL011_H

#define UART01x_DR 0x00
#define UART01x_FR 0x18
#define UART01x_FR_TXFF (1 << 5)
#define UART01x_FR_BUSY (1 << 3)

#endif
