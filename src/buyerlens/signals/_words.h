/* What both C extensions (_wordtable.c, _scan.c) need to read words of ASCII text: the
 * hash of a word's bytes, and str.split()'s whitespace for ASCII. */
#ifndef BUYERLENS_WORDS_H
#define BUYERLENS_WORDS_H

#include <stdint.h>

/* 64-bit FNV-1a of ``n`` bytes */
static inline uint64_t
fnv1a(const unsigned char *s, Py_ssize_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* str.split()'s whitespace, for ASCII: \t \n \v \f \r, \x1c-\x1f and the space */
static inline int
is_space(unsigned char c)
{
    return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
}

#endif
