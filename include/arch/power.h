/* Powering the machine off: PSCI SYSTEM_OFF, or the board's own way. */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

void __attribute__((noreturn)) machine_power_off(void);

#endif
