/* Compiled once per guest with -DGUEST_NAME="..." */
#include "guest.h"
const char guest_name[] = GUEST_NAME;
