/*
 * confirm.h - TODO (being written).
 */
#ifndef MH_CONFIRM_H
#define MH_CONFIRM_H
#endif
