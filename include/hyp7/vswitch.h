/*
 * The host's virtual switch (vdev/vswitch.c): a learning Ethernet bridge
 * (IEEE 802.1D's forwarding, without spanning tree) between ports, each a
 * VM's virtio-net device or, later, an uplink.
 *
 * A sender hands a frame to vswitch_send(), which copies it into the
 * queues of the ports it goes to, so the sender's buffer is free again when
 * send returns. Each port's device drains its queue with vswitch_recv()
 * when its notify callback says frames are waiting (and whenever it has
 * room again: the notification is not repeated for frames already queued).
 *
 * Ports are the caller's memory (embedded in its device), registered with
 * vswitch_add_port(). One spinlock in struct vswitch covers the MAC table,
 * every port's queue and counters; it is never held while a callback runs.
 */
#ifndef HYP7_VSWITCH_H
#define HYP7_VSWITCH_H

#include <arch/spinlock.h>
#include <hyp7/types.h>

#define VSWITCH_MAX_PORTS 16
#define VSWITCH_NAME_MAX 16 /* a port's or switch's name, with its NUL */

#define VSWITCH_ETH_ALEN 6
#define VSWITCH_ETH_HLEN 14 /* destination, source, EtherType */
#define VSWITCH_ETH_P_8021Q 0x8100 /* this EtherType: a VLAN tag follows the source */
#define VSWITCH_VLAN_HLEN 4
#define VSWITCH_MTU 1500
/* Without the FCS, which virtio-net frames never carry. Shorter frames than 60 bytes are
 * accepted: a NIC pads them on the wire, a virtual one need not. */
#define VSWITCH_FRAME_MAX (VSWITCH_ETH_HLEN + VSWITCH_MTU)
#define VSWITCH_FRAME_MAX_VLAN (VSWITCH_FRAME_MAX + VSWITCH_VLAN_HLEN)

/* Frames one port's queue holds; a source may hold no more of it than is left free. */
#define VSWITCH_QUEUE_FRAMES 64
/* MAC addresses remembered; the least recently seen one makes room for a new one. */
#define VSWITCH_TABLE_SIZE 256
/* A MAC not seen for longer than this is forgotten (802.1D's default ageing time). */
#define VSWITCH_AGE_MS 300000u

struct vswitch_port_stats {
	u64 rx_frames, rx_bytes; /* accepted from the port into the switch */
	u64 tx_frames, tx_bytes; /* taken out of the port's queue by vswitch_recv() */
	/* Frames the port sent that the switch refused: */
	u64 drop_too_small;  /* shorter than an Ethernet header */
	u64 drop_too_large;  /* over VSWITCH_FRAME_MAX (VSWITCH_FRAME_MAX_VLAN when tagged) */
	u64 drop_bad_source; /* a multicast, broadcast or all-zero source address */
	/* Frames for the port that its queue had no room for (or no room left for their source): */
	u64 drop_queue_full;
};

struct vswitch_frame {
	u16 len;
	u8 source; /* the index of the port it came from */
	u8 data[VSWITCH_FRAME_MAX_VLAN];
};

struct vswitch_port {
	/* Called without the switch's lock, from the sender's CPU, after frames were queued. */
	void (*notify)(void *opaque);
	void *opaque;
	char name[VSWITCH_NAME_MAX];
	/* The switch's, under its lock: */
	struct vswitch *sw;
	unsigned int index;
	unsigned int notify_refs; /* senders about to call notify: removal waits for them */
	u64 own_mac; /* a VM's port: the only source address it may send from; 0: any (an uplink) */
	struct vswitch_port_stats stats;
	unsigned int head, queued;
	u8 queued_from[VSWITCH_MAX_PORTS]; /* frames in the queue by source port */
	struct vswitch_frame queue[VSWITCH_QUEUE_FRAMES];
};

struct vswitch_mac {
	u64 mac; /* the 48-bit address, first byte highest; 0 for a free entry */
	u64 seen;
	u8 port;
};

struct vswitch {
	struct spinlock lock;
	char name[VSWITCH_NAME_MAX];
	struct vswitch_port *ports[VSWITCH_MAX_PORTS];
	struct vswitch_mac table[VSWITCH_TABLE_SIZE];
};

void vswitch_init(struct vswitch *sw, const char *name);

/*
 * port joins sw as name (its first VSWITCH_NAME_MAX - 1 characters): 0,
 * or -ENOMEM when sw has VSWITCH_MAX_PORTS ports already. notify(opaque)
 * is called after frames for the port were queued; it may call
 * vswitch_recv(), but a frame it sends back (vswitch_send()) would nest
 * one sender in another: better queued for later.
 */
int vswitch_add_port(struct vswitch *sw, struct vswitch_port *port, const char *name,
		     void (*notify)(void *opaque), void *opaque);

/*
 * A VM's port sends from mac alone: a frame with another source address
 * (another VM's, to have the switch send it that VM's traffic) is dropped
 * and counted as a bad source. Set before the port sends.
 */
void vswitch_port_own_mac(struct vswitch_port *port, const u8 mac[VSWITCH_ETH_ALEN]);
/*
 * port leaves its switch: its queue is dropped and the MACs learnt on it
 * forgotten. Returns once no sender is still to call its notify, so the
 * caller may free what opaque points to (and must not call this from the
 * port's own notify).
 */
void vswitch_remove_port(struct vswitch_port *port);

/*
 * A frame of len bytes from port: checked (length, source address), its
 * source learnt for port at time now (ms, any clock that only goes
 * forward), and queued for the port its destination was learnt on, or
 * for every other port when the destination is a group address or not
 * known. Returns the number of ports it was queued for (0 when the
 * destination is on the sender's own port, or every queue was full),
 * -EINVAL (too short, bad source) or -E2BIG (too long) when refused; each
 * refusal and each queue's drop is counted in the port's stats.
 */
int vswitch_send(struct vswitch_port *port, const void *frame, u32 len, u64 now);

/*
 * The oldest frame queued for port, into buf: its length, or 0 when none
 * is waiting. A frame longer than maxlen is cut to maxlen bytes (its
 * length is still returned): a buffer of VSWITCH_FRAME_MAX_VLAN never cuts.
 */
u32 vswitch_recv(struct vswitch_port *port, void *buf, u32 maxlen);

/* Frames waiting in port's queue. */
unsigned int vswitch_pending(struct vswitch_port *port);

/* A consistent copy of port's counters. */
void vswitch_get_stats(struct vswitch_port *port, struct vswitch_port_stats *stats);

/*
 * One line per port, for the monitor's `net` command:
 * "hyp7: net0 port vm-a: in 3 frames 180 bytes, out 2 frames 120 bytes, 1 queued,
 *  dropped: 0 short, 0 long, 0 bad source, 0 queue full".
 */
void vswitch_print_stats(struct vswitch *sw);

#endif
