/* SPDX-License-Identifier: MIT */
/*
 * domain/base/schema.h
 *
 * The attribute catalog of the schemas scimd implements (RFC 7643 §4 and
 * §8.7): one source of truth for request validation and projection
 * (scim/), the /Schemas documents (scim/) and the resolution of filter and
 * sort attributes to columns (storage/). Pure data and lookups.
 */
#ifndef SCIMD_SCHEMA_H
#define SCIMD_SCHEMA_H

#include <stddef.h>

#define SCHEMA_URN_USER		"urn:ietf:params:scim:schemas:core:2.0:User"
#define SCHEMA_URN_ENTERPRISE	"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define SCHEMA_URN_GROUP	"urn:ietf:params:scim:schemas:core:2.0:Group"

enum schema_type {
	SCHEMA_STRING, SCHEMA_BOOLEAN, SCHEMA_DECIMAL, SCHEMA_INTEGER,
	SCHEMA_DATETIME, SCHEMA_REFERENCE, SCHEMA_COMPLEX, SCHEMA_BINARY
};

enum schema_mut { SCHEMA_RW, SCHEMA_RO, SCHEMA_IMMUTABLE, SCHEMA_WO };
enum schema_ret { SCHEMA_RET_DEFAULT, SCHEMA_RET_ALWAYS, SCHEMA_RET_NEVER,
	SCHEMA_RET_REQUEST };
enum schema_uniq { SCHEMA_UNIQ_NONE, SCHEMA_UNIQ_SERVER, SCHEMA_UNIQ_GLOBAL };

struct schema_attr {
	const char			*name;
	enum schema_type		 type;
	int				 multi;
	int				 required;
	int				 case_exact;
	enum schema_mut			 mutability;
	enum schema_ret			 returned;
	enum schema_uniq		 uniqueness;
	const char			*description;
	const char *const		*canonical;	/* NULL-terminated or NULL */
	const char *const		*ref_types;	/* NULL-terminated or NULL */
	const struct schema_attr	*sub;
	size_t				 nsub;
	/*
	 * Most characters a string value may hold; 0 means
	 * SCHEMA_MAX_LEN_DEFAULT (binary values are bounded by the body
	 * limit alone). Indexed columns get limits that keep a btree row,
	 * at 4 bytes a character, under PostgreSQL's 2,704-byte maximum.
	 */
	size_t				 max_len;
};

#define SCHEMA_MAX_LEN_DEFAULT	4096

struct schema {
	const char			*id;		/* the URN */
	const char			*name;
	const char			*description;
	const struct schema_attr	*attrs;
	size_t				 nattrs;
};

struct schema_rtype {
	const char		*id;		/* "User" */
	const char		*endpoint;	/* "/Users" */
	const char		*description;
	const struct schema	*core;
	const struct schema	*ext;		/* one extension or NULL */
	int			 ext_required;
};

extern const struct schema	 schema_user;
extern const struct schema	 schema_enterprise_user;
extern const struct schema	 schema_group;
/* id, externalId and meta (RFC 7643 §3.1), shared by every resource type. */
extern const struct schema	 schema_common;

extern const struct schema_rtype schema_rtype_user;
extern const struct schema_rtype schema_rtype_group;

/* Every schema served by /Schemas, NULL-terminated. */
extern const struct schema *const schema_all[];

/* Case-insensitive lookups; NULL when absent. */
const struct schema		*schema_find(const char *urn);
const struct schema_attr	*schema_attr_find(const struct schema *,
				    const char *name);
const struct schema_attr	*schema_sub_find(const struct schema_attr *,
				    const char *name);

/*
 * The roles an organization knows, strongest first, NULL-terminated:
 * owner, admin, member, viewer. A viewer, like a member, cannot manage
 * members.
 */
extern const char *const schema_roles[];

/* Index of role in schema_roles (0 strongest), or -1 when it is none. */
int	schema_role_rank(const char *role);

/*
 * The role a member holds: the stronger of the one held directly and the
 * one a group mapping grants (group may be NULL). Borrowed from the args.
 */
const char *schema_role_held(const char *direct, const char *group);

/*
 * What a path resolves to for one resource type. `schema` is the schema
 * the attribute belongs to (schema_common for id/externalId/meta), `attr`
 * the attribute and `sub` the sub-attribute or NULL.
 */
struct schema_ref {
	const struct schema		*schema;
	const struct schema_attr	*attr;
	const struct schema_attr	*sub;
};

/*
 * Resolves urn (may be NULL) + attr + sub (may be NULL) for resource type
 * rt. Without a URN the core schema and the common attributes are
 * searched, then the extension. Returns 0 and fills *out, or -1 when the
 * path names nothing.
 */
int	schema_resolve(struct schema_ref *out, const struct schema_rtype *rt,
	    const char *urn, const char *attr, const char *sub);

/*
 * Splits a textual path "urn:...:User:name.givenName" or "name.givenName"
 * into its URN prefix (if it names a known schema of rt) and the rest.
 * Returns the length of the URN prefix (0 when none); *rest points after
 * the separating ':'.
 */
size_t	schema_split_urn(const struct schema_rtype *rt, const char *path,
	    const char **rest);

#endif
