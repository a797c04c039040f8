/*
 * What goes into a vCPU's list registers, and what the guest did with them
 * (include/hyp7/vgic.h; GIC Architecture Specification v2, chapter 5).
 * Plain C on struct vgic_irq and struct vgic_cpu, with the hardware left
 * to vdev/vgic.c, so that the host unit tests run it against a model of
 * the virtual CPU interface. Every function here runs under the VM's lock.
 *
 * A pending instance of an edge-triggered interrupt or of an SGI moves
 * into a list register when it is written there, and comes back only if
 * the guest has not taken it by the exit: so one raised again meanwhile
 * (another vCPU's SGI, a device) is never lost.
 */
#include <arch/sysregs.h>
#include <hyp7/lib.h>
#include <hyp7/sched.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>

#define VTIMER_IRQ (VGIC_NR_SGIS + VIRT7_TIMER_PPI_VIRT)
#define NEVER (~0ull)

unsigned int vgic_nr_lrs;

static bool edge(const struct vgic_irq *irq)
{
	return irq->config & VGIC_CONFIG_EDGE;
}

/* Pending as the guest's distributor would forward it to a CPU interface. */
static bool forwarded(const struct vcpu *vcpu, const struct vgic_irq *irq)
{
	return vcpu->vm->vgic.enabled && irq->enabled && vgic_irq_pending(irq);
}

static unsigned int lowest_bit(u32 bits)
{
	return (unsigned int)__builtin_ctz(bits);
}

/*
 * The vCPU whose list irq belongs on, or NULL: its own for a private one;
 * for an SPI, the vCPU it is active or in the list registers on, else the
 * first of its targets (GICv2 leaves the choice among them to the
 * implementation, 1-N model).
 */
static struct vcpu *owner(struct vcpu *view, unsigned int id, const struct vgic_irq *irq)
{
	struct vm *vm = view->vm;
	u32 targets;

	if (!irq->in_lr && !irq->active && !(irq->enabled && vgic_irq_pending(irq)))
		return NULL;
	if (id < VGIC_NR_PRIVATE)
		return view;
	if (irq->listed_on && (irq->active || irq->in_lr))
		return vm->vcpus[irq->listed_on - 1];
	targets = irq->targets & ((1u << vm->nr_vcpus) - 1);
	return targets ? vm->vcpus[lowest_bit(targets)] : NULL;
}

static void list_add(struct vcpu *vcpu, unsigned int id, struct vgic_irq *irq)
{
	vcpu->vgic.list[vcpu->vgic.nr_listed++] = (u8)id;
	irq->listed_on = (u8)(vcpu->id + 1);
}

static void list_del(struct vcpu *vcpu, unsigned int id, struct vgic_irq *irq)
{
	struct vgic_cpu *c = &vcpu->vgic;
	unsigned int i;

	for (i = 0; i < c->nr_listed; i++)
		if (c->list[i] == id) {
			c->list[i] = c->list[--c->nr_listed];
			break;
		}
	irq->listed_on = 0;
}

/* irq (id in view's bank) onto the list it belongs on now; that vCPU, or NULL. */
static struct vcpu *relist(struct vcpu *view, unsigned int id, struct vgic_irq *irq)
{
	struct vcpu *want = owner(view, id, irq);
	struct vcpu *now = irq->listed_on ? view->vm->vcpus[irq->listed_on - 1] : NULL;

	if (now != want) {
		if (now)
			list_del(now, id, irq);
		if (want)
			list_add(want, id, irq);
	}
	return want;
}

void vgic_irq_changed(struct vcpu *view, unsigned int id)
{
	struct vgic_irq *irq = vgic_irq(view, id);
	struct vcpu *holder = relist(view, id, irq);

	if (holder && forwarded(holder, irq))
		sched_kick(holder);
}

void vgic_send_sgi(struct vcpu *vcpu, unsigned int sgi, unsigned int from)
{
	vcpu->vgic.private_irqs[sgi].sources |= (u8)(1u << from);
	vgic_irq_changed(vcpu, sgi);
}

void vgic_set_spi_line(struct vm *vm, unsigned int spi, bool asserted)
{
	struct vgic_irq *irq = &vm->vgic.spis[spi];
	bool rises = asserted && !irq->line;

	/* Devices report their line after every access: most often it has not moved. */
	if (asserted == irq->line)
		return;
	irq->line = asserted;
	if (rises && edge(irq))
		irq->pending_latch = true;
	vgic_irq_changed(vm->vcpus[0], VGIC_NR_PRIVATE + spi);
}

u64 vgic_vtimer_deadline(const struct vcpu *vcpu)
{
	const struct cp15_context *cp15 = &vcpu->guest.cp15;
	u32 ctl = cp15->reg[CP15_CNTV_CTL];

	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK))
		return NEVER;
	return cp15_read64(cp15, CP15_CNTV_CVAL);
}

bool vgic_update_vtimer(struct vcpu *vcpu, u64 vnow)
{
	struct vgic_irq *irq = &vcpu->vgic.private_irqs[VTIMER_IRQ];
	bool line = vgic_vtimer_deadline(vcpu) <= vnow;

	if (line == irq->line)
		return false;
	irq->line = line;
	relist(vcpu, VTIMER_IRQ, irq);
	return true;
}

/* The list register for interrupt id, its pending instance (if any) moved into it. */
static u32 make_lr(struct vcpu *vcpu, unsigned int id, struct vgic_irq *irq)
{
	bool pending = forwarded(vcpu, irq);
	u32 lr = id | (u32)(irq->priority >> 3) << GICH_LR_PRIORITY_SHIFT;
	unsigned int source;

	if (irq->active)
		lr |= GICH_LR_ACTIVE;
	if (id < VGIC_NR_SGIS) {
		/* One source at a time: the active one's, else the lowest pending. */
		source = irq->active ? irq->active_source : lowest_bit(irq->sources);
		lr |= source << GICH_LR_CPUID_SHIFT;
		if (pending && (irq->sources >> source & 1)) {
			lr |= GICH_LR_PENDING;
			irq->sources &= (u8)~(1u << source);
		}
		/* The others after the guest's EOI. */
		if (irq->sources)
			lr |= GICH_LR_EOI;
	} else {
		if (pending) {
			lr |= GICH_LR_PENDING;
			if (edge(irq))
				irq->pending_latch = false;
		}
		/* A level-sensitive line still high after the EOI is offered again. */
		if (!edge(irq))
			lr |= GICH_LR_EOI;
	}
	irq->in_lr = true;
	return lr;
}

/* Which gets a list register first: the active ones, then by priority, then by id. */
static bool before(struct vcpu *vcpu, unsigned int a, unsigned int b)
{
	const struct vgic_irq *x = vgic_irq(vcpu, a), *y = vgic_irq(vcpu, b);

	if (x->active != y->active)
		return x->active;
	if (x->priority != y->priority)
		return x->priority < y->priority;
	return a < b;
}

void vgic_build_lrs(struct vcpu *vcpu)
{
	struct vgic_cpu *c = &vcpu->vgic;
	u8 order[VGIC_NR_IRQS];
	unsigned int n = 0, i, j;

	c->used_lrs = 0;
	c->hcr = GICH_HCR_EN;
	for (i = 0; i < c->nr_listed; i++) {
		const struct vgic_irq *irq = vgic_irq(vcpu, c->list[i]);

		if (irq->active || forwarded(vcpu, irq))
			order[n++] = c->list[i];
	}
	if (n > vgic_nr_lrs) {
		/* More than fit: the first vgic_nr_lrs in order; the rest after an underflow. */
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && before(vcpu, order[j], order[j - 1]); j--) {
				u8 t = order[j];

				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		n = vgic_nr_lrs;
		c->hcr |= GICH_HCR_UIE;
	}
	for (i = 0; i < n; i++)
		c->lr[c->used_lrs++] = make_lr(vcpu, order[i], vgic_irq(vcpu, order[i]));
}

void vgic_fold_lrs(struct vcpu *vcpu, const u32 *now)
{
	struct vgic_cpu *c = &vcpu->vgic;
	unsigned int i;

	for (i = 0; i < c->used_lrs; i++) {
		u32 written = c->lr[i], state = now[i] & GICH_LR_STATE;
		unsigned int id = written & GICH_LR_VIRTUAL_ID_MASK;
		struct vgic_irq *irq = vgic_irq(vcpu, id);
		bool untaken = (written & GICH_LR_PENDING) && (state & GICH_LR_PENDING);
		struct vcpu *holder;

		irq->in_lr = false;
		irq->active = state & GICH_LR_ACTIVE;
		if (id < VGIC_NR_SGIS) {
			unsigned int source = (written & GICH_LR_CPUID_MASK) >> GICH_LR_CPUID_SHIFT;

			if (irq->active)
				irq->active_source = (u8)source;
			if (untaken)
				irq->sources |= (u8)(1u << source);
		} else if (written & GICH_LR_PENDING) {
			if (untaken && edge(irq))
				irq->pending_latch = true;
			/* A level-sensitive one taken: what GICD_ISPENDR latched is consumed. */
			if (!untaken && !edge(irq))
				irq->pending_latch = false;
		}
		c->lr[i] = now[i];
		holder = relist(vcpu, id, irq);
		/* An SPI retargeted while it was here goes to its new vCPU now. */
		if (holder && holder != vcpu && forwarded(holder, irq))
			sched_kick(holder);
	}
}

bool vgic_vcpu_pending(const struct vcpu *vcpu, u64 vnow)
{
	const struct vgic_cpu *c = &vcpu->vgic;
	u32 pmr = c->vmcr >> GICH_VMCR_PMR_SHIFT;
	const struct vgic_irq *timer = &c->private_irqs[VTIMER_IRQ];
	unsigned int i;

	if (!vcpu->vm->vgic.enabled)
		return false;
	if (timer->enabled && (u32)(timer->priority >> 3) < pmr && vgic_vtimer_deadline(vcpu) <= vnow)
		return true;
	for (i = 0; i < c->nr_listed; i++) {
		const struct vgic_irq *irq = vgic_irq(vcpu, c->list[i]);

		if (irq->enabled && vgic_irq_pending(irq) && (u32)(irq->priority >> 3) < pmr)
			return true;
	}
	return false;
}
