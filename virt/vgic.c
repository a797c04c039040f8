/*
 * The guest's GICv2. The distributor is emulated (its state is small and
 * every access is rare); the CPU interface is the hardware's virtual one
 * (GICV), which the guest drives directly, fed through the list registers
 * (GICH) before each entry and read back after each exit (GIC
 * Architecture Specification v2, chapter 5). The guest's virtual timer is
 * the one interrupt source today: its PPI is pending while the timer's
 * condition holds, as a level-sensitive interrupt is.
 */
#include <arch/cp15.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>

/* Distributor registers (GICv2 4.3). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_PIDR2 0xfe8
#define GICD_TYPER_ITLINES ((VGIC_NR_IRQS / 32) - 1)
#define GICD_TYPER_CPUS_SHIFT 5
#define GICD_IIDR_ARM 0x0200043b
#define GICD_PIDR2_GICV2 0x2b
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_FILTER_SHIFT 24
#define GICD_SGIR_FILTER_OTHERS 1
#define GICD_SGIR_FILTER_SELF 2
#define NR_SGIS 16

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

/* CNTV_CTL bits (ARM ARM B4.1.28). */
#define CNTV_CTL_ENABLE 1
#define CNTV_CTL_IMASK 2
#define CNTPCT CP15_64(0, c14)
#define VTIMER_IRQ (16 + VIRT7_TIMER_PPI_VIRT)

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

void vgic_vcpu_reset(struct vcpu *vcpu)
{
	unsigned int i;

	memset(&vcpu->vgic, 0, sizeof(vcpu->vgic));
	for (i = 0; i < VGIC_NR_PRIVATE; i++) {
		vcpu->vgic.private_irqs[i].targets = 1 << vcpu->id;
		/* SGIs are always enabled (GICv2 4.3.5, IMPLEMENTATION DEFINED: as the GIC-400). */
		vcpu->vgic.private_irqs[i].enabled = i < NR_SGIS;
	}
}

static struct vgic_irq *irq_of(struct vcpu *vcpu, unsigned int id)
{
	if (id < VGIC_NR_PRIVATE)
		return &vcpu->vgic.private_irqs[id];
	if (id < VGIC_NR_IRQS)
		return &vcpu->vm->vgic.spis[id - VGIC_NR_PRIVATE];
	return NULL;
}

/* A register with one bit per interrupt: its 32 interrupts start at first. */
static u32 read_bits(struct vcpu *vcpu, unsigned int first, size_t field)
{
	u32 val = 0;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct vgic_irq *irq = irq_of(vcpu, first + i);

		if (irq && *((bool *)irq + field))
			val |= 1u << i;
	}
	return val;
}

static void write_bits(struct vcpu *vcpu, unsigned int first, size_t field, u32 val, bool set)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct vgic_irq *irq = irq_of(vcpu, first + i);

		/* SGIs stay enabled whatever is written. */
		if (irq && (val & (1u << i)) && !(field == offsetof(struct vgic_irq, enabled) && first + i < NR_SGIS))
			*((bool *)irq + field) = set;
	}
}

static void send_sgi(struct vcpu *vcpu, u32 sgir)
{
	struct vm *vm = vcpu->vm;
	u32 targets = (sgir >> GICD_SGIR_TARGETS_SHIFT) & 0xff;
	unsigned int i;

	if ((sgir >> GICD_SGIR_FILTER_SHIFT & 3) == GICD_SGIR_FILTER_OTHERS)
		targets = ~(1u << vcpu->id);
	else if ((sgir >> GICD_SGIR_FILTER_SHIFT & 3) == GICD_SGIR_FILTER_SELF)
		targets = 1u << vcpu->id;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (targets & (1u << i))
			vm->vcpus[i]->vgic.private_irqs[sgir % NR_SGIS].pending = true;
}

/* Registers with a byte per interrupt: priorities and targets. */
static void byte_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data, bool targets)
{
	unsigned int i;

	if (!write)
		*data = 0;
	for (i = 0; i < size; i++) {
		struct vgic_irq *irq = irq_of(vcpu, offset + i);
		u8 *byte = irq ? (targets ? &irq->targets : &irq->priority) : NULL;

		if (!byte)
			continue;
		if (!write)
			*data |= (u32)*byte << (8 * i);
		else if (!targets || offset + i >= VGIC_NR_PRIVATE) /* private targets are fixed */
			*byte = *data >> (8 * i);
	}
}

static void word_access(struct vcpu *vcpu, u32 offset, bool write, u32 *data)
{
	struct { u32 set, clear; size_t field; } banks[] = {
		{ GICD_ISENABLER, GICD_ICENABLER, offsetof(struct vgic_irq, enabled) },
		{ GICD_ISPENDR, GICD_ICPENDR, offsetof(struct vgic_irq, pending) },
		{ GICD_ISACTIVER, GICD_ICACTIVER, offsetof(struct vgic_irq, active) },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(banks); i++) {
		bool set = offset >= banks[i].set && offset < banks[i].set + VGIC_NR_IRQS / 8;
		bool clear = offset >= banks[i].clear && offset < banks[i].clear + VGIC_NR_IRQS / 8;
		u32 first = (offset - (set ? banks[i].set : banks[i].clear)) * 8;

		if (!set && !clear)
			continue;
		if (write)
			write_bits(vcpu, first, banks[i].field, *data, set);
		else
			*data = read_bits(vcpu, first, banks[i].field);
		return;
	}
	if (offset >= GICD_ICFGR && offset < GICD_ICFGR + VGIC_NR_IRQS / 4) {
		u32 first = (offset - GICD_ICFGR) * 4;

		for (i = 0; i < 16; i++) {
			struct vgic_irq *irq = irq_of(vcpu, first + i);

			if (write && irq && first + i >= NR_SGIS)
				irq->config = (*data >> (2 * i)) & 3;
			else if (!write && irq)
				*data |= (u32)irq->config << (2 * i);
		}
		return;
	}
	switch (offset) {
	case GICD_CTLR:
		if (write)
			vcpu->vm->vgic.enabled = *data & 1;
		else
			*data = vcpu->vm->vgic.enabled;
		return;
	case GICD_TYPER:
		*data = write ? *data : GICD_TYPER_ITLINES | (vcpu->vm->nr_vcpus - 1) << GICD_TYPER_CPUS_SHIFT;
		return;
	case GICD_IIDR:
		*data = write ? *data : GICD_IIDR_ARM;
		return;
	case GICD_SGIR:
		if (write)
			send_sgi(vcpu, *data);
		return;
	case GICD_PIDR2:
		*data = write ? *data : GICD_PIDR2_GICV2;
		return;
	}
	/* Groups, the other ID registers, reserved space: RAZ/WI. */
}

void vgic_dist_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data)
{
	if (!write)
		*data = 0;
	if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + VGIC_NR_IRQS)
		byte_access(vcpu, offset - GICD_IPRIORITYR, size, write, data, false);
	else if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + VGIC_NR_IRQS)
		byte_access(vcpu, offset - GICD_ITARGETSR, size, write, data, true);
	else if (size == 4 && !(offset & 3))
		word_access(vcpu, offset, write, data);
}

static bool vtimer_asserted(const struct vcpu *vcpu)
{
	const struct cp15_context *cp15 = &vcpu->guest.cp15;
	u32 ctl = cp15->reg[CP15_CNTV_CTL];
	u64 now = read_sysreg64(CNTPCT) - vcpu->cntvoff;

	return (ctl & CNTV_CTL_ENABLE) && !(ctl & CNTV_CTL_IMASK) &&
	       now >= cp15_read64(cp15, CP15_CNTV_CVAL);
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

void vgic_flush(struct vcpu *vcpu)
{
	unsigned int id, i;

	if (!gich)
		return;
	/* Level-sensitive: pending exactly while the timer's condition holds. */
	vcpu->vgic.private_irqs[VTIMER_IRQ].pending = vtimer_asserted(vcpu);
	for (id = 0; vcpu->vm->vgic.enabled && id < VGIC_NR_IRQS; id++) {
		struct vgic_irq *irq = irq_of(vcpu, id);

		if (!irq->pending || !irq->enabled || !(irq->targets & (1u << vcpu->id)) || in_lrs(vcpu, id))
			continue;
		/* Handed to the virtual CPU interface, which now tracks its state. */
		if (queue(vcpu, id, irq))
			irq->pending = false;
	}
	for (i = 0; i < nr_lrs; i++)
		gich[GICH_LR0 / 4 + i] = vcpu->vgic.lr[i];
	gich[GICH_VMCR / 4] = vcpu->vgic.vmcr;
	gich[GICH_APR / 4] = vcpu->vgic.apr;
	gich[GICH_HCR / 4] = GICH_HCR_EN;
}

void vgic_sync(struct vcpu *vcpu)
{
	unsigned int i;

	if (!gich)
		return;
	for (i = 0; i < nr_lrs; i++)
		vcpu->vgic.lr[i] = gich[GICH_LR0 / 4 + i];
	vcpu->vgic.vmcr = gich[GICH_VMCR / 4];
	vcpu->vgic.apr = gich[GICH_APR / 4];
	gich[GICH_HCR / 4] = 0;
}
