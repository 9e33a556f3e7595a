/*
 * undo.h - TODO (being written).
 */
#ifndef MH_UNDO_H
#define MH_UNDO_H
#endif
