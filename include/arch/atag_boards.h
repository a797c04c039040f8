#ifndef ARCH_ATAG_BOARDS_H
#define ARCH_ATAG_BOARDS_H

#include <hyp7/types.h>

/* Where to tell a board booted without a DTB that this cannot work. */
struct atag_board {
	u32 machine_id;
	const char *name;
	u64 uart_pa;
	u64 vexpress_sysreg_pa;
	u32 vexpress_poweroff_func;
};

/* The board with this Linux machine id, or NULL. */
const struct atag_board *atag_board_find(u32 machine_id);

#endif
