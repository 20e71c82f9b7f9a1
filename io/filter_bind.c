/* Binding a parsed filter to its data (io/filter.h): names resolved against the source, types
 * checked with positions in the messages, whole-column values and quality steps computed once,
 * and the tree compiled into postfix code for io/filter_run.c (io/filter_program.h).
 *
 * Recursion follows the tree, whose depth the parser bounds (io/filter_ast.h). */
#include "io/filter_bind.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/grow.h"
#include "io/suggest.h"

int bind_out_of_memory(struct binder *b)
{
	return filter_fail(b->err, FILTER_MEMORY, b->e->text, SIZE_MAX, "out of memory", "%s", "");
}

int bind_fail_at(struct binder *b, enum filter_problem problem, size_t pos, const char *head, struct strbuf *tail)
{
	int rc = strbuf_ok(tail) ? filter_fail(b->err, problem, b->e->text, pos, head, "%s", strbuf_str(tail))
				 : bind_out_of_memory(b);
	strbuf_release(tail);
	return rc;
}

int bind_emit(struct binder *b, enum filter_op op, size_t arg, double number, const char *text)
{
	struct filter_program *p = b->p;
	struct filter_instr *code = grow_for(p->code, p->n_code, sizeof *code);

	if (!code)
		return bind_out_of_memory(b);
	p->code = code;
	code[p->n_code++] = (struct filter_instr){.op = op, .arg = arg, .number = number, .text = text};
	switch (op) {
	case OP_NUMBER_COLUMN:
	case OP_TEXT_COLUMN:
	case OP_TEXT_NUMBERS:
	case OP_NUMBER:
	case OP_TEXT:
	case OP_MASK:
		if (++b->sp > p->depth)
			p->depth = b->sp;
		break;
	case OP_ADD:
	case OP_SUB:
	case OP_MUL:
	case OP_DIV:
	case OP_CMP_NUMBER:
	case OP_CMP_TEXT:
	case OP_AND:
	case OP_OR:
		b->sp--;
		break;
	default:
		break;
	}
	return 0;
}

static size_t find_column(const struct filter_source *src, const char *name)
{
	if (src->find_column)
		return src->find_column(src->ctx, name);
	for (size_t j = 0; j < src->n_columns; j++)
		if (strcmp(src->column_name(src->ctx, j), name) == 0)
			return j;
	return SIZE_MAX;
}

static const char *column_at(void *ctx, size_t i)
{
	const struct filter_source *src = ctx;
	return src->column_name(src->ctx, i);
}

static const char *scale_at(void *ctx, size_t i)
{
	const struct filter_source *src = ctx;
	return src->scale_name(src->ctx, i);
}

/* "unknown column 'x' at character N; did you mean 'a', 'b' or 'c'?" */
int bind_unknown_name(struct binder *b, const struct filter_node *n, int scale)
{
	struct strbuf head = STRBUF_INIT, tail = STRBUF_INIT;
	const struct filter_source *src = b->src;
	size_t near[SUGGEST_MAX];
	size_t k = scale ? suggest_names(n->text, src->n_scales, scale_at, (void *)src, near)
			 : suggest_names(n->text, src->n_columns, column_at, (void *)src, near);
	int rc;

	strbuf_adds(&head, scale ? "unknown scale " : "unknown column ");
	filter_quote(&head, n->text, NAME_SHOWN);
	if (k) {
		strbuf_adds(&tail, "; did you mean ");
		for (size_t j = 0; j < k; j++) {
			strbuf_adds(&tail, j ? (j + 1 == k ? " or " : ", ") : "");
			filter_quote(&tail, scale ? scale_at((void *)src, near[j]) : column_at((void *)src, near[j]),
				     NAME_SHOWN);
		}
		strbuf_adds(&tail, "?");
	} else if (scale) {
		strbuf_addf(&tail, " (the data has %zu scale%s)", src->n_scales, src->n_scales == 1 ? "" : "s");
	} else if (b->e->text[n->pos] != '"') {
		strbuf_adds(&tail, " (a text value goes in single quotes: ");
		filter_quote(&tail, n->text, NAME_SHOWN);
		strbuf_adds(&tail, ")");
	}
	rc = strbuf_ok(&head) ? bind_fail_at(b, FILTER_UNKNOWN, n->pos, strbuf_str(&head), &tail) : bind_out_of_memory(b);
	strbuf_release(&head);
	strbuf_release(&tail);
	return rc;
}

int bind_resolve(struct binder *b, const struct filter_node *n, size_t *col)
{
	*col = find_column(b->src, n->text);
	return *col == SIZE_MAX ? bind_unknown_name(b, n, 0) : 0;
}

/* Reports the first name (in the order of the text) that is not a column, so that an unknown
 * name is never mistaken for a type error; straightlining()'s argument is a scale, looked up later. */
static int check_names(struct binder *b, const struct filter_node *n)
{
	size_t col;
	int rc;

	if (n->kind == NODE_NAME)
		return bind_resolve(b, n, &col);
	if (n->kind == NODE_CALL && n->fn == FN_STRAIGHTLINING)
		return 0;
	for (size_t i = 0; i < n->n_kids; i++)
		if ((rc = check_names(b, n->kids[i])) != 0)
			return rc;
	return 0;
}

int bind_is_text(const struct binder *b, size_t col)
{
	return b->src->column_kind(b->src->ctx, col) == FILTER_COLUMN_TEXT;
}

int bind_text_numbers(struct binder *b, size_t col, const char **bad, int *numbers)
{
	struct checked *c;

	for (size_t i = 0; i < b->n_checked; i++)
		if (b->checked[i].col == col) {
			*numbers = b->checked[i].numbers;
			*bad = b->checked[i].bad;
			return 0;
		}
	if (!(c = grow_for(b->checked, b->n_checked, sizeof *c)))
		return bind_out_of_memory(b);
	b->checked = c;
	c = &b->checked[b->n_checked++];
	c->col = col;
	c->bad = NULL;
	c->numbers = filter_text_is_numbers(b->src, col, &c->bad);
	*numbers = c->numbers;
	*bad = c->bad;
	return 0;
}

enum vtype bind_static_type(const struct binder *b, const struct filter_node *n)
{
	size_t col;

	switch (n->kind) {
	case NODE_NUMBER:
	case NODE_SIGN:
	case NODE_ARITH:
		return V_NUMBER;
	case NODE_STRING:
		return V_TEXT;
	case NODE_NAME:
		col = find_column(b->src, n->text);
		return col != SIZE_MAX && bind_is_text(b, col) ? V_TEXT : V_NUMBER;
	case NODE_CALL:
		return n->fn == FN_MEDIAN || n->fn == FN_MEAN || n->fn == FN_SD || n->fn == FN_QUANTILE || n->fn == FN_RECODE
			       ? V_NUMBER
			       : V_BOOL;
	default:
		return V_BOOL;
	}
}

int bind_type_error(struct binder *b, const struct filter_node *n, enum vtype want, const char *context)
{
	struct strbuf tail = STRBUF_INIT;
	size_t col;

	strbuf_adds(&tail, ": ");
	switch (n->kind) {
	case NODE_NAME:
		col = find_column(b->src, n->text);
		strbuf_adds(&tail, "column ");
		filter_quote(&tail, n->text, NAME_SHOWN);
		if (col != SIZE_MAX && bind_is_text(b, col)) {
			const char *bad = NULL;
			int numbers;
			strbuf_adds(&tail, " is text");
			if (want == V_NUMBER && bind_text_numbers(b, col, &bad, &numbers) == 0 && bad) {
				strbuf_adds(&tail, " (it holds ");
				filter_quote(&tail, bad, NAME_SHOWN);
				strbuf_adds(&tail, ", not a number)");
			}
		} else {
			strbuf_adds(&tail, " is numeric");
		}
		break;
	case NODE_NUMBER:
		strbuf_addf(&tail, "the number %.15g", n->number);
		break;
	case NODE_STRING:
		strbuf_adds(&tail, "the text ");
		filter_quote(&tail, n->text, NAME_SHOWN);
		if (find_column(b->src, n->text) != SIZE_MAX)
			strbuf_adds(&tail, " (a column name goes in double quotes)");
		break;
	case NODE_CALL:
		strbuf_addf(&tail, "%s() gives %s", filter_fn_name(n->fn),
			    bind_static_type(b, n) == V_NUMBER ? "a number" : "a condition");
		break;
	default:
		strbuf_addf(&tail, "this gives %s", bind_static_type(b, n) == V_NUMBER ? "a number" : "a condition");
		break;
	}
	strbuf_addf(&tail, ", %s", context);
	return bind_fail_at(b, FILTER_TYPE, n->pos, "type error", &tail);
}

/* The value of a constant number expression (numbers, signs, arithmetic), 1; 0 when n is not
 * constant. Arithmetic as at run time: a division by zero or a non-finite result is missing. */
int bind_const_number(const struct filter_node *n, double *v)
{
	double x;

	switch (n->kind) {
	case NODE_NUMBER:
		*v = n->number;
		return 1;
	case NODE_SIGN:
		if (!bind_const_number(n->kids[0], &x))
			return 0;
		*v = n->op == '-' ? -x : x;
		return 1;
	case NODE_ARITH:
		if (!bind_const_number(n->kids[0], v))
			return 0;
		for (size_t i = 1; i < n->n_kids; i++) {
			if (!bind_const_number(n->kids[i], &x))
				return 0;
			switch (n->ops[i]) {
			case '+':
				*v += x;
				break;
			case '-':
				*v -= x;
				break;
			case '*':
				*v *= x;
				break;
			default:
				*v = x == 0 ? NAN : *v / x;
				break;
			}
			if (!isfinite(*v))
				*v = NAN;
		}
		return 1;
	default:
		return 0;
	}
}

static int add_string(struct binder *b, const char *s, const char **copy)
{
	struct filter_program *p = b->p;
	char **strings = grow_for(p->strings, p->n_strings, sizeof *strings);

	if (!strings)
		return bind_out_of_memory(b);
	p->strings = strings;
	if (!(strings[p->n_strings] = strdup(s)))
		return bind_out_of_memory(b);
	*copy = strings[p->n_strings++];
	return 0;
}

static const char *compare_context(enum vtype want)
{
	return want == V_NUMBER ? "compared with a number" : "compared with a text";
}

static int emit_compare(struct binder *b, const struct filter_node *n)
{
	const struct filter_node *l = n->kids[0], *r = n->kids[1];
	enum vtype lt = bind_static_type(b, l), rt = bind_static_type(b, r), want = lt == rt ? lt : V_NUMBER;
	int rc;

	if (lt == V_BOOL || rt == V_BOOL) {
		struct strbuf tail = STRBUF_INIT;
		strbuf_adds(&tail, ": conditions cannot be compared (join them with 'and' or 'or')");
		return bind_fail_at(b, FILTER_TYPE, n->pos, "type error", &tail);
	}
	if (lt != rt) {
		/* a text literal against a number: name the numeric column when there is one */
		const struct filter_node *t = lt == V_TEXT ? l : r, *o = lt == V_TEXT ? r : l;
		if (t->kind == NODE_STRING && o->kind == NODE_NAME && find_column(b->src, o->text) != SIZE_MAX) {
			struct strbuf context = STRBUF_INIT;
			strbuf_adds(&context, "compared with the text ");
			filter_quote(&context, t->text, NAME_SHOWN);
			rc = strbuf_ok(&context) ? bind_type_error(b, o, V_TEXT, strbuf_str(&context)) : bind_out_of_memory(b);
			strbuf_release(&context);
			return rc;
		}
		if (t->kind == NODE_STRING)
			return bind_type_error(b, t, V_NUMBER, "compared with a number");
	}
	if ((rc = bind_emit_node(b, l, want, compare_context(want))) != 0 ||
	    (rc = bind_emit_node(b, r, want, compare_context(want))) != 0 ||
	    (rc = bind_emit(b, want == V_NUMBER ? OP_CMP_NUMBER : OP_CMP_TEXT, 0, 0, NULL)) != 0)
		return rc;
	b->p->code[b->p->n_code - 1].cmp = n->cmp;
	return 0;
}

static int compare_numbers(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int compare_texts(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int emit_in(struct binder *b, const struct filter_node *n)
{
	const struct filter_node *x = n->kids[0];
	size_t k = n->n_kids - 1;
	enum vtype list = n->kids[1]->kind == NODE_STRING ? V_TEXT : V_NUMBER;
	struct filter_list *lists, *l;
	int rc;

	for (size_t i = 1; i < n->n_kids; i++) {
		double v;
		const struct filter_node *item = n->kids[i];
		struct strbuf tail = STRBUF_INIT;
		if (item->kind != NODE_STRING && !bind_const_number(item, &v)) {
			strbuf_adds(&tail, ": the values after 'in' must be constants (numbers or 'texts')");
			return bind_fail_at(b, FILTER_SYNTAX, item->pos, "syntax error", &tail);
		}
		if ((item->kind == NODE_STRING) != (list == V_TEXT)) {
			strbuf_adds(&tail, ": the list after 'in' mixes numbers and texts");
			return bind_fail_at(b, FILTER_TYPE, item->pos, "type error", &tail);
		}
	}
	if (bind_static_type(b, x) == V_NUMBER && list == V_TEXT)
		return bind_type_error(b, x, V_TEXT, "compared with the texts after 'in'");
	if ((rc = bind_emit_node(b, x, list, list == V_TEXT ? "compared with the texts after 'in'"
						      : "compared with the numbers after 'in'")) != 0)
		return rc;
	if (!(lists = grow_for(b->p->lists, b->p->n_lists, sizeof *lists)))
		return bind_out_of_memory(b);
	b->p->lists = lists;
	l = &lists[b->p->n_lists++];
	*l = (struct filter_list){0};
	if (list == V_TEXT ? !(l->texts = malloc(k * sizeof *l->texts)) : !(l->numbers = malloc(k * sizeof *l->numbers)))
		return bind_out_of_memory(b);
	for (size_t i = 1; i < n->n_kids; i++) {
		if (list == V_TEXT) {
			if ((rc = add_string(b, n->kids[i]->text, &l->texts[l->n])) != 0)
				return rc;
			l->n++;
		} else {
			double v;
			bind_const_number(n->kids[i], &v);
			if (isnan(v))
				l->has_missing = 1;
			else
				l->numbers[l->n++] = v;
		}
	}
	if (list == V_TEXT)
		qsort(l->texts, l->n, sizeof *l->texts, compare_texts);
	else
		qsort(l->numbers, l->n, sizeof *l->numbers, compare_numbers);
	if ((rc = bind_emit(b, list == V_TEXT ? OP_IN_TEXT : OP_IN_NUMBER, b->p->n_lists - 1, 0, NULL)) != 0)
		return rc;
	b->p->code[b->p->n_code - 1].negated = n->negated;
	return 0;
}

static int emit_logic(struct binder *b, const struct filter_node *n, enum filter_op op, const char *context)
{
	int rc;

	for (size_t i = 0; i < n->n_kids; i++)
		if ((rc = bind_emit_node(b, n->kids[i], V_BOOL, context)) != 0 || (i > 0 && (rc = bind_emit(b, op, 0, 0, NULL)) != 0))
			return rc;
	return 0;
}

int bind_emit_node(struct binder *b, const struct filter_node *n, enum vtype want, const char *context)
{
	size_t col;
	int rc;

	if (n->kind != NODE_CALL && n->kind != NODE_NAME && bind_static_type(b, n) != want)
		return bind_type_error(b, n, want, context);
	switch (n->kind) {
	case NODE_NUMBER:
		return bind_emit(b, OP_NUMBER, 0, n->number, NULL);
	case NODE_STRING: {
		const char *s;
		return (rc = add_string(b, n->text, &s)) != 0 ? rc : bind_emit(b, OP_TEXT, 0, 0, s);
	}
	case NODE_NAME:
		if ((rc = bind_resolve(b, n, &col)) != 0)
			return rc;
		if (want == V_BOOL || (want == V_TEXT && !bind_is_text(b, col)))
			return bind_type_error(b, n, want, context);
		if (want == V_NUMBER && bind_is_text(b, col)) {
			const char *bad;
			int numbers;
			if ((rc = bind_text_numbers(b, col, &bad, &numbers)) != 0)
				return rc;
			if (!numbers)
				return bind_type_error(b, n, want, context);
			return bind_emit(b, OP_TEXT_NUMBERS, col, 0, NULL);
		}
		return bind_emit(b, want == V_TEXT ? OP_TEXT_COLUMN : OP_NUMBER_COLUMN, col, 0, NULL);
	case NODE_CALL:
		return bind_emit_call(b, n, want, context);
	case NODE_SIGN:
		if ((rc = bind_emit_node(b, n->kids[0], V_NUMBER, "after a sign")) != 0)
			return rc;
		return n->op == '-' ? bind_emit(b, OP_NEG, 0, 0, NULL) : 0;
	case NODE_ARITH:
		for (size_t i = 0; i < n->n_kids; i++) {
			static const enum filter_op ops[] = {['+'] = OP_ADD, ['-'] = OP_SUB, ['*'] = OP_MUL, ['/'] = OP_DIV};
			if ((rc = bind_emit_node(b, n->kids[i], V_NUMBER, "in arithmetic")) != 0 ||
			    (i > 0 && (rc = bind_emit(b, ops[(unsigned char)n->ops[i]], 0, 0, NULL)) != 0))
				return rc;
		}
		return 0;
	case NODE_NOT:
		if ((rc = bind_emit_node(b, n->kids[0], V_BOOL, "after 'not', which needs a condition (e.g. finished == 1)")) != 0)
			return rc;
		return bind_emit(b, OP_NOT, 0, 0, NULL);
	case NODE_AND:
		return emit_logic(b, n, OP_AND, "joined by 'and', which needs conditions (e.g. finished == 1)");
	case NODE_OR:
		return emit_logic(b, n, OP_OR, "joined by 'or', which needs conditions (e.g. finished == 1)");
	case NODE_COMPARE:
		return emit_compare(b, n);
	case NODE_IN:
		return emit_in(b, n);
	}
	return 0;
}

void filter_program_free(struct filter_program *p)
{
	if (!p)
		return;
	free(p->code);
	free(p->stack);
	free(p->scratch);
	for (size_t i = 0; i < p->n_lists; i++) {
		free(p->lists[i].numbers);
		free(p->lists[i].texts);
	}
	free(p->lists);
	for (size_t i = 0; i < p->n_masks; i++)
		free(p->masks[i]);
	free(p->masks);
	for (size_t i = 0; i < p->n_strings; i++)
		free(p->strings[i]);
	free(p->strings);
	free(p->aggregates);
	free(p);
}

size_t filter_program_aggregates(const struct filter_program *p, const struct filter_aggregate **list)
{
	*list = p->aggregates;
	return p->n_aggregates;
}

static int bind_as(const struct filter_expr *e, const struct filter_source *src, struct filter_program **out,
		   struct filter_error *err, enum vtype want, const char *context)
{
	struct binder b = {.e = e, .src = src, .err = err};
	int rc;

	*out = NULL;
	memset(err, 0, sizeof *err);
	if (!(b.p = calloc(1, sizeof *b.p)))
		return bind_out_of_memory(&b);
	b.p->src = *src;
	rc = check_names(&b, e->root);
	if (rc == 0)
		rc = bind_emit_node(&b, e->root, want, context);
	if (rc == 0 && (!(b.p->stack = malloc(b.p->depth * FILTER_BLOCK * sizeof *b.p->stack)) ||
			!(b.p->scratch = malloc(FILTER_BLOCK * sizeof *b.p->scratch))))
		rc = bind_out_of_memory(&b);
	free(b.checked);
	if (rc != 0) {
		filter_program_free(b.p);
		return rc;
	}
	*out = b.p;
	return 0;
}

int filter_bind(const struct filter_expr *e, const struct filter_source *src, struct filter_program **out,
		struct filter_error *err)
{
	return bind_as(e, src, out, err, V_BOOL,
		       "but a filter must be a condition (a comparison such as finished == 1, missing(), in, or a "
		       "quality step)");
}

int filter_bind_number(const struct filter_expr *e, const struct filter_source *src, struct filter_program **out,
		       struct filter_error *err)
{
	return bind_as(e, src, out, err, V_NUMBER,
		       "but a computed variable must be a number (arithmetic such as (sev_1 + sev_2) / 2, or recode())");
}
