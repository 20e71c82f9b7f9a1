/* surveykit: analysis of service-recovery surveys. Dispatches git-style subcommands from the
 * command table; every error ends as one line on stderr and a documented exit code. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "io/output_guard.h"
#include "io/version.h"

static const struct command commands[] = {
	{"describe", NULL, describe_options, "DATA [--codebook CB] [--by VAR]",
	 "Items, scales and data quality of a wave: n, missing, out of range, mean, SD, median, skewness,\n"
	 "kurtosis (SPSS definitions), frequencies of groups, duplicate ids, straight-lining.",
	 &describe_steps, COMMAND_TYPED},
	{"reliability", NULL, reliability_options,
	 "DATA [--codebook CB] [--scale NAME] [--by VAR] [--validity]",
	 "Cronbach's alpha (Feldt CI), standardised alpha, average r, omega, item-total statistics per\n"
	 "scale; with --validity CR, AVE and the Fornell-Larcker table.",
	 &reliability_steps, COMMAND_TYPED},
	{"factor", NULL, factor_options,
	 "DATA (--items A,B,C | --codebook CB) [--factors K] [--rotation varimax|promax|oblimin|none]",
	 "KMO, Bartlett's test, eigenvalues and principal-axis factoring with rotation (as psych::fa).",
	 &factor_steps, COMMAND_TYPED},
	{"cfa", NULL, cfa_options,
	 "DATA [--codebook CB] [--scales A,B | --model FILE] [--estimator ml|mlm|mlr] [--missing listwise|fiml]\n"
	 "                          [--group VAR --invariance [--free ITEM,...]] [--boot N] [--seed S] [--std lv|ref]",
	 "Confirmatory factor analysis as lavaan's cfa(): fit (chi-square, CFI, TLI, RMSEA, SRMR), loadings,\n"
	 "CR, AVE, Fornell-Larcker, HTMT with bootstrap CIs, common-method checks, modification indices and\n"
	 "measurement invariance across groups (configural, metric, scalar, strict).",
	 &cfa_steps, COMMAND_TYPED},
	{"mediate", NULL, mediate_options,
	 "DATA --y VAR --x VAR --m VAR[,VAR...] [--w VAR] [--cov VAR,...] [--boot [N]] [--seed S]",
	 "Mediation as PROCESS model 4 (parallel mediators) and model 7 (first-stage moderated mediation,\n"
	 "--w): every regression, total, direct and indirect effects with bootstrap CIs, standardised\n"
	 "indirect effects, conditional indirect effects and the index of moderated mediation.",
	 &mediate_steps, COMMAND_TYPED},
	{"moderate", NULL, moderate_options,
	 "DATA --y VAR --x VAR --w VAR [--z VAR --model 2|3] [--cov VAR,...] [--center] [--probe ...] [--jn]\n"
	 "                          [--boot [N]] [--seed S] [--hc 0..4]",
	 "Moderation as PROCESS models 1, 2 and 3: the model, the test of the highest-order interaction,\n"
	 "conditional effects of X at values of the moderator(s), Johnson-Neyman regions, simple-slopes data\n"
	 "and bootstrap CIs; X and W may be continuous, dichotomous or categorical (indicator-coded).",
	 &moderate_steps, COMMAND_TYPED},
	{"process", NULL, process_options,
	 "DATA --model N --y VAR --x VAR [--m M1,...] [--w VAR] [--z VAR] [--cov A,B] [--boot N] [--mcx CODING]\n"
	 "                          | DATA --within --y Y1,Y2 (--m A1,A2,... | --w VAR)",
	 "Any model PROCESS v4 numbers (1-92) from one engine: every equation (OLS, or logistic for a Y\n"
	 "with two values), direct, indirect and conditional effects, indices of moderated mediation,\n"
	 "contrasts, Johnson-Neyman regions and bootstrap CIs; --within: two-condition designs as MEMORE.",
	 &process_command_steps, COMMAND_TYPED},
	{"regress", NULL, regress_options,
	 "DATA --y VAR --x VAR[,VAR...] [--cov VAR,...] [--blocks A,B;C] [--by VAR] [--hc 0..4]",
	 "OLS regression: coefficients with CIs, standardised betas, R2, F, tolerance and VIF, residual\n"
	 "diagnostics, HC0-HC4 standard errors, hierarchical blocks with the R2 change, and with --by the\n"
	 "regression per group side by side with the tests that the slopes differ.",
	 &regress_steps, COMMAND_TYPED},
	{"correlate", NULL, correlate_options, "DATA [--codebook CB] [--vars A,B,...] [--listwise]",
	 "Pearson correlations of the scales (or named variables) with p-values, n and Fisher-z CIs.",
	 &correlate_steps, COMMAND_TYPED},
	{"segment", NULL, segment_options,
	 "DATA --on VAR,VAR [--method median|tertile|kmeans] [--k K] [--seed S] [--outcomes A,B,...]",
	 "Segments of respondents (median or tertile groups crossed, or k-means clusters): sizes,\n"
	 "centroids, outcome means per segment and the one-way test that segments differ.",
	 &segment_steps, COMMAND_TYPED},
	{"report", cmd_report, report_options,
	 "DATA [--codebook CB] --out DIR [--force] [--scenario VAR] [--traits A,B] [--outcomes X,Y,...]",
	 "The study plan in one run: screening, reliability and validity, correlations, scenario\n"
	 "comparisons, regressions and moderation by the traits, segments, charts and findings.\n"
	 "Writes DIR/report.txt, report.md, results.json and charts/ (gnuplot).",
	 NULL, COMMAND_OWN_RUN},
	{"waves", cmd_waves, waves_options,
	 "W1 W2 ... [--codebook CB] --out DIR [--force] [--labels A,B,...]",
	 "A report per wave plus the comparison of the waves: scale means and reliability by wave with\n"
	 "tests of change, and a table of what changed (Holm-adjusted p < .05).",
	 NULL, COMMAND_OWN_RUN},
	{"score", cmd_score, score_options, "DATA [--codebook CB] [--keep ids|all] [-o FILE]",
	 "Scale scores as CSV, one row per respondent, after the id and group columns (or all columns).",
	 NULL, COMMAND_OWN_RUN},
	{"compare", NULL, compare_options,
	 "DATA --y VAR[,VAR] --by VAR[,VAR] [--cov VAR,...] [--contrast KIND] [--control LEVEL] [--posthoc METHOD]\n"
	 "       [--ss 2|3] | DATA --zone DIMENSION --by VAR | DATA --within VAR,VAR[,...] [--between VAR]",
	 "Compare an outcome across scenarios: between subjects (one-way ANOVA, Welch, Brown-Forsythe,\n"
	 "Levene, Kruskal-Wallis, post hoc tests, planned contrasts, the recovery paradox; two-way ANOVA\n"
	 "with simple effects; ANCOVA; MANOVA), the zone of tolerance, within subjects (paired t and\n"
	 "Wilcoxon, or repeated-measures ANOVA with sphericity corrections, Friedman and pairwise tests)\n"
	 "or mixed (--within with --between). Effect sizes with confidence intervals.",
	 &compare_steps, COMMAND_TYPED},
	{"crosstab", NULL, crosstab_options, "DATA --rows VAR --cols VAR [--bands B1,B2,...] [--fisher auto|exact|mc|off] [--seed S] [--sims N]",
	 "Cross two grouping variables: counts, row/column %, chi-square (Yates for 2 x 2), Fisher's\n"
	 "exact test, Cramer's V with CI and adjusted standardised residuals.",
	 &crosstab_steps, COMMAND_TYPED},
	{"simulate", cmd_simulate, simulate_options, "[--design between|within|recovery] [--n N] [--seed S] [-o FILE]",
	 "Write a study-shaped wave with planted effects (and its codebook next to FILE).",
	 NULL, COMMAND_OWN_RUN},
	{"codebook", cmd_codebook, codebook_options, "DATA [-o codebook.csv]",
	 "Write a starting codebook for a wave: the labels and missing values of a .sav, or what\n"
	 "inference makes of a CSV, ready to edit.",
	 NULL, COMMAND_OWN_RUN},
	{"convert", cmd_convert, convert_options, "IN OUT [--codebook CB] [--scores]",
	 "Convert a wave between CSV (+ OUT.codebook.csv) and SPSS .sav/.zsav/.por, keeping values,\n"
	 "variable and value labels and missing codes; reads Stata .dta and SAS .sas7bdat too.",
	 NULL, COMMAND_OWN_RUN},
	{"reshape", cmd_reshape, reshape_options, "DATA OUT --to long|wide [--index VAR] [--id VAR] [--marker s]",
	 "Turn a within-subjects wave from wide (sat_s1_1, sat_s2_1, ...) to long (a row per respondent\n"
	 "and scenario, a scenario column) or back.",
	 NULL, COMMAND_OWN_RUN},
	{"prepare", cmd_prepare, prepare_options, "DATA [--codebook CB] --filter EXPR [--filter EXPR ...] -o OUT.csv",
	 "The analysed sample as a file: the rows the --filter steps keep (OUT.csv), their codebook\n"
	 "(OUT.codebook.csv) and each removed row's id, line and step (OUT.exclusions.csv).",
	 NULL, COMMAND_OWN_RUN},
	{"stack", cmd_stack, stack_options, "W1 W2 ... -o ALL.csv [--wave-column wave] [--labels A,B,...]",
	 "The waves as one file with a wave column, once their codebooks are checked to agree (each\n"
	 "difference is reported).",
	 NULL, COMMAND_OWN_RUN},
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: surveykit COMMAND [ARGS] [--help]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].synopsis);
	fprintf(out, "\nexit codes: 0 ok, 1 analysis not possible on this data (or out of memory), 2 usage error,\n"
		     "            3 unreadable or invalid input, 4 output cannot be written\n");
}

/* Standard streams the caller closed (`surveykit describe DATA >&-`) are held open on /dev/null
 * read-only, so no file opened later takes descriptor 1 and receives the report, and writing the
 * report fails (EBADF): exit 4. A file size limit (ulimit -f) makes a write fail with EFBIG
 * instead of killing the process, so the partial output file is removed as on a full disk. */
static void guard_output(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
			break;
	signal(SIGXFSZ, SIG_IGN);
}

/* A typed command: options parsed and validated, DATA loaded, the analysis run, its document
 * emitted and written; the request and result are released whatever step failed. */
static int run_steps(const struct command_steps *s, const struct cli *cli, struct sk_error *err)
{
	void *request = calloc(1, s->request_size), *result = calloc(1, s->result_size);
	struct dataset ds;
	const char *path;
	json_t *doc;
	int status;

	if (!request || !result)
		status = sk_out_of_memory(err);
	else if ((status = cli_data_path(cli, &path, err)) == 0 && (status = s->parse(cli, request, err)) == 0 &&
		 (status = dataset_load(&ds, path, cli, err)) == 0) {
		if ((status = s->run(request, &ds, result, err)) == 0) {
			doc = s->emit(result);
			status = doc ? command_output(cli, doc, err) : sk_out_of_memory(err);
			json_decref(doc);
		}
		s->result_release(result);
		dataset_free(&ds);
	}
	if (request)
		s->request_release(request);
	free(request);
	free(result);
	return status;
}

static int wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sk_error err = {0};
	const struct command *cmd = NULL;
	struct cli cli;
	int status;

	gsl_set_error_handler_off();
	guard_output();
	/* before any thread starts: an interrupt removes the run's temporaries (io/output_guard.h) */
	output_guard_start();
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SK_EXIT_USAGE : SK_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("surveykit %s\n", SURVEYKIT_VERSION);
		return fflush(stdout) == 0 ? SK_EXIT_OK : SK_EXIT_OUTPUT;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "surveykit: unknown command '%s' (see 'surveykit --help')\n", argv[1]);
		return SK_EXIT_USAGE;
	}
	if (wants_help(argc - 2, argv + 2)) {
		cli_print_help(stdout, cmd->name, cmd->synopsis, cmd->summary, cmd->options);
		return fflush(stdout) == 0 ? SK_EXIT_OK : SK_EXIT_OUTPUT;
	}
	status = cli_parse(&cli, cmd->name, cmd->options, argc - 2, argv + 2, &err);
	if (status == 0)
		status = cmd->flags & COMMAND_TYPED ? run_steps(cmd->steps, &cli, &err) : cmd->run(&cli, &err);
	cli_free(&cli);
	if (status != 0) {
		fflush(stdout);
		fprintf(stderr, "surveykit: %s\n", err.msg);
	}
	return status;
}
