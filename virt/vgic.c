/*
 * The guest's GICv2, the hardware's part. The distributor is emulated
 * (virt/vgic_dist.c: its state is small and every access is rare); the
 * CPU interface is the hardware's virtual one (GICV), which the guest
 * drives directly, fed through the list registers (GICH) before each entry
 * and read back after each exit (GIC Architecture Specification v2,
 * chapter 5). The guest's virtual timer is the one interrupt source today:
 * its PPI is pending while the timer's condition holds, as a
 * level-sensitive interrupt is.
 */
#include <arch/cp15.h>
#include <arch/sysregs.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <hyp7/errno.h>
#include <hyp7/printk.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>

/* Virtual interface control (GICv2 5.3). */
#define GICH_HCR 0x000
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_APR 0x0f0
#define GICH_LR0 0x100
#define GICH_HCR_EN 1
#define GICH_VTR_LISTREGS_MASK 0x3f
#define GICH_LR_STATE_PENDING (1u << 28)
#define GICH_LR_STATE_MASK (3u << 28)
#define GICH_LR_PRIORITY_SHIFT 23 /* the top 5 bits of the priority */
#define GICH_LR_VIRTUAL_ID_MASK 0x3ff

#define VTIMER_IRQ (VGIC_NR_SGIS + VIRT7_TIMER_PPI_VIRT)

static volatile u32 *gich;
static unsigned int nr_lrs;

int vgic_init(void)
{
	if (!platform.gich_pa || !platform.gicv_pa) {
		pr_err("the GIC has no virtualization extensions in the DTB (GICH/GICV): guests get no interrupts\n");
		return -ENODEV;
	}
	gich = ioremap(pa_init(platform.gich_pa), PAGE_SIZE);
	if (!gich)
		return -ENOMEM;
	nr_lrs = (gich[GICH_VTR / 4] & GICH_VTR_LISTREGS_MASK) + 1;
	if (nr_lrs > VGIC_MAX_LRS)
		nr_lrs = VGIC_MAX_LRS;
	return 0;
}

int vgic_vm_init(struct vm *vm)
{
	int err = pgtable_map(&vm->stage2, VIRT7_GICC_BASE, pa_init(platform.gicv_pa),
			      VIRT7_GICC_SIZE, MMU_READ | MMU_WRITE | MMU_DEVICE);

	if (!err)
		err = vm_add_mmio(vm, ipa_init(VIRT7_GICD_BASE), VIRT7_GICD_SIZE);
	return err;
}

static bool vtimer_asserted(const struct vcpu *vcpu)
{
	return read_sysreg64(CNTPCT) - vcpu->cntvoff >= vgic_vtimer_deadline(vcpu);
}

static bool in_lrs(const struct vcpu *vcpu, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < nr_lrs; i++)
		if ((vcpu->vgic.lr[i] & GICH_LR_STATE_MASK) &&
		    (vcpu->vgic.lr[i] & GICH_LR_VIRTUAL_ID_MASK) == id)
			return true;
	return false;
}

static bool queue(struct vcpu *vcpu, unsigned int id, const struct vgic_irq *irq)
{
	unsigned int i;

	for (i = 0; i < nr_lrs; i++) {
		if (vcpu->vgic.lr[i] & GICH_LR_STATE_MASK)
			continue;
		vcpu->vgic.lr[i] = GICH_LR_STATE_PENDING | (u32)(irq->priority >> 3) << GICH_LR_PRIORITY_SHIFT | id;
		return true;
	}
	return false;
}

/*
 * A held line is offered again once the guest has EOIed the last one (it
 * left the list registers), as a level-sensitive interrupt is; a latched
 * pending state is offered once. Called for every interrupt on every entry:
 * the common case, nothing pending, is the first test.
 */
static inline void flush_irq(struct vcpu *vcpu, unsigned int id, struct vgic_irq *irq)
{
	if (!(irq->pending || irq->line) || !irq->enabled ||
	    !(irq->targets & (1u << vcpu->id)) || in_lrs(vcpu, id))
		return;
	/* Handed to the virtual CPU interface, which now tracks its state. */
	if (queue(vcpu, id, irq))
		irq->pending = false;
}

/* Under the VM's lock: other vCPUs, on other CPUs, send SGIs and raise lines meanwhile. */
void vgic_flush(struct vcpu *vcpu)
{
	unsigned int id, i;

	if (!gich)
		return;
	spin_lock(&vcpu->vm->lock);
	vcpu->vgic.private_irqs[VTIMER_IRQ].line = vtimer_asserted(vcpu);
	if (vcpu->vm->vgic.enabled) {
		for (id = 0; id < VGIC_NR_PRIVATE; id++)
			flush_irq(vcpu, id, &vcpu->vgic.private_irqs[id]);
		for (id = 0; id < VGIC_NR_SPIS; id++)
			flush_irq(vcpu, VGIC_NR_PRIVATE + id, &vcpu->vm->vgic.spis[id]);
	}
	for (i = 0; i < nr_lrs; i++)
		gich[GICH_LR0 / 4 + i] = vcpu->vgic.lr[i];
	spin_unlock(&vcpu->vm->lock);
	gich[GICH_VMCR / 4] = vcpu->vgic.vmcr;
	gich[GICH_APR / 4] = vcpu->vgic.apr;
	gich[GICH_HCR / 4] = GICH_HCR_EN;
}

void vgic_sync(struct vcpu *vcpu)
{
	unsigned int i;

	if (!gich)
		return;
	spin_lock(&vcpu->vm->lock);
	for (i = 0; i < nr_lrs; i++)
		vcpu->vgic.lr[i] = gich[GICH_LR0 / 4 + i];
	spin_unlock(&vcpu->vm->lock);
	vcpu->vgic.vmcr = gich[GICH_VMCR / 4];
	vcpu->vgic.apr = gich[GICH_APR / 4];
	gich[GICH_HCR / 4] = 0;
}
