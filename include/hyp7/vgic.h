/*
 * The guest's GICv2 (DESIGN section 5): an emulated distributor at
 * VIRT7_GICD_BASE (virt/vgic_dist.c: plain C on these structs, so the
 * host unit tests build it) and the hardware's virtual CPU interface
 * (GICV) mapped at VIRT7_GICC_BASE, fed through the list registers
 * (virt/vgic.c).
 */
#ifndef HYP7_VGIC_H
#define HYP7_VGIC_H

#include <hyp7/types.h>

#define VGIC_NR_SGIS 16
#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs, banked per vCPU */
#define VGIC_NR_SPIS 64
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_LRS 16

struct vgic_irq {
	bool enabled, pending, active;
	bool line; /* held asserted by a level-sensitive source: the virtual timer, a device */
	u8 priority;
	u8 targets; /* one bit per vCPU id */
	u8 config;  /* the GICD_ICFGR field: bit 1 set for edge-triggered */
};

/* Per VM. */
struct vgic_dist {
	bool enabled;
	struct vgic_irq spis[VGIC_NR_SPIS];
};

/* Per vCPU: its private interrupts and its list register state. */
struct vgic_cpu {
	struct vgic_irq private_irqs[VGIC_NR_PRIVATE];
	u32 lr[VGIC_MAX_LRS];
	u32 vmcr, apr;
};

struct vm;
struct vcpu;

/* The host's view of GICH; 0 or -errno (no virtualization support in the GIC). */
int vgic_init(void);
/* Maps the virtual CPU interface into the VM's stage 2. */
int vgic_vm_init(struct vm *vm);
/* Its banked interrupts and list registers as at reset; vcpu->id and vcpu->vm set first. */
void vgic_vcpu_reset(struct vcpu *vcpu);
/*
 * A guest access of size 1, 2 or 4 to the distributor at offset (anything
 * below VIRT7_GICD_SIZE). *data is the value written, or receives the value
 * read, in its low size bytes.
 */
void vgic_dist_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data);
/* Interrupt id as vcpu sees it (its own bank for SGIs and PPIs), NULL past the last. */
struct vgic_irq *vgic_irq(struct vcpu *vcpu, unsigned int id);
/* Before entering the guest: pending interrupts into the list registers. */
void vgic_flush(struct vcpu *vcpu);
/* A device's interrupt line, SPI number spi (GIC ID 32 + spi): a rising one wakes or kicks. */
void vgic_set_spi_line(struct vm *vm, unsigned int spi, bool asserted);
/* The virtual counter value at which vcpu's virtual timer asserts its interrupt; ~0 for never. */
u64 vgic_vtimer_deadline(const struct vcpu *vcpu);
/*
 * Whether an interrupt is pending for vcpu at virtual time vnow, one that
 * ends its WFI: in a list register, or enabled and pending or held in the
 * distributor (its virtual timer's included).
 */
bool vgic_vcpu_pending(const struct vcpu *vcpu, u64 vnow);
/* After its exit: what the guest did with them. */
void vgic_sync(struct vcpu *vcpu);

#endif
