/* Every unit test binary's main: run one check suite, exit 1 if it failed. */
#ifndef RUN_SUITE_H
#define RUN_SUITE_H

#include <check.h>

int run_suite(Suite *suite);

#endif
