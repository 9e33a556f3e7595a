/*
 * check.c - see check.h.  (Being written.)
 */
#include "mh.h"

#include "check.h"
