/*
 * The platform facts hyp7 needs, all read from the DTB the bootloader
 * passed (arch-arm/platform.c, through libfdt).
 */
#ifndef ARCH_PLATFORM_H
#define ARCH_PLATFORM_H

#include <hyp7/types.h>

#define PLAT_MAX_MEM 8
#define PLAT_MAX_RESERVED 16
#define PLAT_MAX_CPUS 8
/* QEMU virt has 32 virtio-mmio transports, most of them empty. */
#define PLAT_MAX_VIRTIO_MMIO 32

struct mem_range {
	u64 base;
	u64 size;
};

/* A virtio,mmio node: its register window and its interrupt (a GIC ID; 0: none found). */
struct plat_virtio_mmio {
	u64 pa;
	u64 size;
	u32 irq;
};

enum psci_conduit { PSCI_CONDUIT_NONE, PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

/* The arch timer's interrupts, in the binding's order. */
enum timer_ppi { TIMER_PPI_SEC_PHYS, TIMER_PPI_PHYS, TIMER_PPI_VIRT, TIMER_PPI_HYP, TIMER_NR_PPIS };

struct platform {
	struct mem_range mem[PLAT_MAX_MEM];
	unsigned int nr_mem;
	struct mem_range reserved[PLAT_MAX_RESERVED]; /* /memreserve/ and /reserved-memory */
	unsigned int nr_reserved;
	u32 cpu_mpidr[PLAT_MAX_CPUS]; /* the /cpus nodes' reg: MPIDR affinity */
	unsigned int nr_cpus;
	u64 uart_pa;
	u32 uart_irq; /* its GIC ID; 0: no console input */
	u64 gicd_pa, gicc_pa, gich_pa, gicv_pa; /* gich/gicv 0: no virtualization support */
	u32 gic_maintenance_irq; /* its GIC ID; 0 if the DTB names none */
	u32 timer_ppi[TIMER_NR_PPIS];
	unsigned int nr_timer_ppis;
	enum psci_conduit psci;
	u64 vexpress_sysreg_pa; /* 0 unless the board powers off through SYS_CFGCTRL */
	u32 vexpress_poweroff_func;
	struct plat_virtio_mmio virtio_mmio[PLAT_MAX_VIRTIO_MMIO]; /* by address, lowest first */
	unsigned int nr_virtio_mmio;
};

/* Fills plat from fdt; -EINVAL (after printing why) if a required fact is missing. */
int platform_probe(const void *fdt, struct platform *plat);

/* The UART only, for the earliest messages; 0 if none found. */
u64 platform_find_uart(const void *fdt);

extern struct platform platform;

#endif
