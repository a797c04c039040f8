/*
 * The machine's virtio-net for the host (include/hyp7/host_net.h): the
 * first one among the DTB's virtio-mmio transports, with no feature but
 * the MAC (and, legacy, ANY_LAYOUT), so that every frame is one buffer:
 * the virtio-net header and the frame in one descriptor, no offloads, no
 * merged receive buffers. Receive buffers are posted once and re-posted as
 * each frame is read; each transmit buffer is the copy of a frame until
 * the device has sent it, which host_net_send() finds out (the device does
 * not interrupt for it).
 */
#include <arch/memory.h>
#include <arch/mm.h>
#include <arch/platform.h>
#include <arch/spinlock.h>
#include <hyp7/errno.h>
#include <hyp7/host_net.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/virtio_host.h>
#include <hyp7/virtio_net.h>

/* Without VERSION_1 (and without MRG_RXBUF) the header lacks num_buffers (5.1.6.1). */
#define VIRTIO_NET_HDR_SIZE_LEGACY 10

/* A buffer either way: the longest header and a tagged frame, in whole cache lines. */
#define BUF_SIZE 1536
#define BUFS_PAGES(n) ((n) * BUF_SIZE / PAGE_SIZE)

_Static_assert(BUF_SIZE >= VIRTIO_NET_RX_BUF_MIN &&
		       BUF_SIZE >= VIRTIO_NET_HDR_SIZE + HOST_NET_FRAME_MAX_VLAN &&
		       BUF_SIZE % 64 == 0,
	       "a buffer takes any frame without MRG_RXBUF (5.1.6.3.1), on cache lines of its own");
_Static_assert(HOST_NET_FRAME_MAX == VIRTIO_NET_FRAME_MAX &&
		       HOST_NET_FRAME_MAX_VLAN == VIRTIO_NET_FRAME_MAX_VLAN &&
		       HOST_NET_MAC_LEN == VIRTIO_NET_MAC_LEN,
	       "the host's frames are virtio-net's");
_Static_assert(HOST_NET_RX_BUFS * BUF_SIZE % PAGE_SIZE == 0 &&
		       HOST_NET_TX_BUFS * BUF_SIZE % PAGE_SIZE == 0 &&
		       HOST_NET_RX_BUFS <= VIRTIO_HOST_RING_NUM_MAX &&
		       HOST_NET_TX_BUFS <= VIRTIO_HOST_RING_NUM_MAX,
	       "the buffers fill whole pages, one descriptor each");

#define HOST_NET_FEATURES (1ull << VIRTIO_NET_F_MAC)

struct host_net {
	struct virtio_host_dev dev;
	bool present;
	bool dead; /* the device broke the ring: not used again */
	u32 irq;
	u32 hdr_len;
	u8 mac[HOST_NET_MAC_LEN];
	struct spinlock rx_lock, tx_lock;
	struct virtio_host_ring rx, tx;
	u8 *rx_bufs, *tx_bufs; /* buffer i of each at i * BUF_SIZE, descriptor i */
	u16 tx_free[HOST_NET_TX_BUFS]; /* the transmit buffers not the device's, a stack */
	u16 nr_tx_free;
	bool tx_in_flight[HOST_NET_TX_BUFS];
};

static struct host_net nic;

/* The device gave back a buffer it did not have: said once, and the NIC is out of use. */
static void ring_broken(const char *ring)
{
	if (!nic.dead)
		pr_err("nic0: the device returned a %s buffer it did not have; the NIC is not used "
		       "again\n", ring);
	nic.dead = true;
}

static u8 *rx_buf(u16 id)
{
	return nic.rx_bufs + (u32)id * BUF_SIZE;
}

static u8 *tx_buf(u16 id)
{
	return nic.tx_bufs + (u32)id * BUF_SIZE;
}

/* The transmit buffers the device is done with, back on the stack; tx_lock held. */
static void tx_reclaim(void)
{
	u16 id;
	u32 len;
	int got;

	while ((got = virtio_host_ring_used(&nic.tx, &id, &len)) > 0) {
		if (!nic.tx_in_flight[id]) {
			ring_broken("transmit");
			return;
		}
		nic.tx_in_flight[id] = false;
		nic.tx_free[nic.nr_tx_free++] = id;
	}
	if (got < 0)
		ring_broken("transmit");
}

static bool tagged(const u8 *frame)
{
	return (frame[VIRTIO_NET_ETH_TYPE] << 8 | frame[VIRTIO_NET_ETH_TYPE + 1]) ==
	       VIRTIO_NET_ETH_P_8021Q;
}

int host_net_send(const void *frame, u32 len)
{
	u16 id;
	u8 *buf;

	if (!nic.present)
		return -ENODEV;
	if (len < HOST_NET_FRAME_MIN ||
	    len > (tagged(frame) ? HOST_NET_FRAME_MAX_VLAN : HOST_NET_FRAME_MAX))
		return -EINVAL;
	spin_lock(&nic.tx_lock);
	if (!nic.dead)
		tx_reclaim();
	if (nic.dead || !nic.nr_tx_free) {
		spin_unlock(&nic.tx_lock);
		return nic.dead ? -ENODEV : -EAGAIN;
	}
	id = nic.tx_free[--nic.nr_tx_free];
	nic.tx_in_flight[id] = true;
	buf = tx_buf(id);
	/* No offload asked: flags 0, GSO_NONE (5.1.6.2). */
	memset(buf, 0, nic.hdr_len);
	memcpy(buf + nic.hdr_len, frame, len);
	virtio_host_ring_add(&nic.tx, id, buf, nic.hdr_len + len, false);
	virtio_host_ring_notify(&nic.dev, &nic.tx);
	spin_unlock(&nic.tx_lock);
	return 0;
}

u32 host_net_recv(void *frame, u32 maxlen)
{
	u32 len, got = 0;
	bool reposted = false;
	u16 id;
	int used;
	u8 *buf;

	if (!nic.present)
		return 0;
	spin_lock(&nic.rx_lock);
	while (!got && !nic.dead && (used = virtio_host_ring_used(&nic.rx, &id, &len))) {
		if (used < 0) {
			ring_broken("receive");
			break;
		}
		buf = rx_buf(id);
		/* Lines the CPU fetched while the device wrote are stale. */
		dcache_clean_inval_poc(buf, BUF_SIZE);
		/* Shorter than a header and an Ethernet header, or longer than any: dropped. */
		if (len >= nic.hdr_len + HOST_NET_FRAME_MIN && len <= BUF_SIZE &&
		    len - nic.hdr_len <= maxlen) {
			got = len - nic.hdr_len;
			memcpy(frame, buf + nic.hdr_len, got);
		}
		virtio_host_ring_add(&nic.rx, id, buf, BUF_SIZE, true);
		reposted = true;
	}
	if (reposted)
		virtio_host_ring_notify(&nic.dev, &nic.rx);
	spin_unlock(&nic.rx_lock);
	return got;
}

bool host_net_present(void)
{
	return nic.present;
}

void host_net_mac(u8 mac[HOST_NET_MAC_LEN])
{
	memcpy(mac, nic.mac, HOST_NET_MAC_LEN);
}

u32 host_net_irq(void)
{
	return nic.present ? nic.irq : 0;
}

bool host_net_irq_ack(void)
{
	return nic.present && (virtio_host_interrupt_ack(&nic.dev) & VIRTIO_MMIO_INT_VRING);
}

/* Negotiates, sets both queues up and posts the receive buffers: 0, or an error said. */
static int nic_init(void)
{
	struct virtio_host_dev *dev = &nic.dev;
	bool legacy = dev->version == VIRTIO_MMIO_VERSION_LEGACY;
	u64 mac;
	u16 i;
	int err;

	err = virtio_host_negotiate(dev, "virtio-net",
				    HOST_NET_FEATURES | (legacy ? 1ull << VIRTIO_F_ANY_LAYOUT : 0));
	if (err)
		return err;
	if (legacy && !(dev->features & (1ull << VIRTIO_F_ANY_LAYOUT))) {
		pr_err("virtio-net at 0x%llx: a legacy device without VIRTIO_F_ANY_LAYOUT, which "
		       "hyp7 needs (header and frame in one descriptor); skipped\n", dev->pa);
		return -EOPNOTSUPP;
	}
	nic.hdr_len = legacy ? VIRTIO_NET_HDR_SIZE_LEGACY : VIRTIO_NET_HDR_SIZE;
	/* Receive buffers interrupt (the boot CPU wakes for a frame), sent ones are reclaimed. */
	err = virtio_host_ring_setup(dev, &nic.rx, "virtio-net", VIRTIO_NET_RXQ, HOST_NET_RX_BUFS,
				     true);
	if (!err)
		err = virtio_host_ring_setup(dev, &nic.tx, "virtio-net", VIRTIO_NET_TXQ,
					     HOST_NET_TX_BUFS, false);
	if (!err) {
		nic.rx_bufs = alloc_pages(BUFS_PAGES(HOST_NET_RX_BUFS));
		nic.tx_bufs = alloc_pages(BUFS_PAGES(HOST_NET_TX_BUFS));
		if (!nic.rx_bufs || !nic.tx_bufs) {
			pr_err("virtio-net at 0x%llx: no memory for its %u KiB of buffers; skipped\n",
			       dev->pa, (HOST_NET_RX_BUFS + HOST_NET_TX_BUFS) * BUF_SIZE / 1024);
			err = -ENOMEM;
		}
	}
	if (err) {
		if (nic.rx_bufs)
			free_pages(nic.rx_bufs, BUFS_PAGES(HOST_NET_RX_BUFS));
		if (nic.tx_bufs)
			free_pages(nic.tx_bufs, BUFS_PAGES(HOST_NET_TX_BUFS));
		virtio_host_ring_free(&nic.rx);
		virtio_host_ring_free(&nic.tx);
		return err;
	}
	if (dev->features & (1ull << VIRTIO_NET_F_MAC)) {
		mac = virtio_host_config64(dev, VIRTIO_NET_CFG_MAC);
		for (i = 0; i < HOST_NET_MAC_LEN; i++)
			nic.mac[i] = mac >> (8 * i);
	} else {
		virtio_net_mac_from_name("hyp7-nic0", nic.mac);
	}
	/* The rings may be smaller than asked: every descriptor is a buffer. */
	for (i = 0; i < nic.rx.num; i++)
		virtio_host_ring_add(&nic.rx, i, rx_buf(i), BUF_SIZE, true);
	for (i = 0; i < nic.tx.num; i++)
		nic.tx_free[nic.nr_tx_free++] = i;
	nic.rx_lock = (struct spinlock)SPINLOCK_INIT;
	nic.tx_lock = (struct spinlock)SPINLOCK_INIT;
	virtio_host_driver_ok(dev);
	/* Buffers may be made available before DRIVER_OK (3.1.1), told after. */
	virtio_host_ring_notify(dev, &nic.rx);
	return 0;
}

void host_net_probe(void)
{
	struct virtio_host_dev other;
	unsigned int i, nics = 0;

	for (i = 0; i < platform.nr_virtio_mmio; i++) {
		const struct plat_virtio_mmio *slot = &platform.virtio_mmio[i];
		/* host_disk_probe() reported the broken transports already. */
		struct virtio_host_dev *dev = nics ? &other : &nic.dev;

		if (virtio_host_probe_quiet(dev, slot->pa, slot->size) ||
		    dev->device_id != VIRTIO_ID_NET)
			continue;
		if (nics++) {
			pr_info("nic%u: virtio-net at 0x%llx, not used: hyp7 drives nic0 only\n",
				nics - 1, dev->pa);
			continue;
		}
		if (nic_init()) {
			virtio_host_fail(dev);
			pr_err("nic0: the virtio-net at 0x%llx does not come up: no uplink\n", dev->pa);
			continue;
		}
		nic.irq = slot->irq;
		nic.present = true;
		pr_info("nic0: virtio-net at 0x%llx, MAC %02x:%02x:%02x:%02x:%02x:%02x%s\n",
			dev->pa, nic.mac[0], nic.mac[1], nic.mac[2], nic.mac[3], nic.mac[4],
			nic.mac[5], nic.irq ? "" : ", no interrupt (the DTB names none): polled only");
	}
}
