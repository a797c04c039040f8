/* GICv2 register offsets and bits that hyp7 touches (GIC Architecture Specification v2). */
#ifndef ARCH_GIC_H
#define ARCH_GIC_H

/* Offsets of the distributor and CPU interface from PERIPHBASE on Cortex-A15/A7. */
#define A15_GICD_OFFSET 0x1000
#define A15_GICC_OFFSET 0x2000

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_TYPER_ITLINES_MASK 0x1f
#define GICD_CTLR_ENABLE_GRP0_GRP1 0x3

#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_IPRIORITYR 0x400
#define GICD_IIDR 0x008
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_PIDR2 0xfe8
#define GICD_TYPER_CPUS_SHIFT 5
#define GICD_PIDR2_GICV2 0x2b
#define GICD_ICFGR_EDGE 2 /* Int_config[1] */
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_FILTER_SHIFT 24
#define GICD_SGIR_FILTER_OTHERS 1
#define GICD_SGIR_FILTER_SELF 2

#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_IAR_ID_MASK 0x3ff
#define GICC_CTLR_ENABLE 0x1
#define GICD_CTLR_ENABLE 0x1
#define GIC_PRIORITY_HOST 0xa0
#define GIC_SPURIOUS 1023
#define GICC_CTLR_ENABLE_GRP0_GRP1 0x3
#define GICC_PMR_ALL 0xff

#endif
