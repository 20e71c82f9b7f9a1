#include "analysis/cli/limits.h"

int limit_option(const struct cli *cli, const char *name, size_t def, size_t *out, struct sk_error *err)
{
	int status = cli_get_size(cli, name, def, out, err);

	if (status == 0 && *out == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--%s must be a positive whole number (see 'surveykit %s --help')", name,
			       cli->command);
	return status;
}
