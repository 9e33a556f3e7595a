/*
 * fw_firewalld.c - TODO (being written).
 */
#include "mh.h"
