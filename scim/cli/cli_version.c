/* SPDX-License-Identifier: MIT */
/*
 * scim/cli/cli_version.c
 *
 * `scimd --version` and `scimd version`: the project version of
 * CMakeLists.txt and, when the build ran in a git checkout, its commit,
 * from the header cmake/version.cmake writes into the build tree.
 */
#include <stdio.h>

#include "scim/cli/cli_int.h"
#include "scimd_version.h"

void
cli_print_version(FILE *out)
{
	if (SCIMD_COMMIT[0] != '\0')
		fprintf(out, "scimd %s (commit %s)\n", SCIMD_VERSION_STRING,
		    SCIMD_COMMIT);
	else
		fprintf(out, "scimd %s\n", SCIMD_VERSION_STRING);
}
