/* The reference document pandoc styles Word output with: the bytes of data/reference.docx
 * (made by scripts/make-reference-docx), built into the program by the Makefile
 * (build/gen/reference_docx.c) so that an installed surveykit needs no data files. */
#ifndef SURVEYKIT_IO_REFERENCE_DOCX_H
#define SURVEYKIT_IO_REFERENCE_DOCX_H

#include <stddef.h>

extern const unsigned char reference_docx[];
extern const size_t reference_docx_size;

#endif
