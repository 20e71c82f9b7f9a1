#include "io/spss_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const reserved[] = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"};

static int is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_name_char(char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '@' || c == '#' || c == '$';
}

static int is_reserved(const char *name)
{
	for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; k++)
		if (strcasecmp(name, reserved[k]) == 0)
			return 1;
	return 0;
}

int spss_name_valid(const char *name, int portable)
{
	size_t len = strlen(name);

	if (len == 0 || len > (portable ? 8u : SPSS_NAME_MAX) || !is_letter(name[0]) || name[len - 1] == '.' ||
	    is_reserved(name))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!is_name_char(name[i]))
			return 0;
	return 1;
}

/* The cleaned name of `name` into out (max + 1 bytes). */
static void clean(const char *name, size_t max, char *out)
{
	size_t n = 0;
	int gap = 0;

	if (!is_letter(name[0]))
		out[n++] = 'v', gap = 1;
	for (const char *p = name; *p && n < max; p++) {
		if (is_name_char(*p) && *p != '_') {
			if (gap && n > 0)
				out[n++] = '_';
			if (n < max)
				out[n++] = *p;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	while (n > 1 && (out[n - 1] == '_' || out[n - 1] == '.'))
		n--;
	out[n] = '\0';
	if (is_reserved(out) && n < max)
		out[n++] = '_', out[n] = '\0';
	else if (is_reserved(out))
		out[n - 1] = '_';
}

static int name_taken(const struct frame *f, const char *name)
{
	for (size_t j = 0; j < f->n_cols; j++)
		if (strcasecmp(f->cols[j].name, name) == 0) /* SPSS names ignore case */
			return 1;
	return 0;
}

/* A free name: `base`, or base with _2, _3, ... (cut to fit max). */
static char *free_name(const struct frame *f, const char *base, size_t max)
{
	char buf[SPSS_NAME_MAX + 1];

	if (!name_taken(f, base))
		return strdup(base);
	for (unsigned k = 2; k < 100000; k++) {
		char suffix[16];
		int sl = snprintf(suffix, sizeof suffix, "_%u", k);
		size_t keep = strlen(base);
		if (keep + (size_t)sl > max)
			keep = max - (size_t)sl;
		memcpy(buf, base, keep);
		memcpy(buf + keep, suffix, (size_t)sl + 1);
		if (!name_taken(f, buf))
			return strdup(buf);
	}
	return NULL;
}

int spss_names_apply(struct frame *f, int portable, struct spss_rename **renames, size_t *n)
{
	size_t max = portable ? 8 : SPSS_NAME_MAX;

	*renames = NULL;
	*n = 0;
	for (size_t j = 0; j < f->n_cols; j++) {
		char base[SPSS_NAME_MAX + 2], *name;
		struct spss_rename *grown;
		struct column *c = &f->cols[j];
		if (spss_name_valid(c->name, portable))
			continue;
		clean(c->name, max, base);
		if (!(name = free_name(f, base, max)))
			return -1;
		if (!(grown = realloc(*renames, (*n + 1) * sizeof *grown))) {
			free(name);
			return -1;
		}
		*renames = grown;
		grown[*n] = (struct spss_rename){j, c->name};
		(*n)++;
		c->name = name;
		if (!c->meta.label && !(c->meta.label = strdup(grown[*n - 1].from)))
			return -1;
	}
	return *n ? frame_index_names(f) : 0;
}

void spss_renames_free(struct spss_rename *renames, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(renames[i].from);
	free(renames);
}
