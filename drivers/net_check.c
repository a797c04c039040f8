/*
 * hyp7.net-check=1 (include/hyp7/host_net.h): proof that the host sends
 * and receives on its NIC, without any guest. QEMU's user-mode network
 * (-netdev user) answers ARP for its gateway, 10.0.2.2, to its guest's
 * default address, 10.0.2.15 (RFC 826 for the packet's layout).
 */
#include <arch/cp15.h>
#include <hyp7/host_net.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>

#define ETH_P_ARP 0x0806
#define ETH_P_IP 0x0800
#define ARP_HTYPE_ETHERNET 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2
/* An Ethernet frame's minimum without its FCS: the request is padded to it. */
#define ETH_ZLEN 60
#define CHECK_TIMEOUT_MS 2000

#define ETH_TYPE 12
/* The ARP packet after the Ethernet header, for Ethernet and IPv4 (28 bytes; THA at 32 left 0). */
#define ARP_HTYPE 14
#define ARP_PTYPE 16
#define ARP_HLEN 18
#define ARP_PLEN 19
#define ARP_OPER 20
#define ARP_SHA 22
#define ARP_SPA 28
#define ARP_TPA 38
#define ARP_FRAME_LEN 42

static const u8 our_ip[4] = { 10, 0, 2, 15 }, gateway_ip[4] = { 10, 0, 2, 2 };

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static u16 get16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static void make_request(u8 *f, const u8 mac[HOST_NET_MAC_LEN])
{
	memset(f, 0, ETH_ZLEN);
	memset(f, 0xff, HOST_NET_MAC_LEN); /* broadcast */
	memcpy(f + HOST_NET_MAC_LEN, mac, HOST_NET_MAC_LEN);
	put16(f + ETH_TYPE, ETH_P_ARP);
	put16(f + ARP_HTYPE, ARP_HTYPE_ETHERNET);
	put16(f + ARP_PTYPE, ETH_P_IP);
	f[ARP_HLEN] = HOST_NET_MAC_LEN;
	f[ARP_PLEN] = sizeof(our_ip);
	put16(f + ARP_OPER, ARP_OP_REQUEST);
	memcpy(f + ARP_SHA, mac, HOST_NET_MAC_LEN);
	memcpy(f + ARP_SPA, our_ip, sizeof(our_ip));
	memcpy(f + ARP_TPA, gateway_ip, sizeof(gateway_ip));
}

static bool is_reply(const u8 *f, u32 len)
{
	return len >= ARP_FRAME_LEN && get16(f + ETH_TYPE) == ETH_P_ARP &&
	       get16(f + ARP_OPER) == ARP_OP_REPLY &&
	       !memcmp(f + ARP_SPA, gateway_ip, sizeof(gateway_ip));
}

void host_net_check(void)
{
	static u8 frame[HOST_NET_FRAME_MAX_VLAN];
	u8 mac[HOST_NET_MAC_LEN];
	u32 freq = read_sysreg(CNTFRQ), len, others = 0;
	u64 start, limit;
	int err;

	if (!host_net_present()) {
		pr_info("net check: no NIC\n");
		return;
	}
	host_net_mac(mac);
	make_request(frame, mac);
	err = host_net_send(frame, ETH_ZLEN);
	if (err) {
		pr_err("nic0: check: sending an ARP request failed (%d)\n", err);
		return;
	}
	start = read_sysreg64(CNTPCT);
	limit = (u64)(freq ? freq : 100000000) / 1000 * CHECK_TIMEOUT_MS;
	while (read_sysreg64(CNTPCT) - start <= limit) {
		len = host_net_recv(frame, sizeof(frame));
		if (!len)
			continue;
		if (!is_reply(frame, len)) {
			others++;
			continue;
		}
		pr_info("nic0: check: ARP reply from 10.0.2.2 at %02x:%02x:%02x:%02x:%02x:%02x\n",
			frame[ARP_SHA], frame[ARP_SHA + 1], frame[ARP_SHA + 2], frame[ARP_SHA + 3],
			frame[ARP_SHA + 4], frame[ARP_SHA + 5]);
		return;
	}
	pr_err("nic0: check: no ARP reply from 10.0.2.2 in %u ms (%u other frames came in); is "
	       "the NIC on QEMU's -netdev user?\n", CHECK_TIMEOUT_MS, others);
}
