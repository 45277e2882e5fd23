/*
 * cchc: a hash set of byte strings that numbers its keys 0, 1, 2 ... in the
 * order they were first added.  The numbers index the caller's own arrays
 * (rows of a join, cells of a pivot), so one structure serves every table.
 * Open addressing with linear probing; the keys live in one arena.
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"

#define EMPTY ((size_t)-1)

/* A 64-bit hash of a short string, eight bytes at a time. */
uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDu;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
	h ^= h >> 29;
	h *= 0xFF51AFD7ED558CCDu;
	return h ^ (h >> 32);
}

static void
rehash(struct hmap *m)
{
	size_t i, j, cap = m->cap ? m->cap * 2 : 64;

	free(m->slot);
	m->slot = xmalloc(cap * sizeof(*m->slot));
	memset(m->slot, 0xFF, cap * sizeof(*m->slot));
	m->cap = cap;
	for (i = 0; i < m->n; i++) {
		for (j = m->hash[i] & (cap - 1); m->slot[j] != EMPTY; j = (j + 1) & (cap - 1))
			;
		m->slot[j] = i;
	}
}

/*
 * Find the key s[0..n) and, when add is set and it is new, add it.
 * Returns: the key's number, or HMAP_NONE when it is absent and add is 0.
 */
size_t
hmap_get(struct hmap *m, const void *s, size_t n, int add)
{
	uint64_t h = hash_bytes(s, n);
	size_t j, i;

	if (m->cap) {
		for (j = h & (m->cap - 1); (i = m->slot[j]) != EMPTY; j = (j + 1) & (m->cap - 1))
			if (m->hash[i] == h && m->klen[i] == n &&
			    !memcmp(m->keys.p + m->koff[i], s, n))
				return i;
	}
	if (!add)
		return HMAP_NONE;
	if (m->n == m->vcap) {
		m->vcap = m->vcap ? m->vcap * 2 : 64;
		m->hash = xrealloc(m->hash, m->vcap * sizeof(*m->hash));
		m->koff = xrealloc(m->koff, m->vcap * sizeof(*m->koff));
		m->klen = xrealloc(m->klen, m->vcap * sizeof(*m->klen));
	}
	i = m->n++;
	m->hash[i] = h;
	m->koff[i] = m->keys.len;
	m->klen[i] = n;
	buf_add(&m->keys, s, n);
	if (2 * m->n > m->cap) {
		rehash(m);
	} else {
		for (j = h & (m->cap - 1); m->slot[j] != EMPTY; j = (j + 1) & (m->cap - 1))
			;
		m->slot[j] = i;
	}
	return i;
}

/* The bytes of key number i (valid until the next hmap_get that adds). */
const char *
hmap_key(const struct hmap *m, size_t i, size_t *n)
{
	*n = m->klen[i];
	return m->keys.p + m->koff[i];
}

void
hmap_free(struct hmap *m)
{
	free(m->slot);
	free(m->hash);
	free(m->koff);
	free(m->klen);
	buf_free(&m->keys);
	memset(m, 0, sizeof(*m));
}
