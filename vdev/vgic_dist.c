/*
 * The guest's GICv2 distributor, emulated (GIC Architecture Specification
 * v2, 4.3): a guest touches it rarely (at boot, and for an IPI), so every
 * access traps and is answered from the state in struct vm and struct vcpu.
 * It is a GICv2 distributor without the Security Extensions that names
 * itself a GIC-400, with VGIC_NR_IRQS interrupts and one CPU interface per
 * vCPU. Plain C on those structs, with no hardware behind it, so that the
 * host unit tests run it against a model of the specification
 * (tests/unit/test_vgic.c). Every change goes through vgic_irq_changed(),
 * which keeps the vCPUs' lists (vdev/vgic_queue.c) in step.
 */
#include <arch/gic.h>
#include <hyp7/lib.h>
#include <hyp7/sched.h>
#include <hyp7/vgic.h>
#include <hyp7/vm.h>

/* Distributor registers (GICv2 4.3) hyp7 has no other use for. */
#define GICD_TYPER_ITLINES ((VGIC_NR_IRQS / 32) - 1)
#define GICD_IIDR_ARM 0x0200043b
#define GICD_CPENDSGIR 0xf10
#define GICD_SPENDSGIR 0xf20
#define GICD_SGI_BYTES 16 /* a byte per SGI, a bit per source CPU */

void vgic_vcpu_init(struct vcpu *vcpu)
{
	unsigned int i;

	memset(&vcpu->vgic, 0, sizeof(vcpu->vgic));
	for (i = 0; i < VGIC_NR_PRIVATE; i++) {
		vcpu->vgic.private_irqs[i].targets = 1 << vcpu->id;
		/* SGIs are always enabled (GICv2 4.3.5, IMPLEMENTATION DEFINED: as the GIC-400). */
		vcpu->vgic.private_irqs[i].enabled = i < VGIC_NR_SGIS;
		/* SGIs are edge-triggered, and GICD_ICFGR0 says so read-only (GICv2 4.3.13). */
		if (i < VGIC_NR_SGIS)
			vcpu->vgic.private_irqs[i].config = VGIC_CONFIG_EDGE;
	}
}

/*
 * The distributor keeps its state while a CPU is off (an SGI sent to a
 * vCPU before PSCI CPU_ON starts it is still pending then, as on a
 * GIC-400): only the CPU interface starts again, its priority mask at 0
 * and nothing active in it.
 */
void vgic_vcpu_reset(struct vcpu *vcpu)
{
	vcpu->vgic.vmcr = 0;
	vcpu->vgic.apr = 0;
}

struct vgic_irq *vgic_irq(const struct vcpu *vcpu, unsigned int id)
{
	if (id < VGIC_NR_PRIVATE)
		return (struct vgic_irq *)&vcpu->vgic.private_irqs[id];
	if (id < VGIC_NR_IRQS)
		return &vcpu->vm->vgic.spis[id - VGIC_NR_PRIVATE];
	return NULL;
}

/* The registers with one bit per interrupt (GICv2 4.3.5 to 4.3.10). */
enum bit_bank { BANK_ENABLE, BANK_PENDING, BANK_ACTIVE };

static bool bit_of(const struct vgic_irq *irq, enum bit_bank bank)
{
	switch (bank) {
	case BANK_ENABLE:
		return irq->enabled;
	case BANK_PENDING:
		return vgic_irq_pending(irq);
	default:
		return irq->active;
	}
}

/*
 * Of an SGI, only the active bit can be written here: it stays enabled
 * whatever is written, and its pending state (per source CPU) is read-only
 * in GICD_ISPENDR0 and GICD_ICPENDR0 (4.3.7, 4.3.8): GICD_SGIR and
 * GICD_SPENDSGIR set it. Clearing a level-sensitive interrupt's pending
 * state leaves it pending while its line is held.
 */
static void set_bit_of(struct vgic_irq *irq, unsigned int id, enum bit_bank bank, bool set)
{
	switch (bank) {
	case BANK_ENABLE:
		if (id >= VGIC_NR_SGIS)
			irq->enabled = set;
		break;
	case BANK_PENDING:
		if (id >= VGIC_NR_SGIS)
			irq->pending_latch = set;
		break;
	case BANK_ACTIVE:
		irq->active = set;
		break;
	}
}

/* A register of a bank, its 32 interrupts from first. */
static void bits_access(struct vcpu *vcpu, unsigned int first, enum bit_bank bank, bool write, bool set,
			u32 *data)
{
	unsigned int i;

	for (i = 0; i < 32; i++) {
		struct vgic_irq *irq = vgic_irq(vcpu, first + i);

		if (!irq)
			break;
		if (!write) {
			*data |= (u32)bit_of(irq, bank) << i;
		} else if (*data >> i & 1) {
			set_bit_of(irq, first + i, bank, set);
			vgic_irq_changed(vcpu, first + i);
		}
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
		if (targets & (1u << i))
			vgic_send_sgi(vm->vcpus[i], sgir % VGIC_NR_SGIS, vcpu->id);
}

/* The distributor turned on: every vCPU with an interrupt now forwarded is woken or kicked. */
static void kick_pending(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++)
		if (vgic_vcpu_pending(vm->vcpus[i], 0))
			sched_kick(vm->vcpus[i]);
}

/* The registers with a byte per interrupt (4.3.11, 4.3.12) or per SGI (4.3.17, 4.3.18). */
enum byte_bank { BYTES_PRIORITY, BYTES_TARGETS, BYTES_SGI_CLEAR, BYTES_SGI_SET };

static void bytes_access(struct vcpu *vcpu, u32 first, enum byte_bank bank, u8 size, bool write, u32 *data)
{
	/* Bits of CPU interfaces the VM does not have are RAZ/WI (4.3.12, 4.3.17). */
	u8 cpus = (u8)((1u << vcpu->vm->nr_vcpus) - 1);
	unsigned int i;

	for (i = 0; i < size; i++) {
		unsigned int id = first + i;
		struct vgic_irq *irq = vgic_irq(vcpu, id);
		u8 val = (u8)(*data >> (8 * i));

		if (!irq || (bank >= BYTES_SGI_CLEAR && id >= VGIC_NR_SGIS))
			continue;
		if (!write) {
			u8 byte = bank == BYTES_PRIORITY ? irq->priority :
				  bank == BYTES_TARGETS	 ? irq->targets :
							   irq->sources;
			*data |= (u32)byte << (8 * i);
			continue;
		}
		switch (bank) {
		case BYTES_PRIORITY:
			irq->priority = val;
			break;
		case BYTES_TARGETS:
			if (id >= VGIC_NR_PRIVATE) /* private targets are fixed */
				irq->targets = val & cpus;
			break;
		case BYTES_SGI_CLEAR:
			irq->sources &= (u8)~val;
			break;
		case BYTES_SGI_SET:
			irq->sources |= val & cpus;
			break;
		}
		vgic_irq_changed(vcpu, id);
	}
}

static bool within(u32 offset, u32 base, u32 size)
{
	return offset >= base && offset - base < size;
}

static void config_access(struct vcpu *vcpu, u32 first, bool write, u32 *data)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq(vcpu, first + i);

		if (!irq)
			break;
		if (!write) {
			*data |= (u32)irq->config << (2 * i);
		} else if (first + i >= VGIC_NR_SGIS) {
			irq->config = (*data >> (2 * i)) & 3;
			vgic_irq_changed(vcpu, first + i);
		}
	}
}

static void word_access(struct vcpu *vcpu, u32 offset, bool write, u32 *data)
{
	static const struct { u32 set, clear; enum bit_bank bank; } banks[] = {
		{ GICD_ISENABLER, GICD_ICENABLER, BANK_ENABLE },
		{ GICD_ISPENDR, GICD_ICPENDR, BANK_PENDING },
		{ GICD_ISACTIVER, GICD_ICACTIVER, BANK_ACTIVE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(banks); i++) {
		bool set = within(offset, banks[i].set, VGIC_NR_IRQS / 8);

		if (set || within(offset, banks[i].clear, VGIC_NR_IRQS / 8)) {
			u32 first = (offset - (set ? banks[i].set : banks[i].clear)) * 8;

			bits_access(vcpu, first, banks[i].bank, write, set, data);
			return;
		}
	}
	if (within(offset, GICD_ICFGR, VGIC_NR_IRQS / 4)) {
		config_access(vcpu, (offset - GICD_ICFGR) * 4, write, data);
		return;
	}
	switch (offset) {
	case GICD_CTLR:
		if (!write) {
			*data = vcpu->vm->vgic.enabled;
		} else {
			vcpu->vm->vgic.enabled = *data & 1;
			if (vcpu->vm->vgic.enabled)
				kick_pending(vcpu->vm);
		}
		return;
	case GICD_TYPER:
		if (!write)
			*data = GICD_TYPER_ITLINES | (vcpu->vm->nr_vcpus - 1) << GICD_TYPER_CPUS_SHIFT;
		return;
	case GICD_IIDR:
		if (!write)
			*data = GICD_IIDR_ARM;
		return;
	case GICD_SGIR:
		if (write)
			send_sgi(vcpu, *data);
		return;
	case GICD_PIDR2:
		if (!write)
			*data = GICD_PIDR2_GICV2;
		return;
	}
	/* Groups, the other ID registers, reserved space: RAZ/WI. */
}

void vgic_dist_access(struct vcpu *vcpu, u32 offset, u8 size, bool write, u32 *data)
{
	if (!write)
		*data = 0;
	if (within(offset, GICD_IPRIORITYR, VGIC_NR_IRQS))
		bytes_access(vcpu, offset - GICD_IPRIORITYR, BYTES_PRIORITY, size, write, data);
	else if (within(offset, GICD_ITARGETSR, VGIC_NR_IRQS))
		bytes_access(vcpu, offset - GICD_ITARGETSR, BYTES_TARGETS, size, write, data);
	else if (within(offset, GICD_CPENDSGIR, GICD_SGI_BYTES))
		bytes_access(vcpu, offset - GICD_CPENDSGIR, BYTES_SGI_CLEAR, size, write, data);
	else if (within(offset, GICD_SPENDSGIR, GICD_SGI_BYTES))
		bytes_access(vcpu, offset - GICD_SPENDSGIR, BYTES_SGI_SET, size, write, data);
	else if (size == 4 && !(offset & 3))
		word_access(vcpu, offset, write, data);
}
