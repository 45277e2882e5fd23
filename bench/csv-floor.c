/*
 * csv-floor FILE: parse FILE with libcsv and nothing else (no-op callbacks,
 * 64 KiB reads) and print its rows.  make bench times it beside
 * cchc-normalize: the least time any libcsv-based reader needs for the
 * file, hence the ceiling of cchc-normalize's rows per second.
 */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

static unsigned long rows;

static void
on_field(void *s, size_t n, void *arg)
{
	(void)s;
	(void)n;
	(void)arg;
}

static void
on_row(int c, void *arg)
{
	(void)c;
	(void)arg;
	rows++;
}

int
main(int argc, char *argv[])
{
	static char buf[1 << 16];
	struct csv_parser p;
	FILE *f;
	size_t n;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: csv-floor FILE (a readable file)\n");
		return 2;
	}
	if (csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0)
		return 1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_row, NULL) != n) {
			fprintf(stderr, "csv-floor: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_row, NULL);
	csv_free(&p);
	fclose(f);
	printf("%lu\n", rows);
	return 0;
}
