/*
 * start_kernel: the host kernel's boot, from boot/head.S with the MMU on
 * the early tables. Console first (so every later failure can be told),
 * then the platform from the DTB, memory, and HYP on the boot CPU.
 */
#include <libfdt.h>
#include <arch/atag_boards.h>
#include <arch/boot.h>
#include <arch/kvm_hyp.h>
#include <arch/memory.h>
#include <arch/mm.h>
#include <arch/pl011_console.h>
#include <arch/platform.h>
#include <arch/power.h>
#include <arch/cp15.h>
#include <arch/smp.h>
#include <arch/traps.h>
#include <hyp7/host_disk.h>
#include <hyp7/host_net.h>
#include <hyp7/hyp_init.h>
#include <hyp7/printk.h>
#include <hyp7/vfp.h>
#include <hyp7/boot_vms.h>
#include <hyp7/hotplug.h>
#include <hyp7/vm.h>

#define ATAG_CORE 0x54410001

extern char __image_size[];

static const char *const boot_errors[] = {
	[BOOT_ERR_MODE] = "entered in a mode other than HYP or SVC; the bootloader must enter hyp7 in HYP mode",
	[BOOT_ERR_NO_VIRT] = "HYP mode not available: this CPU has no Virtualization Extensions "
			     "(with QEMU, use -M virt,virtualization=on -cpu cortex-a15)",
	[BOOT_ERR_NONSECURE_SVC] = "HYP mode not available: entered in Non-secure SVC, from where HYP "
				   "cannot be reached; the bootloader must enter hyp7 in HYP mode",
};

/* The DTB through the window head.S mapped, or NULL after saying what is wrong. */
static const void *find_dtb(u32 dtb_pa)
{
	const void *fdt = (const void *)(FDT_VA + (dtb_pa & (SECTION_SIZE - 1)));
	u32 room = FDT_WINDOW_SIZE - (dtb_pa & (SECTION_SIZE - 1));

	if (((const u32 *)fdt)[1] == ATAG_CORE) {
		pr_err("r2 = 0x%08x points to ATAGs, not a DTB; hyp7 needs a device tree\n", dtb_pa);
		return NULL;
	}
	if (dtb_pa == QEMU_ELF_DTB_PA && fdt_check_header(fdt)) {
		pr_err("no DTB: r2 = 0 and none at 0x%08x, where QEMU puts it for ELF images; "
		       "boot hyp7 with a device tree (U-Boot: bootz <addr> - <fdt>)\n", dtb_pa);
		return NULL;
	}
	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > room) {
		pr_err("r2 = 0x%08x is not a valid DTB (header check: %s, size %u, room %u)\n", dtb_pa,
		       fdt_strerror(fdt_check_header(fdt)), fdt_totalsize(fdt), room);
		return NULL;
	}
	return fdt;
}

static void print_platform(void)
{
	unsigned int i;

	for (i = 0; i < platform.nr_mem; i++)
		pr_info("RAM 0x%llx-0x%llx\n", platform.mem[i].base,
			platform.mem[i].base + platform.mem[i].size - 1);
	pr_info("GIC distributor 0x%llx, CPU interface 0x%llx, virtual interface%s 0x%llx/0x%llx\n",
		platform.gicd_pa, platform.gicc_pa, platform.gich_pa ? "" : " (none)",
		platform.gich_pa, platform.gicv_pa);
	pr_info("arch timer PPIs: secure %u, phys %u, virt %u, hyp %u\n", platform.timer_ppi[0],
		platform.timer_ppi[1], platform.timer_ppi[2], platform.timer_ppi[3]);
	pr_info("power off by %s\n", platform.psci == PSCI_CONDUIT_SMC   ? "PSCI over SMC"
				    : platform.psci == PSCI_CONDUIT_HVC ? "PSCI over HVC"
				    : platform.vexpress_sysreg_pa	? "vexpress system registers"
									: "(nothing)");
}

/* Whether /chosen/bootargs holds word, as a whole word. */
static bool bootarg_present(const void *fdt, const char *word)
{
	const char *start = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL);
	const char *args;
	size_t len = strlen(word);

	for (args = start; args && *args; args++)
		if ((args == start || args[-1] == ' ') && !memcmp(args, word, len) &&
		    (args[len] == ' ' || args[len] == '\0'))
			return true;
	return false;
}

/*
 * hyp7.selftest=hyp-panic: hand HYP a pointer it does not map, as a host
 * bug would; HYP must report the data abort and stop, not return.
 */
static void selftest_hyp_panic(void)
{
	static u32 host_only_word; /* in the host's .bss, which HYP does not map */
	void *unmapped = &host_only_word;

	pr_info("selftest: calling HYP with a pointer it does not map (%p)\n", unmapped);
	kvm_call_hyp(__hyp_read_state, unmapped);
	pr_err("selftest: HYP returned from a data abort\n");
}

/* hyp7.selftest=host-abort: the host's own exception report, and power-off. */
static void selftest_host_abort(void)
{
	volatile u32 *unmapped = (volatile u32 *)(IOREMAP_END + PAGE_SIZE);

	pr_info("selftest: reading unmapped address %p\n", unmapped);
	(void)*unmapped;
	pr_err("selftest: the read of an unmapped address did not abort\n");
}

/* The hyp7.* words hyp7 knows in /chosen/bootargs; any other is reported, not ignored. */
static const char *const known_options[] = {
	"hyp7.pmu=hidden",
	"hyp7.pmu=shared",
	"hyp7.selftest=hyp-panic",
	"hyp7.selftest=host-abort",
	"hyp7.disk-check=read",
	"hyp7.disk-check=write",
	"hyp7.net-check=1",
};

/* The options with a value: "hyp7.cpu-hotplug=" and whole seconds, 1 to an hour. */
#define CPU_HOTPLUG "hyp7.cpu-hotplug="
#define CPU_HOTPLUG_MAX_S 3600

static bool known_option(const char *word, size_t len)
{
	size_t prefix = strlen(CPU_HOTPLUG);
	unsigned int i;
	char *end;

	for (i = 0; i < ARRAY_SIZE(known_options); i++)
		if (strlen(known_options[i]) == len && !memcmp(word, known_options[i], len))
			return true;
	if (len > prefix && !memcmp(word, CPU_HOTPLUG, prefix)) {
		unsigned long s = strtoul(word + prefix, &end, 10);

		return end == word + len && s >= 1 && s <= CPU_HOTPLUG_MAX_S;
	}
	return false;
}

/* The seconds of a valid hyp7.cpu-hotplug=S, or 0. */
static u32 cpu_hotplug_period(const void *fdt)
{
	const char *args = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL);
	const char *word;
	size_t len;

	for (word = args; word && *word; word += len) {
		while (*word == ' ')
			word++;
		for (len = 0; word[len] && word[len] != ' '; len++)
			;
		if ((word == args || word[-1] == ' ') && len > strlen(CPU_HOTPLUG) &&
		    !memcmp(word, CPU_HOTPLUG, strlen(CPU_HOTPLUG)) && known_option(word, len))
			return (u32)strtoul(word + strlen(CPU_HOTPLUG), NULL, 10);
	}
	return 0;
}

static void check_bootargs(const void *fdt)
{
	const char *word = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL);

	while (word && *word) {
		size_t len = 0;

		while (word[len] && word[len] != ' ')
			len++;
		if (len > 5 && !memcmp(word, "hyp7.", 5) && !known_option(word, len)) {
			char shown[48];
			size_t n = len < sizeof(shown) - 1 ? len : sizeof(shown) - 1;

			memcpy(shown, word, n);
			shown[n] = '\0';
			pr_err("unknown option '%s' in /chosen/bootargs: ignoring it\n", shown);
		}
		for (word += len; *word == ' '; word++)
			;
	}
}

static int bring_up_hyp(void *console_va)
{
	unsigned int cpu = smp_this_cpu();
	int err = hyp_setup(console_va, pa_init(platform.uart_pa));

	/* The init, a teardown as for a CPU going offline, and the init again. */
	if (!err)
		err = hyp_init_cpu(cpu);
	if (!err)
		err = hyp_check_abi(cpu);
	if (!err)
		err = hyp_teardown_cpu(cpu);
	if (!err)
		err = hyp_init_cpu(cpu);
	return err;
}

/*
 * No DTB: the console and power-off come from the machine id if hyp7
 * knows the board, else the console is EARLY_UART_PA and there is no way
 * to power off.
 */
static void console_without_dtb(u32 machine_id)
{
	const struct atag_board *board = atag_board_find(machine_id);

	platform.uart_pa = board ? board->uart_pa : EARLY_UART_PA;
	if (board) {
		platform.vexpress_sysreg_pa = board->vexpress_sysreg_pa;
		platform.vexpress_poweroff_func = board->vexpress_poweroff_func;
	}
	pl011_console_init(pa_init(platform.uart_pa));
	if (board)
		pr_info("no DTB; machine id %u: %s, UART 0x%llx\n", machine_id, board->name,
			board->uart_pa);
}

void start_kernel(u32 dtb_pa, u32 boot_status, u32 load_pa, u32 machine_id)
{
	u32 image_size = (u32)__image_size;
	const void *fdt;
	void *console;

	/* CPU 0 until the DTB says which it is: smp_set_boot_cpu(). */
	write_sysreg(0, TPIDRPRW);
	traps_init();
	vfp_host_enable();
	mm_early_init(pa_init(load_pa), image_size);
	pr_info("booting: image at 0x%08x (%u KiB), DTB at 0x%08x\n", load_pa, image_size >> 10, dtb_pa);
	fdt = find_dtb(dtb_pa);
	if (!fdt) {
		console_without_dtb(machine_id);
		machine_power_off();
	}
	platform.uart_pa = platform_find_uart(fdt);
	if (!platform.uart_pa) {
		platform.uart_pa = EARLY_UART_PA;
		pr_err("the DTB names no PL011 in /chosen/stdout-path; trying the one at 0x%llx\n",
		       platform.uart_pa);
	}
	console = pl011_console_init(pa_init(platform.uart_pa));
	if (platform_probe(fdt, &platform))
		machine_power_off();
	smp_set_boot_cpu();
	if (boot_status >= BOOT_ERR_MODE) {
		pr_err("%s\n", boot_errors[boot_status]);
		machine_power_off();
	}
	pr_info("entered in %s\n", boot_status == BOOT_OK_MONITOR_HOP
					    ? "Secure SVC: switched to Non-secure HYP through the monitor"
					    : "HYP mode");
	if (mm_init(&platform, pa_init(load_pa), image_size, pa_init(dtb_pa), fdt_totalsize(fdt)))
		machine_power_off();
	boot_vms_parse(fdt, dtb_pa, load_pa, image_size);
	print_platform();
	check_bootargs(fdt);
	host_disk_probe();
	if (bootarg_present(fdt, "hyp7.disk-check=read") || bootarg_present(fdt, "hyp7.disk-check=write"))
		host_disk_check(bootarg_present(fdt, "hyp7.disk-check=write"));
	host_net_probe();
	if (bootarg_present(fdt, "hyp7.net-check=1"))
		host_net_check();
	vcpu_pmu_shared = bootarg_present(fdt, "hyp7.pmu=shared");
	hotplug_period_s = cpu_hotplug_period(fdt);
	if (vcpu_pmu_shared)
		pr_warn("hyp7.pmu=shared: guests get the real PMU, which counts HYP, the host and the "
			"other VMs, and which they may stop and reset; for benchmarks only\n");
	pr_info("%u KiB of RAM free for hyp7\n", nr_free_pages() * (PAGE_SIZE / 1024));
	if (bring_up_hyp(console))
		machine_power_off();
	smp_boot_secondaries();
	if (bootarg_present(fdt, "hyp7.selftest=hyp-panic"))
		selftest_hyp_panic();
	if (bootarg_present(fdt, "hyp7.selftest=host-abort"))
		selftest_host_abort();
	pr_info("ready\n");
	boot_vms_run();
	machine_power_off();
}
