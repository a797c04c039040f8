/* PL011 UART registers (PrimeCell UART TRM, DDI 0183) the host console uses. */
#ifndef ARCH_PL011_H
#define ARCH_PL011_H

#define UART01x_DR 0x00
#define UART01x_FR 0x18
#define UART01x_FR_TXFF (1 << 5)
#define UART01x_FR_BUSY (1 << 3)
#define UART01x_FR_RXFE (1 << 4)
#define UART011_IMSC 0x38
#define UART011_ICR 0x44
#define UART011_RXIM (1 << 4)
#define UART011_RTIM (1 << 6)
#define UART011_RXIC (1 << 4)
#define UART011_RTIC (1 << 6)
#define UART011_OEIC (1 << 10)

#endif
