/*
 * virtio-net (virtio 1.2 section 5.1) on the virtio-mmio transport: one
 * receive and one transmit queue, no control queue, no offloads
 * (vdev/virtio_net.c). Frames leave through the backend's send() (the
 * VMM's virtual switch) and come in by virtio_net_receive(), both under the
 * VM's lock, as the MMIO accesses.
 */
#ifndef HYP7_VIRTIO_NET_H
#define HYP7_VIRTIO_NET_H

#include <hyp7/types.h>
#include <hyp7/virtio_mmio.h>

#define VIRTIO_ID_NET 1

/* Feature bits (5.1.3): the ones this device offers. */
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16

/* status (5.1.4). */
#define VIRTIO_NET_S_LINK_UP 1

/* Configuration space offsets (5.1.4). */
#define VIRTIO_NET_CFG_MAC 0                 /* 6 bytes */
#define VIRTIO_NET_CFG_STATUS 6              /* le16 */
#define VIRTIO_NET_CFG_MAX_VIRTQUEUE_PAIRS 8 /* le16, meaningful with MQ only */
#define VIRTIO_NET_CFG_MTU 10                /* le16 */
#define VIRTIO_NET_CFG_SIZE 12

/* Queues (5.1.2): no MQ, no CTRL_VQ. */
#define VIRTIO_NET_RXQ 0
#define VIRTIO_NET_TXQ 1

/* struct virtio_net_hdr (5.1.6): with VERSION_1, always 12 bytes, num_buffers included. */
#define VIRTIO_NET_HDR_SIZE 12
#define VIRTIO_NET_HDR_FLAGS 0       /* u8 */
#define VIRTIO_NET_HDR_GSO_TYPE 1    /* u8 */
#define VIRTIO_NET_HDR_NUM_BUFFERS 10 /* le16 */
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_GSO_NONE 0

#define VIRTIO_NET_MAC_LEN 6
#define VIRTIO_NET_ETH_HLEN 14 /* destination, source, EtherType */
#define VIRTIO_NET_MTU 1500
/* The largest frame either way: the MTU and the Ethernet header (no FCS). */
#define VIRTIO_NET_FRAME_MAX (VIRTIO_NET_ETH_HLEN + VIRTIO_NET_MTU)
/*
 * With an 802.1Q tag after the source address, 4 bytes more: "the MTU plus
 * the low-level Ethernet header" (5.1.6.2.1), as the virtual switch
 * (vswitch.h) and Linux (12 + 1518-byte receive buffers) count it.
 */
#define VIRTIO_NET_ETH_TYPE 12 /* offset of the EtherType, or of the tag's TPID */
#define VIRTIO_NET_ETH_P_8021Q 0x8100
#define VIRTIO_NET_VLAN_HLEN 4
#define VIRTIO_NET_FRAME_MAX_VLAN (VIRTIO_NET_FRAME_MAX + VIRTIO_NET_VLAN_HLEN)
/* A receive buffer at least, without MRG_RXBUF or any GUEST_TSO/UFO/USO (5.1.6.3.1): 1526. */
#define VIRTIO_NET_RX_BUF_MIN (VIRTIO_NET_HDR_SIZE + VIRTIO_NET_FRAME_MAX)
#define VIRTIO_NET_QUEUE_MAX 256

/* The VMM's side: the virtual switch port the device is plugged into. */
struct virtio_net_backend {
	/*
	 * A frame the guest sent, len from VIRTIO_NET_ETH_HLEN to
	 * VIRTIO_NET_FRAME_MAX (_VLAN if tagged); copy it to keep it.
	 */
	void (*send)(struct virtio_net_backend *be, const u8 *frame, u32 len);
	/*
	 * The driver notified the receive queue (buffers posted, or the
	 * driver started the device): a frame virtio_net_receive() refused
	 * may go in now. May call virtio_net_receive(). Optional.
	 */
	void (*rx_ready)(struct virtio_net_backend *be);
};

struct virtio_net_counters {
	u64 tx_frames, tx_bytes;   /* handed to send(); bytes of frames, without the header */
	u64 tx_dropped;            /* not sent, for one of the three reasons below */
	u64 tx_too_short;          /* less than an Ethernet header */
	u64 tx_too_large;          /* over VIRTIO_NET_FRAME_MAX (_VLAN if tagged) */
	u64 tx_offload;            /* NEEDS_CSUM or a GSO type: neither was negotiated */
	u64 rx_frames, rx_bytes;
	u64 rx_no_buffer;          /* virtio_net_receive() returned false */
	u64 rx_dropped;            /* frames too short or too long, or a tagged one over a small buffer */
};

struct virtio_net {
	struct virtio_mmio mmio; /* the guest's accesses go to virtio_mmio_access(&n->mmio, ...) */
	struct virtio_net_backend *backend;
	u8 mac[VIRTIO_NET_MAC_LEN];
	u16 status;      /* the config space's status: VIRTIO_NET_S_LINK_UP or 0 */
	bool tx_processing; /* taking frames off the transmit queue: no second walk from send() */
	bool tx_more;    /* stopped after a ring's worth of frames: virtio_net_resume() goes on */
	struct vq_chain tx_chain, rx_chain; /* too big for a HYP stack */
	u8 tx_frame[VIRTIO_NET_FRAME_MAX_VLAN]; /* one copy of the guest's frame, which it may change */
	struct virtio_net_counters counters;
};

/* A NIC with address mac, on be, in VM vm_name, reaching its RAM through mem and its line through irq. */
void virtio_net_init(struct virtio_net *n, struct virtio_net_backend *be,
		     const u8 mac[VIRTIO_NET_MAC_LEN], const struct virtio_guest_mem *mem,
		     const struct virtio_irq *irq, const char *vm_name);
/*
 * One frame for the guest. false if the device cannot take it now (no
 * receive buffer posted, or the driver not running the device): the
 * caller keeps it and tries again after rx_ready(). true if it is done
 * with: delivered, or dropped (counted in rx_dropped) as too short, too
 * long, or a tagged frame over 1514 bytes for a buffer too small for it
 * (which goes back to the driver empty).
 */
bool virtio_net_receive(struct virtio_net *n, const u8 *frame, u32 len);
/* Takes the frames left when the last transmit notification's ring's worth ran out, if any. */
void virtio_net_resume(struct virtio_net *n);
/* The link as the guest sees it (status, with a configuration change interrupt). */
void virtio_net_set_link(struct virtio_net *n, bool up);

/*
 * A stable address for VM name: 52:54 and the 32-bit FNV-1a hash of the
 * name, a locally administered unicast address (IEEE 802, bits 1 and 0 of
 * the first byte).
 */
void virtio_net_mac_from_name(const char *name, u8 mac[VIRTIO_NET_MAC_LEN]);
/* "aa:bb:cc:dd:ee:ff" (either case): 0, or -EINVAL for anything else, a multicast or a zero address. */
int virtio_net_parse_mac(const char *s, u8 mac[VIRTIO_NET_MAC_LEN]);

#endif
