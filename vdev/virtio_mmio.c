/*
 * The virtio-mmio transport, version 2 (virtio 1.2 section 4.2.2): the
 * registers, feature negotiation, the device status and its reset, queue
 * set-up and the interrupt line, for any device behind struct
 * virtio_dev_ops. The guest's queues are checked when it makes them
 * ready; a queue that cannot be used, or breaks later, sets
 * DEVICE_NEEDS_RESET (2.1.1) and the device does nothing more until the
 * driver resets it.
 */
#include <hyp7/printk.h>
#include <hyp7/virtio_mmio.h>

/* printk's %llx wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

#define BIT64(n) (1ull << (n))
/* What the transport and the ring implement, offered with every device's own features. */
#define TRANSPORT_FEATURES \
	(BIT64(VIRTIO_F_VERSION_1) | BIT64(VIRTIO_RING_F_INDIRECT_DESC) | BIT64(VIRTIO_RING_F_EVENT_IDX))
/* SHMLen of a shared memory region that does not exist (4.2.2): this transport has none. */
#define SHM_LEN_NONE 0xffffffffu

static void update_irq(struct virtio_mmio *m)
{
	bool level = m->interrupt_status != 0;

	if (level == m->irq_level)
		return;
	m->irq_level = level;
	m->irq.set_level(m->irq.opaque, level);
}

static void raise_interrupt(struct virtio_mmio *m, u32 why)
{
	m->interrupt_status |= why;
	update_irq(m);
}

/* The transport's half of a reset (2.4): every register back to its initial value. */
static void reset_transport(struct virtio_mmio *m)
{
	unsigned int q;

	m->driver_features = 0;
	m->driver_features_high = false;
	m->device_features_sel = m->driver_features_sel = m->queue_sel = 0;
	m->status = 0;
	m->interrupt_status = 0;
	for (q = 0; q < VIRTIO_MMIO_QUEUES_MAX; q++) {
		m->queue[q] = (struct virtio_mmio_queue){ 0 };
		m->vq[q] = (struct virtqueue){ 0 };
	}
	update_irq(m);
}

void virtio_mmio_init(struct virtio_mmio *m, const struct virtio_dev_ops *ops, void *dev,
		      u64 features, const struct virtio_guest_mem *mem,
		      const struct virtio_irq *irq, const char *vm_name)
{
	BUG_ON(ops->num_queues > VIRTIO_MMIO_QUEUES_MAX || ops->segs_max > VQ_SEGS_MAX);
	BUG_ON(ops->queue_max == 0 || (ops->queue_max & (ops->queue_max - 1)));
	*m = (struct virtio_mmio){
		.ops = ops,
		.dev = dev,
		.mem = mem,
		.irq = *irq,
		.vm_name = vm_name,
		.device_features = features | TRANSPORT_FEATURES,
	};
	reset_transport(m);
}

static bool live(const struct virtio_mmio *m)
{
	return (m->status & VIRTIO_STATUS_DRIVER_OK) && !(m->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

struct virtqueue *virtio_mmio_queue(struct virtio_mmio *m, u16 q)
{
	if (q >= m->ops->num_queues || !m->queue[q].ready || !live(m) || m->vq[q].broken)
		return NULL;
	return &m->vq[q];
}

void virtio_mmio_needs_reset(struct virtio_mmio *m, u16 q)
{
	if (m->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
		return;
	m->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	/*
	 * A guest's fault, not hyp7's: a warning, and the VM goes on. A guest
	 * that breaks and resets its device in a loop must not flood the
	 * console: after VIRTIO_MMIO_FAULTS_SAID, faults are only counted.
	 */
	if (m->faults++ < VIRTIO_MMIO_FAULTS_SAID)
		pr_warn("vm %s: virtio-%s: queue %u: %s: the device needs a reset%s\n", m->vm_name,
			m->ops->name, q, m->vq[q].error,
			m->faults == VIRTIO_MMIO_FAULTS_SAID ? " (its next faults are not said)" : "");
	/* 2.1.2: the driver hears of it by a configuration change, once it runs the device. */
	if (m->status & VIRTIO_STATUS_DRIVER_OK)
		raise_interrupt(m, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_complete(struct virtio_mmio *m, u16 q, u16 head, u32 len)
{
	struct virtqueue *vq = virtio_mmio_queue(m, q);

	if (!vq)
		return; /* reset or broken meanwhile: the driver has forgotten the buffer */
	vq_push(vq, head, len);
	if (vq_should_notify(vq))
		raise_interrupt(m, VIRTIO_MMIO_INT_VRING);
}

void virtio_mmio_config_changed(struct virtio_mmio *m)
{
	m->config_generation++;
	if (m->status & VIRTIO_STATUS_DRIVER_OK)
		raise_interrupt(m, VIRTIO_MMIO_INT_CONFIG);
}

/* QueueNotify holds a queue's index: one past a u16 is no queue, not queue 0. */
static void notify(struct virtio_mmio *m, u32 q)
{
	if (q <= 0xffff && virtio_mmio_queue(m, (u16)q))
		m->ops->notify(m, (u16)q);
}

/*
 * The driver set QueueReady. The guest is 32-bit, so a ring above 4 GiB is
 * a driver's bug; so is a queue set up before the features that say how
 * its ring works are agreed (3.1.1, step 7).
 */
static void enable_queue(struct virtio_mmio *m, u32 q)
{
	struct virtio_mmio_queue *mq = &m->queue[q];
	struct vq_layout layout = {
		.num = mq->num,
		.desc = ipa_init(mq->desc),
		.driver = ipa_init(mq->driver),
		.device = ipa_init(mq->device),
	};
	int err;

	if (!(m->status & VIRTIO_STATUS_FEATURES_OK))
		err = vq_fail(&m->vq[q], "made ready before FEATURES_OK");
	else if ((mq->desc | mq->driver | mq->device) >> 32)
		err = vq_fail(&m->vq[q], "a ring above 4 GiB (desc 0x%llx, driver 0x%llx, device 0x%llx)",
			      ULL(mq->desc), ULL(mq->driver), ULL(mq->device));
	else
		err = vq_init(&m->vq[q], m->mem, &layout, m->ops->queue_max, m->driver_features,
			      m->ops->segs_max);
	if (err) {
		virtio_mmio_needs_reset(m, q);
		return;
	}
	mq->ready = true;
}

/* 3.1.1 step 5: what the driver took must be offered, and a modern driver takes VERSION_1. */
static bool features_acceptable(const struct virtio_mmio *m)
{
	return !m->driver_features_high && !(m->driver_features & ~m->device_features) &&
	       (m->driver_features & BIT64(VIRTIO_F_VERSION_1));
}

static void write_status(struct virtio_mmio *m, u32 val)
{
	u32 old = m->status;
	unsigned int q;

	if (val == 0) {
		m->ops->reset(m);
		reset_transport(m);
		return;
	}
	/* DEVICE_NEEDS_RESET is the device's to set; only a reset clears it. */
	val = (val & ~VIRTIO_STATUS_DEVICE_NEEDS_RESET) | (old & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	/* Refused features read back without FEATURES_OK (3.1.1 step 6). */
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
	    !features_acceptable(m))
		val &= ~VIRTIO_STATUS_FEATURES_OK;
	if (!(val & VIRTIO_STATUS_FEATURES_OK))
		val &= ~VIRTIO_STATUS_DRIVER_OK;
	m->status = val;
	if (!(val & VIRTIO_STATUS_DRIVER_OK) || (old & VIRTIO_STATUS_DRIVER_OK))
		return;
	/* A queue refused during set-up: say so now that the driver listens (2.1.2). */
	if (val & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
		raise_interrupt(m, VIRTIO_MMIO_INT_CONFIG);
	/* Buffers made available before DRIVER_OK wait for it (3.1.1 step 8), with their notifications. */
	for (q = 0; q < m->ops->num_queues; q++)
		notify(m, q);
}

static void set_word(u64 *v, bool high, u32 word)
{
	*v = high ? (*v & 0xffffffffull) | (u64)word << 32 : (*v & ~0xffffffffull) | word;
}

/* The selected queue's registers; writes while it is ready change nothing (4.2.3.2). */
static void write_queue_reg(struct virtio_mmio *m, u32 offset, u32 val)
{
	struct virtio_mmio_queue *mq = &m->queue[m->queue_sel];

	if (m->queue_sel >= m->ops->num_queues)
		return;
	if (offset == VIRTIO_MMIO_QUEUE_READY) {
		if (!(val & 1))
			mq->ready = false;
		else if (!mq->ready)
			enable_queue(m, m->queue_sel);
		return;
	}
	if (mq->ready)
		return;
	switch (offset) {
	case VIRTIO_MMIO_QUEUE_NUM:
		/* Too big for the u16 is refused as 0 is: vq_init() takes neither. */
		mq->num = val > VIRTQ_NUM_MAX ? 0 : val;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_word(&mq->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_word(&mq->driver, offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_word(&mq->device, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, val);
		break;
	}
}

static void write_reg(struct virtio_mmio *m, u32 offset, u32 val)
{
	switch (offset) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		m->device_features_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		/* Agreed once FEATURES_OK is set: later writes change nothing (2.2). */
		if (m->status & VIRTIO_STATUS_FEATURES_OK)
			break;
		if (m->driver_features_sel < 2)
			set_word(&m->driver_features, m->driver_features_sel == 1, val);
		else if (val)
			m->driver_features_high = true;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		m->driver_features_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		m->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		notify(m, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		m->interrupt_status &= ~val;
		update_irq(m);
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(m, val);
		break;
	default:
		write_queue_reg(m, offset, val);
	}
}

static u32 read_reg(const struct virtio_mmio *m, u32 offset)
{
	bool queue_exists = m->queue_sel < m->ops->num_queues;

	switch (offset) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return VIRTIO_MMIO_VERSION_MODERN;
	case VIRTIO_MMIO_DEVICE_ID:
		return m->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR_QEMU;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (m->device_features_sel >= 2)
			return 0;
		return m->device_features >> (32 * m->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		/* 0: the queue does not exist (4.2.3.2). */
		return queue_exists ? m->ops->queue_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return queue_exists && m->queue[m->queue_sel].ready;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return m->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return m->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
		return SHM_LEN_NONE;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return m->config_generation;
	}
	return 0; /* write-only and reserved registers */
}

void virtio_mmio_access(struct virtio_mmio *m, u32 offset, u8 size, bool write, u32 *data)
{
	bool config = offset >= VIRTIO_MMIO_CONFIG;
	bool valid = config ? (size == 1 || size == 2 || size == 4) && IS_ALIGNED(offset, size)
			    : size == 4 && IS_ALIGNED(offset, 4);

	if (!valid) {
		if (!write)
			*data = 0;
		return;
	}
	if (config) {
		if (!write)
			*data = m->ops->config_read(m, offset - VIRTIO_MMIO_CONFIG, size);
		else if (m->ops->config_write)
			m->ops->config_write(m, offset - VIRTIO_MMIO_CONFIG, size, *data);
	} else if (write) {
		write_reg(m, offset, *data);
	} else {
		*data = read_reg(m, offset);
	}
}

void virtio_mmio_empty_access(u32 offset, u8 size, bool write, u32 *data)
{
	if (write)
		return;
	switch (size == 4 ? offset : ~0u) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*data = VIRTIO_MMIO_MAGIC;
		break;
	case VIRTIO_MMIO_VERSION:
		*data = VIRTIO_MMIO_VERSION_MODERN;
		break;
	case VIRTIO_MMIO_VENDOR_ID:
		*data = VIRTIO_MMIO_VENDOR_QEMU;
		break;
	default:
		*data = 0; /* DeviceID 0: no device */
	}
}
