/*
 * The machine's own NIC, as the host kernel drives it: the first virtio-net
 * device of the DTB's virtio,mmio nodes (drivers/host_net.c), which the
 * VMM bridges a virtual switch to (vmm/net.c). Frames are whole Ethernet
 * frames without FCS, copied in and out: the driver owns its buffers.
 * Any host CPU may send and receive; one lock for each direction.
 *
 * What comes in raises the NIC's SPI (host_net_irq()), which the boot CPU
 * takes (arch-arm/preempt.c): host_net_irq_ack() acknowledges it at the
 * device, and the frames are read with host_net_recv() between turns.
 */
#ifndef HYP7_HOST_NET_H
#define HYP7_HOST_NET_H

#include <hyp7/types.h>

#define HOST_NET_MAC_LEN 6
#define HOST_NET_FRAME_MIN 14    /* an Ethernet header */
#define HOST_NET_FRAME_MAX 1514  /* and the 1500-byte MTU */
#define HOST_NET_FRAME_MAX_VLAN 1518 /* with an 802.1Q tag (EtherType 0x8100 at byte 12) */
/* Buffers each way; fewer if the device's queues are smaller. */
#define HOST_NET_RX_BUFS 64
#define HOST_NET_TX_BUFS 64

/* Finds the NIC and prints a line for each virtio-net; once, at boot, after mm_init(). */
void host_net_probe(void);

bool host_net_present(void);
/* Its address (the device's, or one hyp7 made up if it offers none). */
void host_net_mac(u8 mac[HOST_NET_MAC_LEN]);

/*
 * Sends one frame of HOST_NET_FRAME_MIN to HOST_NET_FRAME_MAX bytes
 * (_MAX_VLAN if tagged), copied: 0; -EAGAIN if every transmit buffer is
 * still the device's; -EINVAL for a bad length; -ENODEV without a NIC or
 * after the device failed.
 */
int host_net_send(const void *frame, u32 len);
/*
 * The next frame received, without the virtio-net header, copied into buf:
 * its length, 0 if none waits. A frame longer than maxlen is dropped (pass
 * HOST_NET_FRAME_MAX_VLAN bytes to get every one). Its buffer goes back to
 * the device.
 */
u32 host_net_recv(void *buf, u32 maxlen);

/* The NIC's SPI (a GIC interrupt ID), 0 without a NIC or if the DTB names none. */
u32 host_net_irq(void);
/* Acknowledges the device's interrupt; true if it says frames may be waiting. */
bool host_net_irq_ack(void);

/*
 * hyp7.net-check=1: an ARP request for 10.0.2.2 (QEMU's user-mode
 * network's gateway) from 10.0.2.15, and the reply, or its absence in 2 s,
 * said (drivers/net_check.c).
 */
void host_net_check(void);

#endif
