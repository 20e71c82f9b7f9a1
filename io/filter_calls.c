/* The functions of the filter language (io/filter.h) when a filter is bound: missing(), the
 * whole-column values median, mean, sd and quantile (computed once per program over every row,
 * io/filter_columns.c), too_fast() as COL < FRACTION * median(COL), and the quality steps
 * straightlining() and duplicate_id() as truth values per row computed once. */
#include "io/filter_bind.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "io/grow.h"

/* The column named by argument `arg` of a whole-column function, which must be a name of a numeric
 * column (or of a text column of numbers): *col and *text (read through num_parse). */
static int column_argument(struct binder *b, const struct filter_node *call, const struct filter_node *arg,
			   size_t *col, int *text)
{
	char context[64];
	int rc;

	if (arg->kind != NODE_NAME) {
		struct strbuf tail = STRBUF_INIT;
		strbuf_addf(&tail, ": %s() takes a column name", filter_fn_name(call->fn));
		return bind_fail_at(b, FILTER_FUNCTION, arg->pos, "wrong arguments", &tail);
	}
	if ((rc = bind_resolve(b, arg, col)) != 0)
		return rc;
	*text = bind_is_text(b, *col);
	if (*text) {
		const char *bad;
		int numbers;
		if ((rc = bind_text_numbers(b, *col, &bad, &numbers)) != 0)
			return rc;
		if (!numbers) {
			snprintf(context, sizeof context, "given to %s(), which needs numbers", filter_fn_name(call->fn));
			return bind_type_error(b, arg, V_NUMBER, context);
		}
	}
	return 0;
}

/* A constant number argument: *v, or a FILTER_FUNCTION error "fn()'s WHAT must be ...". */
static int constant_argument(struct binder *b, const struct filter_node *call, const struct filter_node *arg,
			     const char *what, double lo, double hi, int lo_open, double *v)
{
	struct strbuf tail = STRBUF_INIT;

	if (!bind_const_number(arg, v)) {
		strbuf_addf(&tail, ": %s()'s %s must be a constant number", filter_fn_name(call->fn), what);
		return bind_fail_at(b, FILTER_FUNCTION, arg->pos, "wrong arguments", &tail);
	}
	if (isnan(*v) || *v < lo || *v > hi || (lo_open && *v == lo)) {
		if (isinf(hi))
			strbuf_addf(&tail, ": %s()'s %s must be above %g", filter_fn_name(call->fn), what, lo);
		else
			strbuf_addf(&tail, ": %s()'s %s must be between %g and %g", filter_fn_name(call->fn), what, lo, hi);
		return bind_fail_at(b, FILTER_FUNCTION, arg->pos, "wrong arguments", &tail);
	}
	strbuf_release(&tail);
	return 0;
}

/* The whole-column value fn(col[, p]) over every row, computed once per program. */
static int aggregate(struct binder *b, const struct filter_node *call, enum filter_fn fn, size_t col, int text,
		     double p, double *value)
{
	struct filter_program *prog = b->p;
	const char *name = filter_fn_name(fn), *column = b->src->column_name(b->src->ctx, col);
	struct filter_aggregate *list;
	struct strbuf tail = STRBUF_INIT;
	double *x;
	size_t n;

	for (size_t i = 0; i < prog->n_aggregates; i++) {
		const struct filter_aggregate *a = &prog->aggregates[i];
		if (a->function == name && a->column_index == col && (fn != FN_QUANTILE || a->p == p)) {
			*value = a->value;
			return 0;
		}
	}
	if (filter_column_values(b->src, col, text, &x, &n) != 0)
		return bind_out_of_memory(b);
	if (n < (fn == FN_SD ? 2u : 1u)) {
		free(x);
		strbuf_addf(&tail, ": %s() of column ", name);
		filter_quote(&tail, column, NAME_SHOWN);
		if (n == 0)
			strbuf_adds(&tail, ": the column has no values");
		else
			strbuf_adds(&tail, ": the column has 1 value and sd needs 2");
		return bind_fail_at(b, FILTER_NO_DATA, call->pos, "cannot compute", &tail);
	}
	switch (fn) {
	case FN_MEAN:
		*value = gsl_stats_mean(x, 1, n);
		break;
	case FN_SD:
		*value = gsl_stats_sd(x, 1, n);
		break;
	case FN_QUANTILE:
		*value = filter_quantile7(x, n, p);
		break;
	default:
		*value = filter_quantile7(x, n, 0.5);
		break;
	}
	free(x);
	if (!isfinite(*value)) {
		strbuf_addf(&tail, ": %s() of column ", name);
		filter_quote(&tail, column, NAME_SHOWN);
		strbuf_adds(&tail, " overflows");
		return bind_fail_at(b, FILTER_NO_DATA, call->pos, "cannot compute", &tail);
	}
	if (!(list = grow_for(prog->aggregates, prog->n_aggregates, sizeof *list)))
		return bind_out_of_memory(b);
	prog->aggregates = list;
	list[prog->n_aggregates++] = (struct filter_aggregate){name, column, col, fn == FN_QUANTILE ? p : NAN, *value};
	return 0;
}

static int add_mask(struct binder *b, uint8_t **mask)
{
	struct filter_program *p = b->p;
	uint8_t **masks = grow_for(p->masks, p->n_masks, sizeof *masks);

	if (!masks)
		return bind_out_of_memory(b);
	p->masks = masks;
	if (!(masks[p->n_masks] = malloc(b->src->n_rows ? b->src->n_rows : 1)))
		return bind_out_of_memory(b);
	*mask = masks[p->n_masks++];
	return 0;
}

static int no_data(struct binder *b, const struct filter_node *call, const char *what)
{
	struct strbuf tail = STRBUF_INIT;

	strbuf_addf(&tail, ": %s() needs %s", filter_fn_name(call->fn), what);
	return bind_fail_at(b, FILTER_NO_DATA, call->pos, "cannot compute", &tail);
}

/* straightlining() over every scale's items, or straightlining(SCALE) over one scale's. */
static int emit_straightlining(struct binder *b, const struct filter_node *n)
{
	const struct filter_source *src = b->src;
	size_t *items = NULL, k = 0, first = 0, last = src->n_scales;
	uint8_t *mask;
	int rc;

	if (src->n_scales == 0)
		return no_data(b, n, "scale items and the data has no scales (give a codebook that assigns items to scales)");
	if (n->n_kids) {
		const struct filter_node *arg = n->kids[0];
		if (arg->kind != NODE_NAME) {
			struct strbuf tail = STRBUF_INIT;
			strbuf_adds(&tail, ": straightlining() takes nothing, or a scale name");
			return bind_fail_at(b, FILTER_FUNCTION, arg->pos, "wrong arguments", &tail);
		}
		while (first < src->n_scales && strcmp(src->scale_name(src->ctx, first), arg->text) != 0)
			first++;
		if (first == src->n_scales)
			return bind_unknown_name(b, arg, 1);
		last = first + 1;
	}
	for (size_t s = first; s < last; s++) {
		const size_t *cols;
		size_t m = src->scale_items(src->ctx, s, &cols);
		for (size_t j = 0; j < m; j++) {
			size_t *grown = grow_for(items, k, sizeof *items);
			if (!grown) {
				free(items);
				return bind_out_of_memory(b);
			}
			items = grown;
			if (bind_is_text(b, cols[j])) {
				struct strbuf tail = STRBUF_INIT;
				free(items);
				strbuf_adds(&tail, ": straightlining() needs numeric items and ");
				filter_quote(&tail, src->column_name(src->ctx, cols[j]), NAME_SHOWN);
				strbuf_adds(&tail, " is text");
				return bind_fail_at(b, FILTER_TYPE, n->pos, "type error", &tail);
			}
			items[k++] = cols[j];
		}
	}
	if (k < 3) {
		char what[96];
		free(items);
		snprintf(what, sizeof what, "at least 3 items and %s %zu",
			 n->n_kids ? "the scale has" : "the scales have", k);
		return no_data(b, n, what);
	}
	if ((rc = add_mask(b, &mask)) != 0 || filter_straightlining(src, items, k, mask) != 0) {
		free(items);
		return rc ? rc : bind_out_of_memory(b);
	}
	free(items);
	return bind_emit(b, OP_MASK, b->p->n_masks - 1, 0, NULL);
}

int bind_emit_call(struct binder *b, const struct filter_node *n, enum vtype want, const char *context)
{
	size_t col;
	int text, rc;
	double p = NAN, value;
	uint8_t *mask;
	enum vtype got = bind_static_type(b, n);

	if (got != want)
		return bind_type_error(b, n, want, context);
	switch (n->fn) {
	case FN_MISSING:
		got = bind_static_type(b, n->kids[0]);
		if (got == V_BOOL) {
			struct strbuf tail = STRBUF_INIT;
			strbuf_adds(&tail, ": missing() takes a value, not a condition");
			return bind_fail_at(b, FILTER_FUNCTION, n->kids[0]->pos, "wrong arguments", &tail);
		}
		if ((rc = bind_emit_node(b, n->kids[0], got, "")) != 0)
			return rc;
		return bind_emit(b, got == V_TEXT ? OP_MISSING_TEXT : OP_MISSING_NUMBER, 0, 0, NULL);
	case FN_MEDIAN:
	case FN_MEAN:
	case FN_SD:
	case FN_QUANTILE:
		if ((rc = column_argument(b, n, n->kids[0], &col, &text)) != 0 ||
		    (n->fn == FN_QUANTILE && (rc = constant_argument(b, n, n->kids[1], "p", 0, 1, 0, &p)) != 0) ||
		    (rc = aggregate(b, n, n->fn, col, text, p, &value)) != 0)
			return rc;
		return bind_emit(b, OP_NUMBER, 0, value, NULL);
	case FN_TOO_FAST:
		/* COL < FRACTION * median(COL) */
		if ((rc = column_argument(b, n, n->kids[0], &col, &text)) != 0 ||
		    (rc = constant_argument(b, n, n->kids[1], "fraction", 0, INFINITY, 1, &p)) != 0 ||
		    (rc = aggregate(b, n, FN_MEDIAN, col, text, NAN, &value)) != 0 ||
		    (rc = bind_emit(b, text ? OP_TEXT_NUMBERS : OP_NUMBER_COLUMN, col, 0, NULL)) != 0)
			return rc;
		value *= p;
		if ((rc = bind_emit(b, OP_NUMBER, 0, isfinite(value) ? value : NAN, NULL)) != 0 ||
		    (rc = bind_emit(b, OP_CMP_NUMBER, 0, 0, NULL)) != 0)
			return rc;
		b->p->code[b->p->n_code - 1].cmp = CMP_LT;
		return 0;
	case FN_STRAIGHTLINING:
		return emit_straightlining(b, n);
	case FN_DUPLICATE_ID:
		if (b->src->id_column == SIZE_MAX)
			return no_data(b, n, "an id column and the data has none (give it role id in the codebook)");
		if ((rc = add_mask(b, &mask)) != 0)
			return rc;
		if (filter_duplicate_id(b->src, mask) != 0)
			return bind_out_of_memory(b);
		return bind_emit(b, OP_MASK, b->p->n_masks - 1, 0, NULL);
	case FN_RECODE: {
		struct filter_list *lists, *l;
		/* the value first: it may add lists of its own (a recode or `in` inside) */
		if ((rc = bind_emit_node(b, n->kids[0], V_NUMBER, "as the value recode() recodes")) != 0)
			return rc;
		if (!(lists = realloc(b->p->lists, (b->p->n_lists + 1) * sizeof *lists)))
			return bind_out_of_memory(b);
		b->p->lists = lists;
		l = &lists[b->p->n_lists];
		*l = (struct filter_list){.numbers = malloc(3 * n->n_ranges * sizeof *l->numbers), .n = n->n_ranges};
		if (!l->numbers)
			return bind_out_of_memory(b);
		b->p->n_lists++;
		memcpy(l->numbers, n->ranges, 3 * n->n_ranges * sizeof *l->numbers);
		return bind_emit(b, OP_RECODE, b->p->n_lists - 1, 0, NULL);
	}
	case FN_COUNT:
		break;
	}
	return 0;
}

