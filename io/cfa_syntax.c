#include "io/cfa_syntax.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "io/grow.h"

/* ---- tokens ------------------------------------------------------------------------------- */

enum tok_kind { T_NAME, T_NUMBER, T_STAR, T_PLUS, T_MINUS, T_OP, T_EOL };

struct token {
	enum tok_kind kind;
	const char *s; /* into the text */
	size_t len, line, col;
};

struct lexer {
	const char *text;
	size_t len, pos, line, col;
	struct token *tok;
	size_t n;
};

static int is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '.';
}

static int is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int fail_at(struct sk_error *err, size_t line, size_t col, const char *what, const char *detail)
{
	return sk_fail(err, SK_EXIT_INPUT, "line %zu, column %zu: %s%s", line, col, what, detail ? detail : "");
}

static int push(struct lexer *lx, enum tok_kind kind, size_t start, size_t len, size_t col, struct sk_error *err)
{
	struct token *t = grow_for(lx->tok, lx->n, sizeof *lx->tok);
	if (!t)
		return sk_out_of_memory(err);
	lx->tok = t;
	lx->tok[lx->n++] = (struct token){kind, lx->text + start, len, lx->line, col};
	return 0;
}

/* The operators lavaan knows; only =~ and ~~ are read, the rest are named in the error. */
static size_t operator_length(const char *s, size_t left)
{
	static const char *const ops[] = {"~*~", "=~", "~~", "<~", "==", ":=", "~", "<", ">", ":", "|", "%"};
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t n = strlen(ops[k]);
		if (n <= left && !memcmp(s, ops[k], n))
			return n;
	}
	return 0;
}

static int lex(struct lexer *lx, struct sk_error *err)
{
	int status;

	while (lx->pos < lx->len) {
		const char *s = lx->text + lx->pos;
		const size_t left = lx->len - lx->pos, start = lx->pos, col = lx->col;
		const unsigned char c = (unsigned char)*s;
		size_t n = 1;
		if (c == '\n' || c == ';') {
			if ((status = push(lx, T_EOL, start, 1, col, err)))
				return status;
			lx->pos++;
			if (c == '\n') {
				lx->line++;
				lx->col = 1;
			} else {
				lx->col++;
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->pos++;
			lx->col++;
			continue;
		}
		if (c == '#' || c == '!') {
			while (lx->pos < lx->len && lx->text[lx->pos] != '\n') {
				lx->pos++;
				lx->col++;
			}
			continue;
		}
		if (is_name_start(c) && !(c == '.' && left > 1 && is_digit((unsigned char)s[1]))) {
			while (n < left && is_name_char((unsigned char)s[n]))
				n++;
			if (n > CFA_SYNTAX_MAX_NAME)
				return fail_at(err, lx->line, col, "a name is longer than the limit of 128 bytes", NULL);
			status = push(lx, T_NAME, start, n, col, err);
		} else if (is_digit(c) || c == '.') {
			while (n < left && (is_digit((unsigned char)s[n]) || s[n] == '.'))
				n++;
			if (n < left && (s[n] == 'e' || s[n] == 'E')) {
				size_t e = n + 1;
				if (e < left && (s[e] == '+' || s[e] == '-'))
					e++;
				if (e < left && is_digit((unsigned char)s[e])) {
					n = e;
					while (n < left && is_digit((unsigned char)s[n]))
						n++;
				}
			}
			if (n > 64)
				return fail_at(err, lx->line, col, "a number is longer than 64 characters", NULL);
			status = push(lx, T_NUMBER, start, n, col, err);
		} else if (c == '*') {
			status = push(lx, T_STAR, start, 1, col, err);
		} else if (c == '+') {
			status = push(lx, T_PLUS, start, 1, col, err);
		} else if (c == '-') {
			status = push(lx, T_MINUS, start, 1, col, err);
		} else if ((n = operator_length(s, left))) {
			status = push(lx, T_OP, start, n, col, err);
		} else if (c == '(' || c == ')' || c == ',') {
			return fail_at(err, lx->line, col,
				       "vector modifiers c(...) and functions such as start() are not supported", NULL);
		} else if (c == '"' || c == '\'') {
			return fail_at(err, lx->line, col, "quoted labels are not supported: write the label as a name",
				       NULL);
		} else {
			char what[64];
			if (c >= 0x21 && c < 0x7f)
				snprintf(what, sizeof what, "unexpected character '%c'", c);
			else
				snprintf(what, sizeof what, "unexpected byte 0x%02x", c);
			return fail_at(err, lx->line, col, what, NULL);
		}
		if (status)
			return status;
		lx->pos += n;
		lx->col += n;
	}
	return 0;
}

/* ---- statements ---------------------------------------------------------------------------- */

static char *dup_token(const struct token *t)
{
	char *s = malloc(t->len + 1);
	if (s) {
		memcpy(s, t->s, t->len);
		s[t->len] = 0;
	}
	return s;
}

static int tok_is(const struct token *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

void cfa_syntax_free(struct cfa_syntax *s)
{
	for (size_t k = 0; k < s->n; k++) {
		free(s->term[k].lhs);
		free(s->term[k].rhs);
		free(s->term[k].label);
	}
	free(s->term);
	memset(s, 0, sizeof *s);
}

static const char *unsupported(const struct token *op)
{
	if (tok_is(op, "~"))
		return "regressions and intercepts (~, ~1) are not part of a measurement model";
	if (tok_is(op, "<~"))
		return "formative factors (<~) are not supported";
	if (tok_is(op, "~*~"))
		return "scaling factors (~*~) are not supported";
	if (tok_is(op, "|"))
		return "thresholds (|) are not supported";
	return "constraints and definitions (==, <, >, :=) are not supported";
}

/* One statement: tokens t[0..n), with exactly one operator. */
static int statement(struct cfa_syntax *out, const struct token *t, size_t n, struct sk_error *err)
{
	size_t k = 0;

	if (t[0].kind != T_NAME)
		return fail_at(err, t[0].line, t[0].col, "a statement must start with a name", NULL);
	if (n < 2 || t[1].kind != T_OP)
		return fail_at(err, t[1 < n ? 1 : 0].line, t[1 < n ? 1 : 0].col,
			       "expected '=~' or '~~' after the first name of the statement", NULL);
	const struct token *lhs = &t[0], *op = &t[1];
	if (!tok_is(op, "=~") && !tok_is(op, "~~"))
		return fail_at(err, op->line, op->col, "operator not supported: ", unsupported(op));
	k = 2;
	if (k < n && t[k].kind == T_PLUS)
		k++;
	for (;;) {
		struct cfa_syntax_term term = {0};
		const struct token *mod = NULL;
		int negative = 0;
		if (k >= n)
			return fail_at(err, t[k - 1].line, t[k - 1].col + t[k - 1].len, "expected a name", NULL);
		if (t[k].kind == T_MINUS && k + 1 < n && t[k + 1].kind == T_NUMBER) {
			negative = 1;
			k++;
		}
		if (k + 1 < n && t[k + 1].kind == T_STAR) {
			mod = &t[k];
			k += 2;
			if (k >= n || t[k].kind != T_NAME)
				return fail_at(err, t[k - 1].line, t[k - 1].col + 1, "expected a name after '*'", NULL);
		} else if (t[k].kind == T_NUMBER) {
			return fail_at(err, t[k].line, t[k].col + t[k].len, "expected '*' after the value", NULL);
		}
		if (t[k].kind != T_NAME) {
			const char *what = t[k].kind == T_OP ? "a second operator in one statement"
					   : t[k].kind == T_STAR ? "expected a value, NA or a label before '*'"
								 : "expected a name";
			return fail_at(err, t[k].line, t[k].col, what, NULL);
		}
		if (tok_is(&t[k], "NA"))
			return fail_at(err, t[k].line, t[k].col, "NA is not a variable name", NULL);
		if (out->n >= CFA_SYNTAX_MAX_TERMS)
			return fail_at(err, t[k].line, t[k].col, "the model has more than 100000 terms", NULL);
		term.op = tok_is(op, "=~") ? CFA_OP_MEASURED : CFA_OP_COVARIES;
		term.line = t[k].line;
		term.col = t[k].col;
		term.lhs_line = lhs->line;
		term.lhs_col = lhs->col;
		if (mod && mod->kind == T_NUMBER) {
			char buf[80], *end;
			snprintf(buf, sizeof buf, "%s%.*s", negative ? "-" : "", (int)mod->len, mod->s);
			term.mod = CFA_MOD_FIXED;
			term.value = strtod(buf, &end);
			if (*end || !isfinite(term.value))
				return fail_at(err, mod->line, mod->col, "not a number", NULL);
		} else if (mod && mod->kind == T_NAME) {
			term.mod = tok_is(mod, "NA") ? CFA_MOD_FREE : CFA_MOD_LABEL;
		} else if (mod) {
			return fail_at(err, mod->line, mod->col, "expected a value, NA or a label before '*'", NULL);
		}
		struct cfa_syntax_term *grown = grow_for(out->term, out->n, sizeof *out->term);
		if (!grown)
			return sk_out_of_memory(err);
		out->term = grown;
		term.lhs = dup_token(lhs);
		term.rhs = dup_token(&t[k]);
		if (term.mod == CFA_MOD_LABEL)
			term.label = dup_token(mod);
		out->term[out->n++] = term;
		if (!term.lhs || !term.rhs || (term.mod == CFA_MOD_LABEL && !term.label))
			return sk_out_of_memory(err);
		k++;
		if (k == n)
			return 0;
		if (t[k].kind != T_PLUS) {
			const char *what = t[k].kind == T_OP	 ? "a second operator in one statement"
					   : t[k].kind == T_NAME ? "expected '+' between two names"
								 : "expected '+'";
			return fail_at(err, t[k].line, t[k].col, what, NULL);
		}
		k++;
	}
}

int cfa_syntax_parse(const char *text, size_t len, struct cfa_syntax *out, struct sk_error *err)
{
	struct lexer lx = {text, len, 0, 1, 1, NULL, 0};
	struct token *stmt = NULL;
	size_t ns = 0;
	int status;

	memset(out, 0, sizeof *out);
	if (len > CFA_SYNTAX_MAX_BYTES)
		return sk_fail(err, SK_EXIT_INPUT, "the model is longer than the limit of 1 MiB");
	if (memchr(text, 0, len))
		return sk_fail(err, SK_EXIT_INPUT, "the model holds a NUL byte: not a text file");
	if ((status = lex(&lx, err)))
		goto done;
	/* statements: a line holding an operator starts one; other lines continue it */
	if (!(stmt = malloc((lx.n + 1) * sizeof *stmt))) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t a = 0; a < lx.n;) {
		size_t b = a, ops = 0;
		while (b < lx.n && lx.tok[b].kind != T_EOL)
			ops += lx.tok[b++].kind == T_OP;
		if (b > a) {
			if (ops) {
				if (ns && (status = statement(out, stmt, ns, err)))
					goto done;
				ns = 0;
			} else if (!ns) {
				status = fail_at(err, lx.tok[a].line, lx.tok[a].col,
						 "no operator in this line and no statement before it to continue", NULL);
				goto done;
			}
			memcpy(stmt + ns, lx.tok + a, (b - a) * sizeof *stmt);
			ns += b - a;
		}
		a = b + 1;
	}
	if (ns && (status = statement(out, stmt, ns, err)))
		goto done;
	if (!out->n)
		status = sk_fail(err, SK_EXIT_INPUT, "the model has no statement (such as 'f =~ x1 + x2 + x3')");
done:
	free(lx.tok);
	free(stmt);
	if (status)
		cfa_syntax_free(out);
	return status;
}

/* ---- the model ------------------------------------------------------------------------------ */

/* names with their index, in a table with open addressing */
struct names {
	char **name;
	size_t n;
	size_t *slot, cap;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

static size_t names_find(const struct names *t, const char *s)
{
	if (!t->cap)
		return CFA_NONE;
	for (size_t h = hash_str(s) & (t->cap - 1);; h = (h + 1) & (t->cap - 1)) {
		if (t->slot[h] == CFA_NONE)
			return CFA_NONE;
		if (!strcmp(t->name[t->slot[h]], s))
			return t->slot[h];
	}
}

/* Adds s (copied) unless present; its index into *index. 0, or -1 when out of memory. */
static int names_add(struct names *t, const char *s, size_t *index)
{
	size_t k = names_find(t, s);
	if (k != CFA_NONE) {
		*index = k;
		return 0;
	}
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64, *slot = malloc(cap * sizeof *slot);
		if (!slot)
			return -1;
		for (size_t i = 0; i < cap; i++)
			slot[i] = CFA_NONE;
		for (size_t i = 0; i < t->n; i++) {
			size_t h = hash_str(t->name[i]) & (cap - 1);
			while (slot[h] != CFA_NONE)
				h = (h + 1) & (cap - 1);
			slot[h] = i;
		}
		free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	char **grown = grow_for(t->name, t->n, sizeof *t->name);
	if (!grown)
		return -1;
	t->name = grown;
	if (!(t->name[t->n] = strdup(s)))
		return -1;
	size_t h = hash_str(s) & (t->cap - 1);
	while (t->slot[h] != CFA_NONE)
		h = (h + 1) & (t->cap - 1);
	t->slot[h] = t->n;
	*index = t->n++;
	return 0;
}

static void names_free(struct names *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->slot);
}

void cfa_syntax_model_free(struct cfa_syntax_model *m)
{
	for (size_t i = 0; i < m->p; i++)
		free(m->items[i]);
	for (size_t i = 0; i < m->m; i++)
		free(m->factors[i]);
	free(m->items);
	free(m->factors);
	cfa_spec_release(&m->spec);
	memset(m, 0, sizeof *m);
}

static int is_known(const char *s, const char *const *known, size_t n_known)
{
	for (size_t k = 0; k < n_known; k++)
		if (!strcmp(known[k], s))
			return 1;
	return 0;
}

int cfa_syntax_build(const struct cfa_syntax *s, size_t groups, const char *const *known, size_t n_known,
		     struct cfa_syntax_model *out, struct sk_error *err)
{
	struct names factors = {0}, items = {0}, labels = {0};
	size_t idx;
	int status = 0;

	memset(out, 0, sizeof *out);
	/* factors: the left-hand sides of =~ */
	for (size_t k = 0; k < s->n && !status; k++)
		if (s->term[k].op == CFA_OP_MEASURED) {
			if (names_add(&factors, s->term[k].lhs, &idx))
				status = sk_out_of_memory(err);
			else if (known && is_known(s->term[k].lhs, known, n_known))
				status = fail_at(err, s->term[k].lhs_line, s->term[k].lhs_col, "a factor cannot be named like a column of the data: ",
						 s->term[k].lhs);
		}
	/* items: every other name, in order of appearance */
	for (size_t k = 0; k < s->n && !status; k++) {
		const struct cfa_syntax_term *t = &s->term[k];
		const char *side[2] = {t->op == CFA_OP_COVARIES ? t->lhs : NULL, t->rhs};
		const size_t line[2] = {t->lhs_line, t->line}, col[2] = {t->lhs_col, t->col};
		int is_f[2];
		for (int j = 0; j < 2; j++)
			is_f[j] = side[j] && names_find(&factors, side[j]) != CFA_NONE;
		if (t->op == CFA_OP_MEASURED && is_f[1]) {
			status = fail_at(err, t->line, t->col, "second-order factors are not supported: a factor as an indicator: ",
					 t->rhs);
			break;
		}
		if (t->op == CFA_OP_COVARIES && is_f[0] != is_f[1]) {
			status = fail_at(err, t->line, t->col, "a covariance between a factor and an item is not supported: ",
					 t->rhs);
			break;
		}
		for (int j = 0; j < 2 && !status; j++) {
			if (!side[j] || is_f[j])
				continue;
			if (known && !is_known(side[j], known, n_known))
				status = fail_at(err, line[j], col[j], "not a column of the data: ", side[j]);
			else if (names_add(&items, side[j], &idx))
				status = sk_out_of_memory(err);
		}
		if (!status && items.n + factors.n > CFA_SYNTAX_MAX_VARS)
			status = fail_at(err, t->line, t->col, "the model names more than 10000 variables", NULL);
	}
	if (status)
		goto done;
	if (!items.n) {
		status = sk_fail(err, SK_EXIT_INPUT, "the model names no item");
		goto done;
	}
	cfa_spec_init(&out->spec, items.n, factors.n, groups);
	for (size_t g = 0; g < groups && !status; g++)
		for (size_t k = 0; k < s->n && !status; k++) {
			const struct cfa_syntax_term *t = &s->term[k];
			struct cfa_param q = {CFA_LOADING, g, 0, 0, 1, NAN, CFA_NO_LABEL, CFA_USER};
			if (t->op == CFA_OP_MEASURED) {
				q.i = names_find(&items, t->rhs);
				q.j = names_find(&factors, t->lhs);
			} else if (names_find(&factors, t->rhs) != CFA_NONE) {
				q.kind = CFA_FACTOR_COV;
				q.i = names_find(&factors, t->lhs);
				q.j = names_find(&factors, t->rhs);
			} else {
				q.kind = CFA_RESID_COV;
				q.i = names_find(&items, t->lhs);
				q.j = names_find(&items, t->rhs);
			}
			if (t->mod == CFA_MOD_FIXED) {
				q.free = 0;
				q.value = t->value;
				q.flags |= CFA_VALUE_SET;
			} else if (t->mod == CFA_MOD_FREE) {
				q.flags |= CFA_VALUE_SET;
			} else if (t->mod == CFA_MOD_LABEL) {
				if (names_add(&labels, t->label, &idx)) {
					status = sk_out_of_memory(err);
					break;
				}
				q.label = idx + 1;
			}
			int r = cfa_spec_add(&out->spec, &q, NULL);
			if (r == GSL_EINVAL)
				status = fail_at(err, t->line, t->col, "this parameter is already in the model: ", t->rhs);
			else if (r)
				status = sk_out_of_memory(err);
		}
	if (status)
		goto done;
	out->p = items.n;
	out->m = factors.n;
	out->items = items.name;
	out->factors = factors.name;
	items.name = factors.name = NULL;
	items.n = factors.n = 0;
done:
	names_free(&factors);
	names_free(&items);
	names_free(&labels);
	if (status)
		cfa_syntax_model_free(out);
	return status;
}
