/*
 * waiver.c - see waiver.h.  (Being written.)
 */
#include "mh.h"

#include "waiver.h"
