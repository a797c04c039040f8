/*
 * netflood's driver of the VM's virtio-net, shared by the flood
 * (netflood.c) and the ring attacks (attacks.c): the rings, the buffers,
 * the bring-up and the transmit steps.
 */
#ifndef NETFLOOD_H
#define NETFLOOD_H

#include "guest.h"
#include "virtio.h"

#define VIO_BASE VIO_TRANSPORT(1) /* the NIC's: the disk has 0 */

#define RXQ 0
#define TXQ 1
#define RXN 8                 /* receive buffers, one descriptor each */
#define TXN 128               /* transmit descriptors: TXN / 2 chains of header + frame */
#define TX_CHAINS (TXN / 2)

/* Frames (5.1.6). */
#define NET_HDR 12            /* struct virtio_net_hdr with VERSION_1 */
#define NET_HDR_F_NEEDS_CSUM 1
#define NET_HDR_GSO_TCPV4 1
#define ETH_ALEN 6
#define ETH_HLEN 14
/* IEEE 802 local experimental EtherTypes 1 and 2: flood frames, and frames no VM may see. */
#define ETH_P_FLOOD 0x88b5
#define ETH_P_REFUSED 0x88b6
#define FRAME_MAX 1514
#define RX_BUF (NET_HDR + FRAME_MAX) /* 1526: no MRG_RXBUF */

#define WAIT_MS 200           /* the longest any answer may take */
#define RX_WAIT_MS 1000       /* for another VM's frame to come */

/* How much a bring-up prints: every step, one line for it all, or only what fails. */
enum verbosity { QUIET, ONE_LINE, EVERY_STEP };

struct rx_avail {
	u16 flags, idx, ring[RXN], used_event;
};
struct rx_used {
	u16 flags, idx;
	struct vused_elem ring[RXN];
	u16 avail_event;
};
struct tx_avail {
	u16 flags, idx, ring[TXN], used_event;
};
struct tx_used {
	u16 flags, idx;
	struct vused_elem ring[TXN];
	u16 avail_event;
};

extern volatile struct vdesc rx_desc[RXN];
extern volatile struct rx_avail rx_avail;
extern volatile struct rx_used rx_used;
extern volatile struct vdesc tx_desc[TXN];
extern volatile struct tx_avail tx_avail;
extern volatile struct tx_used tx_used;
extern volatile u8 rx_buf[RXN][RX_BUF];
extern volatile u8 tx_hdr[TX_CHAINS][NET_HDR];
extern volatile u8 tx_frame[TX_CHAINS][FRAME_MAX + 2];
extern u16 rx_avail_idx, tx_avail_idx;

u32 vr(u32 off);
void vw(u32 off, u32 v);
static inline u32 pa(volatile const void *p) { return (u32)(uptr)p; }
u32 now_ms(void);
void set_desc(volatile struct vdesc *t, u32 i, u64 addr, u32 len, u16 flags, u16 next);

/*
 * Reset, negotiation (VERSION_1, MAC, STATUS), both queues on cleared
 * rings, DRIVER_OK, and rx_bufs receive buffers of rx_len bytes posted;
 * ctx names it in what is printed.
 */
int bring_up(enum verbosity v, const char *ctx, u32 rx_bufs, u32 rx_len);
/* Receive buffer b (rx_len bytes of it) made available; notified by the caller. */
void rx_post(u32 b, u32 rx_len);
/* A broadcast of ours of EtherType type, sequence number seq, of len bytes, in chain c's buffer. */
void frame_fill(u32 c, u16 type, u32 seq, u32 len);
/* Chain c: header in descriptor 2c, frame_len bytes of tx_frame[c] in 2c + 1 (frame_flags added). */
void tx_chain(u32 c, u32 frame_len, u16 frame_flags);
/* What tx_chain() made available published, and transmitq1 notified. */
void tx_publish(void);
/*
 * One frame of EtherType type and frame_len bytes in chain 0, which must
 * come back with used length 0; printed if loud or if it does not.
 */
int tx_one(const char *what, u16 type, u32 frame_len, int loud);

/*
 * The ring attacks (attacks.c): each breaks one queue in its own way and
 * checks that the device stops (DEVICE_NEEDS_RESET, nothing used) and,
 * after a reset, works again. loud prints an ok line for each; quiet
 * only what fails. Returns how many did as they should, of *total.
 */
u32 attack_round(int loud, u32 *total);

#endif
