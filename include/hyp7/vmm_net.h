/* The networks of this boot and a VM's virtio-net on one of them (vmm/net.c). */
#ifndef HYP7_VMM_NET_H
#define HYP7_VMM_NET_H

#include <hyp7/types.h>
#include <hyp7/virtio_net.h>
#include <hyp7/vswitch.h>

struct vm;

struct vmm_nic {
	struct virtio_net net;
	struct virtio_net_backend be;
	struct vswitch_port port;
	struct virtio_guest_mem guest_mem;
	struct virtio_irq irq;
	struct vm *vm;
	/* A frame the guest had no buffer for: it goes in first once the guest posts some. */
	u8 held[VSWITCH_FRAME_MAX_VLAN];
	u32 held_len;
	bool joined;
};

/* The switches of the DTB's hyp7,network nodes (vmm/net_config.c), before anything is allocated. */
void vmm_networks_init(const void *fdt);
/* Once the machine's NIC is probed: the uplink network bridged to it. */
void vmm_networks_connect(void);
/* The NIC of vm on the network called network, with mac; 0, or -errno after an error line. */
int vmm_nic_init(struct vmm_nic *nic, struct vm *vm, const char *network,
		 const u8 mac[VIRTIO_NET_MAC_LEN]);
/* Off its switch, before its VM is destroyed. */
void vmm_nic_remove(struct vmm_nic *nic);
/* Its device's counters, in the monitor's `list` and when its VM ends; nothing if it has no NIC. */
void vmm_nic_print_stats(const struct vmm_nic *nic);
/* Under the VM's lock, on one of its vCPUs: frames waiting on its port into the guest. */
void vmm_nic_deliver(struct vmm_nic *nic);
/* On the boot CPU between turns: frames the machine's NIC received, into the uplink's switch. */
void vmm_net_poll(void);
/* The monitor's `net`: each switch's ports and their counters. */
void vmm_net_list(void);

#endif
