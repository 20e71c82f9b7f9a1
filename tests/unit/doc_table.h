/* A one-row table for the Word layout tests (tests/unit/test_docwrite.c, test_doc_pandoc.c):
 * n right-aligned columns headed "h", each cell 1.5, titled `title`. */
#ifndef SURVEYKIT_TESTS_DOC_TABLE_H
#define SURVEYKIT_TESTS_DOC_TABLE_H

#include <stddef.h>

#include "io/docmodel.h"

void doc_table_of(struct dm_doc *d, size_t n, const char *title);

#endif
