/*
 * cli_undo.c - TODO (being written).
 */
#include "mh.h"
