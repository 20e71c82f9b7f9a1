/* The Word layout tests' table (tests/unit/doc_table.h). */
#include "doc_table.h"

void doc_table_of(struct dm_doc *d, size_t n, const char *title)
{
	struct dm_table *t = dm_table(d, n);

	dm_text(dm_table_title(t), title);
	for (size_t c = 0; c < n; c++)
		dm_text(dm_table_header(t, c, DM_RIGHT), "h");
	dm_table_row(t);
	for (size_t c = 0; c < n; c++)
		dm_table_value(t, c, APA_GENERAL, 1.5);
}
