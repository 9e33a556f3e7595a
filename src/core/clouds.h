/*
 * clouds.h - TODO (being written): the cloud provider table from
 * data/clouds.conf.
 */
#ifndef MH_CLOUDS_H
#define MH_CLOUDS_H
#endif
