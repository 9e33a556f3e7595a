/*
 * fw_nft.c - TODO (being written).
 */
#include "mh.h"
