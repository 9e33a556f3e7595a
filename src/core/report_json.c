/*
 * report_json.c - see report.h.  (Being written.)
 */
#include "mh.h"

#include "report.h"
