/*
 * The networks: one virtual switch (vdev/vswitch.c) per hyp7,network node,
 * and each VM's virtio-net (vdev/virtio_net.c) a port of its network's. A
 * frame a guest sends goes through the switch into the queues of the ports
 * it is for, under the sender's VM lock; it reaches another guest only on
 * that VM's own vCPU: the port's notification sets vm->device_work and
 * kicks it, and the vCPU moves the frames into its receive ring under its
 * own lock (vmm_nic_deliver()). No CPU ever holds two VMs' locks, and a
 * guest that does not read its network only fills its own port's queue.
 * A VM sends from its own MAC only: it cannot take another's traffic.
 */
#include <arch/cp15.h>
#include <arch/spinlock.h>
#include <hyp7/errno.h>
#include <hyp7/host_net.h>
#include <hyp7/lib.h>
#include <hyp7/net_config.h>
#include <hyp7/printk.h>
#include <hyp7/sched.h>
#include <hyp7/vcpu_arch.h>
#include <hyp7/vgic.h>
#include <hyp7/virt7.h>
#include <hyp7/vm.h>
#include <hyp7/vmm_guest_mem.h>
#include <hyp7/vmm_net.h>

static struct net_config nets[NET_CONFIG_MAX];
static struct vswitch switches[NET_CONFIG_MAX];
static unsigned int nr_nets;
/*
 * The machine's NIC (drivers/host_net.c) as a port of the one network that
 * has the uplink: what the switch sends it goes out at once; what comes
 * in is read on the boot CPU between turns (vmm_net_poll()).
 */
static struct vswitch_port uplink;
static bool uplinked;
static u8 uplink_frame[VSWITCH_FRAME_MAX_VLAN];
static struct spinlock uplink_lock = SPINLOCK_INIT;

/* The switch's clock: milliseconds of the counter, which only goes forward. */
static u64 now_ms(void)
{
	return vcpu_arch_counter() / (read_sysreg(CNTFRQ) / 1000);
}

/* From the sending VM's CPU; the NIC's ring full: the switch's queue holds the rest for later. */
static void uplink_frames_waiting(void *opaque)
{
	u32 len;

	(void)opaque;
	spin_lock(&uplink_lock);
	while ((len = vswitch_recv(&uplink, uplink_frame, sizeof(uplink_frame))))
		if (host_net_send(uplink_frame, len) == -EAGAIN)
			break; /* that one is lost, as on a wire whose NIC is busy */
	spin_unlock(&uplink_lock);
}

static void add_uplink(unsigned int net)
{
	if (uplinked) {
		pr_err("network %s: network %s has the machine's NIC already\n", nets[net].name,
		       uplink.sw->name);
		return;
	}
	if (!host_net_present()) {
		pr_err("network %s: an uplink, but the machine has no virtio-net NIC: its VMs "
		       "reach each other only\n", nets[net].name);
		return;
	}
	if (vswitch_add_port(&switches[net], &uplink, "uplink", uplink_frames_waiting, NULL))
		return;
	uplinked = true;
	pr_info("network %s: bridged to the machine's NIC\n", nets[net].name);
}

void vmm_networks_init(const void *fdt)
{
	int n = net_config_parse(fdt, nets, NET_CONFIG_MAX);
	unsigned int i;

	nr_nets = n > 0 ? (unsigned int)n : 0;
	for (i = 0; i < nr_nets; i++)
		vswitch_init(&switches[i], nets[i].name);
}

void vmm_networks_connect(void)
{
	unsigned int i;

	for (i = 0; i < nr_nets; i++)
		if (nets[i].uplink)
			add_uplink(i);
}

void vmm_net_poll(void)
{
	u8 *frame = uplink_frame;
	u32 len;

	if (!uplinked)
		return;
	spin_lock(&uplink_lock);
	while ((len = host_net_recv(frame, sizeof(uplink_frame))))
		vswitch_send(&uplink, frame, len, now_ms());
	spin_unlock(&uplink_lock);
}

/* Under the sender's VM lock. */
static void nic_send(struct virtio_net_backend *be, const u8 *frame, u32 len)
{
	struct vmm_nic *nic = container_of(be, struct vmm_nic, be);

	vswitch_send(&nic->port, frame, len, now_ms());
}

/* From the sending VM's CPU: the receiving VM's vCPU does the delivery. */
static void nic_frames_waiting(void *opaque)
{
	struct vmm_nic *nic = opaque;

	nic->vm->device_work = true;
	sched_kick(nic->vm->vcpus[0]);
}

/* The guest posted receive buffers: what waited goes in now. */
static void nic_rx_ready(struct virtio_net_backend *be)
{
	vmm_nic_deliver(container_of(be, struct vmm_nic, be));
}

void vmm_nic_deliver(struct vmm_nic *nic)
{
	if (nic->held_len) {
		if (!virtio_net_receive(&nic->net, nic->held, nic->held_len))
			return;
		nic->held_len = 0;
	}
	for (;;) {
		u32 len = vswitch_recv(&nic->port, nic->held, sizeof(nic->held));

		if (!len)
			return;
		if (!virtio_net_receive(&nic->net, nic->held, len)) {
			nic->held_len = len; /* the guest's ring is full: the switch's queue holds the rest */
			return;
		}
	}
}

/* Under the VM's lock, as every device access and completion is. */
static void set_irq_level(void *opaque, bool level)
{
	vgic_set_spi_line(opaque, VIRT7_VIRTIO_SPI + VIRT7_VIRTIO_NET_SLOT, level);
}

int vmm_nic_init(struct vmm_nic *nic, struct vm *vm, const char *network,
		 const u8 mac[VIRTIO_NET_MAC_LEN])
{
	unsigned int i;
	int err;

	for (i = 0; i < nr_nets && strcmp(nets[i].name, network); i++)
		;
	if (i == nr_nets) {
		pr_err("vm %s: network %s was not made\n", vm->name, network);
		return -ENODEV;
	}
	nic->vm = vm;
	nic->held_len = 0;
	nic->guest_mem = vmm_guest_mem(vm);
	nic->irq = (struct virtio_irq){ set_irq_level, vm };
	nic->be = (struct virtio_net_backend){ .send = nic_send, .rx_ready = nic_rx_ready };
	virtio_net_init(&nic->net, &nic->be, mac, &nic->guest_mem, &nic->irq, vm->name);
	err = vswitch_add_port(&switches[i], &nic->port, vm->name, nic_frames_waiting, nic);
	if (err) {
		pr_err("vm %s: network %s has no port left (%d VMs at most)\n", vm->name, network,
		       VSWITCH_MAX_PORTS);
		return err;
	}
	vswitch_port_own_mac(&nic->port, mac);
	nic->joined = true;
	return 0;
}

void vmm_nic_remove(struct vmm_nic *nic)
{
	if (!nic->joined)
		return;
	vswitch_remove_port(&nic->port);
	nic->joined = false;
}

/* Copied under the VM's lock, printed without it: the console is slow. */
void vmm_nic_print_stats(const struct vmm_nic *nic)
{
	struct virtio_net_counters c;
	u32 faults;

	if (!nic->joined)
		return;
	spin_lock(&nic->vm->lock);
	c = nic->net.counters;
	faults = nic->net.mmio.faults;
	spin_unlock(&nic->vm->lock);
	pr_info("vm %s virtio-net: sent %llu frames, dropped %llu (%llu short, %llu long, %llu "
		"offload); received %llu frames, dropped %llu, no receive buffer %llu times; %u "
		"device faults\n", nic->vm->name, c.tx_frames, c.tx_dropped, c.tx_too_short,
		c.tx_too_large, c.tx_offload, c.rx_frames, c.rx_dropped, c.rx_no_buffer, faults);
}

void vmm_net_list(void)
{
	unsigned int i;

	if (!nr_nets)
		pr_info("no network: hyp7,network nodes of /chosen make them\n");
	for (i = 0; i < nr_nets; i++)
		vswitch_print_stats(&switches[i]);
}
