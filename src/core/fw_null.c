/*
 * fw_null.c - TODO (being written).
 */
#include "mh.h"
