/*
 * cond.c - see cond.h.  (Being written.)
 */
#include "mh.h"

#include "cond.h"
