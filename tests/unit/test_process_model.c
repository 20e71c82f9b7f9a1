/* models/process_model: the template table, the equations derived from it, the indirect paths
 * and which indices of moderated mediation each path has. The equations of every model are also
 * checked against R lm fits in test_process.c. */
#include "test.h"

#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/process_model.h"

static const char *var_name(int v)
{
	static const char *fixed[] = {"X", "W", "Z"};
	static char buf[PROC_NVARS][8];

	if (v < PROC_M1)
		return fixed[v];
	if (v == PROC_Y)
		return "Y";
	snprintf(buf[v], sizeof buf[v], "M%d", v - PROC_M1 + 1);
	return buf[v];
}

/* The terms of equation e as "X W X:W" (covariates left out). */
static const char *terms(const struct proc_model *m, size_t e)
{
	static char out[1024];
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < m->eq[e].n_terms; i++) {
		const struct proc_term *t = &m->eq[e].term[i];
		for (size_t f = 0; f < t->n; f++) {
			const char *s = var_name(t->var[f]);
			int w = snprintf(out + len, sizeof out - len, "%s%s", f ? ":" : (i ? " " : ""), s);
			if (w < 0 || (size_t)w >= sizeof out - len)
				return out;
			len += (size_t)w;
		}
	}
	return out;
}

static const char *path_name(const struct proc_model *m, size_t p)
{
	static char out[128];
	size_t len = 0;

	out[0] = 0;
	for (size_t i = 0; i < m->path[p].len; i++) {
		int w = snprintf(out + len, sizeof out - len, "%sM%d", i ? "," : "", m->path[p].med[i] + 1);
		if (w < 0 || (size_t)w >= sizeof out - len)
			break;
		len += (size_t)w;
	}
	return out;
}

static struct proc_model model(int number, size_t k)
{
	struct proc_model m;
	enum proc_model_problem why;

	CHECK_INT(proc_model_init(&m, number, k, 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(why, PROC_MODEL_OK);
	return m;
}

TEST(process_template_numbers_are_those_of_process_v4)
{
	int got[100];
	size_t n = proc_template_numbers(got, 100), i = 0;

	CHECK_INT(n, 56);
	for (int v = 1; v <= 92; v++) {
		int defined = v <= 22 || v == 28 || v == 29 || (v >= 58 && v <= 76) || v >= 80;
		CHECK_INT(proc_template_find(v) != NULL, defined);
		if (defined && i < n)
			CHECK_INT(got[i++], v);
	}
	CHECK_INT(i, 56);
	CHECK(proc_template_find(0) == NULL);
	CHECK(proc_template_find(-4) == NULL);
	CHECK(proc_template_find(93) == NULL);
	CHECK(proc_template_find(1000) == NULL);
}

TEST(process_model_refuses_what_process_refuses)
{
	struct proc_model m;
	enum proc_model_problem why;
	static const int unknown[] = {0, 23, 27, 30, 45, 57, 77, 78, 79, 93, -1};
	static const struct {
		int number;
		size_t k;
	} counts[] = {{4, 0}, {4, 11}, {1, 1}, {6, 1}, {6, 7}, {80, 2}, {81, 7}, {82, 3}, {82, 5}, {83, 1}, {92, 7}, {87, 7}, {58, 0}};

	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		CHECK_INT(proc_model_init(&m, unknown[i], 1, 0, NULL, &why), GSL_EINVAL);
		CHECK_INT(why, PROC_MODEL_UNKNOWN);
	}
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		CHECK_INT(proc_model_init(&m, counts[i].number, counts[i].k, 0, NULL, &why), GSL_EINVAL);
		CHECK_INT(why, PROC_MODEL_MEDIATORS);
	}
	CHECK_INT(proc_model_init(&m, 4, 1, PROC_MAX_COVARIATES + 1, NULL, &why), GSL_EINVAL);
	CHECK_INT(why, PROC_MODEL_COVARIATES);
	CHECK_INT(proc_model_init(&m, 4, 10, PROC_MAX_COVARIATES, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_model_init(&m, 6, 6, 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(m.n_paths, 63);
	/* 83-92 take 2 to 6 mediators in series, as PROCESS 4.3 does */
	for (int number = 83; number <= 92; number++)
		for (size_t k = 2; k <= 6; k++)
			CHECK_INT(proc_model_init(&m, number, k, 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(m.n_paths, 63);
}

TEST(process_model_equations_follow_the_templates)
{
	struct proc_model m;

	m = model(1, 0);
	CHECK_INT(m.n_eq, 1);
	CHECK_STR(terms(&m, 0), "X W X:W");
	m = model(2, 0);
	CHECK_STR(terms(&m, 0), "X W X:W Z X:Z");
	m = model(3, 0);
	CHECK_STR(terms(&m, 0), "X W X:W Z X:Z W:Z X:W:Z");
	m = model(4, 2);
	CHECK_INT(m.n_eq, 4);
	CHECK_STR(terms(&m, 0), "X");
	CHECK_STR(terms(&m, 1), "X");
	CHECK_STR(terms(&m, 2), "X M1 M2");
	CHECK_INT(m.eq[3].total, 1);
	CHECK_STR(terms(&m, 3), "X");
	CHECK_INT(proc_model_total_equation(&m), 3);
	m = model(7, 1);
	CHECK_INT(m.n_eq, 2); /* moderated: no total-effect equation */
	CHECK_INT(proc_model_total_equation(&m), 2);
	CHECK_STR(terms(&m, 0), "X W X:W");
	CHECK_STR(terms(&m, 1), "X M1"); /* W only where a product needs it */
	m = model(8, 1);
	CHECK_STR(terms(&m, 1), "X M1 W X:W");
	m = model(13, 1);
	CHECK_STR(terms(&m, 0), "X W X:W Z X:Z W:Z X:W:Z");
	CHECK_STR(terms(&m, 1), "X M1 W X:W");
	m = model(21, 2);
	CHECK_STR(terms(&m, 1), "X W X:W");
	CHECK_STR(terms(&m, 2), "X M1 M2 Z Z:M1 Z:M2");
	m = model(58, 1);
	CHECK_STR(terms(&m, 1), "X M1 W W:M1");
	m = model(71, 1);
	CHECK_STR(terms(&m, 0), "X W X:W");
	CHECK_STR(terms(&m, 1), "X M1 W X:W W:M1 Z X:Z W:Z Z:M1 X:W:Z W:Z:M1");
	m = model(74, 1);
	CHECK_STR(terms(&m, 1), "X M1 X:M1");
	m = model(6, 3);
	CHECK_STR(terms(&m, 0), "X");
	CHECK_STR(terms(&m, 1), "X M1");
	CHECK_STR(terms(&m, 2), "X M1 M2");
	CHECK_STR(terms(&m, 3), "X M1 M2 M3");
	m = model(80, 4);
	CHECK_STR(terms(&m, 1), "X");
	CHECK_STR(terms(&m, 3), "X M1 M2 M3");
	m = model(81, 3);
	CHECK_STR(terms(&m, 1), "X M1");
	CHECK_STR(terms(&m, 2), "X M1");
	m = model(82, 4);
	CHECK_STR(terms(&m, 1), "X M1");
	CHECK_STR(terms(&m, 2), "X");
	CHECK_STR(terms(&m, 3), "X M3");
	m = model(83, 2);
	CHECK_STR(terms(&m, 0), "X W X:W");
	CHECK_STR(terms(&m, 1), "X M1");
	CHECK_STR(terms(&m, 2), "X M1 M2");
	m = model(91, 2);
	CHECK_STR(terms(&m, 1), "X M1 W W:M1");
	m = model(92, 2);
	CHECK_STR(terms(&m, 1), "X M1 W X:W W:M1");
	CHECK_STR(terms(&m, 2), "X M1 M2 W X:W W:M1 W:M2");
	CHECK(proc_model_uses(&m, PROC_W));
	CHECK(!proc_model_uses(&m, PROC_Z));
}

TEST(process_model_paths_in_process_order)
{
	struct proc_model m = model(6, 3);
	static const char *six[] = {"M1", "M1,M2", "M1,M3", "M1,M2,M3", "M2", "M2,M3", "M3"};
	static const char *eighty[] = {"M1", "M1,M4", "M2", "M2,M4", "M3", "M3,M4", "M4"};
	static const char *eighty_two[] = {"M1", "M1,M2", "M2", "M3", "M3,M4", "M4"};

	CHECK_INT(m.n_paths, 7);
	for (size_t p = 0; p < 7; p++)
		CHECK_STR(path_name(&m, p), six[p]);
	m = model(80, 4);
	CHECK_INT(m.n_paths, 7);
	for (size_t p = 0; p < 7; p++)
		CHECK_STR(path_name(&m, p), eighty[p]);
	m = model(82, 4);
	CHECK_INT(m.n_paths, 6);
	for (size_t p = 0; p < 6; p++)
		CHECK_STR(path_name(&m, p), eighty_two[p]);
	m = model(81, 3);
	CHECK_INT(m.n_paths, 5);
	m = model(6, 4);
	CHECK_INT(m.n_paths, 15);
	m = model(14, 3);
	CHECK_INT(m.n_paths, 3);
	m = model(1, 0);
	CHECK_INT(m.n_paths, 0);
}

TEST(process_model_index_kinds)
{
	static const struct {
		int number;
		size_t k, path;
		enum proc_index_kind kind;
		int v0, v1;
	} cases[] = {
		{4, 1, 0, PROC_INDEX_NONE, -1, -1},          {5, 1, 0, PROC_INDEX_NONE, -1, -1},
		{7, 2, 1, PROC_INDEX_SINGLE, PROC_W, -1},     {14, 1, 0, PROC_INDEX_SINGLE, PROC_W, -1},
		{9, 1, 0, PROC_INDEX_PARTIAL, PROC_W, PROC_Z}, {16, 1, 0, PROC_INDEX_PARTIAL, PROC_W, PROC_Z},
		{11, 1, 0, PROC_INDEX_CONDITIONAL, PROC_W, PROC_Z}, {18, 1, 0, PROC_INDEX_CONDITIONAL, PROC_W, PROC_Z},
		{20, 1, 0, PROC_INDEX_CONDITIONAL, PROC_W, PROC_Z}, {21, 1, 0, PROC_INDEX_CONDITIONAL, PROC_W, PROC_Z},
		{58, 1, 0, PROC_INDEX_NONE, -1, -1},          {64, 1, 0, PROC_INDEX_NONE, -1, -1},
		{74, 1, 0, PROC_INDEX_SINGLE, PROC_X, -1},     {83, 2, 0, PROC_INDEX_SINGLE, PROC_W, -1},
		{83, 2, 1, PROC_INDEX_SINGLE, PROC_W, -1},     {83, 2, 2, PROC_INDEX_NONE, -1, -1},
		{91, 2, 1, PROC_INDEX_SINGLE, PROC_W, -1},     {91, 2, 0, PROC_INDEX_NONE, -1, -1},
		{92, 2, 1, PROC_INDEX_NONE, -1, -1},          {6, 3, 3, PROC_INDEX_NONE, -1, -1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct proc_model m = model(cases[i].number, cases[i].k);
		int v[2];
		CHECK_INT(proc_path_index_kind(&m, cases[i].path, v), cases[i].kind);
		CHECK_INT(v[0], cases[i].v0);
		CHECK_INT(v[1], cases[i].v1);
	}
}

TEST(process_model_covariates_in_chosen_equations)
{
	struct proc_model m;
	enum proc_model_problem why;
	/* covariate 0 in M1 and Y, covariate 1 only in M2 (k = 2: flags M1, M2, Y) */
	const unsigned char in[] = {1, 0, 1, 0, 1, 0};

	CHECK_INT(proc_model_init(&m, 4, 2, 2, in, &why), GSL_SUCCESS);
	CHECK_INT(m.eq[0].cov[0], 1);
	CHECK_INT(m.eq[0].cov[1], 0);
	CHECK_INT(m.eq[1].cov[0], 0);
	CHECK_INT(m.eq[1].cov[1], 1);
	CHECK_INT(m.eq[2].cov[0], 1);
	CHECK_INT(m.eq[2].cov[1], 0);
	CHECK_INT(m.eq[3].cov[0], 1); /* the total-effect equation takes Y's covariates */
	CHECK_INT(m.eq[3].cov[1], 0);
	CHECK_INT(proc_model_init(&m, 4, 2, 2, NULL, &why), GSL_SUCCESS);
	for (size_t e = 0; e < m.n_eq; e++)
		CHECK_INT(m.eq[e].cov[0] + m.eq[e].cov[1], 2);
}

/* "WZ_" style flags of link a in equation e: moderated by W, by Z, by W x Z (a term with a, W, Z). */
static void link_flags(const struct proc_model *m, size_t e, int a, char *out)
{
	unsigned mask = proc_link_moderators(m, e, a);
	struct proc_term wz = proc_term_make(3, a, PROC_W, PROC_Z);

	out[0] = (char)('0' + ((mask >> PROC_W) & 1u));
	out[1] = (char)('0' + ((mask >> PROC_Z) & 1u));
	out[2] = (char)('0' + (proc_model_term(m, e, &wz) < m->eq[e].n_terms));
}

/* The model matrix of Hayes's PROCESS for R 4.3.1, model by model: X -> M moderated by W, Z,
 * W x Z; M -> Y by W, Z, W x Z; X -> Y by W, Z, W x Z (its nine flags, written out from it). With
 * k mediators the X -> M flags hold for every X -> M_j except in 83 and 86 (X -> M_1 only), the
 * M -> Y flags for every M_j -> Y except in 87 and 90 (M_k -> Y only); 91 and 92 moderate every
 * M_i -> M_j by W; models 6 and 83-92 have every M_i -> M_j, 80 M_1..M_{k-1} -> M_k, 81
 * M_1 -> M_2..M_k, 82 M_1 -> M_2 and M_3 -> M_4. Model 74's M -> Y "W" is X itself. */
static const struct {
	int number;
	const char *flags;
} hayes[] = {
	{1, "000000100"},  {2, "000000110"},  {3, "000000111"},  {4, "000000000"},  {5, "000000100"},
	{6, "000000000"},  {7, "100000000"},  {8, "100000100"},  {9, "110000000"},  {10, "110000110"},
	{11, "111000000"}, {12, "111000111"}, {13, "111000100"}, {14, "000100000"}, {15, "000100100"},
	{16, "000110000"}, {17, "000110110"}, {18, "000111000"}, {19, "000111111"}, {20, "000111100"},
	{21, "100010000"}, {22, "100010100"}, {28, "100010010"}, {29, "100010110"}, {58, "100100000"},
	{59, "100100100"}, {60, "110100000"}, {61, "110100100"}, {62, "110100010"}, {63, "110100110"},
	{64, "100110000"}, {65, "100110100"}, {66, "100110010"}, {67, "100110110"}, {68, "111100000"},
	{69, "111100111"}, {70, "100111000"}, {71, "100111111"}, {72, "111111000"}, {73, "111111111"},
	{74, "000100000"}, {75, "110110000"}, {76, "110110110"}, {80, "000000000"}, {81, "000000000"},
	{82, "000000000"}, {83, "100000000"}, {84, "100000000"}, {85, "100000100"}, {86, "100000100"},
	{87, "000100000"}, {88, "000100000"}, {89, "000100100"}, {90, "000100100"}, {91, "000000000"},
	{92, "100100100"},
};

static int edge_expected(int number, size_t k, size_t i, size_t j)
{
	if (number == 6 || number >= 83)
		return 1;
	if (number == 80)
		return j == k - 1;
	if (number == 81)
		return i == 0;
	if (number == 82)
		return (i == 0 && j == 1) || (i == 2 && j == 3);
	return 0;
}

TEST(process_templates_equal_the_model_matrix_of_process_for_r)
{
	size_t n = sizeof hayes / sizeof hayes[0];

	CHECK_INT(n, 56);
	for (size_t r = 0; r < n; r++) {
		int number = hayes[r].number;
		const struct proc_template *t = proc_template_find(number);
		size_t k = number <= 3 ? 0 : number == 82 ? 4 : number == 6 || number >= 80 ? 3 : 2;
		struct proc_model m;
		enum proc_model_problem why;
		char want[10], got[10] = "000000000";
		const char *none = "000";
		int w_param = number == 74 ? PROC_X : PROC_W;
		CHECK(t != NULL);
		CHECK_INT(proc_model_init(&m, number, k, 0, NULL, &why), GSL_SUCCESS);
		memcpy(want, hayes[r].flags, 10);
		if (k > 0) {
			char f[3];
			/* model 74: X moderates M -> Y, written in Hayes's W column */
			link_flags(&m, 0, PROC_X, got);
			link_flags(&m, k, PROC_M(k - 1), f);
			if (number == 74)
				f[0] = (char)('0' + ((proc_link_moderators(&m, k, PROC_M(k - 1)) >> w_param) & 1u));
			memcpy(got + 3, f, 3);
			for (size_t j = 1; j < k; j++) {
				link_flags(&m, j, PROC_X, f);
				CHECK(memcmp(f, number == 83 || number == 86 ? none : got, 3) == 0);
			}
			for (size_t j = 0; j + 1 < k; j++) {
				link_flags(&m, k, PROC_M(j), f);
				if (number == 74)
					f[0] = (char)('0' + ((proc_link_moderators(&m, k, PROC_M(j)) >> w_param) & 1u));
				CHECK(memcmp(f, number == 87 || number == 90 ? none : got + 3, 3) == 0);
			}
			for (size_t i = 0; i < k; i++)
				for (size_t j = i + 1; j < k; j++) {
					CHECK_INT(m.edge[i][j], edge_expected(number, k, i, j));
					if (m.edge[i][j]) {
						link_flags(&m, j, PROC_M(i), f);
						CHECK(memcmp(f, number >= 91 ? "100" : none, 3) == 0);
					}
				}
		}
		link_flags(&m, k, PROC_X, got + 6);
		if (strcmp(got, want) != 0)
			fprintf(stderr, "model %d: flags %s, PROCESS for R %s\n", number, got, want);
		CHECK_STR(got, want);
	}
}

/* The sets PROCESS tests as highest-order interactions, as "A:W+A:Z" per set. */
static const char *test_sets(const struct proc_model *m, size_t e)
{
	static char out[512];
	struct proc_test_set sets[PROC_MAX_TESTS];
	size_t n = proc_highest_interactions(m, e, sets), len = 0;

	out[0] = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < sets[i].n; j++) {
			const struct proc_term *t = &m->eq[e].term[sets[i].term[j]];
			for (size_t f = 0; f < t->n; f++) {
				const char *sep = f ? ":" : j ? "+" : i ? " " : "";
				int w = snprintf(out + len, sizeof out - len, "%s%s", sep, var_name(t->var[f]));
				if (w < 0 || (size_t)w >= sizeof out - len)
					return out;
				len += (size_t)w;
			}
		}
	return out;
}

TEST(process_model_highest_order_interactions_as_process_tests_them)
{
	struct proc_model m = model(1, 0);

	CHECK_STR(test_sets(&m, 0), "X:W");
	m = model(2, 0);
	CHECK_STR(test_sets(&m, 0), "X:W X:Z X:W+X:Z");
	m = model(3, 0);
	CHECK_STR(test_sets(&m, 0), "X:W:Z");
	m = model(4, 2);
	CHECK_STR(test_sets(&m, 2), "");
	m = model(59, 2);
	CHECK_STR(test_sets(&m, 0), "X:W");
	CHECK_STR(test_sets(&m, 2), "X:W W:M1 W:M2");
	m = model(17, 1);
	CHECK_STR(test_sets(&m, 1), "X:W X:Z X:W+X:Z W:M1 Z:M1 W:M1+Z:M1");
	m = model(71, 1);
	CHECK_STR(test_sets(&m, 0), "X:W");
	CHECK_STR(test_sets(&m, 1), "X:W:Z W:Z:M1");
	m = model(74, 2);
	CHECK_STR(test_sets(&m, 2), "X:M1 X:M2");
	m = model(91, 3);
	CHECK_STR(test_sets(&m, 1), "W:M1");
	CHECK_STR(test_sets(&m, 2), "W:M1 W:M2");
}
