/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_print.c
 *
 * What the subcommands print: one JSON document a line, the form the
 * admin API answers with, so scripts read both alike.
 */
#include "scim/cli/cli_int.h"

#include <stdio.h>

#include <cjson/cJSON.h>

void
cli_print_json(struct cJSON *json)
{
	char	*s = cJSON_PrintUnformatted(json);

	cJSON_Delete(json);
	if (s != NULL)
		printf("%s\n", s);
	cJSON_free(s);
}
