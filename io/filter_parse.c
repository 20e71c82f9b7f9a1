/* Lexer and recursive-descent parser of the filter language (io/filter.h).
 *
 * Written by hand because no expression library packaged in Debian 12 fits: GNU libmatheval
 * (libmatheval-dev) evaluates real-valued functions only (no strings, comparisons or logic) and
 * reports a syntax error as a NULL result without a position; muParser (libmuparser-dev) is C++
 * (with a C wrapper) over doubles, strings only as function arguments, no string comparison, no
 * quoted names with spaces, no missing values; muparserx (libmuparserx-dev) has strings and
 * comparisons but is C++ only, without quoted names, three-valued logic or column-wide
 * aggregates; tinyexpr is not packaged and evaluates doubles only. None gives SQL-style quoting,
 * `in (...)`, missing() or whole-column functions, and each would still need its own layer for
 * three-valued logic and column-at-a-time evaluation.
 *
 * Grammar (lowest precedence first; chains of one level become one n-ary node):
 *   or      := and { 'or' and }
 *   and     := not { 'and' not }
 *   not     := 'not' not | compare
 *   compare := sum [ cmp sum | ['not'] 'in' '(' sum { ',' sum } ')' ]
 *   sum     := product { ('+' | '-') product }
 *   product := sign { ('*' | '/') sign }
 *   sign    := ('-' | '+') sign | primary
 *   primary := number | string | name | function '(' [ or { ',' or } ] ')' | '(' or ')'
 *            | 'recode' '(' sum { ',' range '=' code } ')'
 *   range   := const [ '-' const ]     const, code := ['-' | '+'] number
 * Recursion happens only where a nesting level opens (parenthesis, call, list, not, sign), and
 * levels are counted against FILTER_MAX_DEPTH. */
#include "io/filter_ast.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/suggest.h"
#include "io/grow.h"
#include "io/numparse.h"

enum tok {
	T_END,
	T_NUMBER,
	T_STRING, /* 'text' */
	T_NAME,   /* bare identifier (not a keyword) */
	T_QNAME,  /* "quoted name" */
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_EQ,
	T_NE,
	T_LT,
	T_LE,
	T_GT,
	T_GE,
	T_AND,
	T_OR,
	T_NOT,
	T_IN,
	T_ASSIGN, /* '=' inside recode() */
};

struct token {
	enum tok t;
	size_t pos, len; /* bytes of the text, quotes included */
	double number;
};

struct parser {
	const char *s;
	size_t len;
	struct token tok;
	size_t depth;
	struct filter_expr *e;
	struct filter_error *err;
	int in_recode; /* a single '=' is a token (recode's ranges) */
};

static const struct {
	const char *name;
	size_t min_args, max_args;
	const char *args; /* for the arity message */
} functions[FN_COUNT] = {
	[FN_MISSING] = {"missing", 1, 1, "a value"},
	[FN_MEDIAN] = {"median", 1, 1, "a column name"},
	[FN_MEAN] = {"mean", 1, 1, "a column name"},
	[FN_SD] = {"sd", 1, 1, "a column name"},
	[FN_QUANTILE] = {"quantile", 2, 2, "a column name and p"},
	[FN_TOO_FAST] = {"too_fast", 2, 2, "a column name and a fraction of its median"},
	[FN_STRAIGHTLINING] = {"straightlining", 0, 1, "nothing, or a scale name"},
	[FN_DUPLICATE_ID] = {"duplicate_id", 0, 0, "nothing"},
	[FN_RECODE] = {"recode", 1, 1, "a value and ranges such as 18-34=1"},
};

const char *filter_fn_name(enum filter_fn fn)
{
	return functions[fn].name;
}

static int is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int syntax(struct parser *p, size_t pos, const char *fmt, const char *what)
{
	return filter_fail(p->err, FILTER_SYNTAX, p->s, pos, "syntax error", fmt, what);
}

/* What a token looks like in a message: its text quoted (cut), or "the end". */
static void describe_token(struct parser *p, struct strbuf *b)
{
	char *t;

	if (p->tok.t == T_END) {
		strbuf_adds(b, "the end of the expression");
		return;
	}
	t = strndup(p->s + p->tok.pos, p->tok.len);
	if (!t) {
		strbuf_adds(b, "a token");
		return;
	}
	filter_quote(b, t, 24);
	free(t);
}

/* "syntax error at character N: expected WHAT, found TOKEN" */
static int expected(struct parser *p, const char *what)
{
	struct strbuf b = STRBUF_INIT;
	int rc;

	strbuf_addf(&b, ": expected %s, found ", what);
	describe_token(p, &b);
	rc = syntax(p, p->tok.pos, "%s", strbuf_ok(&b) ? strbuf_str(&b) : "");
	strbuf_release(&b);
	return rc;
}

/* A quoted string or name starting at pos: sets *end past its closing quote, or fails. */
static int scan_quoted(struct parser *p, size_t pos, size_t *end)
{
	char q = p->s[pos];

	for (size_t i = pos + 1; i < p->len; i++)
		if (p->s[i] == q) {
			if (p->s[i + 1] != q) {
				*end = i + 1;
				return 0;
			}
			i++;
		}
	return syntax(p, pos, ": %s",
		      q == '\'' ? "the string that starts here is not closed (a quote inside is written '')"
				: "the name that starts here is not closed (a double quote inside is written \"\")");
}

static int scan_number(struct parser *p, size_t pos, size_t *end)
{
	const char *s = p->s;
	size_t i = pos;

	while (is_digit((unsigned char)s[i]))
		i++;
	if (s[i] == '.') {
		i++;
		while (is_digit((unsigned char)s[i]))
			i++;
	}
	if ((s[i] == 'e' || s[i] == 'E') &&
	    (is_digit((unsigned char)s[i + 1]) ||
	     ((s[i + 1] == '+' || s[i + 1] == '-') && is_digit((unsigned char)s[i + 2])))) {
		i += 2;
		while (is_digit((unsigned char)s[i]))
			i++;
	}
	if (is_name_char((unsigned char)s[i]))
		return syntax(p, pos, ": %s", "malformed number (numbers are written like 12, 0.5, .5 or 1e-3)");
	switch (num_parse(s + pos, i - pos, 0, &p->tok.number)) {
	case NUM_OK:
		break;
	case NUM_RANGE:
		return syntax(p, pos, ": %s", "the number is too large");
	default:
		return syntax(p, pos, ": %s", "malformed number (numbers are written like 12, 0.5, .5 or 1e-3)");
	}
	*end = i;
	return 0;
}

static int keyword(const char *s, size_t n, enum tok *t)
{
	static const struct {
		const char *word;
		enum tok t;
	} words[] = {{"and", T_AND}, {"or", T_OR}, {"not", T_NOT}, {"in", T_IN}};

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k].word) == n && strncasecmp(s, words[k].word, n) == 0) {
			*t = words[k].t;
			return 1;
		}
	return 0;
}

/* Reads the token at or after `from` into p->tok. */
static int lex(struct parser *p, size_t from)
{
	const char *s = p->s;
	size_t i = from, end;
	unsigned char c;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	p->tok.pos = i;
	c = (unsigned char)s[i];
	end = i + 1;
	switch (c) {
	case '\0':
		p->tok.t = T_END;
		end = i;
		break;
	case '(':
		p->tok.t = T_LPAREN;
		break;
	case ')':
		p->tok.t = T_RPAREN;
		break;
	case ',':
		p->tok.t = T_COMMA;
		break;
	case '+':
		p->tok.t = T_PLUS;
		break;
	case '-':
		p->tok.t = T_MINUS;
		break;
	case '*':
		p->tok.t = T_STAR;
		break;
	case '/':
		p->tok.t = T_SLASH;
		break;
	case '=':
		if (s[i + 1] != '=' && p->in_recode) {
			p->tok.t = T_ASSIGN;
			break;
		}
		if (s[i + 1] != '=')
			return syntax(p, i, ": %s", "expected '==' to compare (a single '=' is not an operator)");
		p->tok.t = T_EQ;
		end = i + 2;
		break;
	case '!':
		if (s[i + 1] != '=')
			return syntax(p, i, ": %s", "'!' is not an operator: write 'not'");
		p->tok.t = T_NE;
		end = i + 2;
		break;
	case '<':
		if (s[i + 1] == '>')
			return syntax(p, i, ": %s", "'<>' is not an operator: write '!='");
		p->tok.t = s[i + 1] == '=' ? T_LE : T_LT;
		end = i + 1 + (s[i + 1] == '=');
		break;
	case '>':
		p->tok.t = s[i + 1] == '=' ? T_GE : T_GT;
		end = i + 1 + (s[i + 1] == '=');
		break;
	case '&':
		return syntax(p, i, ": %s", "'&' is not an operator: write 'and'");
	case '|':
		return syntax(p, i, ": %s", "'|' is not an operator: write 'or'");
	case '`':
		return syntax(p, i, ": %s", "names that are not identifiers go in double quotes, not backquotes");
	case '\'':
	case '"':
		if (scan_quoted(p, i, &end) != 0)
			return p->err->code;
		p->tok.t = c == '\'' ? T_STRING : T_QNAME;
		if (c == '"' && end == i + 2)
			return syntax(p, i, ": %s", "empty column name");
		break;
	default:
		if (is_digit(c) || (c == '.' && is_digit((unsigned char)s[i + 1]))) {
			if (scan_number(p, i, &end) != 0)
				return p->err->code;
			p->tok.t = T_NUMBER;
		} else if (is_name_start(c)) {
			while (is_name_char((unsigned char)s[end]))
				end++;
			if (!keyword(s + i, end - i, &p->tok.t))
				p->tok.t = T_NAME;
		} else {
			struct strbuf b = STRBUF_INIT;
			char one[2] = {(char)c, '\0'};
			int rc;
			strbuf_adds(&b, ": unexpected character ");
			filter_quote(&b, one, 1);
			rc = syntax(p, i, "%s", strbuf_ok(&b) ? strbuf_str(&b) : "");
			strbuf_release(&b);
			return rc;
		}
	}
	p->tok.len = end - i;
	return 0;
}

static int advance(struct parser *p)
{
	return lex(p, p->tok.pos + p->tok.len);
}

static struct filter_node *node(struct parser *p, enum filter_node_kind kind, size_t pos)
{
	struct filter_node *n = calloc(1, sizeof *n);

	if (!n) {
		filter_fail(p->err, FILTER_MEMORY, p->s, SIZE_MAX, "out of memory", "%s", "");
		return NULL;
	}
	n->kind = kind;
	n->pos = pos;
	n->next_alloc = p->e->nodes;
	p->e->nodes = n;
	return n;
}

static int add_kid(struct parser *p, struct filter_node *n, struct filter_node *kid, char op)
{
	struct filter_node **kids = grow_for(n->kids, n->n_kids, sizeof *kids);
	char *ops = n->kind == NODE_ARITH ? grow_for(n->ops, n->n_kids, 1) : NULL;

	if (kids)
		n->kids = kids;
	if (ops)
		n->ops = ops;
	if (!kids || (n->kind == NODE_ARITH && !ops))
		return filter_fail(p->err, FILTER_MEMORY, p->s, SIZE_MAX, "out of memory", "%s", "");
	if (ops)
		n->ops[n->n_kids] = op;
	n->kids[n->n_kids++] = kid;
	return 0;
}

/* The token's text without its quotes, doubled quotes made single. */
static char *unquote(struct parser *p)
{
	const char *s = p->s + p->tok.pos;
	size_t n = p->tok.len, k = 0;
	char *out;

	if (p->tok.t == T_NAME)
		out = strndup(s, n);
	else if ((out = malloc(n))) {
		for (size_t i = 1; i + 1 < n; i++) {
			out[k++] = s[i];
			i += s[i] == s[0];
		}
		out[k] = '\0';
	}
	if (!out)
		filter_fail(p->err, FILTER_MEMORY, p->s, SIZE_MAX, "out of memory", "%s", "");
	return out;
}

static int enter(struct parser *p)
{
	if (++p->depth > FILTER_MAX_DEPTH)
		return filter_fail(p->err, FILTER_TOO_DEEP, p->s, p->tok.pos, "the expression nests too deep",
				   ": at most %d levels of parentheses, function calls, lists, 'not' and signs",
				   FILTER_MAX_DEPTH);
	return 0;
}

static struct filter_node *parse_or(struct parser *p);
static struct filter_node *parse_sum(struct parser *p);

/* Expects ')' closing the '(' at `open`. */
static int close_paren(struct parser *p, size_t open)
{
	struct strbuf b = STRBUF_INIT;
	int rc;

	if (p->tok.t == T_RPAREN)
		return advance(p);
	strbuf_addf(&b, "')' to close the '(' at character %zu", filter_char_column(p->s, open));
	rc = expected(p, strbuf_ok(&b) ? strbuf_str(&b) : "')'");
	strbuf_release(&b);
	return rc;
}

static int find_function(const char *name, size_t n, enum filter_fn *fn)
{
	for (int k = 0; k < FN_COUNT; k++)
		if (strlen(functions[k].name) == n && strncasecmp(name, functions[k].name, n) == 0) {
			*fn = (enum filter_fn)k;
			return 1;
		}
	return 0;
}

static const char *function_name_at(void *ctx, size_t i)
{
	(void)ctx;
	return functions[i].name;
}

static int unknown_function(struct parser *p, size_t pos, const char *name)
{
	struct strbuf head = STRBUF_INIT, tail = STRBUF_INIT;
	size_t near[SUGGEST_MAX], k = suggest_names(name, FN_COUNT, function_name_at, NULL, near);
	int rc;

	strbuf_adds(&head, "unknown function ");
	filter_quote(&head, name, 60);
	if (k) {
		strbuf_adds(&tail, "; did you mean ");
		for (size_t j = 0; j < k; j++) {
			strbuf_adds(&tail, j ? (j + 1 == k ? " or " : ", ") : "");
			filter_quote(&tail, functions[near[j]].name, 60);
		}
		strbuf_adds(&tail, "?");
	} else {
		/* the functions of conditions; recode(), for computed variables, is suggested when near */
		strbuf_adds(&tail, " (the functions are ");
		for (size_t j = 0; j < FN_RECODE; j++)
			strbuf_addf(&tail, "%s%s", j ? ", " : "", functions[j].name);
		strbuf_adds(&tail, ")");
	}
	rc = filter_fail(p->err, FILTER_FUNCTION, p->s, pos, strbuf_ok(&head) ? strbuf_str(&head) : "unknown function",
			 "%s", strbuf_ok(&tail) ? strbuf_str(&tail) : "");
	strbuf_release(&head);
	strbuf_release(&tail);
	return rc;
}

/* A signed number constant of recode(). */
static int recode_number(struct parser *p, double *v)
{
	int negative = 0;

	while (p->tok.t == T_MINUS || p->tok.t == T_PLUS) {
		negative ^= p->tok.t == T_MINUS;
		if (advance(p) != 0)
			return -1;
	}
	if (p->tok.t != T_NUMBER)
		return expected(p, "a number (recode's ranges are written like 18-34=1 or 99=0)");
	*v = negative ? -p->tok.number : p->tok.number;
	return advance(p);
}

/* recode(x, LOW[-HIGH]=CODE, ...) with p->tok after x's ',': a value in the first range that
 * holds it (LOW <= x <= HIGH) becomes its CODE; a value in none is missing. */
static int parse_ranges(struct parser *p, struct filter_node *n)
{
	int rc = 0;

	p->in_recode = 1;
	for (;;) {
		double r[3];
		size_t at = p->tok.pos;
		double *grown;
		if ((rc = recode_number(p, &r[0])) != 0)
			break;
		r[1] = r[0];
		if (p->tok.t == T_MINUS && ((rc = advance(p)) != 0 || (rc = recode_number(p, &r[1])) != 0))
			break;
		if (p->tok.t != T_ASSIGN) {
			rc = expected(p, "'=' and the code of the range (e.g. 18-34=1)");
			break;
		}
		if ((rc = advance(p)) != 0 || (rc = recode_number(p, &r[2])) != 0)
			break;
		if (r[0] > r[1]) {
			rc = syntax(p, at, ": %s", "a range of recode() runs from the smaller number to the larger");
			break;
		}
		if (!(grown = grow_for(n->ranges, n->n_ranges, sizeof r))) {
			rc = filter_fail(p->err, FILTER_MEMORY, p->s, SIZE_MAX, "out of memory", "%s", "");
			break;
		}
		n->ranges = grown;
		memcpy(n->ranges + 3 * n->n_ranges++, r, sizeof r);
		if (p->tok.t != T_COMMA)
			break;
		if ((rc = advance(p)) != 0)
			break;
	}
	p->in_recode = 0;
	return rc;
}

/* name '(' args ')' with p->tok at '(' */
static struct filter_node *parse_call(struct parser *p, size_t pos, const char *name)
{
	struct filter_node *n;
	enum filter_fn fn;
	size_t open = p->tok.pos;

	if (!find_function(name, strlen(name), &fn)) {
		unknown_function(p, pos, name);
		return NULL;
	}
	if (!(n = node(p, NODE_CALL, pos)) || enter(p) != 0 || advance(p) != 0)
		return NULL;
	n->fn = fn;
	if (p->tok.t != T_RPAREN)
		for (;;) {
			struct filter_node *arg = parse_or(p);
			if (!arg || add_kid(p, n, arg, 0) != 0)
				return NULL;
			if (p->tok.t != T_COMMA)
				break;
			if (advance(p) != 0)
				return NULL;
			if (fn == FN_RECODE) {
				if (parse_ranges(p, n) != 0)
					return NULL;
				break;
			}
		}
	if (fn == FN_RECODE && n->n_kids == 1 && n->n_ranges == 0) {
		filter_fail(p->err, FILTER_FUNCTION, p->s, pos, "wrong arguments", ": %s() takes %s",
			    functions[fn].name, functions[fn].args);
		return NULL;
	}
	if (close_paren(p, open) != 0)
		return NULL;
	p->depth--;
	if (n->n_kids < functions[fn].min_args || n->n_kids > functions[fn].max_args) {
		filter_fail(p->err, FILTER_FUNCTION, p->s, pos, "wrong arguments", ": %s() takes %s, not %zu argument%s",
			    functions[fn].name, functions[fn].args, n->n_kids, n->n_kids == 1 ? "" : "s");
		return NULL;
	}
	return n;
}

static struct filter_node *parse_primary(struct parser *p)
{
	struct filter_node *n;
	size_t pos = p->tok.pos;

	switch (p->tok.t) {
	case T_NUMBER:
		if (!(n = node(p, NODE_NUMBER, pos)))
			return NULL;
		n->number = p->tok.number;
		return advance(p) == 0 ? n : NULL;
	case T_STRING:
	case T_QNAME:
		if (!(n = node(p, p->tok.t == T_STRING ? NODE_STRING : NODE_NAME, pos)) || !(n->text = unquote(p)))
			return NULL;
		return advance(p) == 0 ? n : NULL;
	case T_NAME: {
		char *name = unquote(p);
		if (!name)
			return NULL;
		if (advance(p) != 0) {
			free(name);
			return NULL;
		}
		if (p->tok.t == T_LPAREN) {
			n = parse_call(p, pos, name);
			free(name);
			return n;
		}
		if (!(n = node(p, NODE_NAME, pos))) {
			free(name);
			return NULL;
		}
		n->text = name;
		return n;
	}
	case T_LPAREN:
		if (enter(p) != 0 || advance(p) != 0 || !(n = parse_or(p)) || close_paren(p, pos) != 0)
			return NULL;
		p->depth--;
		return n;
	case T_AND:
	case T_OR:
	case T_NOT:
	case T_IN:
		expected(p, "a value (a column named like a keyword goes in double quotes)");
		return NULL;
	default:
		expected(p, "a value (a number, 'text', a column or '(')");
		return NULL;
	}
}

static struct filter_node *parse_sign(struct parser *p)
{
	struct filter_node *n, *kid;

	if (p->tok.t != T_MINUS && p->tok.t != T_PLUS)
		return parse_primary(p);
	if (!(n = node(p, NODE_SIGN, p->tok.pos)) || enter(p) != 0)
		return NULL;
	n->op = p->tok.t == T_MINUS ? '-' : '+';
	if (advance(p) != 0 || !(kid = parse_sign(p)) || add_kid(p, n, kid, 0) != 0)
		return NULL;
	p->depth--;
	return n;
}

/* One level of + - or * /: a single operand stays as it is. */
static struct filter_node *parse_arith(struct parser *p, int product)
{
	enum tok a = product ? T_STAR : T_PLUS, b = product ? T_SLASH : T_MINUS;
	struct filter_node *first = product ? parse_sign(p) : parse_arith(p, 1), *n;

	if (!first || (p->tok.t != a && p->tok.t != b))
		return first;
	if (!(n = node(p, NODE_ARITH, first->pos)) || add_kid(p, n, first, 0) != 0)
		return NULL;
	while (p->tok.t == a || p->tok.t == b) {
		char op = p->tok.t == T_STAR ? '*' : p->tok.t == T_SLASH ? '/' : p->tok.t == T_PLUS ? '+' : '-';
		struct filter_node *kid;
		if (advance(p) != 0 || !(kid = product ? parse_sign(p) : parse_arith(p, 1)) || add_kid(p, n, kid, op) != 0)
			return NULL;
	}
	return n;
}

static struct filter_node *parse_sum(struct parser *p)
{
	return parse_arith(p, 0);
}

static int comparison(enum tok t, enum filter_cmp *cmp)
{
	switch (t) {
	case T_EQ:
		*cmp = CMP_EQ;
		return 1;
	case T_NE:
		*cmp = CMP_NE;
		return 1;
	case T_LT:
		*cmp = CMP_LT;
		return 1;
	case T_LE:
		*cmp = CMP_LE;
		return 1;
	case T_GT:
		*cmp = CMP_GT;
		return 1;
	case T_GE:
		*cmp = CMP_GE;
		return 1;
	default:
		return 0;
	}
}

/* '(' value { ',' value } ')' after `in`, with p->tok at '(' */
static int parse_list(struct parser *p, struct filter_node *n)
{
	size_t open = p->tok.pos;

	if (p->tok.t != T_LPAREN)
		return expected(p, "'(' and a list of values after 'in'");
	if (enter(p) != 0 || advance(p) != 0)
		return p->err->code;
	if (p->tok.t == T_RPAREN)
		return syntax(p, p->tok.pos, ": %s", "the list after 'in' is empty");
	for (;;) {
		struct filter_node *item = parse_sum(p);
		if (!item || add_kid(p, n, item, 0) != 0)
			return p->err->code;
		if (p->tok.t != T_COMMA)
			break;
		if (advance(p) != 0)
			return p->err->code;
	}
	if (close_paren(p, open) != 0)
		return p->err->code;
	p->depth--;
	return 0;
}

static struct filter_node *parse_compare(struct parser *p)
{
	struct filter_node *left = parse_sum(p), *n, *right;
	enum filter_cmp cmp;

	if (!left)
		return NULL;
	if (comparison(p->tok.t, &cmp)) {
		if (!(n = node(p, NODE_COMPARE, p->tok.pos)))
			return NULL;
		n->cmp = cmp;
		if (advance(p) != 0 || !(right = parse_sum(p)) || add_kid(p, n, left, 0) != 0 ||
		    add_kid(p, n, right, 0) != 0)
			return NULL;
	} else if (p->tok.t == T_IN || p->tok.t == T_NOT) {
		if (!(n = node(p, NODE_IN, p->tok.pos)))
			return NULL;
		if (p->tok.t == T_NOT) {
			n->negated = 1;
			if (advance(p) != 0)
				return NULL;
			if (p->tok.t != T_IN) {
				expected(p, "'in' after 'not'");
				return NULL;
			}
		}
		if (advance(p) != 0 || add_kid(p, n, left, 0) != 0 || parse_list(p, n) != 0)
			return NULL;
	} else {
		return left;
	}
	if (comparison(p->tok.t, &cmp) || p->tok.t == T_IN) {
		syntax(p, p->tok.pos, ": %s", "comparisons do not chain: join them with 'and' (a < b and b < c)");
		return NULL;
	}
	return n;
}

static struct filter_node *parse_not(struct parser *p)
{
	struct filter_node *n, *kid;

	if (p->tok.t != T_NOT)
		return parse_compare(p);
	if (!(n = node(p, NODE_NOT, p->tok.pos)) || enter(p) != 0 || advance(p) != 0 || !(kid = parse_not(p)) ||
	    add_kid(p, n, kid, 0) != 0)
		return NULL;
	p->depth--;
	return n;
}

/* One level of `and` (or `or`): a single operand stays as it is. */
static struct filter_node *parse_logic(struct parser *p, int is_or)
{
	enum tok t = is_or ? T_OR : T_AND;
	struct filter_node *first = is_or ? parse_logic(p, 0) : parse_not(p), *n;

	if (!first || p->tok.t != t)
		return first;
	if (!(n = node(p, is_or ? NODE_OR : NODE_AND, p->tok.pos)) || add_kid(p, n, first, 0) != 0)
		return NULL;
	while (p->tok.t == t) {
		struct filter_node *kid;
		if (advance(p) != 0 || !(kid = is_or ? parse_logic(p, 0) : parse_not(p)) || add_kid(p, n, kid, 0) != 0)
			return NULL;
	}
	return n;
}

static struct filter_node *parse_or(struct parser *p)
{
	return parse_logic(p, 1);
}

void filter_expr_free(struct filter_expr *e)
{
	if (!e)
		return;
	for (struct filter_node *n = e->nodes, *next; n; n = next) {
		next = n->next_alloc;
		free(n->text);
		free(n->ops);
		free(n->ranges);
		free(n->kids);
		free(n);
	}
	free(e->text);
	free(e);
}

int filter_parse(const char *text, struct filter_expr **out, struct filter_error *err)
{
	struct parser p = {.s = text, .err = err};
	size_t len = strnlen(text, FILTER_MAX_LENGTH + 1);

	*out = NULL;
	memset(err, 0, sizeof *err);
	if (len > FILTER_MAX_LENGTH)
		return filter_fail(err, FILTER_TOO_LONG, text, SIZE_MAX, "the expression is too long",
				   ": more than %d bytes", FILTER_MAX_LENGTH);
	p.len = len;
	if (!(p.e = calloc(1, sizeof *p.e)) || !(p.e->text = strdup(text))) {
		free(p.e);
		return filter_fail(err, FILTER_MEMORY, text, SIZE_MAX, "out of memory", "%s", "");
	}
	p.s = p.e->text;
	if (lex(&p, 0) != 0)
		goto fail;
	if (p.tok.t == T_END) {
		filter_fail(err, FILTER_SYNTAX, p.s, SIZE_MAX, "the expression is empty", "%s", "");
		goto fail;
	}
	if (!(p.e->root = parse_or(&p)))
		goto fail;
	if (p.tok.t != T_END) {
		expected(&p, "an operator or the end of the expression");
		goto fail;
	}
	if (p.e->root->kind == NODE_CALL &&
	    (p.e->root->fn == FN_STRAIGHTLINING || p.e->root->fn == FN_DUPLICATE_ID || p.e->root->fn == FN_TOO_FAST)) {
		/* alone, it would keep only the rows it flags: say which way round it goes */
		filter_fail(err, FILTER_FUNCTION, p.s, p.e->root->pos, "a quality step alone",
			    ": %s() is true for the rows to remove, so this filter would keep only those; write 'not "
			    "%s(...)' to remove them",
			    functions[p.e->root->fn].name, functions[p.e->root->fn].name);
		goto fail;
	}
	*out = p.e;
	return 0;
fail:
	filter_expr_free(p.e);
	return err->code;
}
