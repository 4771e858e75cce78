/* SPDX-License-Identifier: MIT */
/*
 * domain/base/admin_row.h
 *
 * The records the operator actions list (an org's domains, SCIM tokens,
 * API keys, audit events) as every layer sees them: storage fills them,
 * domain passes them on, scim renders them. Plain data; strings are
 * borrowed from the request arena. Times are ISO 8601 UTC strings.
 */
#ifndef SCIMD_ADMIN_ROW_H
#define SCIMD_ADMIN_ROW_H

struct domain_row {
	const char	*domain;	/* lower case */
	int		 verified;
	int		 jit;
};

struct token_row {
	const char	*id;
	const char	*label;
	const char	*admin_user_name;	/* NULL when none */
	const char	*created;
	const char	*last_used;		/* NULL when never */
	const char	*revoked;		/* NULL when live */
};

struct api_key_row {
	const char	*id;
	const char	*label;
	const char	*member_id;		/* the member who created it */
	const char	*created;
	const char	*revoked;		/* NULL when live */
};

struct audit_row {
	long long	 id;
	const char	*at;			/* microseconds */
	const char	*action;
	const char	*actor_token_id;	/* NULL for operator actions */
	const char	*actor_member_id;
	const char	*target_member_id;
	const char	*person_id;
	const char	*target_user_name;
	const char	*target_email;
	const char	*detail;		/* JSON object text */
};

/* Which audit events to list; NULL members do not filter. */
struct audit_query {
	const char	*target;	/* member id or userName */
	const char	*action;	/* e.g. member.removed */
	const char	*since;		/* ISO 8601, inclusive */
	const char	*until;		/* ISO 8601, exclusive */
	long long	 limit;		/* > 0 */
};

#endif
