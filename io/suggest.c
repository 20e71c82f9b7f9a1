/* Closest names for "did you mean" (io/suggest.h). */
#include "io/suggest.h"

#include <string.h>

#define FAR ((size_t)-1)

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Optimal string alignment distance of a and b (at most SUGGEST_NAME_MAX bytes each), or FAR
 * once it must exceed `limit`. Three rows of the dynamic programme: i - 2, i - 1, i. */
static size_t distance(const unsigned char *a, size_t la, const unsigned char *b, size_t lb, size_t limit)
{
	size_t rows[3][SUGGEST_NAME_MAX + 1];
	size_t *two = rows[0], *one = rows[1], *cur = rows[2];

	for (size_t j = 0; j <= lb; j++)
		one[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t best = cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
			size_t v = one[j - 1] + cost;
			if (one[j] + 1 < v)
				v = one[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]) &&
			    two[j - 2] + 1 < v)
				v = two[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return FAR;
		size_t *t = two;
		two = one;
		one = cur;
		cur = t;
	}
	return one[lb] <= limit ? one[lb] : FAR;
}

/* Whether `hay` contains `needle`, ASCII letters without case. */
static int contains(const unsigned char *hay, size_t lh, const unsigned char *needle, size_t ln)
{
	for (size_t i = 0; ln <= lh && i <= lh - ln; i++) {
		size_t k = 0;
		while (k < ln && fold(hay[i + k]) == fold(needle[k]))
			k++;
		if (k == ln)
			return 1;
	}
	return 0;
}

size_t suggest_names(const char *name, size_t n, const char *(*name_at)(void *ctx, size_t i), void *ctx,
		     size_t out[SUGGEST_MAX])
{
	const unsigned char *a = (const unsigned char *)name;
	size_t la = strlen(name), limit = la / 3, score[SUGGEST_MAX], k = 0;

	if (la > SUGGEST_NAME_MAX || la == 0)
		return 0;
	limit = limit < 1 ? 1 : limit > 3 ? 3 : limit;
	for (size_t i = 0; i < n; i++) {
		const char *cand = name_at(ctx, i);
		const unsigned char *b = (const unsigned char *)cand;
		size_t lb, d = FAR, at;
		if (!cand || (lb = strlen(cand)) > SUGGEST_NAME_MAX || lb == 0)
			continue;
		if ((la > lb ? la - lb : lb - la) <= limit)
			d = distance(a, la, b, lb, limit);
		if (d == FAR && la >= 3 && lb >= 3 && (la < lb ? contains(b, lb, a, la) : contains(a, la, b, lb)))
			d = limit + 1;
		if (d == FAR || (k == SUGGEST_MAX && d >= score[k - 1]))
			continue;
		/* insert in order of score, earlier names first among equals */
		at = k < SUGGEST_MAX ? k++ : SUGGEST_MAX - 1;
		while (at > 0 && score[at - 1] > d) {
			score[at] = score[at - 1];
			out[at] = out[at - 1];
			at--;
		}
		score[at] = d;
		out[at] = i;
	}
	return k;
}
