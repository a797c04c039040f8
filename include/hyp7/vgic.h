/*
 * The guest's GICv2 (DESIGN section 5): an emulated distributor at
 * VIRT7_GICD_BASE (virt/vgic_dist.c) and the hardware's virtual CPU
 * interface (GICV) mapped at VIRT7_GICC_BASE, fed through the list
 * registers. virt/vgic_queue.c decides what goes into the list registers
 * and takes back what the guest did with them; virt/vgic.c moves them to
 * and from the hardware. The first two are plain C on these structs, so
 * the host unit tests run them against a model of the specification.
 *
 * Each vCPU keeps a list of the interrupts it has to do with (pending and
 * enabled, active, or in its list registers), as KVM's ap_list: an entry
 * with nothing on the list costs nothing, and the list registers are
 * rebuilt from it on each entry and folded back into it after each exit,
 * so that between runs the state here is complete. When more interrupts
 * wait than there are list registers, the active ones and then the
 * highest priorities get them, and the underflow maintenance interrupt
 * brings the vCPU back for the rest; a level-sensitive one, and an SGI
 * pending from several vCPUs, ask for the EOI maintenance interrupt, so
 * that what is still pending is offered again.
 */
#ifndef HYP7_VGIC_H
#define HYP7_VGIC_H

#include <hyp7/types.h>

#define VGIC_NR_SGIS 16
#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs, banked per vCPU */
#define VGIC_NR_SPIS 64
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)
#define VGIC_MAX_LRS 16

/* GICH_LR (GICv2 5.3.11). */
#define GICH_LR_VIRTUAL_ID_MASK 0x3ff
#define GICH_LR_CPUID_SHIFT 10 /* an SGI's source */
#define GICH_LR_CPUID_MASK (7u << GICH_LR_CPUID_SHIFT)
#define GICH_LR_EOI (1u << 19) /* a maintenance interrupt when the guest EOIs it */
#define GICH_LR_PRIORITY_SHIFT 23 /* the top 5 bits of the priority */
#define GICH_LR_PENDING (1u << 28)
#define GICH_LR_ACTIVE (1u << 29)
#define GICH_LR_STATE (GICH_LR_PENDING | GICH_LR_ACTIVE)
/* GICH_HCR (5.3.1). */
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1) /* maintenance while at most one list register is valid */
/* GICH_VMCR (5.3.3): the guest's GICV_PMR, top 5 bits. */
#define GICH_VMCR_PMR_SHIFT 27
/* struct vgic_irq's config: GICD_ICFGR's Int_config[1] (4.3.13). */
#define VGIC_CONFIG_EDGE 2

struct vgic_irq {
	bool enabled, active;
	bool pending_latch; /* edge, or set through GICD_ISPENDR */
	bool line;          /* a level-sensitive source holds it asserted */
	bool in_lr;         /* in the list registers of the vCPU whose list holds it */
	u8 priority;
	u8 targets; /* one bit per vCPU id */
	u8 config;  /* the GICD_ICFGR field: bit 1 set for edge-triggered */
	u8 sources; /* an SGI: the vCPUs it is pending from, one bit each */
	u8 active_source; /* an SGI: the vCPU whose one is active */
	u8 listed_on;     /* vCPU id + 1 of the list holding it, 0 for none */
};

/* Per VM. */
struct vgic_dist {
	bool enabled;
	struct vgic_irq spis[VGIC_NR_SPIS];
};

/* Per vCPU: its private interrupts, its list, its list registers. */
struct vgic_cpu {
	struct vgic_irq private_irqs[VGIC_NR_PRIVATE];
	u8 list[VGIC_NR_IRQS]; /* interrupt ids, in no order */
	u8 nr_listed;
	/*
	 * The list registers of its next or last run, used_lrs of them:
	 * as written before the entry, then as read back after the exit.
	 */
	u32 lr[VGIC_MAX_LRS];
	u8 used_lrs;
	u32 hcr;
	u32 vmcr, apr; /* saved at the end of each turn */
};

struct vm;
struct vcpu;

/* How many list registers the hardware has (virt/vgic.c sets it; the unit tests too). */
extern unsigned int vgic_nr_lrs;

/* Pending, as the distributor sees it (an instance in a list register is the guest's). */
static inline bool vgic_irq_pending(const struct vgic_irq *irq)
{
	return irq->sources || irq->pending_latch || (irq->line && !(irq->config & VGIC_CONFIG_EDGE));
}

/* The host's view of GICH; 0 or -errno (no virtualization support in the GIC). */
int vgic_init(void);
/* This CPU's part: the maintenance and virtual timer interrupts end a guest's run. */
void vgic_init_cpu(void);
/* Maps the virtual CPU interface into the VM's stage 2. */
int vgic_vm_init(struct vm *vm);
/* A new vCPU: its banked interrupts as at reset, its list empty; vcpu->id and vcpu->vm set first. */
void vgic_vcpu_init(struct vcpu *vcpu);
/* Its CPU interface as at reset (each vcpu_reset()); the distributor's state stays. */
void vgic_vcpu_reset(struct vcpu *vcpu);
/*
 * A guest access of size 1, 2 or 4 to the distributor at offset (anything
 * below VIRT7_GICD_SIZE). *data is the value written, or receives the value
 * read, in its low size bytes. Under the VM's lock.
 */
void vgic_dist_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data);
/* Interrupt id as vcpu sees it (its own bank for SGIs and PPIs), NULL past the last. */
struct vgic_irq *vgic_irq(const struct vcpu *vcpu, unsigned int id);

/*
 * virt/vgic_queue.c, under the VM's lock: after a change to interrupt id
 * of vcpu's view, onto or off the list of the vCPU it now concerns, which
 * is woken or kicked if it is now pending there.
 */
void vgic_irq_changed(struct vcpu *vcpu, unsigned int id);
/* An SGI from vCPU from to vcpu. */
void vgic_send_sgi(struct vcpu *vcpu, unsigned int sgi, unsigned int from);
/* A device's interrupt line, SPI number spi (GIC ID 32 + spi): a rising one wakes or kicks. */
void vgic_set_spi_line(struct vm *vm, unsigned int spi, bool asserted);
/* Before an entry: vcpu->vgic.lr, used_lrs and hcr from its list. */
void vgic_build_lrs(struct vcpu *vcpu);
/*
 * After the exit, with now[] the list registers as read back (used_lrs of
 * them): what the guest did with them taken in; vcpu->vgic.lr holds now[].
 */
void vgic_fold_lrs(struct vcpu *vcpu, const u32 *now);
/*
 * The virtual timer's interrupt line, as its saved state and virtual time
 * vnow say; onto the list if it rose. False if unchanged.
 */
bool vgic_update_vtimer(struct vcpu *vcpu, u64 vnow);
/* The virtual counter value at which vcpu's virtual timer asserts its interrupt; ~0 for never. */
u64 vgic_vtimer_deadline(const struct vcpu *vcpu);
/*
 * Whether an interrupt is pending for vcpu at virtual time vnow that ends
 * its WFI: enabled, above its priority mask, with the distributor on; the
 * virtual timer's included.
 */
bool vgic_vcpu_pending(const struct vcpu *vcpu, u64 vnow);

/* virt/vgic.c: around each turn, the guest's VMCR and APR into and out of the hardware. */
void vgic_load(struct vcpu *vcpu);
void vgic_put(struct vcpu *vcpu);
/* Before each entry and after each exit: the list registers. */
void vgic_flush(struct vcpu *vcpu);
void vgic_sync(struct vcpu *vcpu);

#endif
