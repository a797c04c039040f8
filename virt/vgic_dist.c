/*
 * The guest's GICv2 distributor, emulated (GIC Architecture Specification
 * v2, 4.3): a guest touches it rarely (at boot, and for an IPI), so every
 * access traps and is answered from the state in struct vm and struct vcpu.
 * It is a GICv2 distributor without the Security Extensions that names
 * itself a GIC-400, with VGIC_NR_IRQS interrupts and one CPU interface per
 * vCPU. Plain C on those structs, with no hardware behind it, so that the
 * host unit tests run it against a model of the specification
 * (tests/unit/test_vgic.c); what the hardware does with the state is
 * virt/vgic.c's.
 */
#include <arch/gic.h>
#include <arch/sysregs.h>
#include <hyp7/lib.h>
#include <hyp7/sched.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>

#define VTIMER_IRQ (VGIC_NR_SGIS + VIRT7_TIMER_PPI_VIRT)
#define LR_STATE_PENDING (1u << 28) /* GICH_LR (GICv2 5.3.11) */
#define NEVER (~0ull)

/* Distributor registers (GICv2 4.3). */
#define GICD_TYPER_ITLINES ((VGIC_NR_IRQS / 32) - 1)
#define GICD_IIDR_ARM 0x0200043b

void vgic_vcpu_reset(struct vcpu *vcpu)
{
	unsigned int i;

	memset(&vcpu->vgic, 0, sizeof(vcpu->vgic));
	for (i = 0; i < VGIC_NR_PRIVATE; i++) {
		vcpu->vgic.private_irqs[i].targets = 1 << vcpu->id;
		/* SGIs are always enabled (GICv2 4.3.5, IMPLEMENTATION DEFINED: as the GIC-400). */
		vcpu->vgic.private_irqs[i].enabled = i < VGIC_NR_SGIS;
		/* SGIs are edge-triggered, and GICD_ICFGR0 says so read-only (GICv2 4.3.13). */
		if (i < VGIC_NR_SGIS)
			vcpu->vgic.private_irqs[i].config = GICD_ICFGR_EDGE;
	}
}

struct vgic_irq *vgic_irq(struct vcpu *vcpu, unsigned int id)
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
		struct vgic_irq *irq = vgic_irq(vcpu, first + i);

		/* A level-sensitive interrupt is pending while its line is held. */
		if (irq && (*((bool *)irq + field) ||
			    (field == offsetof(struct vgic_irq, pending) && irq->line)))
			val |= 1u << i;
	}
	return val;
}

static void write_bits(struct vcpu *vcpu, unsigned int first, size_t field, u32 val, bool set)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct vgic_irq *irq = vgic_irq(vcpu, first + i);

		/*
		 * Of an SGI, only the active bit can be written here: it stays
		 * enabled whatever is written, and its pending state (per source
		 * CPU in GICv2) is read-only in GICD_ISPENDR0 and GICD_ICPENDR0
		 * (GICv2 4.3.7, 4.3.8); GICD_SGIR sets it.
		 */
		if (irq && (val & (1u << i)) &&
		    (first + i >= VGIC_NR_SGIS || field == offsetof(struct vgic_irq, active)))
			*((bool *)irq + field) = set;
	}
}

static void send_sgi(struct vcpu *vcpu, u32 sgir)
{
	struct vm *vm = vcpu->vm;
	u32 targets = (sgir >> GICD_SGIR_TARGETS_SHIFT) & 0xff;
	unsigned int i;

	/* The reserved filter, 0b11 (GICv2 4.3.15), is taken as the target list's 0b00. */
	if ((sgir >> GICD_SGIR_FILTER_SHIFT & 3) == GICD_SGIR_FILTER_OTHERS)
		targets = ~(1u << vcpu->id);
	else if ((sgir >> GICD_SGIR_FILTER_SHIFT & 3) == GICD_SGIR_FILTER_SELF)
		targets = 1u << vcpu->id;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (targets & (1u << i)) {
			vm->vcpus[i]->vgic.private_irqs[sgir % VGIC_NR_SGIS].pending = true;
			sched_kick(vm->vcpus[i]);
		}
}

u64 vgic_vtimer_deadline(const struct vcpu *vcpu)
{
	const struct cp15_context *cp15 = &vcpu->guest.cp15;
	u32 ctl = cp15->reg[CP15_CNTV_CTL];

	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return NEVER;
	return cp15_read64(cp15, CP15_CNTV_CVAL);
}

static bool irq_signals(const struct vcpu *vcpu, unsigned int id, const struct vgic_irq *irq)
{
	return (irq->pending || irq->line) && irq->enabled &&
	       (id < VGIC_NR_PRIVATE || (irq->targets & (1u << vcpu->id)));
}

bool vgic_vcpu_pending(const struct vcpu *vcpu, u64 vnow)
{
	const struct vgic_cpu *cpu = &vcpu->vgic;
	unsigned int id;

	for (id = 0; id < VGIC_MAX_LRS; id++)
		if (cpu->lr[id] & LR_STATE_PENDING)
			return true;
	if (!vcpu->vm->vgic.enabled)
		return false;
	if (cpu->private_irqs[VTIMER_IRQ].enabled && vgic_vtimer_deadline(vcpu) <= vnow)
		return true;
	for (id = 0; id < VGIC_NR_PRIVATE; id++)
		if (irq_signals(vcpu, id, &cpu->private_irqs[id]))
			return true;
	for (id = 0; id < VGIC_NR_SPIS; id++)
		if (irq_signals(vcpu, VGIC_NR_PRIVATE + id, &vcpu->vm->vgic.spis[id]))
			return true;
	return false;
}

/* After a change to the distributor: any vCPU with an interrupt now pending is woken or kicked. */
static void kick_pending(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vgic_vcpu_pending(vm->vcpus[i], 0))
			sched_kick(vm->vcpus[i]);
}

void vgic_set_spi_line(struct vm *vm, unsigned int spi, bool asserted)
{
	bool rises = asserted && !vm->vgic.spis[spi].line;

	vm->vgic.spis[spi].line = asserted;
	if (rises)
		kick_pending(vm);
}

/* Registers with a byte per interrupt: priorities and targets. */
static void byte_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data, bool targets)
{
	/* Target bits of CPU interfaces the VM does not have are RAZ/WI (GICv2 4.3.12). */
	u8 writable = targets ? (1u << vcpu->vm->nr_vcpus) - 1 : 0xff;
	unsigned int i;

	if (!write)
		*data = 0;
	for (i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_irq(vcpu, offset + i);
		u8 *byte = irq ? (targets ? &irq->targets : &irq->priority) : NULL;

		if (!byte)
			continue;
		if (!write)
			*data |= (u32)*byte << (8 * i);
		else if (!targets || offset + i >= VGIC_NR_PRIVATE) /* private targets are fixed */
			*byte = (*data >> (8 * i)) & writable;
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
			struct vgic_irq *irq = vgic_irq(vcpu, first + i);

			if (write && irq && first + i >= VGIC_NR_SGIS)
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
	/* An SGI kicks its targets itself; other writes may make anything pending anywhere. */
	if (write && offset != GICD_SGIR)
		kick_pending(vcpu->vm);
}
