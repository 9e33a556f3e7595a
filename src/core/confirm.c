/*
 * confirm.c - TODO (being written).
 */
#include "mh.h"
