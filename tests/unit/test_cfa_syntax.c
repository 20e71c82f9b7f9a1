/* The lavaan-syntax reader (io/cfa_syntax.h): what it accepts, the model it builds (a fit of it
 * against lavaan), and one message with line and column for each kind of bad model. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cfa_ref.h"
#include "io/cfa_syntax.h"
#include "models/cfa_fit.h"
#include "test.h"

static const char *const hs_columns[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};

/* Parses and builds text against the HS columns; returns the exit code, err filled. */
static int build(const char *text, size_t groups, struct cfa_syntax_model *m, struct sk_error *err)
{
	struct cfa_syntax s;
	int status = cfa_syntax_parse(text, strlen(text), &s, err);
	if (status)
		return status;
	status = cfa_syntax_build(&s, groups, hs_columns, 9, m, err);
	cfa_syntax_free(&s);
	return status;
}

static void expect_error(const char *text, const char *message)
{
	struct cfa_syntax_model m;
	struct sk_error err = {0};

	CHECK_INT(build(text, 1, &m, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, message);
}

TEST(cfa_syntax_lavaan_model)
{
	/* the model of scripts/ref/cfa.R, laid out with comments, ';', continuation lines */
	const char *text = "# Holzinger-Swineford, three factors\n"
			   "visual =~ NA*x1 + x2\n"
			   "          + x3        ! the third indicator\n"
			   "visual ~~ 1*visual; textual =~ x4 + a*x5 +\n"
			   "   a*x6\n"
			   "\n"
			   "speed =~ x7 + x8 + x9 + 0*x1\n"
			   "x7 ~~ x8\r\n";
	struct cfa_syntax_model m;
	struct sk_error err = {0};

	CHECK_INT(build(text, 1, &m, &err), 0);
	CHECK_INT(m.p, 9);
	CHECK_INT(m.m, 3);
	CHECK_STR(m.factors[0], "visual");
	CHECK_STR(m.factors[2], "speed");
	CHECK_STR(m.items[0], "x1");
	CHECK_STR(m.items[8], "x9");
	/* the data in the model's item order */
	struct cfa_case c;
	cfa_case_load(&c, "tests/fixtures/hs1939.csv", (const char *const *)m.items, m.p, NULL, 0, NULL, 1);
	struct cfa_options o;
	struct cfa_fit *fit = NULL;
	cfa_options_init(&o);
	CHECK_INT(cfa_fit_run(&m.spec, &c.data, &o, &fit), GSL_SUCCESS);
	if (fit && fit->converged) {
		json_t *ref = cfa_ref("hs1939.json", "syntax");
		cfa_check_estimates(fit, ref, (const char *const *)m.items, (const char *const *)m.factors, 1e-5);
		cfa_check_measures(fit, ref, 1e-5);
		/* x5 and x6 share a label: one estimate */
		size_t a = cfa_spec_find(&fit->spec, CFA_LOADING, 0, 4, 1), b = cfa_spec_find(&fit->spec, CFA_LOADING, 0, 5, 1);
		CHECK(fit->par[a].est == fit->par[b].est);
	}
	cfa_fit_free(fit);
	cfa_case_free(&c);
	cfa_syntax_model_free(&m);
}

TEST(cfa_syntax_groups_and_labels)
{
	struct cfa_syntax_model m;
	struct sk_error err = {0};

	CHECK_INT(build("f =~ x1 + b*x2 + x3\ng =~ x4 + b*x5 + x6", 2, &m, &err), 0);
	/* every statement in both groups; one label for the four parameters named b */
	size_t a = cfa_spec_find(&m.spec, CFA_LOADING, 0, 1, 0), b = cfa_spec_find(&m.spec, CFA_LOADING, 1, 4, 1);
	CHECK(a != CFA_NONE && b != CFA_NONE);
	CHECK(m.spec.param[a].label != CFA_NO_LABEL && m.spec.param[a].label == m.spec.param[b].label);
	CHECK_INT(m.spec.n_param, 12);
	cfa_syntax_model_free(&m);
}

TEST(cfa_syntax_modifiers)
{
	struct cfa_syntax_model m;
	struct sk_error err = {0};

	CHECK_INT(build("f =~ -1.5e0*x1 + NA*x2 + .5*x3 + lab.1*x4", 1, &m, &err), 0);
	CHECK(!m.spec.param[0].free && m.spec.param[0].value == -1.5);
	CHECK(m.spec.param[1].free && (m.spec.param[1].flags & CFA_VALUE_SET));
	CHECK(!m.spec.param[2].free && m.spec.param[2].value == 0.5);
	CHECK(m.spec.param[3].free && m.spec.param[3].label == 1 && !(m.spec.param[3].flags & CFA_VALUE_SET));
	cfa_syntax_model_free(&m);
}

TEST(cfa_syntax_errors)
{
	expect_error("", "the model has no statement (such as 'f =~ x1 + x2 + x3')");
	expect_error("# only a comment\n", "the model has no statement (such as 'f =~ x1 + x2 + x3')");
	expect_error("x1 + x2\nf =~ x1", "line 1, column 1: no operator in this line and no statement before it to continue");
	expect_error("f =~ x1 x2", "line 1, column 9: expected '+' between two names");
	expect_error("f =~ x1 +", "line 1, column 10: expected a name");
	expect_error("f =~ x1 + x10", "line 1, column 11: not a column of the data: x10");
	expect_error("x1 =~ x2 + x3", "line 1, column 1: a factor cannot be named like a column of the data: x1");
	expect_error("f =~ x1 + x2\ng =~ f + x3", "line 2, column 6: second-order factors are not supported: a factor as an indicator: f");
	expect_error("f =~ x1 + x2\nf ~~ x3", "line 2, column 6: a covariance between a factor and an item is not supported: x3");
	expect_error("f =~ x1 + x2\nx3 ~ f", "line 2, column 4: operator not supported: regressions and intercepts (~, ~1) are not part of a measurement model");
	expect_error("f =~ x1 + x2\nx1 ~ 1", "line 2, column 4: operator not supported: regressions and intercepts (~, ~1) are not part of a measurement model");
	expect_error("f =~ x1 + x2\na == b", "line 2, column 3: operator not supported: constraints and definitions (==, <, >, :=) are not supported");
	expect_error("f =~ c(1, 1)*x1", "line 1, column 7: vector modifiers c(...) and functions such as start() are not supported");
	expect_error("f =~ \"a\"*x1", "line 1, column 6: quoted labels are not supported: write the label as a name");
	expect_error("f =~ x1 + x2\nf =~ x2", "line 2, column 6: this parameter is already in the model: x2");
	expect_error("f =~ 2 x1", "line 1, column 7: expected '*' after the value");
	expect_error("f =~ NA + x1", "line 1, column 6: NA is not a variable name");
	expect_error("f =~ x1 ~~ x2", "line 1, column 9: a second operator in one statement");
	expect_error("f =~ x1 @ x2", "line 1, column 9: unexpected character '@'");
	expect_error("f =~ x1 + \x01", "line 1, column 11: unexpected byte 0x01");
	expect_error("=~ x1", "line 1, column 1: a statement must start with a name");
	expect_error("f =~ *x1", "line 1, column 6: expected a value, NA or a label before '*'");
	expect_error("f =~ 1*", "line 1, column 8: expected a name after '*'");
	char name[200];
	memset(name, 'a', sizeof name);
	name[199] = 0;
	char text[260];
	snprintf(text, sizeof text, "f =~ %s", name);
	expect_error(text, "line 1, column 6: a name is longer than the limit of 128 bytes");
	/* a NUL byte, and a model over the size limit */
	struct cfa_syntax s;
	struct sk_error err = {0};
	CHECK_INT(cfa_syntax_parse("f =~ x1\0x", 9, &s, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "the model holds a NUL byte: not a text file");
	char *big = malloc(CFA_SYNTAX_MAX_BYTES + 2);
	memset(big, ' ', CFA_SYNTAX_MAX_BYTES + 1);
	CHECK_INT(cfa_syntax_parse(big, CFA_SYNTAX_MAX_BYTES + 1, &s, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "the model is longer than the limit of 1 MiB");
	free(big);
}

TEST(cfa_syntax_any_items)
{
	/* without a list of columns every name that is not a factor is an item */
	struct cfa_syntax s;
	struct cfa_syntax_model m;
	struct sk_error err = {0};
	const char *text = "f =~ q1 + q2 + q3\nq1 ~~ q4";

	CHECK_INT(cfa_syntax_parse(text, strlen(text), &s, &err), 0);
	CHECK_INT(cfa_syntax_build(&s, 1, NULL, 0, &m, &err), 0);
	CHECK_INT(m.p, 4);
	CHECK_STR(m.items[3], "q4");
	cfa_syntax_model_free(&m);
	cfa_syntax_free(&s);
}

TEST(cfa_spec_lavaan_defaults)
{
	/* lavaan's cfa() defaults on f =~ x1 + x2 + x3, g =~ x4 (one indicator), with NA on g's only
	 * loading and g's variance fixed: x4's residual variance fixed at 0 (auto.fix.single),
	 * free residual variances, factor variances and the covariance (auto.var, auto.cov.lv.x) */
	struct cfa_syntax_model m;
	struct sk_error err = {0};
	struct cfa_spec_error serr;

	CHECK_INT(build("f =~ a*x1 + x2 + x3\ng =~ NA*x4\ng ~~ 1*g", 1, &m, &err), 0);
	CHECK_INT(cfa_spec_complete(&m.spec, 0, 0, NULL, 0, &serr), 0);
	const struct cfa_spec *s = &m.spec;
	size_t k = cfa_spec_find(s, CFA_LOADING, 0, 0, 0);
	CHECK(!s->param[k].free && s->param[k].value == 1 && s->param[k].label != CFA_NO_LABEL); /* a*x1 fixed */
	k = cfa_spec_find(s, CFA_LOADING, 0, 3, 1);
	CHECK(s->param[k].free);
	k = cfa_spec_find(s, CFA_RESID_COV, 0, 3, 3);
	CHECK(!s->param[k].free && s->param[k].value == 0);
	k = cfa_spec_find(s, CFA_RESID_COV, 0, 1, 1);
	CHECK(s->param[k].free);
	k = cfa_spec_find(s, CFA_FACTOR_COV, 0, 1, 0);
	CHECK(k != CFA_NONE && s->param[k].free);
	k = cfa_spec_find(s, CFA_FACTOR_COV, 0, 1, 1);
	CHECK(!s->param[k].free && s->param[k].value == 1);
	CHECK(cfa_spec_find(s, CFA_INTERCEPT, 0, 0, 0) == CFA_NONE);
	/* 4 loadings + 4 residual variances + 2 factor variances + 1 covariance */
	CHECK_INT(s->n_param, 11);
	cfa_syntax_model_free(&m);
}
