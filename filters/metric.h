/*
 * cchc: the metric of a figure (the column of a table it belongs in), from
 * the vocabulary share/cchc/metrics.csv and the cue rules
 * share/cchc/metric.rules.  See metric.c.
 */
#ifndef CCHC_METRIC_H
#define CCHC_METRIC_H

#include <stddef.h>

/* one figure, as cchc-normalize reads it from a mention */
struct mfig {
	const char *doc, *line;   /* where it is: a paragraph is a line */
	const char *title;        /* the document's title, or "" */
	const char *sentence;     /* its sentence */
	const char *context;      /* the paragraph before the sentence, or "" */
	size_t at, len;           /* its raw text in the sentence */
	const char *unit_text;    /* the unit as written: "hồ sơ", "%", "" */
	const char *unit;         /* the record's unit: percent, count, ... */
};

int metric_load(void);
void metric_free(void);
int metric_known(const char *code);
const char *metric_of(const struct mfig *f, struct buf *component);
int metric_index_named(const char *sentence);

#endif
