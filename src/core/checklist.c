/*
 * checklist.c - see checklist.h.  (Being written.)
 */
#include "mh.h"

#include "checklist.h"
