/* SPDX-License-Identifier: MIT */
/*
 * scim/resources/handlers.h
 *
 * Resource handlers, called by scim/http/route.c after authentication. Each
 * fills the response, errors included.
 */
#ifndef SCIMD_HANDLERS_H
#define SCIMD_HANDLERS_H

#include "domain/member.h"
#include "scim/http/http.h"
#include "scim/http/request.h"
#include "scim/model/project.h"

struct scim_call {
	struct scim_resp	*resp;
	struct scim_req		*req;
	struct db_conn		*conn;
	struct dom_actor	 actor;
	const char		*id;		/* resource id from the path, or NULL */
	/*
	 * attributes/excludedAttributes, parsed before any write so that a
	 * bad projection is refused before anything changes.
	 */
	struct scim_projection	 proj;
};

void	scim_users_list(struct scim_call *);
void	scim_users_create(struct scim_call *);
void	scim_users_get(struct scim_call *);
void	scim_users_replace(struct scim_call *);
void	scim_users_patch(struct scim_call *);
void	scim_users_delete(struct scim_call *);

void	scim_groups_list(struct scim_call *);
void	scim_groups_create(struct scim_call *);
void	scim_groups_get(struct scim_call *);
void	scim_groups_replace(struct scim_call *);
void	scim_groups_patch(struct scim_call *);
void	scim_groups_delete(struct scim_call *);

/* POST /Bulk (RFC 7644 §3.7). */
void	scim_bulk(struct scim_call *);

/* /sso/v1; secret or token is the bearer credential of the request. */
void	scim_sso_login(struct scim_resp *, struct scim_req *, struct db_conn *,
	    const char *secret, size_t len);
void	scim_sso_session(struct scim_resp *, struct scim_req *,
	    struct db_conn *, const char *token, size_t len);

#endif
