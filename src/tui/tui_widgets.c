/*
 * tui_widgets.c - TODO.
 */
#include "mh.h"

#include <cdk/cdk.h>
