/*
 * Spinlocks for the host's shared state (page allocator, HYP page tables,
 * VMIDs, the console) once several CPUs run guests. The host never takes
 * an interrupt, so a plain lock is enough: no interrupt masking.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <hyp7/types.h>

struct spinlock {
	volatile u32 locked;
};

#define SPINLOCK_INIT { 0 }

static inline void spin_lock(struct spinlock *lock)
{
	u32 busy;

	do {
		asm volatile("ldrex %0, [%1]\n\t"
			     "teq %0, #0\n\t"
			     "strexeq %0, %2, [%1]\n\t"
			     : "=&r"(busy)
			     : "r"(&lock->locked), "r"(1)
			     : "cc", "memory");
	} while (busy);
	asm volatile("dmb ish" : : : "memory"); /* nothing of the section moves above */
}

static inline void spin_unlock(struct spinlock *lock)
{
	asm volatile("dmb ish" : : : "memory"); /* nothing of the section moves below */
	lock->locked = 0;
}

#endif
