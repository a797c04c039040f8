/*
 * A learning Ethernet bridge (IEEE 802.1D-2004 section 7.7 and 7.8, the
 * forwarding process and the filtering database, without spanning tree:
 * the ports are VMs, which cannot form a loop between themselves).
 *
 * Every frame is copied into each destination port's queue, so a port
 * that never drains loses only what is sent to it. A queue is also shared
 * fairly between sources: one may hold no more of it than is left free,
 * which keeps half of it for the others when one source floods (a guest's
 * broadcast storm), a quarter against two, and so on.
 */
#include <hyp7/errno.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/vswitch.h>

/* printk's %llu wants unsigned long long; u64 is unsigned long on 64-bit hosts. */
#define ULL(x) ((unsigned long long)(x))

/* The I/G bit: the first bit on the wire, bit 0 of the first byte (802-2014 section 8.2). */
#define MAC_GROUP (1ull << 40)

static void copy_name(char *dst, const char *src)
{
	size_t len = strnlen(src, VSWITCH_NAME_MAX - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

static u64 mac_of(const u8 *b)
{
	u64 mac = 0;
	unsigned int i;

	for (i = 0; i < VSWITCH_ETH_ALEN; i++)
		mac = mac << 8 | b[i];
	return mac;
}

void vswitch_init(struct vswitch *sw, const char *name)
{
	memset(sw, 0, sizeof(*sw));
	sw->lock = (struct spinlock)SPINLOCK_INIT;
	copy_name(sw->name, name);
}

int vswitch_add_port(struct vswitch *sw, struct vswitch_port *port, const char *name,
		     void (*notify)(void *opaque), void *opaque)
{
	unsigned int i;

	memset(port, 0, sizeof(*port));
	copy_name(port->name, name);
	port->notify = notify;
	port->opaque = opaque;
	port->sw = sw;
	spin_lock(&sw->lock);
	for (i = 0; i < VSWITCH_MAX_PORTS && sw->ports[i]; i++)
		;
	if (i == VSWITCH_MAX_PORTS) {
		spin_unlock(&sw->lock);
		return -ENOMEM;
	}
	port->index = i;
	sw->ports[i] = port;
	spin_unlock(&sw->lock);
	return 0;
}

void vswitch_port_own_mac(struct vswitch_port *port, const u8 mac[VSWITCH_ETH_ALEN])
{
	port->own_mac = mac_of(mac);
}

/* The frame at the head of port's queue leaves it. */
static void dequeue(struct vswitch_port *port)
{
	struct vswitch_frame *f = &port->queue[port->head];

	port->queued_from[f->source]--;
	port->head = (port->head + 1) % VSWITCH_QUEUE_FRAMES;
	port->queued--;
}

void vswitch_remove_port(struct vswitch_port *port)
{
	struct vswitch *sw = port->sw;
	unsigned int i;

	spin_lock(&sw->lock);
	BUG_ON(sw->ports[port->index] != port);
	sw->ports[port->index] = NULL;
	for (i = 0; i < VSWITCH_TABLE_SIZE; i++)
		if (sw->table[i].mac && sw->table[i].port == port->index)
			sw->table[i].mac = 0;
	while (port->queued)
		dequeue(port);
	/* A sender that queued for the port before it left calls notify without the lock. */
	while (port->notify_refs) {
		spin_unlock(&sw->lock);
		spin_lock(&sw->lock);
	}
	spin_unlock(&sw->lock);
}

static bool expired(const struct vswitch_mac *e, u64 now)
{
	return now > e->seen && now - e->seen > VSWITCH_AGE_MS;
}

/* The port mac was learnt on, or -1 when it is not known (or no longer). */
static int lookup(struct vswitch *sw, u64 mac, u64 now)
{
	unsigned int i;

	for (i = 0; i < VSWITCH_TABLE_SIZE; i++) {
		struct vswitch_mac *e = &sw->table[i];

		if (e->mac != mac)
			continue;
		if (expired(e, now)) {
			e->mac = 0;
			return -1;
		}
		return e->port;
	}
	return -1;
}

/*
 * mac is on port as of now: its entry moves there if it was elsewhere (a
 * VM's address taken over by another, or moved), or a new entry takes a
 * free or forgotten one, or else the least recently seen.
 */
static void learn(struct vswitch *sw, u64 mac, unsigned int port, u64 now)
{
	struct vswitch_mac *slot = NULL, *free = NULL, *oldest = NULL;
	unsigned int i;

	for (i = 0; i < VSWITCH_TABLE_SIZE && !slot; i++) {
		struct vswitch_mac *e = &sw->table[i];

		if (e->mac == mac)
			slot = e;
		else if (!e->mac || expired(e, now))
			free = free ? free : e;
		else if (!oldest || e->seen < oldest->seen)
			oldest = e;
	}
	if (!slot)
		slot = free ? free : oldest;
	slot->mac = mac;
	slot->port = port;
	slot->seen = now;
}

/* Into dst's queue, unless it is full or the source holds as much of it as is left free. */
static bool enqueue(struct vswitch_port *dst, const struct vswitch_port *src, const void *frame,
		    u32 len)
{
	unsigned int free = VSWITCH_QUEUE_FRAMES - dst->queued;
	struct vswitch_frame *f;

	if (dst->queued_from[src->index] >= free) {
		dst->stats.drop_queue_full++;
		return false;
	}
	f = &dst->queue[(dst->head + dst->queued) % VSWITCH_QUEUE_FRAMES];
	memcpy(f->data, frame, len);
	f->len = len;
	f->source = src->index;
	dst->queued_from[src->index]++;
	dst->queued++;
	return true;
}

/* The reason to refuse a frame of len bytes from port, counted; 0 to take it. */
static int check_frame(struct vswitch_port *port, const u8 *frame, u32 len)
{
	u32 max = VSWITCH_FRAME_MAX;
	u64 source;

	if (len < VSWITCH_ETH_HLEN) {
		port->stats.drop_too_small++;
		return -EINVAL;
	}
	if ((frame[12] << 8 | frame[13]) == VSWITCH_ETH_P_8021Q)
		max = VSWITCH_FRAME_MAX_VLAN;
	if (len > max) {
		port->stats.drop_too_large++;
		return -E2BIG;
	}
	/* 802.1D section 7.8: a group address is never a source; nor is no address at all. */
	source = mac_of(frame + VSWITCH_ETH_ALEN);
	if (!source || source & MAC_GROUP || (port->own_mac && source != port->own_mac)) {
		port->stats.drop_bad_source++;
		return -EINVAL;
	}
	return 0;
}

int vswitch_send(struct vswitch_port *port, const void *frame, u32 len, u64 now)
{
	struct vswitch *sw = port->sw;
	struct vswitch_port *notify[VSWITCH_MAX_PORTS];
	unsigned int i, nr_notify = 0;
	u64 dest;
	int ret, out;

	spin_lock(&sw->lock);
	ret = check_frame(port, frame, len);
	if (ret) {
		spin_unlock(&sw->lock);
		return ret;
	}
	port->stats.rx_frames++;
	port->stats.rx_bytes += len;
	learn(sw, mac_of((const u8 *)frame + VSWITCH_ETH_ALEN), port->index, now);
	dest = mac_of(frame);
	out = dest & MAC_GROUP ? -1 : lookup(sw, dest, now);
	for (i = 0; i < VSWITCH_MAX_PORTS; i++) {
		struct vswitch_port *dst = sw->ports[i];

		/* Never back out of the port it came in on (802.1D section 7.7.1). */
		if (!dst || dst == port || (out >= 0 && (unsigned int)out != i))
			continue;
		if (enqueue(dst, port, frame, len)) {
			dst->notify_refs++;
			notify[nr_notify++] = dst;
		}
	}
	spin_unlock(&sw->lock);
	if (!nr_notify)
		return 0;
	for (i = 0; i < nr_notify; i++)
		if (notify[i]->notify)
			notify[i]->notify(notify[i]->opaque);
	spin_lock(&sw->lock);
	for (i = 0; i < nr_notify; i++)
		notify[i]->notify_refs--;
	spin_unlock(&sw->lock);
	return nr_notify;
}

u32 vswitch_recv(struct vswitch_port *port, void *buf, u32 maxlen)
{
	struct vswitch *sw = port->sw;
	const struct vswitch_frame *f;
	u32 len = 0;

	spin_lock(&sw->lock);
	if (port->queued) {
		f = &port->queue[port->head];
		len = f->len;
		memcpy(buf, f->data, len < maxlen ? len : maxlen);
		port->stats.tx_frames++;
		port->stats.tx_bytes += len;
		dequeue(port);
	}
	spin_unlock(&sw->lock);
	return len;
}

unsigned int vswitch_pending(struct vswitch_port *port)
{
	unsigned int queued;

	spin_lock(&port->sw->lock);
	queued = port->queued;
	spin_unlock(&port->sw->lock);
	return queued;
}

void vswitch_get_stats(struct vswitch_port *port, struct vswitch_port_stats *stats)
{
	spin_lock(&port->sw->lock);
	*stats = port->stats;
	spin_unlock(&port->sw->lock);
}

/* Each port's counters copied under the lock, printed without it: the console is slow. */
void vswitch_print_stats(struct vswitch *sw)
{
	unsigned int i;

	for (i = 0; i < VSWITCH_MAX_PORTS; i++) {
		struct vswitch_port_stats s;
		char name[VSWITCH_NAME_MAX];
		unsigned int queued;

		spin_lock(&sw->lock);
		if (!sw->ports[i]) {
			spin_unlock(&sw->lock);
			continue;
		}
		s = sw->ports[i]->stats;
		queued = sw->ports[i]->queued;
		memcpy(name, sw->ports[i]->name, sizeof(name));
		spin_unlock(&sw->lock);
		pr_info("%s port %s: in %llu frames %llu bytes, out %llu frames %llu bytes, "
			"%u queued, dropped: %llu short, %llu long, %llu bad source, %llu queue full\n",
			sw->name, name, ULL(s.rx_frames), ULL(s.rx_bytes), ULL(s.tx_frames),
			ULL(s.tx_bytes), queued, ULL(s.drop_too_small), ULL(s.drop_too_large),
			ULL(s.drop_bad_source), ULL(s.drop_queue_full));
	}
}
