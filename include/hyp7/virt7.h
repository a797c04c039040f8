/*
 * The machine a guest sees ("virt7", DESIGN section 5): QEMU virt's
 * memory map and interrupts, so that guests built for it run unchanged.
 */
#ifndef HYP7_VIRT7_H
#define HYP7_VIRT7_H

#define VIRT7_GICD_BASE 0x08000000
#define VIRT7_GICD_SIZE 0x10000
#define VIRT7_GICC_BASE 0x08010000
#define VIRT7_GICC_SIZE 0x2000
#define VIRT7_UART_BASE 0x09000000
#define VIRT7_UART_SIZE 0x1000
#define VIRT7_RTC_BASE 0x09010000
#define VIRT7_RTC_SIZE 0x1000
#define VIRT7_RAM_BASE 0x40000000
/* virtio-mmio transports, as QEMU virt's: the first at its base, each on its own SPI. */
#define VIRT7_VIRTIO_BASE 0x0a000000
#define VIRT7_VIRTIO_SIZE 0x200
#define VIRT7_VIRTIO_MAX 32
/* Which transport holds which of a VM's devices. */
#define VIRT7_VIRTIO_DISK_SLOT 0
#define VIRT7_VIRTIO_NET_SLOT 1

#define VIRT7_UART_SPI 1
#define VIRT7_RTC_SPI 2
#define VIRT7_VIRTIO_SPI 16
/* Arch timer PPIs as the DTB binding numbers them (add 16 for the GIC ID). */
#define VIRT7_TIMER_PPI_SEC 13
#define VIRT7_TIMER_PPI_PHYS 14
#define VIRT7_TIMER_PPI_VIRT 11
#define VIRT7_TIMER_PPI_HYP 10

/* The Linux boot protocol as QEMU's virt board places things. */
#define VIRT7_KERNEL_OFFSET 0x10000

#endif
