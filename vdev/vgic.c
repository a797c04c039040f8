/*
 * The guest's GICv2, the hardware's part (GIC Architecture Specification
 * v2, chapter 5): the virtual CPU interface (GICV), which the guest drives
 * directly, its list registers filled from the vCPU's list before each
 * entry and read back after each exit (vdev/vgic_queue.c decides what goes
 * in), only as many as are in use; its VMCR and APR loaded and saved once
 * per turn. Two physical PPIs end a guest's run: the maintenance interrupt
 * (a list register underflow, or an EOI the host asked to see) and the
 * virtual timer's, which is on while the guest's timer has not fired, so
 * that it ends the run when it does, and off while it has, so that it does
 * not end every run until the guest handles it.
 */
#include <arch/cp15.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/preempt.h>
#include <arch/smp.h>
#include <arch/sysregs.h>
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
#define GICH_VTR_LISTREGS_MASK 0x3f

#define VTIMER_IRQ (VGIC_NR_SGIS + VIRT7_TIMER_PPI_VIRT)

static volatile u32 *gich;
static u32 maintenance_irq, vtimer_irq;
/* Per CPU: whether the virtual timer's PPI is enabled in its GIC now. */
static bool vtimer_irq_on[NR_CPUS];

int vgic_init(void)
{
	if (!platform.gich_pa || !platform.gicv_pa) {
		pr_err("the GIC has no virtualization extensions in the DTB (GICH/GICV): guests get no interrupts\n");
		return -ENODEV;
	}
	gich = ioremap(pa_init(platform.gich_pa), PAGE_SIZE);
	if (!gich)
		return -ENOMEM;
	vgic_nr_lrs = (gich[GICH_VTR / 4] & GICH_VTR_LISTREGS_MASK) + 1;
	if (vgic_nr_lrs > VGIC_MAX_LRS)
		vgic_nr_lrs = VGIC_MAX_LRS;
	maintenance_irq = platform.gic_maintenance_irq;
	vtimer_irq = platform.timer_ppi[TIMER_PPI_VIRT];
	if (!maintenance_irq)
		pr_warn("the DTB's GIC names no maintenance interrupt: interrupts beyond the %u list "
			"registers, and level-sensitive ones still held after their EOI, wait for the "
			"guest's next exit\n", vgic_nr_lrs);
	vgic_init_cpu();
	return 0;
}

void vgic_init_cpu(void)
{
	if (!gich)
		return;
	if (maintenance_irq)
		preempt_exit_irq(maintenance_irq, true);
	preempt_exit_irq(vtimer_irq, true);
	vtimer_irq_on[smp_this_cpu()] = true;
}

int vgic_vm_init(struct vm *vm)
{
	int err = pgtable_map(&vm->stage2, VIRT7_GICC_BASE, pa_init(platform.gicv_pa),
			      VIRT7_GICC_SIZE, MMU_READ | MMU_WRITE | MMU_DEVICE);

	if (!err)
		err = vm_add_mmio(vm, ipa_init(VIRT7_GICD_BASE), VIRT7_GICD_SIZE);
	return err;
}

void vgic_load(struct vcpu *vcpu)
{
	if (!gich)
		return;
	gich[GICH_VMCR / 4] = vcpu->vgic.vmcr;
	gich[GICH_APR / 4] = vcpu->vgic.apr;
}

void vgic_put(struct vcpu *vcpu)
{
	if (!gich)
		return;
	vcpu->vgic.vmcr = gich[GICH_VMCR / 4];
	vcpu->vgic.apr = gich[GICH_APR / 4];
}

/* The virtual timer's PPI on this CPU: on until the guest's timer fires. */
static void vtimer_irq_enable(bool on)
{
	unsigned int cpu = smp_this_cpu();

	if (vtimer_irq_on[cpu] != on) {
		preempt_exit_irq(vtimer_irq, on);
		vtimer_irq_on[cpu] = on;
	}
}

/* Under the VM's lock where the list changes: other vCPUs, on other CPUs, send SGIs and raise lines. */
void vgic_flush(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->vgic;
	u64 vnow = read_sysreg64(CNTPCT) - vcpu->cntvoff;
	bool fired = vgic_vtimer_deadline(vcpu) <= vnow;
	unsigned int i;

	if (!gich)
		return;
	if (fired != c->private_irqs[VTIMER_IRQ].line) {
		spin_lock(&vcpu->vm->lock);
		vgic_update_vtimer(vcpu, vnow);
		spin_unlock(&vcpu->vm->lock);
	}
	vtimer_irq_enable(!fired);
	/* Read without the lock: whoever adds to it next kicks this vCPU out of its run. */
	if (!c->nr_listed)
		return;
	spin_lock(&vcpu->vm->lock);
	vgic_build_lrs(vcpu);
	spin_unlock(&vcpu->vm->lock);
	for (i = 0; i < c->used_lrs; i++)
		gich[GICH_LR0 / 4 + i] = c->lr[i];
	if (c->used_lrs)
		gich[GICH_HCR / 4] = c->hcr;
}

void vgic_sync(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->vgic;
	u32 now[VGIC_MAX_LRS];
	unsigned int i;

	if (!c->used_lrs)
		return;
	/* Emptied for whichever vCPU this CPU runs next, and no maintenance interrupt meanwhile. */
	gich[GICH_HCR / 4] = 0;
	for (i = 0; i < c->used_lrs; i++) {
		now[i] = gich[GICH_LR0 / 4 + i];
		gich[GICH_LR0 / 4 + i] = 0;
	}
	spin_lock(&vcpu->vm->lock);
	vgic_fold_lrs(vcpu, now);
	spin_unlock(&vcpu->vm->lock);
	c->used_lrs = 0;
}
