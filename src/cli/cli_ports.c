/*
 * cli_ports.c - TODO (being written).
 */
#include "mh.h"
