/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/bulk_remove.h
 *
 * The user removals of a /Bulk request, decided and applied together
 * before the request's other operations run.
 */
#ifndef SCIMD_BULK_REMOVE_H
#define SCIMD_BULK_REMOVE_H

#include <cjson/cJSON.h>

#include "scim/resources/handlers.h"

/*
 * Applies every user removal of `ops` (n operations) in one domain
 * transaction, all or none. Returns NULL when there is none; else an
 * arena array of n results (consumed by whoever adds them to the
 * response) in which the removals' entries are filled and the others
 * NULL (still to run) -- or, when one removal was refused, every entry
 * is filled: the refused one with its error, the rest with 424.
 */
cJSON	**scim_bulk_removals(struct scim_call *, const cJSON *ops, int n);

#endif
