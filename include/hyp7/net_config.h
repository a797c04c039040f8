/*
 * The networks VMs join, from the host DTB's /chosen (vmm/net_config.c):
 *
 *   chosen {
 *       lan {
 *           compatible = "hyp7,network";
 *           uplink;                    optional: bridged to the machine's NIC
 *       };
 *       vm1 {
 *           compatible = "hyp7,vm";
 *           network = "lan";           its virtio-net joins lan's switch
 *           local-mac-address = [52 54 00 12 34 56];   optional: else from its name
 *           ...
 *       };
 *   };
 *
 * A network is called after its node unless a "name" string says
 * otherwise, with the same rules as a VM's name.
 */
#ifndef HYP7_NET_CONFIG_H
#define HYP7_NET_CONFIG_H

#include <hyp7/types.h>

#define NET_CONFIG_MAX 4
#define NET_NAME_MAX 32 /* with the NUL */

struct net_config {
	char name[NET_NAME_MAX];
	bool uplink;
};

/*
 * Fills nets[0..n) with the valid networks, in DTB order, and returns n
 * (at most max); a bad one is refused with one "hyp7: error: network
 * <name>: ..." line.
 */
int net_config_parse(const void *fdt, struct net_config *nets, unsigned int max);
/* Whether /chosen defines a valid network called name. */
bool net_config_exists(const void *fdt, const char *name);

#endif
