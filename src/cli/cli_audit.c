/*
 * cli_audit.c - TODO (being written).
 */
#include "mh.h"
