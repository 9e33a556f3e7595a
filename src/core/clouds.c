/*
 * clouds.c - TODO (being written).
 */
#include "mh.h"

#include "clouds.h"
