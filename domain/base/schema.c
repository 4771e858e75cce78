/* SPDX-License-Identifier: MIT */
/*
 * domain/base/schema.c
 *
 * The attribute tables of RFC 7643 §4.1, §4.2, §4.3 and §3.1 as scimd
 * implements them. Descriptions are the RFC's, shortened.
 */
#include "domain/base/schema.h"

#include <string.h>
#include <strings.h>

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const ref_user_group[] = { "User", "Group", NULL };
static const char *const ref_user[] = { "User", NULL };
static const char *const ref_external[] = { "external", NULL };
static const char *const ref_uri[] = { "uri", NULL };
static const char *const canon_email[] = { "work", "home", "other", NULL };
static const char *const canon_phone[] = { "work", "home", "mobile", "fax",
	"pager", "other", NULL };
static const char *const canon_ims[] = { "aim", "gtalk", "icq", "xmpp",
	"msn", "skype", "qq", "yahoo", NULL };
static const char *const canon_photo[] = { "photo", "thumbnail", NULL };
static const char *const canon_addr[] = { "work", "home", "other", NULL };
static const char *const canon_group_type[] = { "direct", "indirect", NULL };
static const char *const canon_member_type[] = { "User", "Group", NULL };

/* Strongest first: the order dom_role_rank() and the discovery use. */
const char *const schema_roles[] = { "owner", "admin", "member", "viewer",
	NULL };

static const struct schema_attr name_sub[] = {
	{ .name = "formatted", .type = SCHEMA_STRING, .max_len = 1024, .description = "The full name, formatted for display." },
	{ .name = "familyName", .type = SCHEMA_STRING, .max_len = 1024, .description = "The family name of the User." },
	{ .name = "givenName", .type = SCHEMA_STRING, .max_len = 1024, .description = "The given name of the User." },
	{ .name = "middleName", .type = SCHEMA_STRING, .max_len = 1024, .description = "The middle name(s) of the User." },
	{ .name = "honorificPrefix", .type = SCHEMA_STRING, .max_len = 1024, .description = "The honorific prefix(es) of the User." },
	{ .name = "honorificSuffix", .type = SCHEMA_STRING, .max_len = 1024, .description = "The honorific suffix(es) of the User." },
};

static const struct schema_attr email_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .max_len = 320, .description = "Email address for the User." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .canonical = canon_email, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary email address." },
};

static const struct schema_attr phone_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .description = "Phone number of the User." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .canonical = canon_phone, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary phone number." },
};

static const struct schema_attr ims_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .description = "Instant messaging address for the User." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .canonical = canon_ims, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary address." },
};

static const struct schema_attr photo_sub[] = {
	{ .name = "value", .type = SCHEMA_REFERENCE, .ref_types = ref_external, .description = "URL of a photo of the User." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .canonical = canon_photo, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary photo." },
};

static const struct schema_attr addr_sub[] = {
	{ .name = "formatted", .type = SCHEMA_STRING, .description = "The full mailing address, formatted for display." },
	{ .name = "streetAddress", .type = SCHEMA_STRING, .description = "The full street address component." },
	{ .name = "locality", .type = SCHEMA_STRING, .description = "The city or locality component." },
	{ .name = "region", .type = SCHEMA_STRING, .description = "The state or region component." },
	{ .name = "postalCode", .type = SCHEMA_STRING, .description = "The zip code or postal code component." },
	{ .name = "country", .type = SCHEMA_STRING, .description = "The country name component." },
	{ .name = "type", .type = SCHEMA_STRING, .canonical = canon_addr, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary address." },
};

static const struct schema_attr user_group_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .mutability = SCHEMA_RO, .description = "The identifier of the User's group." },
	{ .name = "$ref", .type = SCHEMA_REFERENCE, .mutability = SCHEMA_RO, .ref_types = ref_user_group, .description = "The URI of the corresponding 'Group' resource." },
	{ .name = "display", .type = SCHEMA_STRING, .mutability = SCHEMA_RO, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .mutability = SCHEMA_RO, .canonical = canon_group_type, .description = "A label indicating the attribute's function." },
};

static const struct schema_attr plain_multi_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .description = "The value." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary value." },
};

/* roles: the value is one of the roles an org knows (schema_roles). */
static const struct schema_attr role_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .canonical = schema_roles, .description = "The role: owner, admin, member or viewer." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary value." },
};

static const struct schema_attr cert_sub[] = {
	{ .name = "value", .type = SCHEMA_BINARY, .description = "The value of an X.509 certificate." },
	{ .name = "display", .type = SCHEMA_STRING, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .description = "A label indicating the attribute's function." },
	{ .name = "primary", .type = SCHEMA_BOOLEAN, .description = "Indicates the primary certificate." },
};

static const struct schema_attr user_attrs[] = {
	{ .name = "userName", .type = SCHEMA_STRING, .max_len = 256, .required = 1, .uniqueness = SCHEMA_UNIQ_SERVER, .description = "Unique identifier for the User, used to authenticate. Case-insensitive." },
	{ .name = "name", .type = SCHEMA_COMPLEX, .sub = name_sub, .nsub = N(name_sub), .description = "The components of the user's real name." },
	{ .name = "displayName", .type = SCHEMA_STRING, .max_len = 512, .description = "The name of the User, suitable for display to end-users." },
	{ .name = "nickName", .type = SCHEMA_STRING, .description = "The casual way to address the user." },
	{ .name = "profileUrl", .type = SCHEMA_REFERENCE, .ref_types = ref_external, .description = "A fully qualified URL pointing to a page representing the User's online profile." },
	{ .name = "title", .type = SCHEMA_STRING, .description = "The user's title, such as \"Vice President\"." },
	{ .name = "userType", .type = SCHEMA_STRING, .description = "Used to identify the relationship between the organization and the user." },
	{ .name = "preferredLanguage", .type = SCHEMA_STRING, .description = "Indicates the User's preferred written or spoken language." },
	{ .name = "locale", .type = SCHEMA_STRING, .description = "Used to indicate the User's default location." },
	{ .name = "timezone", .type = SCHEMA_STRING, .description = "The User's time zone in the 'Olson' time zone database format." },
	{ .name = "active", .type = SCHEMA_BOOLEAN, .description = "A Boolean value indicating the User's administrative status." },
	{ .name = "password", .type = SCHEMA_STRING, .mutability = SCHEMA_WO, .returned = SCHEMA_RET_NEVER, .description = "The User's cleartext password; never returned and not stored." },
	{ .name = "emails", .type = SCHEMA_COMPLEX, .multi = 1, .sub = email_sub, .nsub = N(email_sub), .description = "Email addresses for the user." },
	{ .name = "phoneNumbers", .type = SCHEMA_COMPLEX, .multi = 1, .sub = phone_sub, .nsub = N(phone_sub), .description = "Phone numbers for the User." },
	{ .name = "ims", .type = SCHEMA_COMPLEX, .multi = 1, .sub = ims_sub, .nsub = N(ims_sub), .description = "Instant messaging addresses for the User." },
	{ .name = "photos", .type = SCHEMA_COMPLEX, .multi = 1, .sub = photo_sub, .nsub = N(photo_sub), .description = "URLs of photos of the User." },
	{ .name = "addresses", .type = SCHEMA_COMPLEX, .multi = 1, .sub = addr_sub, .nsub = N(addr_sub), .description = "A physical mailing address for this User." },
	{ .name = "groups", .type = SCHEMA_COMPLEX, .multi = 1, .mutability = SCHEMA_RO, .sub = user_group_sub, .nsub = N(user_group_sub), .description = "A list of groups to which the user belongs." },
	{ .name = "entitlements", .type = SCHEMA_COMPLEX, .multi = 1, .sub = plain_multi_sub, .nsub = N(plain_multi_sub), .description = "A list of entitlements for the User." },
	{ .name = "roles", .type = SCHEMA_COMPLEX, .multi = 1, .sub = role_sub, .nsub = N(role_sub), .description = "A list of roles for the User." },
	{ .name = "x509Certificates", .type = SCHEMA_COMPLEX, .multi = 1, .sub = cert_sub, .nsub = N(cert_sub), .description = "A list of certificates issued to the User." },
};

static const struct schema_attr manager_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .description = "The id of the SCIM resource representing the User's manager." },
	{ .name = "$ref", .type = SCHEMA_REFERENCE, .ref_types = ref_user, .description = "The URI of the SCIM resource representing the User's manager." },
	{ .name = "displayName", .type = SCHEMA_STRING, .mutability = SCHEMA_RO, .description = "The displayName of the User's manager." },
};

static const struct schema_attr enterprise_attrs[] = {
	{ .name = "employeeNumber", .type = SCHEMA_STRING, .description = "Numeric or alphanumeric identifier assigned to a person." },
	{ .name = "costCenter", .type = SCHEMA_STRING, .description = "Identifies the name of a cost center." },
	{ .name = "organization", .type = SCHEMA_STRING, .description = "Identifies the name of an organization." },
	{ .name = "division", .type = SCHEMA_STRING, .description = "Identifies the name of a division." },
	{ .name = "department", .type = SCHEMA_STRING, .description = "Identifies the name of a department." },
	{ .name = "manager", .type = SCHEMA_COMPLEX, .sub = manager_sub, .nsub = N(manager_sub), .description = "The User's manager." },
};

static const struct schema_attr member_sub[] = {
	{ .name = "value", .type = SCHEMA_STRING, .mutability = SCHEMA_IMMUTABLE, .description = "Identifier of the member of this Group." },
	{ .name = "$ref", .type = SCHEMA_REFERENCE, .mutability = SCHEMA_IMMUTABLE, .ref_types = ref_user_group, .description = "The URI corresponding to a SCIM resource that is a member of this Group." },
	{ .name = "display", .type = SCHEMA_STRING, .mutability = SCHEMA_RO, .description = "A human-readable name, primarily used for display purposes." },
	{ .name = "type", .type = SCHEMA_STRING, .mutability = SCHEMA_IMMUTABLE, .canonical = canon_member_type, .description = "A label indicating the type of resource." },
};

static const struct schema_attr group_attrs[] = {
	{ .name = "displayName", .type = SCHEMA_STRING, .required = 1, .max_len = 512, .uniqueness = SCHEMA_UNIQ_SERVER, .description = "A human-readable name for the Group." },
	{ .name = "members", .type = SCHEMA_COMPLEX, .multi = 1, .sub = member_sub, .nsub = N(member_sub), .description = "A list of members of the Group." },
};

static const struct schema_attr meta_sub[] = {
	{ .name = "resourceType", .type = SCHEMA_STRING, .case_exact = 1, .mutability = SCHEMA_RO, .description = "The name of the resource type of the resource." },
	{ .name = "created", .type = SCHEMA_DATETIME, .mutability = SCHEMA_RO, .description = "The date and time the resource was added." },
	{ .name = "lastModified", .type = SCHEMA_DATETIME, .mutability = SCHEMA_RO, .description = "The most recent date and time the resource was modified." },
	{ .name = "location", .type = SCHEMA_REFERENCE, .mutability = SCHEMA_RO, .ref_types = ref_uri, .description = "The URI of the resource being returned." },
	{ .name = "version", .type = SCHEMA_STRING, .case_exact = 1, .mutability = SCHEMA_RO, .description = "The version of the resource being returned." },
};

static const struct schema_attr common_attrs[] = {
	{ .name = "id", .type = SCHEMA_STRING, .case_exact = 1, .mutability = SCHEMA_RO, .returned = SCHEMA_RET_ALWAYS, .uniqueness = SCHEMA_UNIQ_SERVER, .description = "A unique identifier for a SCIM resource as defined by the service provider." },
	{ .name = "externalId", .type = SCHEMA_STRING, .max_len = 512, .case_exact = 1, .description = "An identifier for the resource as defined by the provisioning client." },
	{ .name = "meta", .type = SCHEMA_COMPLEX, .mutability = SCHEMA_RO, .sub = meta_sub, .nsub = N(meta_sub), .description = "Resource metadata." },
};

const struct schema schema_user = {
	.id = SCHEMA_URN_USER, .name = "User", .description = "User Account",
	.attrs = user_attrs, .nattrs = N(user_attrs),
};

const struct schema schema_enterprise_user = {
	.id = SCHEMA_URN_ENTERPRISE, .name = "EnterpriseUser",
	.description = "Enterprise User",
	.attrs = enterprise_attrs, .nattrs = N(enterprise_attrs),
};

const struct schema schema_group = {
	.id = SCHEMA_URN_GROUP, .name = "Group", .description = "Group",
	.attrs = group_attrs, .nattrs = N(group_attrs),
};

const struct schema schema_common = {
	.id = "", .name = "Common", .description = "Common attributes",
	.attrs = common_attrs, .nattrs = N(common_attrs),
};

const struct schema_rtype schema_rtype_user = {
	.id = "User", .endpoint = "/Users", .description = "User Account",
	.core = &schema_user, .ext = &schema_enterprise_user,
};

const struct schema_rtype schema_rtype_group = {
	.id = "Group", .endpoint = "/Groups", .description = "Group",
	.core = &schema_group, .ext = NULL,
};

const struct schema *const schema_all[] = {
	&schema_user, &schema_enterprise_user, &schema_group, NULL
};

const struct schema *
schema_find(const char *urn)
{
	size_t	i;

	for (i = 0; schema_all[i] != NULL; i++)
		if (strcasecmp(schema_all[i]->id, urn) == 0)
			return schema_all[i];
	return NULL;
}

static const struct schema_attr *
attr_in(const struct schema_attr *attrs, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcasecmp(attrs[i].name, name) == 0)
			return &attrs[i];
	return NULL;
}

const struct schema_attr *
schema_attr_find(const struct schema *s, const char *name)
{
	return attr_in(s->attrs, s->nattrs, name);
}

const struct schema_attr *
schema_sub_find(const struct schema_attr *a, const char *name)
{
	if (a->sub == NULL)
		return NULL;
	return attr_in(a->sub, a->nsub, name);
}

static int
resolve_in(struct schema_ref *out, const struct schema *s, const char *attr,
    const char *sub)
{
	const struct schema_attr	*a = schema_attr_find(s, attr);

	if (a == NULL)
		return -1;
	out->schema = s;
	out->attr = a;
	out->sub = NULL;
	if (sub != NULL) {
		out->sub = schema_sub_find(a, sub);
		if (out->sub == NULL)
			return -1;
	}
	return 0;
}

int
schema_resolve(struct schema_ref *out, const struct schema_rtype *rt,
    const char *urn, const char *attr, const char *sub)
{
	if (urn != NULL) {
		if (strcasecmp(urn, rt->core->id) == 0)
			return resolve_in(out, rt->core, attr, sub) == 0 ? 0 :
			    resolve_in(out, &schema_common, attr, sub);
		if (rt->ext != NULL && strcasecmp(urn, rt->ext->id) == 0)
			return resolve_in(out, rt->ext, attr, sub);
		return -1;
	}
	if (resolve_in(out, &schema_common, attr, sub) == 0)
		return 0;
	if (resolve_in(out, rt->core, attr, sub) == 0)
		return 0;
	/* Clients write extension attributes unqualified (employeeNumber). */
	if (rt->ext != NULL && resolve_in(out, rt->ext, attr, sub) == 0)
		return 0;
	return -1;
}

static size_t
urn_prefix(const char *urn, const char *path, const char **rest)
{
	size_t	n = strlen(urn);

	if (strncasecmp(path, urn, n) == 0 && path[n] == ':') {
		*rest = path + n + 1;
		return n;
	}
	return 0;
}

size_t
schema_split_urn(const struct schema_rtype *rt, const char *path,
    const char **rest)
{
	size_t	n;

	*rest = path;
	if (rt->ext != NULL && (n = urn_prefix(rt->ext->id, path, rest)) > 0)
		return n;
	return urn_prefix(rt->core->id, path, rest);
}

int
schema_role_rank(const char *role)
{
	int	i;

	for (i = 0; role != NULL && schema_roles[i] != NULL; i++)
		if (strcmp(role, schema_roles[i]) == 0)
			return i;
	return -1;
}

const char *
schema_role_held(const char *direct, const char *group)
{
	int	d = schema_role_rank(direct), g = schema_role_rank(group);

	if (g >= 0 && (d < 0 || g < d))
		return group;
	return direct;
}
