/*
 * plan.c - TODO (being written).
 */
#include "mh.h"
