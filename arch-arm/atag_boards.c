/*
 * Boards that may start hyp7 with ATAGs instead of a DTB, known by the
 * Linux machine id in r1. hyp7 cannot boot without a DTB; this table only
 * lets it say so on the board's UART and power the board off. Nothing
 * else uses these addresses: every fact of a real boot comes from the DTB.
 */
#include <arch/atag_boards.h>
#include <hyp7/types.h>

#define MACH_TYPE_VEXPRESS 2272
#define VEXPRESS_SYS_CFG_SHUTDOWN 8

static const struct atag_board atag_boards[] = {
	{ MACH_TYPE_VEXPRESS, "Versatile Express", 0x1c090000, 0x1c010000,
	  VEXPRESS_SYS_CFG_SHUTDOWN },
};

const struct atag_board *atag_board_find(u32 machine_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(atag_boards); i++)
		if (atag_boards[i].machine_id == machine_id)
			return &atag_boards[i];
	return NULL;
}
