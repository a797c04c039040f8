/*
 * The networks of /chosen (include/hyp7/net_config.h): each a switch the
 * VMs that name it join. Read before the VMs, so that a VM naming no
 * network the DTB defines is refused with a line that says so.
 */
#include <libfdt.h>
#include <hyp7/lib.h>
#include <hyp7/net_config.h>
#include <hyp7/printk.h>
#include <hyp7/vm_config.h>

#define NET_COMPATIBLE "hyp7,network"

/* The network's name, or NULL after saying why it has none fit to use. */
static const char *net_name(const void *fdt, int node)
{
	const char *node_name = fdt_get_name(fdt, node, NULL);
	int len;
	const char *s = fdt_getprop(fdt, node, "name", &len);

	if (!s) {
		s = node_name;
		len = (int)strlen(s) + 1;
	}
	if (!len || s[len - 1] || len > NET_NAME_MAX || !config_name_is_plain(s)) {
		pr_err("network %s: the name must be a string of 1 to %d letters, digits, '.', '_' "
		       "and '-', starting with a letter\n", node_name, NET_NAME_MAX - 1);
		return NULL;
	}
	return s;
}

int net_config_parse(const void *fdt, struct net_config *nets, unsigned int max)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	unsigned int count = 0, i;

	if (chosen < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, chosen) {
		const char *name;

		if (fdt_node_check_compatible(fdt, node, NET_COMPATIBLE))
			continue;
		name = net_name(fdt, node);
		if (!name)
			continue;
		for (i = 0; i < count && strcmp(nets[i].name, name); i++)
			;
		if (i < count) {
			pr_err("network %s: another network has this name already\n", name);
			continue;
		}
		if (count == max) {
			pr_err("network %s: more than %u networks configured; not making this one\n",
			       name, max);
			continue;
		}
		memcpy(nets[count].name, name, strlen(name) + 1);
		nets[count].uplink = fdt_getprop(fdt, node, "uplink", NULL) != NULL;
		count++;
	}
	return count;
}

bool net_config_exists(const void *fdt, const char *name)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;

	if (chosen < 0)
		return false;
	fdt_for_each_subnode(node, fdt, chosen) {
		const char *s;

		if (fdt_node_check_compatible(fdt, node, NET_COMPATIBLE))
			continue;
		s = fdt_getprop(fdt, node, "name", NULL);
		if (!s)
			s = fdt_get_name(fdt, node, NULL);
		/* Only a name net_config_parse() takes: a refused network is no network. */
		if (strnlen(s, NET_NAME_MAX) < NET_NAME_MAX && config_name_is_plain(s) &&
		    !strcmp(s, name))
			return true;
	}
	return false;
}
