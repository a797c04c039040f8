/*
 * The host console's input, as Xen's console switching and QEMU's Ctrl-a
 * keys work: what is typed goes to one VM, the focused one, whose UART
 * receives it (vdev/vpl011.c); the escape key, Ctrl-] as in virsh's
 * console (QEMU keeps Ctrl-a for itself), then says what to do:
 *   Ctrl-] n        the next VM gets the focus
 *   Ctrl-] m        the hyp7 monitor's prompt (help, list, net, console, reset, destroy)
 *   Ctrl-] ?        the keys
 *   Ctrl-] Ctrl-]   one Ctrl-] for the guest
 * Characters are handed on in the order typed, so a focus change takes
 * effect exactly between two of them: nothing is lost or misdelivered.
 * This runs on the boot CPU between turns, when its UART's interrupt has
 * put characters in the input buffer (arch-arm/pl011.c).
 */
#include <arch/pl011_console.h>
#include <arch/platform.h>
#include <hyp7/lib.h>
#include <hyp7/printk.h>
#include <hyp7/vmm.h>
#include <hyp7/vmm_console.h>
#include <hyp7/vmm_net.h>

#define MONITOR_LINE_MAX 64
#define KEY_BACKSPACE '\b'
#define KEY_DELETE 0x7f
#define KEY_CTRL_C 0x03
#define KEY_CTRL_U 0x15

enum console_mode {
	TO_GUEST, /* typing goes to the focused VM */
	ESCAPED,  /* Ctrl-] was typed: the next key is hyp7's */
	MONITOR,  /* typing goes to the monitor's prompt */
};

static struct vmm_console {
	bool on;
	unsigned int focus;
	enum console_mode mode;
	char line[MONITOR_LINE_MAX]; /* the monitor's command so far */
	unsigned int line_len;
	/* Characters the focused VM did not take since it last took one. */
	unsigned int lost;
} console;

static void say_focus(void)
{
	pr_info("console: typing goes to vm %s (Ctrl-] ? lists the keys)\n",
		vmm_vm_name(console.focus));
}

/* Said once for a run of losses, counted when the VM reads again or loses the focus. */
static void count_lost(void)
{
	if (console.lost)
		pr_warn("console: vm %s lost %u typed characters\n", vmm_vm_name(console.focus),
			console.lost);
	console.lost = 0;
}

/* The first alive VM from index start on, round; false if none is. */
static bool next_alive(unsigned int start, unsigned int *found)
{
	unsigned int n = vmm_nr_vms(), i;

	for (i = 0; i < n; i++)
		if (vmm_vm_alive((start + i) % n)) {
			*found = (start + i) % n;
			return true;
		}
	return false;
}

static void set_focus(unsigned int vm)
{
	count_lost();
	console.focus = vm;
	say_focus();
}

void vmm_console_start(void)
{
	console.on = platform.uart_irq && vmm_nr_vms();
	if (!console.on)
		return;
	console.focus = 0;
	console.mode = TO_GUEST;
	say_focus();
}

static void to_guest(u8 c)
{
	if (vmm_vm_input(console.focus, c)) {
		count_lost();
		return;
	}
	if (!console.lost++)
		pr_warn("console: vm %s does not take what is typed (not reading, or resetting): "
			"characters are lost\n", vmm_vm_name(console.focus));
}

static void print_keys(void)
{
	pr_info("console keys: Ctrl-] n: next VM; Ctrl-] m: hyp7 monitor; Ctrl-] ?: these keys; "
		"Ctrl-] Ctrl-]: a Ctrl-] for the guest\n");
}

static void prompt(void)
{
	console.line_len = 0;
	printk("hyp7> ");
}

static void open_monitor(void)
{
	count_lost();
	console.mode = MONITOR;
	pr_info("monitor: help lists the commands; exit or Ctrl-] goes back to vm %s\n",
		vmm_vm_name(console.focus));
	prompt();
}

static void close_monitor(void)
{
	console.mode = TO_GUEST;
	say_focus();
}

/* A VM by name or by its number in list; false after saying there is none such. */
static bool find_vm(const char *arg, unsigned int *vm)
{
	unsigned int i;
	char *end;

	for (i = 0; i < vmm_nr_vms(); i++)
		if (!strcmp(arg, vmm_vm_name(i))) {
			*vm = i;
			return true;
		}
	i = (unsigned int)strtoul(arg, &end, 10);
	if (*arg && !*end && i < vmm_nr_vms()) {
		*vm = i;
		return true;
	}
	pr_info("monitor: no VM is called '%s' (list shows them)\n", arg);
	return false;
}

static void stop_vm(unsigned int vm, bool reset)
{
	if (vmm_monitor_stop(vm, reset))
		pr_info("monitor: vm %s is already stopping or has ended\n", vmm_vm_name(vm));
	else
		pr_info("monitor: vm %s is %s\n", vmm_vm_name(vm), reset ? "resetting" : "destroyed");
}

static void print_help(void)
{
	pr_info("monitor commands:\n");
	pr_info("  list          the VMs: state, vCPUs, memory, exits\n");
	pr_info("  net           the networks: each port's frames and drops\n");
	pr_info("  console VM    typing goes to VM (a name, or its number in list)\n");
	pr_info("  reset VM      VM starts again from its images\n");
	pr_info("  destroy VM    VM ends for good\n");
	pr_info("  exit          back to the VM that has the console\n");
	print_keys();
}

/* console VM: true if VM has the focus now, and the monitor closes. */
static bool monitor_focus(unsigned int vm)
{
	if (!vmm_vm_alive(vm)) {
		pr_info("monitor: vm %s has ended\n", vmm_vm_name(vm));
		return false;
	}
	count_lost();
	console.focus = vm;
	return true;
}

/* A command that needs a VM: false after saying it has none, or there is none such. */
static bool vm_argument(const char *command, const char *arg, unsigned int *vm)
{
	if (!*arg) {
		pr_info("monitor: %s needs a VM (list shows them)\n", command);
		return false;
	}
	return find_vm(arg, vm);
}

/*
 * The monitor's command line, split at its first space into a command and
 * its argument; true if the monitor stays open.
 */
static bool run_command(char *line)
{
	char *arg = line;
	unsigned int vm;

	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = '\0';
	while (*arg == ' ')
		arg++;
	if (!strcmp(line, "help")) {
		print_help();
	} else if (!strcmp(line, "list")) {
		vmm_list();
	} else if (!strcmp(line, "net")) {
		vmm_net_list();
	} else if (!strcmp(line, "exit")) {
		return false;
	} else if (!strcmp(line, "console")) {
		if (vm_argument(line, arg, &vm))
			return !monitor_focus(vm);
	} else if (!strcmp(line, "reset") || !strcmp(line, "destroy")) {
		if (vm_argument(line, arg, &vm))
			stop_vm(vm, line[0] == 'r');
	} else if (*line) {
		pr_info("monitor: no command '%s' (help lists them)\n", line);
	}
	return true;
}

static void to_monitor(u8 c)
{
	switch (c) {
	case '\r':
	case '\n':
		printk("\n");
		console.line[console.line_len] = '\0';
		if (run_command(console.line))
			prompt();
		else
			close_monitor();
		return;
	case KEY_BACKSPACE:
	case KEY_DELETE:
		if (console.line_len) {
			console.line_len--;
			printk("\b \b");
		}
		return;
	case KEY_CTRL_C:
	case KEY_CTRL_U:
		printk("\n");
		prompt();
		return;
	case VMM_CONSOLE_ESCAPE:
		printk("\n");
		close_monitor();
		return;
	}
	if (c < ' ' || c > '~' || console.line_len == MONITOR_LINE_MAX - 1)
		return; /* the terminal's bell is not hyp7's to ring */
	console.line[console.line_len++] = (char)c;
	printk("%c", c);
}

static void escaped(u8 c)
{
	unsigned int vm;

	console.mode = TO_GUEST;
	switch (c) {
	case 'n':
		if (next_alive(console.focus + 1, &vm))
			set_focus(vm);
		break;
	case 'm':
		open_monitor();
		break;
	case '?':
		print_keys();
		break;
	case VMM_CONSOLE_ESCAPE:
		to_guest(c);
		break;
	default:
		pr_info("console: Ctrl-] then 0x%02x does nothing (Ctrl-] ? lists the keys)\n", c);
	}
}

static void handle(u8 c)
{
	switch (console.mode) {
	case TO_GUEST:
		if (c == VMM_CONSOLE_ESCAPE)
			console.mode = ESCAPED;
		else
			to_guest(c);
		break;
	case ESCAPED:
		escaped(c);
		break;
	case MONITOR:
		to_monitor(c);
		break;
	}
}

void vmm_console_poll(void)
{
	unsigned int vm;
	int c;

	if (!console.on)
		return;
	if (!vmm_vm_alive(console.focus) && next_alive(console.focus + 1, &vm)) {
		unsigned int dropped = 0;

		/* What was typed for it is not the next VM's. */
		while (console.mode == TO_GUEST && console_getc() >= 0)
			dropped++;
		pr_info("console: vm %s has ended; %u characters typed for it dropped\n",
			vmm_vm_name(console.focus), dropped);
		set_focus(vm);
	}
	while ((c = console_getc()) >= 0)
		handle((u8)c);
}
