/*
 * The host's side of HYP init (DESIGN section 2, seed 002): the boot and
 * runtime HYP page tables, per-CPU HYP stacks, the init call and the
 * teardown call, and a check after each that HYP is where it should be.
 */
#include <arch/cp15.h>
#include <arch/hyp_abi.h>
#include <arch/kvm_hyp.h>
#include <arch/mm.h>
#include <arch/spinlock.h>
#include <arch/sysregs.h>
#include <hyp7/errno.h>
#include <hyp7/hyp_init.h>
#include <hyp7/hyp_pgd.h>
#include <hyp7/printk.h>
#include <hyp7/smccc.h>
#include <hyp7/smccc_call.h>
#include <hyp7/vm.h>

/* MIDR: implementer Arm, part Cortex-A15. */
#define MIDR_PART_MASK 0xff00fff0
#define MIDR_CORTEX_A15 0x4100c0f0

static struct pgtable boot_pgd, runtime_pgd;
static struct hyp_idmap idmap;

/* Per CPU, in memory HYP maps: its stack, what it reports, the host's context. */
static struct hyp_cpu {
	void *stack;
	struct hyp_state_report *report;
	struct cpu_context *host_ctxt;
} hyp_cpus[NR_CPUS];

static int map_hyp_page(void *va, unsigned int attrs)
{
	return hyp_map_kernel_range(&runtime_pgd, va, (char *)va + PAGE_SIZE, attrs);
}

/* HYP prints its panic message on the host's console, at the same VA. */
static int map_console(void *console_va, paddr_t console_pa)
{
	u32 va = (u32)console_va & ~(PAGE_SIZE - 1);

	hyp_console_base = (u32)console_va;
	return pgtable_map(&runtime_pgd, va, pa_init(pa_addr(console_pa) & ~(u64)(PAGE_SIZE - 1)),
			   PAGE_SIZE, MMU_READ | MMU_WRITE | MMU_DEVICE);
}

int hyp_setup(void *console_va, paddr_t console_pa)
{
	unsigned int cpu;
	int err;

	err = hyp_idmap_prepare(&idmap, __hyp_idmap_text_start, __hyp_idmap_text_end,
				__hyp_init_vector);
	if (err) {
		pr_err("HYP init code (%u bytes) cannot be mapped as one page (%d)\n",
		       (u32)(__hyp_idmap_text_end - __hyp_idmap_text_start), err);
		return err;
	}
	if (idmap.bounce)
		pr_info("HYP init code crosses a page boundary: using a bounce page at 0x%llx\n",
			pa_addr(idmap.page));
	err = hyp_boot_pgd_build(&boot_pgd, &idmap);
	if (!err)
		err = hyp_runtime_pgd_build(&runtime_pgd, &idmap);
	if (!err)
		err = hyp_map_kernel_range(&runtime_pgd, __hyp_text_start, __hyp_text_end,
					   MMU_READ | MMU_EXEC);
	if (!err)
		err = hyp_map_kernel_range(&runtime_pgd, __hyp_data_start, __hyp_data_end,
					   MMU_READ | MMU_WRITE);
	if (!err)
		err = map_console(console_va, console_pa);
	for (cpu = 0; cpu < NR_CPUS && !err; cpu++) {
		struct hyp_cpu *hc = &hyp_cpus[cpu];

		hc->stack = alloc_pages(1);
		hc->report = alloc_pages(1);
		hc->host_ctxt = alloc_pages(1);
		if (!hc->stack || !hc->report || !hc->host_ctxt)
			err = -ENOMEM;
		if (!err)
			err = map_hyp_page(hc->stack, MMU_READ | MMU_WRITE);
		if (!err)
			err = map_hyp_page(hc->report, MMU_READ | MMU_WRITE);
		if (!err)
			err = map_hyp_page(hc->host_ctxt, MMU_READ | MMU_WRITE);
	}
	if (err) {
		pr_err("building the HYP page tables failed (%d)\n", err);
		return err;
	}
	/* HTTBR takes 40 bits, but the init call passes 32-bit registers. */
	if (pa_addr(pgtable_root_pa(&boot_pgd)) >> 32 || pa_addr(pgtable_root_pa(&runtime_pgd)) >> 32) {
		pr_err("HYP page tables above 4 GiB cannot be passed to HYP init\n");
		return -ERANGE;
	}
	pr_info("HYP tables: boot PGD 0x%llx, runtime PGD 0x%llx, init page 0x%llx at 0x%08x\n",
		pa_addr(pgtable_root_pa(&boot_pgd)), pa_addr(pgtable_root_pa(&runtime_pgd)),
		pa_addr(idmap.page), TRAMPOLINE_VA);
	return 0;
}

static u32 hvc(u32 fn, u32 a1, u32 a2, u32 a3, u32 a4)
{
	struct smccc_regs regs = { { fn, a1, a2, a3, a4 } };

	smccc_hvc(&regs);
	return regs.r[0];
}

static int check_runtime_state(unsigned int cpu)
{
	struct hyp_cpu *hc = &hyp_cpus[cpu];
	struct hyp_state_report *r = hc->report;
	u64 rt_pa = pa_addr(pgtable_root_pa(&runtime_pgd));

	r->hvbar = 0;
	kvm_call_hyp(__hyp_read_state, r);
	if (r->httbr != rt_pa || r->hvbar != (u32)__hyp_vector || r->hsctlr != HSCTLR_VALUE ||
	    r->sp <= (u32)hc->stack || r->sp > (u32)hc->stack + PAGE_SIZE) {
		pr_err("cpu%u: HYP state after init is wrong: HTTBR 0x%llx (want 0x%llx), HVBAR 0x%08x "
		       "(want 0x%08x), HSCTLR 0x%08x (want 0x%08x), SP 0x%08x (want in %p+4K)\n",
		       cpu, r->httbr, rt_pa, r->hvbar, (u32)__hyp_vector, r->hsctlr, HSCTLR_VALUE, r->sp,
		       hc->stack);
		return -EFAULT;
	}
	pr_info("cpu%u: HYP init done: HTTBR 0x%llx (runtime PGD), HVBAR 0x%08x (runtime vectors), "
		"HSCTLR 0x%08x\n", cpu, r->httbr, r->hvbar, r->hsctlr);
	return 0;
}

/*
 * HYP's vectors invalidate the branch predictor with ICIALLU against
 * branch-target injection by guests, which on Cortex-A15 works only when
 * the Secure firmware set ACTLR.IBE (CVE-2017-5715): say so when it did not.
 */
static void check_branch_predictor_invalidation(unsigned int cpu)
{
	static bool checked[NR_CPUS];

	if (checked[cpu] || (read_sysreg(MIDR) & MIDR_PART_MASK) != MIDR_CORTEX_A15)
		return;
	checked[cpu] = true;
	if (!(read_sysreg(ACTLR) & ACTLR_A15_IBE))
		pr_warn("cpu%u: ACTLR.IBE is clear: ICIALLU does not invalidate this Cortex-A15's branch "
			"predictor, so a guest can train it against HYP (CVE-2017-5715); the Secure "
			"firmware must set ACTLR bit 0\n", cpu);
}

int hyp_init_cpu(unsigned int cpu)
{
	u32 ret;

	check_branch_predictor_invalidation(cpu);
	ret = hvc(HVC_STUB_SET_VECTORS, pa_addr(idmap.vector), 0, 0, 0);
	if (ret != SMCCC_RET_SUCCESS) {
		pr_err("cpu%u: the hyp stub refused the init vectors (%d)\n", cpu, (int)ret);
		return -EFAULT;
	}
	ret = hvc(HYP7_SMCCC_HYP_INIT, pa_addr(pgtable_root_pa(&boot_pgd)),
		  pa_addr(pgtable_root_pa(&runtime_pgd)), (u32)hyp_cpus[cpu].stack + PAGE_SIZE,
		  (u32)__hyp_vector);
	if (ret != SMCCC_RET_SUCCESS) {
		pr_err("cpu%u: HYP init call failed (%d)\n", cpu, (int)ret);
		return -EFAULT;
	}
	if (vcpu_pmu_shared)
		kvm_call_hyp(__hyp_pmu_count_hyp);
	/* The host's own state, as the world switch will put it back: no virtual timer. */
	write_sysreg(0, CNTV_CTL);
	isb();
	kvm_call_hyp(__kvm_save_host_context, hyp_cpus[cpu].host_ctxt);
	return check_runtime_state(cpu);
}

int hyp_teardown_cpu(unsigned int cpu)
{
	u32 stub_pa = pa_addr(virt_to_phys(__hyp_stub_vectors));
	u32 ret, hvbar;

	ret = hvc(HYP7_SMCCC_HYP_TEARDOWN, pa_addr(pgtable_root_pa(&boot_pgd)), stub_pa,
		  pa_addr(idmap.page), 0);
	hvbar = hvc(HVC_STUB_GET_VECTORS, 0, 0, 0, 0);
	if (ret != SMCCC_RET_SUCCESS || hvbar != stub_pa) {
		pr_err("cpu%u: HYP teardown failed: returned %d, HVBAR 0x%08x (want the stub at 0x%08x)\n",
		       cpu, (int)ret, hvbar, stub_pa);
		return -EFAULT;
	}
	pr_info("cpu%u: HYP teardown done: back on the hyp stub (HVBAR 0x%08x)\n", cpu, hvbar);
	return 0;
}

int hyp_check_abi(unsigned int cpu)
{
	/* A host address outside .hyp.text, and a stub call number. */
	u32 outside = kvm_call_hyp(hyp_check_abi);
	u32 stub = kvm_call_hyp(HVC_STUB_GET_VECTORS);

	if (outside != (u32)SMCCC_RET_NOT_SUPPORTED || stub != (u32)SMCCC_RET_NOT_SUPPORTED) {
		pr_err("cpu%u: HYP ran a host call it must refuse (returned 0x%x, 0x%x)\n", cpu,
		       outside, stub);
		return -EFAULT;
	}
	kvm_call_hyp(__kvm_flush_vm_context);
	pr_info("cpu%u: HYP refuses calls outside .hyp.text\n", cpu);
	return 0;
}

struct cpu_context *hyp_host_context(unsigned int cpu)
{
	return hyp_cpus[cpu].host_ctxt;
}

/* The runtime PGD is shared by every CPU: one change at a time. */
static struct spinlock runtime_pgd_lock = SPINLOCK_INIT;

int hyp_map(const void *start, const void *end)
{
	int err;

	spin_lock(&runtime_pgd_lock);
	err = hyp_map_kernel_range(&runtime_pgd, start, end, MMU_READ | MMU_WRITE);
	spin_unlock(&runtime_pgd_lock);
	return err;
}

void hyp_unmap(const void *start, const void *end)
{
	u32 first = (u32)start & ~(PAGE_SIZE - 1);
	int err;

	spin_lock(&runtime_pgd_lock);
	err = pgtable_unmap(&runtime_pgd, first, ALIGN_UP((u32)end, PAGE_SIZE) - first);
	spin_unlock(&runtime_pgd_lock);
	BUG_ON(err);
}
