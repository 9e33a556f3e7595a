/*
 * gather.c - see gather.h.  (Being written.)
 */
#include "mh.h"

#include "gather.h"
