/* Running a bound filter (io/filter.h) over blocks of rows, and the exclusion record of several
 * filters applied in order.
 *
 * The stack machine of io/filter_program.h: slot k holds FILTER_BLOCK cells read as doubles,
 * text pointers or truth bytes. An instruction that turns numbers or texts into truth values
 * writes byte i of the slot it reads 8-byte cell i of: byte i lies in cell i / 8 <= i, already
 * read, so the result can replace its operand in place. */
#include "io/filter_program.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double *slot(const struct filter_program *p, size_t k)
{
	return p->stack + k * FILTER_BLOCK;
}

static double finite_or_missing(double v)
{
	return isfinite(v) ? v : NAN;
}

#define COMPARE_LOOP(OP)                                                                   \
	for (size_t i = 0; i < m; i++) {                                                   \
		double x = a[i], y = b[i];                                                 \
		uint8_t r = x OP y ? TRUTH_T : TRUTH_F;                                   \
		t[i] = isnan(x) || isnan(y) ? TRUTH_U : r;                                 \
	}

static void compare_numbers(enum filter_cmp cmp, const double *a, const double *b, uint8_t *t, size_t m)
{
	switch (cmp) {
	case CMP_EQ:
		COMPARE_LOOP(==)
		break;
	case CMP_NE:
		COMPARE_LOOP(!=)
		break;
	case CMP_LT:
		COMPARE_LOOP(<)
		break;
	case CMP_LE:
		COMPARE_LOOP(<=)
		break;
	case CMP_GT:
		COMPARE_LOOP(>)
		break;
	case CMP_GE:
		COMPARE_LOOP(>=)
		break;
	}
}

static void compare_texts(enum filter_cmp cmp, const char **a, const char **b, uint8_t *t, size_t m)
{
	for (size_t i = 0; i < m; i++) {
		const char *x = a[i], *y = b[i];
		int c, r;
		if (!x || !y) {
			t[i] = TRUTH_U;
			continue;
		}
		c = strcmp(x, y);
		switch (cmp) {
		case CMP_EQ:
			r = c == 0;
			break;
		case CMP_NE:
			r = c != 0;
			break;
		case CMP_LT:
			r = c < 0;
			break;
		case CMP_LE:
			r = c <= 0;
			break;
		case CMP_GT:
			r = c > 0;
			break;
		default:
			r = c >= 0;
			break;
		}
		t[i] = r ? TRUTH_T : TRUTH_F;
	}
}

static int in_numbers(const struct filter_list *l, double x)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->numbers[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->numbers[lo] == x;
}

static int in_texts(const struct filter_list *l, const char *x)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->texts[mid], x) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && strcmp(l->texts[lo], x) == 0;
}

/* x in (list): true when found, else unknown when x or a constant is missing, else false */
static void member(const struct filter_program *p, const struct filter_instr *in, double *cells, size_t m)
{
	const struct filter_list *l = &p->lists[in->arg];
	uint8_t *t = (uint8_t *)cells, absent = l->has_missing ? TRUTH_U : TRUTH_F;

	for (size_t i = 0; i < m; i++) {
		uint8_t r;
		if (in->op == OP_IN_NUMBER) {
			double x = cells[i];
			r = isnan(x) ? TRUTH_U : in_numbers(l, x) ? TRUTH_T : absent;
		} else {
			const char *x = ((const char **)cells)[i];
			r = !x ? TRUTH_U : in_texts(l, x) ? TRUTH_T : absent;
		}
		t[i] = in->negated ? (uint8_t)(TRUTH_T - r) : r;
	}
}

static void arithmetic(enum filter_op op, double *a, const double *b, size_t m)
{
	switch (op) {
	case OP_ADD:
		for (size_t i = 0; i < m; i++)
			a[i] = finite_or_missing(a[i] + b[i]);
		break;
	case OP_SUB:
		for (size_t i = 0; i < m; i++)
			a[i] = finite_or_missing(a[i] - b[i]);
		break;
	case OP_MUL:
		for (size_t i = 0; i < m; i++)
			a[i] = finite_or_missing(a[i] * b[i]);
		break;
	default:
		for (size_t i = 0; i < m; i++)
			a[i] = b[i] == 0 ? NAN : finite_or_missing(a[i] / b[i]);
		break;
	}
}

/* recode(): each value through the first range holding it; missing when none does. */
static void recode(const struct filter_list *l, double *v, size_t m)
{
	for (size_t i = 0; i < m; i++) {
		double x = v[i], code = NAN;
		for (size_t k = 0; k < l->n; k++)
			if (x >= l->numbers[3 * k] && x <= l->numbers[3 * k + 1]) {
				code = l->numbers[3 * k + 2];
				break;
			}
		v[i] = code;
	}
}

/* Runs the code over rows first..first+m-1 (m <= FILTER_BLOCK); the result is slot 0's truth bytes
 * (a condition) or numbers (a computed variable). */
static void run_block(struct filter_program *p, size_t first, size_t m)
{
	const struct filter_source *src = &p->src;
	size_t sp = 0;

	for (size_t pc = 0; pc < p->n_code; pc++) {
		const struct filter_instr *in = &p->code[pc];
		double *top = sp ? slot(p, sp - 1) : NULL, *next = slot(p, sp);
		double *below = sp > 1 ? slot(p, sp - 2) : NULL;
		uint8_t *t;
		switch (in->op) {
		case OP_NUMBER_COLUMN:
			src->numbers(src->ctx, in->arg, first, m, next);
			sp++;
			break;
		case OP_TEXT_COLUMN:
			src->texts(src->ctx, in->arg, first, m, (const char **)next);
			sp++;
			break;
		case OP_TEXT_NUMBERS:
			filter_read_numbers(src, in->arg, 1, first, m, next, p->scratch);
			sp++;
			break;
		case OP_NUMBER:
			for (size_t i = 0; i < m; i++)
				next[i] = in->number;
			sp++;
			break;
		case OP_TEXT:
			for (size_t i = 0; i < m; i++)
				((const char **)next)[i] = in->text;
			sp++;
			break;
		case OP_MASK:
			memcpy(next, p->masks[in->arg] + first, m);
			sp++;
			break;
		case OP_RECODE:
			recode(&p->lists[in->arg], top, m);
			break;
		case OP_NEG:
			for (size_t i = 0; i < m; i++)
				top[i] = -top[i];
			break;
		case OP_ADD:
		case OP_SUB:
		case OP_MUL:
		case OP_DIV:
			arithmetic(in->op, below, top, m);
			sp--;
			break;
		case OP_CMP_NUMBER:
			compare_numbers(in->cmp, below, top, (uint8_t *)below, m);
			sp--;
			break;
		case OP_CMP_TEXT:
			compare_texts(in->cmp, (const char **)below, (const char **)top, (uint8_t *)below, m);
			sp--;
			break;
		case OP_IN_NUMBER:
		case OP_IN_TEXT:
			member(p, in, top, m);
			break;
		case OP_MISSING_NUMBER:
			t = (uint8_t *)top;
			for (size_t i = 0; i < m; i++)
				t[i] = isnan(top[i]) ? TRUTH_T : TRUTH_F;
			break;
		case OP_MISSING_TEXT:
			t = (uint8_t *)top;
			for (size_t i = 0; i < m; i++)
				t[i] = ((const char **)top)[i] ? TRUTH_F : TRUTH_T;
			break;
		case OP_NOT:
			t = (uint8_t *)top;
			for (size_t i = 0; i < m; i++)
				t[i] = (uint8_t)(TRUTH_T - t[i]);
			break;
		case OP_AND:
		case OP_OR: {
			uint8_t *a = (uint8_t *)below, *b = (uint8_t *)top;
			if (in->op == OP_AND)
				for (size_t i = 0; i < m; i++)
					a[i] = a[i] < b[i] ? a[i] : b[i];
			else
				for (size_t i = 0; i < m; i++)
					a[i] = a[i] > b[i] ? a[i] : b[i];
			sp--;
			break;
		}
		}
	}
}

void filter_run(struct filter_program *p, size_t first, size_t n, uint8_t *keep)
{
	for (size_t done = 0; done < n; done += FILTER_BLOCK) {
		size_t m = n - done < FILTER_BLOCK ? n - done : FILTER_BLOCK;
		const uint8_t *t = (const uint8_t *)p->stack;
		run_block(p, first + done, m);
		for (size_t i = 0; i < m; i++)
			keep[done + i] = t[i] == TRUTH_T;
	}
}

void filter_run_numbers(struct filter_program *p, size_t first, size_t n, double *out)
{
	for (size_t done = 0; done < n; done += FILTER_BLOCK) {
		size_t m = n - done < FILTER_BLOCK ? n - done : FILTER_BLOCK;
		run_block(p, first + done, m);
		memcpy(out + done, p->stack, m * sizeof *out);
	}
}

int filter_flow_init(struct filter_flow *f, size_t n_rows, size_t max_steps)
{
	*f = (struct filter_flow){.rows_read = n_rows, .max_steps = max_steps, .kept = n_rows};
	if (max_steps >= FILTER_FLOW_KEPT)
		return -1;
	f->removed = calloc(max_steps ? max_steps : 1, sizeof *f->removed);
	f->first_failed = malloc((n_rows ? n_rows : 1) * sizeof *f->first_failed);
	if (!f->removed || !f->first_failed) {
		filter_flow_release(f);
		return -1;
	}
	for (size_t i = 0; i < n_rows; i++)
		f->first_failed[i] = FILTER_FLOW_KEPT;
	return 0;
}

int filter_flow_add(struct filter_flow *f, const uint8_t *keep)
{
	uint32_t step = (uint32_t)f->n_steps;
	size_t removed = 0;

	if (f->n_steps >= f->max_steps)
		return -1;
	for (size_t i = 0; i < f->rows_read; i++)
		if (!keep[i] && f->first_failed[i] == FILTER_FLOW_KEPT) {
			f->first_failed[i] = step;
			removed++;
		}
	f->removed[f->n_steps++] = removed;
	f->kept -= removed;
	return 0;
}

int filter_flow_run(struct filter_flow *f, struct filter_program *const *steps, size_t n)
{
	uint8_t *keep;
	int rc = 0;

	if (f->n_steps + n > f->max_steps)
		return -1;
	for (size_t s = 0; s < n; s++)
		if (steps[s]->src.n_rows != f->rows_read)
			return -1;
	if (!(keep = malloc(f->rows_read ? f->rows_read : 1)))
		return -1;
	for (size_t s = 0; s < n && rc == 0; s++) {
		filter_run(steps[s], 0, f->rows_read, keep);
		rc = filter_flow_add(f, keep);
	}
	free(keep);
	return rc;
}

void filter_flow_release(struct filter_flow *f)
{
	free(f->removed);
	free(f->first_failed);
	f->removed = NULL;
	f->first_failed = NULL;
}
