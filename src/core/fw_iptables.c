/*
 * fw_iptables.c - TODO (being written).
 */
#include "mh.h"
