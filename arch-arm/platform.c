/*
 * Platform discovery from the DTB with libfdt: RAM, reserved memory, the
 * console UART, the GIC, the arch timer's PPIs, how to power off and the
 * virtio-mmio transports (for the host's own drivers, drivers/).
 * Addresses are translated through every parent's "ranges", as on real
 * boards where devices sit behind a bus.
 */
#include <libfdt.h>
#include <arch/platform.h>
#include <hyp7/errno.h>
#include <hyp7/printk.h>

#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32

struct platform platform;

static u64 read_cells(const fdt32_t *cells, int n)
{
	u64 val = 0;

	while (n--)
		val = (val << 32) | fdt32_to_cpu(*cells++);
	return val;
}

/* A child bus address through one "ranges" of node, -ERANGE if not covered. */
static int translate_one(const void *fdt, int bus, u64 *addr)
{
	int parent = fdt_parent_offset(fdt, bus);
	int child_ac = fdt_address_cells(fdt, bus), sc = fdt_size_cells(fdt, bus);
	int parent_ac = fdt_address_cells(fdt, parent);
	const fdt32_t *ranges;
	int len, entry;

	ranges = fdt_getprop(fdt, bus, "ranges", &len);
	if (!ranges)
		return -ERANGE; /* no ranges: not translatable to the CPU's space */
	if (len == 0)
		return 0; /* empty ranges: identity */
	entry = child_ac + parent_ac + sc;
	if (child_ac < 1 || parent_ac < 1 || entry * 4 > len)
		return -EINVAL;
	for (; len >= entry * 4; len -= entry * 4, ranges += entry) {
		u64 child = read_cells(ranges, child_ac);
		u64 cpu = read_cells(ranges + child_ac, parent_ac);
		u64 size = read_cells(ranges + child_ac + parent_ac, sc);

		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + cpu;
			return 0;
		}
	}
	return -ERANGE;
}

/* The index'th "reg" entry of node, as a CPU physical address. */
static int fdt_reg(const void *fdt, int node, int index, u64 *addr, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len, err;
	const fdt32_t *reg;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len < (index + 1) * (ac + sc) * 4)
		return -ENOENT;
	reg += index * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	for (node = parent; fdt_parent_offset(fdt, node) >= 0; node = fdt_parent_offset(fdt, node)) {
		err = translate_one(fdt, node, addr);
		if (err)
			return err;
	}
	return 0;
}

/* The node /chosen/stdout-path names, if it is a PL011; -1 if not. */
static int find_uart_node(const void *fdt)
{
	const char *path;
	int chosen, node, len, path_len;

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return -1;
	path = fdt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path || len < 2)
		return -1;
	/* "serial0:115200n8": the options after ':' are for Linux. */
	for (path_len = 0; path_len < len - 1 && path[path_len] && path[path_len] != ':'; path_len++)
		;
	node = fdt_path_offset_namelen(fdt, path, path_len);
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011"))
		return -1;
	return node;
}

u64 platform_find_uart(const void *fdt)
{
	int node = find_uart_node(fdt);
	u64 addr, size;

	if (node < 0 || fdt_reg(fdt, node, 0, &addr, &size))
		return 0;
	return addr;
}

/* A node's one interrupt as a GIC ID, if it is an SPI (type 0, three cells); 0 if not. */
static u32 node_spi(const void *fdt, int node)
{
	const fdt32_t *irq;
	int len;

	irq = fdt_getprop(fdt, node, "interrupts", &len);
	if (irq && len == 12 && fdt32_to_cpu(irq[0]) == 0 && fdt32_to_cpu(irq[1]) < 988)
		return GIC_SPI_BASE + fdt32_to_cpu(irq[1]);
	return 0;
}

/*
 * The console UART's interrupt, for console input: an SPI of the GIC's
 * three-cell binding (type 0), as on QEMU's boards. Without it hyp7 runs,
 * but cannot be typed to.
 */
static void probe_uart_irq(const void *fdt, struct platform *plat)
{
	int node = find_uart_node(fdt);

	plat->uart_irq = node < 0 ? 0 : node_spi(fdt, node);
	if (!plat->uart_irq && node >= 0)
		pr_warn("DTB: the console UART has no GIC SPI in \"interrupts\"; console input is off\n");
}

static int probe_memory(const void *fdt, struct platform *plat)
{
	int node, i;
	u64 base, size;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "memory"))
			continue;
		for (i = 0; !fdt_reg(fdt, node, i, &base, &size); i++) {
			if (!size)
				continue;
			if (plat->nr_mem == PLAT_MAX_MEM) {
				pr_err("DTB: more than %d memory ranges; ignoring 0x%llx+0x%llx\n",
				       PLAT_MAX_MEM, base, size);
				continue;
			}
			plat->mem[plat->nr_mem++] = (struct mem_range){ base, size };
		}
	}
	if (!plat->nr_mem) {
		pr_err("DTB: no memory node with a usable reg; the DTB must describe RAM\n");
		return -EINVAL;
	}
	return 0;
}

static void add_reserved(struct platform *plat, u64 base, u64 size)
{
	if (plat->nr_reserved == PLAT_MAX_RESERVED) {
		/* Using memory the firmware keeps would corrupt it: refuse to go on. */
		panic("DTB: more than %d reserved ranges", PLAT_MAX_RESERVED);
	}
	plat->reserved[plat->nr_reserved++] = (struct mem_range){ base, size };
}

static void probe_reserved(const void *fdt, struct platform *plat)
{
	int i, node, child;
	u64 base, size;

	for (i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &base, &size) && size)
			add_reserved(plat, base, size);
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node < 0)
		return;
	fdt_for_each_subnode(child, fdt, node)
		for (i = 0; !fdt_reg(fdt, child, i, &base, &size); i++)
			add_reserved(plat, base, size);
}

static int probe_gic(const void *fdt, struct platform *plat)
{
	static const char *const compatible[] = { "arm,cortex-a15-gic", "arm,cortex-a7-gic",
						  "arm,gic-400" };
	const fdt32_t *irq;
	u64 size;
	unsigned int i;
	int node = -FDT_ERR_NOTFOUND, len;

	for (i = 0; i < ARRAY_SIZE(compatible) && node < 0; i++)
		node = fdt_node_offset_by_compatible(fdt, -1, compatible[i]);
	if (node < 0 || fdt_reg(fdt, node, 0, &plat->gicd_pa, &size) ||
	    fdt_reg(fdt, node, 1, &plat->gicc_pa, &size)) {
		pr_err("DTB: no GICv2 (arm,cortex-a15-gic, arm,gic-400) with distributor and CPU interface\n");
		return -EINVAL;
	}
	if (fdt_reg(fdt, node, 2, &plat->gich_pa, &size) || fdt_reg(fdt, node, 3, &plat->gicv_pa, &size))
		plat->gich_pa = plat->gicv_pa = 0;
	/* The virtual interface's maintenance interrupt: a PPI (type 1), three cells. */
	irq = fdt_getprop(fdt, node, "interrupts", &len);
	plat->gic_maintenance_irq = irq && len >= 12 && fdt32_to_cpu(irq[0]) == 1 ?
					    GIC_PPI_BASE + fdt32_to_cpu(irq[1]) :
					    0;
	return 0;
}

static int probe_timer(const void *fdt, struct platform *plat)
{
	const fdt32_t *irq;
	int node, len, i;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	irq = node < 0 ? NULL : fdt_getprop(fdt, node, "interrupts", &len);
	/* Three cells per interrupt: type (1 = PPI), number, flags. */
	if (!irq || len < 3 * 4 * TIMER_NR_PPIS) {
		pr_err("DTB: no arm,armv7-timer node with its four PPIs\n");
		return -EINVAL;
	}
	for (i = 0; i < TIMER_NR_PPIS; i++)
		plat->timer_ppi[i] = GIC_PPI_BASE + fdt32_to_cpu(irq[3 * i + 1]);
	plat->nr_timer_ppis = TIMER_NR_PPIS;
	return 0;
}

static int probe_cpus(const void *fdt, struct platform *plat)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	const fdt32_t *reg;

	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (!type || strcmp(type, "cpu"))
			continue;
		reg = fdt_getprop(fdt, node, "reg", NULL);
		if (!reg) {
			pr_err("DTB: %s has no reg (its MPIDR)\n", fdt_get_name(fdt, node, NULL));
			return -EINVAL;
		}
		if (plat->nr_cpus == PLAT_MAX_CPUS) {
			pr_info("DTB: more than %d CPUs; using the first %d\n", PLAT_MAX_CPUS, PLAT_MAX_CPUS);
			break;
		}
		plat->cpu_mpidr[plat->nr_cpus++] = fdt32_to_cpu(*reg);
	}
	if (!plat->nr_cpus) {
		pr_err("DTB: no /cpus/cpu nodes\n");
		return -EINVAL;
	}
	return 0;
}

static void probe_power(const void *fdt, struct platform *plat)
{
	const fdt32_t *func;
	const char *method;
	u64 size;
	int node;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
	method = node < 0 ? NULL : fdt_getprop(fdt, node, "method", NULL);
	if (method && !strcmp(method, "smc"))
		plat->psci = PSCI_CONDUIT_SMC;
	else if (method && !strcmp(method, "hvc"))
		plat->psci = PSCI_CONDUIT_HVC;

	node = fdt_node_offset_by_compatible(fdt, -1, "arm,vexpress-sysreg");
	if (node >= 0 && !fdt_reg(fdt, node, 0, &plat->vexpress_sysreg_pa, &size)) {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,vexpress-poweroff");
		func = node < 0 ? NULL : fdt_getprop(fdt, node, "arm,vexpress-sysreg,func", NULL);
		if (func)
			plat->vexpress_poweroff_func = fdt32_to_cpu(func[0]);
		else
			plat->vexpress_sysreg_pa = 0;
	}
}

/* Whether a node is enabled: no "status", or "okay" ("ok" in older DTBs). */
static bool node_enabled(const void *fdt, int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

/*
 * The virtio,mmio nodes, sorted by address so that the numbers of the
 * devices behind them (drivers/) do not depend on the order a DTB lists
 * the nodes in. Each interrupt is an SPI of the GIC's three-cell binding;
 * the host's drivers poll, so a missing one is no reason to skip a node.
 */
static void probe_virtio_mmio(const void *fdt, struct platform *plat)
{
	struct plat_virtio_mmio dev;
	unsigned int i;
	int node;

	for (node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) {
		if (!node_enabled(fdt, node) || fdt_reg(fdt, node, 0, &dev.pa, &dev.size))
			continue;
		if (plat->nr_virtio_mmio == PLAT_MAX_VIRTIO_MMIO) {
			pr_info("DTB: more than %d virtio,mmio nodes; ignoring the one at 0x%llx\n",
				PLAT_MAX_VIRTIO_MMIO, dev.pa);
			continue;
		}
		dev.irq = node_spi(fdt, node);
		for (i = plat->nr_virtio_mmio; i > 0 && plat->virtio_mmio[i - 1].pa > dev.pa; i--)
			plat->virtio_mmio[i] = plat->virtio_mmio[i - 1];
		plat->virtio_mmio[i] = dev;
		plat->nr_virtio_mmio++;
	}
}

int platform_probe(const void *fdt, struct platform *plat)
{
	int err;

	plat->uart_pa = platform_find_uart(fdt);
	err = probe_memory(fdt, plat);
	if (!err)
		err = probe_gic(fdt, plat);
	if (!err)
		err = probe_timer(fdt, plat);
	if (!err)
		err = probe_cpus(fdt, plat);
	probe_reserved(fdt, plat);
	probe_power(fdt, plat);
	probe_uart_irq(fdt, plat);
	probe_virtio_mmio(fdt, plat);
	return err;
}
