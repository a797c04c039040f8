/*
 * The host unit tests' spinlock: one thread, so a lock only has to be
 * balanced, which it checks (a BUG_ON-style abort on a double take or a
 * release of a free lock). Found before include/arch/spinlock.h, whose
 * ldrex/strex do not build for the host.
 */
#ifndef ARCH_SPINLOCK_H
#define ARCH_SPINLOCK_H

#include <stdlib.h>

#include <hyp7/types.h>

struct spinlock {
	volatile u32 locked;
};

#define SPINLOCK_INIT { 0 }

static inline void spin_lock(struct spinlock *lock)
{
	if (lock->locked)
		abort();
	lock->locked = 1;
}

static inline void spin_unlock(struct spinlock *lock)
{
	if (!lock->locked)
		abort();
	lock->locked = 0;
}

#endif
