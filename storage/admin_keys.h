/* SPDX-License-Identifier: MIT */
/*
 * storage/admin_keys.h
 *
 * The credentials operators manage: an org's SCIM tokens (created in
 * storage/org.c) and API keys, and the operator tokens of /admin/v1.
 * Only hashes are stored, passed as hex. Strings are copied into the
 * arena given; writes run inside db_tx_run.
 */
#ifndef SCIMD_ST_ADMIN_KEYS_H
#define SCIMD_ST_ADMIN_KEYS_H

#include <stddef.h>

#include "domain/base/admin_row.h"
#include "domain/base/arena.h"
#include "domain/base/err.h"
#include "storage/db.h"

/* *rows is an arena array of the org's *n tokens, oldest first. */
int	db_token_list(struct token_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/* 404 when the org has no such live token. */
int	db_token_revoke(struct db_conn *, const char *org_id,
	    const char *token_id, struct err *err);

/* Returns the new key's id. */
int	db_api_key_insert(const char **id, struct db_conn *, struct arena *,
	    const char *org_id, const char *member_id, const char *label,
	    const char *hash_hex, struct err *err);
/* *rows is an arena array of the org's *n API keys, oldest first. */
int	db_api_key_list(struct api_key_row **rows, size_t *n, struct db_conn *,
	    struct arena *, const char *org_id, struct err *err);
/* 404 when the org has no such live key. */
int	db_api_key_revoke(struct db_conn *, const char *org_id,
	    const char *key_id, struct err *err);

int	db_operator_token_insert(struct db_conn *, const char *label,
	    const char *hash_hex, struct err *err);
/* 401 unless a live operator token has this hash. */
int	db_operator_token_auth(struct db_conn *, const char *hash_hex,
	    struct err *err);

#endif
