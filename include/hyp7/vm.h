/*
 * VMs and vCPUs, with an API shaped like KVM's: create a VM, give it
 * memory, create vCPUs, reset them to the Linux boot-protocol entry, run
 * one until an exit the caller must handle, read and write its registers,
 * destroy the VM and get every page back.
 */
#ifndef HYP7_VM_H
#define HYP7_VM_H

#include <arch/spinlock.h>
#include <hyp7/pgtable.h>
#include <hyp7/types.h>
#include <hyp7/vcpu.h>
#include <hyp7/vmid.h>

#define VM_MAX_VCPUS 8
#define VM_MAX_MEM_REGIONS 4
#define VM_MAX_MMIO_RANGES 8
#define VM_NAME_LEN 32
/* A hostile guest can fault in a loop: the log names the first few, then counts. */
#define LOGGED_FAULTS_PER_VCPU 8

struct vm_mem_region {
	ipaddr_t base;
	u64 size;
	void *host_va; /* physically contiguous, linearly mapped */
};

struct vm_mmio_range {
	ipaddr_t base;
	u32 size;
};

struct vm {
	char name[VM_NAME_LEN];
	struct pgtable stage2;
	struct vm_vmid vmid;
	struct vm_mem_region mem[VM_MAX_MEM_REGIONS];
	unsigned int nr_mem;
	struct vm_mmio_range mmio[VM_MAX_MMIO_RANGES];
	unsigned int nr_mmio;
	struct vcpu *vcpus[VM_MAX_VCPUS];
	unsigned int nr_vcpus;
	u64 cntvoff; /* the host's counter when the VM was built: its virtual counter starts at 0 */
	/* Its stage 2 and VMID, as its vCPUs enter with them, and the VMID generation it is of (virt/vcpu_arch.c). */
	u64 vttbr;
	u64 vttbr_generation;
	struct vgic_dist vgic;
	u32 cpu_mask;  /* host CPUs its vCPUs may run on; 0 for any */
	/* Per host CPU: the vCPU of this VM that ran there last, +1 (0: none), as KVM's last_vcpu_ran. */
	u8 last_vcpu_ran[SCHED_MAX_CPUS];
	bool stopping; /* SYSTEM_OFF, RESET or an error: its vCPUs leave (virt/sched.c) */
	/*
	 * The counter value at which one of its devices raises an interrupt by
	 * itself (the RTC's alarm), ~0 for none: its sleeping vCPUs wake then,
	 * and the first to run makes it happen (virt/vmm.c).
	 */
	u64 device_deadline;
	/*
	 * Set from any CPU when a device of the VM has work only its vCPUs
	 * may do (frames from other VMs to put in its receive ring): a running
	 * vCPU leaves the guest for the VMM to do it (VCPU_EXIT_DEVICE).
	 */
	volatile bool device_work;
	/*
	 * Its devices, the vGIC's state and its vCPUs' power: what vCPUs on
	 * different host CPUs share. Taken before the scheduler's lock, never
	 * after it.
	 */
	struct spinlock lock;
};

/*
 * Whether guests get the hardware PMU as it is (boot option hyp7.pmu=shared,
 * for benchmarks: it then counts HYP, the host and other VMs too) instead
 * of a PMU that is hidden from them. Set before the first vCPU is reset.
 */
extern bool vcpu_pmu_shared;

int vm_create(const char *name, struct vm **vm);
/* Backs [base, base + size) of the guest with fresh zeroed host RAM. */
int vm_add_memory(struct vm *vm, ipaddr_t base, u64 size);
/* Accesses to [base, base + size) become VCPU_EXIT_MMIO exits. */
int vm_add_mmio(struct vm *vm, ipaddr_t base, u32 size);
/* Host VA of the guest's memory at [ipa, ipa + size), or NULL if it is not all RAM. */
void *vm_ipa_to_va(const struct vm *vm, ipaddr_t ipa, u64 size);
void vm_destroy(struct vm *vm);

int vcpu_create(struct vm *vm, struct vcpu **vcpu);
/* Linux boot protocol: SVC, A/I/F masked, MMU off, r0 = 0, r1 = ~0, r2 = dtb. */
void vcpu_reset(struct vcpu *vcpu, ipaddr_t entry, ipaddr_t dtb);
/*
 * Runs vcpu until an exit the caller handles, or until the current time
 * slice (arch/preempt.h) is over: 0 with vcpu->exit filled in, or -errno.
 * After VCPU_EXIT_MMIO for a read, the caller puts the data in
 * vcpu->exit.mmio.data before the vCPU's next run.
 */
int vcpu_run(struct vcpu *vcpu);
void vcpu_get_regs(const struct vcpu *vcpu, struct vcpu_regs *regs);
void vcpu_set_regs(struct vcpu *vcpu, const struct vcpu_regs *regs);

#endif
