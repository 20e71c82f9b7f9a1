#include "analysis/data/computed.h"

#include <stdlib.h>
#include <string.h>

#include "io/filter.h"
#include "io/filter_frame.h"
#include "io/strbuf.h"

static int compute_error(const struct dataset *ds, const struct var_meta *m, const char *text,
			 const struct filter_error *ferr, struct sk_error *err)
{
	struct strbuf line = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT;

	strbuf_addf(&what, "compute of '%s'", m->column);
	filter_error_line(&line, strbuf_ok(&what) ? strbuf_str(&what) : "compute", text, ferr);
	sk_fail(err, SK_EXIT_INPUT, "codebook '%s' line %zu: %s", ds->codebook.path, m->line,
		strbuf_ok(&line) ? strbuf_str(&line) : ferr->message);
	strbuf_release(&line);
	strbuf_release(&what);
	return SK_EXIT_INPUT;
}

/* The values of expression `text` over every row of the frame into out. */
static int evaluate(struct dataset *ds, const struct var_meta *m, const char *text, double *out,
		    struct sk_error *err)
{
	struct filter_frame_source src;
	struct filter_expr *e = NULL;
	struct filter_program *p = NULL;
	struct filter_error ferr;
	int status = 0;

	if (filter_frame_source_init(&src, &ds->frame) != 0)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	if (filter_parse(text, &e, &ferr) != 0 || filter_bind_number(e, &src.src, &p, &ferr) != 0)
		status = compute_error(ds, m, text, &ferr, err);
	else
		filter_run_numbers(p, 0, ds->frame.n_rows, out);
	filter_program_free(p);
	filter_expr_free(e);
	filter_frame_source_release(&src);
	return status;
}

static int add_column(struct dataset *ds, const struct var_meta *m, const double *v, struct sk_error *err)
{
	struct frame *f = &ds->frame;
	size_t col = f->n_cols;
	struct column *c;

	if (frame_add_column(f, m->column, COLUMN_NUMERIC) != 0)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	c = &f->cols[col];
	if (var_meta_copy(&c->meta, m) != 0)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	free(c->meta.column);
	c->meta.column = NULL;
	c->meta.role = ROLE_NUMERIC;
	for (size_t i = 0; i < f->n_rows; i++)
		if (frame_set_number(f, col, i, v[i]) != 0)
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	return frame_index_names(f) == 0 ? 0 : sk_fail(err, SK_EXIT_INPUT, "out of memory");
}

int computed_add(struct dataset *ds, struct sk_error *err)
{
	const struct codebook *cb = &ds->codebook;
	double *v = NULL;
	int status = 0;

	for (size_t i = 0; i < cb->n && status == 0; i++) {
		const struct codebook_extra *x = codebook_extra_at(cb, i);
		if (!x || x->purpose != PURPOSE_COMPUTED)
			continue;
		if (!v && !(v = malloc((ds->frame.n_rows ? ds->frame.n_rows : 1) * sizeof *v)))
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		status = evaluate(ds, &cb->vars[i], x->compute, v, err);
		if (status == 0)
			status = add_column(ds, &cb->vars[i], v, err);
		if (status == 0)
			ds->n_computed++;
	}
	free(v);
	return status;
}
