/*
 * view_system.c - TODO.
 */
#include "mh.h"

#include <cdk/cdk.h>
