/*
 * fw_ufw.c - TODO (being written).
 */
#include "mh.h"
