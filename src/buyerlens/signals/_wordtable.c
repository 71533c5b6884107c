/* The learned layer's word table: one of the signal extractor's two C extensions.
 *
 * The learned layer (learned.py) gives every word it has seen a row of weights, one per
 * kind, and scores a message as the bias plus the sum of the rows of its distinct words.
 * In Python that costs a split, a set, a dict lookup per word and a numpy sum: about
 * 35 us for a 1.6 KB e-mail, as much as the whole lexicon pass. This table does the same
 * over the scan buffer in one pass, without making a Python object per word:
 *
 *   WordTable(k, closed_nonalpha=False)
 *                                 an empty table for k kinds (row 0: all zeros); with
 *                                 closed_nonalpha, a word with a character other than
 *                                 a letter that is not in the table has no weight (the
 *                                 caller adds every such word that has one up front)
 *   add(word, weights | None)     give a word its row (None: a word without weight)
 *   read(text, keys, bias)        (logits, ids, places, None), or (None, None, None,
 *                                 unknown words); ids: the rows of the text's weighted
 *                                 words (not the keys'); places: where each stands
 *   speaking(ids, places, kind, limit)
 *                                 the words of ids that push toward kind, heaviest
 *                                 first, with their weight and places
 *   evidence(ids, places, kind, body, asking, bp_norm, bp_delta, few, far)
 *                                 where the sentence that speaks most for kind has its
 *                                 first such word, as a body offset (see below)
 *   len(table)                    the number of words
 *
 * ``text`` is the scan buffer (normalize.py): pure ASCII, words separated by spaces.
 * ``read`` splits it as ``str.split()`` does, looks each word up, and sums the rows of
 * the distinct weighted words and of the ``keys`` (``lex:<kind>``, ``q:?``). When a word
 * is not in the table yet it returns the distinct unknown words instead; the caller
 * stems them, adds them, and reads again. Every call runs with the GIL held and never
 * releases it, so one call sees one consistent table (the web app reads from threads).
 *
 * A word's places are the buffer offsets of its first letter, in order, up to PLACES:
 * where the learned layer looks for the sentence that speaks for a kind.
 *
 * Only CPython's C API is used. tests/signals/test_signals_wordtable.py checks the table
 * against the plain Python it replaced (str.split, a set, a numpy sum, and the evidence
 * search's loop, which it keeps as the reference).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_words.h"

/* How many places of a word a read keeps (the learned layer looks at no more). */
#define PLACES 4

typedef struct {
    PyObject_HEAD
    Py_ssize_t k;        /* kinds per row */
    int closed_nonalpha; /* an unknown word with a non-letter has no weight */
    /* open addressing over entries; slot = entry index + 1, 0 = empty */
    Py_ssize_t cap;      /* slots, a power of two */
    int32_t *slots;
    /* entries: one per word */
    Py_ssize_t n, ncap;
    uint64_t *hashes;
    Py_ssize_t *woff;    /* offset of the word's bytes in the arena */
    int32_t *wlen;
    int32_t *row;        /* the entry's row (0: no weight) */
    char *arena;
    Py_ssize_t alen, acap;
    /* rows: nrows * k doubles; row r belongs to word rword[r] (a str; NULL for row 0) */
    Py_ssize_t nrows, rcap;
    double *rows;
    PyObject **rword;
    uint32_t *stamp;     /* per row: the read that last counted it */
    int32_t *slot;       /* per row: its place in seen, in that read */
    uint32_t gen;
    /* scratch for one read: distinct rows, and where each word stands (up to PLACES
     * buffer offsets of its first letter, -1 past the last) */
    int32_t *seen;
    int32_t *places;
    Py_ssize_t seencap;
} WordTable;

/* A capacity of at least ``need``: ``cap`` doubled (``first`` when there is none yet). */
static Py_ssize_t
doubled(Py_ssize_t cap, Py_ssize_t first, Py_ssize_t need)
{
    Py_ssize_t c = cap ? cap : first;
    while (c < need)
        c *= 2;
    return c;
}

/* The array that ``field`` points to (a T **) reallocated to ``n`` items of ``size``
 * bytes; left as it was, with MemoryError set, when memory runs out. */
static int
resize(void *field, Py_ssize_t n, size_t size)
{
    void **p = (void **)field;
    void *q = PyMem_Realloc(*p, (size_t)(n ? n : 1) * size);
    if (q == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *p = q;
    return 0;
}

/* Room for ``need`` rows (rows, rword, stamp and slot grow together). */
static int
ensure_rows(WordTable *t, Py_ssize_t need)
{
    if (need <= t->rcap)
        return 0;
    Py_ssize_t c = doubled(t->rcap, 64, need);
    if (resize(&t->rows, c * t->k, sizeof(double)) < 0 ||
        resize(&t->rword, c, sizeof(PyObject *)) < 0 || resize(&t->stamp, c, sizeof(uint32_t)) < 0 ||
        resize(&t->slot, c, sizeof(int32_t)) < 0)
        return -1;
    t->rcap = c;
    return 0;
}

/* Room for ``need`` entries (hashes, woff, wlen and row grow together). */
static int
ensure_entries(WordTable *t, Py_ssize_t need)
{
    if (need <= t->ncap)
        return 0;
    Py_ssize_t c = doubled(t->ncap, 256, need);
    if (resize(&t->hashes, c, sizeof(uint64_t)) < 0 || resize(&t->woff, c, sizeof(Py_ssize_t)) < 0 ||
        resize(&t->wlen, c, sizeof(int32_t)) < 0 || resize(&t->row, c, sizeof(int32_t)) < 0)
        return -1;
    t->ncap = c;
    return 0;
}

/* Room for ``need`` distinct rows in one read (seen and places grow together). */
static int
ensure_seen(WordTable *t, Py_ssize_t need)
{
    if (need <= t->seencap)
        return 0;
    Py_ssize_t c = doubled(t->seencap, 256, need);
    if (resize(&t->seen, c, sizeof(int32_t)) < 0 || resize(&t->places, c * PLACES, sizeof(int32_t)) < 0)
        return -1;
    t->seencap = c;
    return 0;
}

/* The entry index of word s[0:n] with hash h, or -1. */
static Py_ssize_t
lookup(WordTable *t, const unsigned char *s, Py_ssize_t n, uint64_t h)
{
    Py_ssize_t mask = t->cap - 1;
    Py_ssize_t i = (Py_ssize_t)(h & (uint64_t)mask);
    for (;;) {
        int32_t e = t->slots[i];
        if (e == 0)
            return -1;
        e -= 1;
        if (t->hashes[e] == h && t->wlen[e] == n && memcmp(t->arena + t->woff[e], s, (size_t)n) == 0)
            return e;
        i = (i + 1) & mask;
    }
}

static int
rehash(WordTable *t, Py_ssize_t cap)
{
    int32_t *slots = PyMem_Calloc((size_t)cap, sizeof(int32_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t mask = cap - 1;
    for (Py_ssize_t e = 0; e < t->n; e++) {
        Py_ssize_t i = (Py_ssize_t)(t->hashes[e] & (uint64_t)mask);
        while (slots[i])
            i = (i + 1) & mask;
        slots[i] = (int32_t)(e + 1);
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

static void
release(WordTable *t)
{
    if (t->rword) {
        for (Py_ssize_t r = 0; r < t->nrows; r++)
            Py_XDECREF(t->rword[r]);
    }
    PyMem_Free(t->slots);
    PyMem_Free(t->hashes);
    PyMem_Free(t->woff);
    PyMem_Free(t->wlen);
    PyMem_Free(t->row);
    PyMem_Free(t->arena);
    PyMem_Free(t->rows);
    PyMem_Free(t->rword);
    PyMem_Free(t->stamp);
    PyMem_Free(t->slot);
    PyMem_Free(t->seen);
    PyMem_Free(t->places);
    t->slots = NULL;
    t->hashes = NULL;
    t->woff = NULL;
    t->wlen = NULL;
    t->row = NULL;
    t->arena = NULL;
    t->rows = NULL;
    t->rword = NULL;
    t->stamp = NULL;
    t->slot = NULL;
    t->seen = NULL;
    t->places = NULL;
    t->cap = t->n = t->ncap = t->alen = t->acap = t->nrows = t->rcap = t->seencap = 0;
}

/* An empty table: no words, row 0 of zeros. */
static int
start(WordTable *t)
{
    release(t);
    t->slots = PyMem_Calloc(1024, sizeof(int32_t));
    if (t->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    t->cap = 1024;
    if (ensure_rows(t, 1) < 0)
        return -1;
    memset(t->rows, 0, sizeof(double) * (size_t)t->k);
    t->rword[0] = NULL;
    t->stamp[0] = 0;
    t->nrows = 1;
    t->gen = 0;
    return 0;
}

static int
WordTable_init(WordTable *t, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"k", "closed_nonalpha", NULL};
    Py_ssize_t k;
    int closed = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "n|p", kwlist, &k, &closed))
        return -1;
    if (k < 1 || k > 4096) {
        PyErr_SetString(PyExc_ValueError, "k must be between 1 and 4096");
        return -1;
    }
    release(t);
    t->k = k;
    t->closed_nonalpha = closed;
    return start(t);
}

static void
WordTable_dealloc(WordTable *t)
{
    release(t);
    Py_TYPE(t)->tp_free((PyObject *)t);
}

/* Was __init__ run? (WordTable.__new__ alone gives a table with nothing allocated.) */
static int
ready(WordTable *t)
{
    if (t->slots == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the WordTable was not initialised");
        return 0;
    }
    return 1;
}

/* The UTF-8 bytes of a str argument. */
static const char *
utf8_of(PyObject *word, Py_ssize_t *n)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "a word must be a str");
        return NULL;
    }
    return PyUnicode_AsUTF8AndSize(word, n);
}

static PyObject *
WordTable_add(WordTable *t, PyObject *args)
{
    PyObject *word, *weights;
    if (!ready(t) || !PyArg_ParseTuple(args, "UO", &word, &weights))
        return NULL;
    Py_ssize_t n;
    const char *s = utf8_of(word, &n);
    if (s == NULL)
        return NULL;
    if (n > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "word too long");
        return NULL;
    }
    uint64_t h = fnv1a((const unsigned char *)s, n);
    if (lookup(t, (const unsigned char *)s, n, h) >= 0) {
        PyErr_Format(PyExc_KeyError, "%R is in the table already", word);
        return NULL;
    }
    int32_t row = 0;
    if (weights != Py_None) {
        /* the numbers first, into a buffer of our own: converting one may run Python code
         * (a __float__), which must not find the table half changed */
        PyObject *seq = PySequence_Fast(weights, "weights must be a sequence of numbers");
        if (seq == NULL)
            return NULL;
        if (PySequence_Fast_GET_SIZE(seq) != t->k) {
            Py_DECREF(seq);
            PyErr_Format(PyExc_ValueError, "weights must have %zd numbers", t->k);
            return NULL;
        }
        double *vals = PyMem_Malloc(sizeof(double) * (size_t)t->k);
        if (vals == NULL) {
            Py_DECREF(seq);
            return PyErr_NoMemory();
        }
        for (Py_ssize_t j = 0; j < t->k; j++) {
            double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, j));
            if ((v == -1.0 && PyErr_Occurred()) || !isfinite(v)) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "weights must be finite numbers");
                PyMem_Free(vals);
                Py_DECREF(seq);
                return NULL;
            }
            vals[j] = v;
        }
        Py_DECREF(seq);
        if (lookup(t, (const unsigned char *)s, n, h) >= 0) { /* added meanwhile */
            PyMem_Free(vals);
            PyErr_Format(PyExc_KeyError, "%R is in the table already", word);
            return NULL;
        }
        if (t->nrows >= INT32_MAX || ensure_rows(t, t->nrows + 1) < 0) {
            PyMem_Free(vals);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_OverflowError, "too many rows");
            return NULL;
        }
        memcpy(t->rows + t->nrows * t->k, vals, sizeof(double) * (size_t)t->k);
        PyMem_Free(vals);
        row = (int32_t)t->nrows;
    }
    /* the entry; the slots first grow so that the load stays at most one half */
    if (t->n + 1 >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "too many words");
        return NULL;
    }
    if (2 * (t->n + 1) > t->cap && rehash(t, 2 * t->cap) < 0)
        return NULL;
    if (ensure_entries(t, t->n + 1) < 0)
        return NULL;
    if (t->alen + n > t->acap) {
        Py_ssize_t c = doubled(t->acap, 64, t->alen + n);
        if (resize(&t->arena, c, 1) < 0)
            return NULL;
        t->acap = c;
    }
    memcpy(t->arena + t->alen, s, (size_t)n);
    Py_ssize_t e = t->n;
    t->hashes[e] = h;
    t->woff[e] = t->alen;
    t->wlen[e] = (int32_t)n;
    t->row[e] = row;
    t->alen += n;
    t->n += 1;
    if (row) {
        Py_INCREF(word);
        t->rword[row] = word;
        t->stamp[row] = 0;
        t->nrows += 1;
    }
    Py_ssize_t mask = t->cap - 1;
    Py_ssize_t i = (Py_ssize_t)(h & (uint64_t)mask);
    while (t->slots[i])
        i = (i + 1) & mask;
    t->slots[i] = (int32_t)(e + 1);
    return PyLong_FromLong(row);
}

/* str.isalpha() of an ASCII word */
static inline int
all_letters(const unsigned char *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i] | 0x20;
        if (c < 'a' || c > 'z')
            return 0;
    }
    return n > 0;
}

/* Count row r once per read; a word's (at >= 0) places are kept up to PLACES. */
static int
count_row(WordTable *t, int32_t r, Py_ssize_t *nseen, Py_ssize_t at)
{
    if (r == 0)
        return 0;
    if (t->stamp[r] == t->gen) {
        if (at >= 0) {
            int32_t *p = t->places + (Py_ssize_t)t->slot[r] * PLACES;
            for (int j = 0; j < PLACES; j++) {
                if (p[j] < 0) {
                    p[j] = (int32_t)at;
                    break;
                }
            }
        }
        return 0;
    }
    Py_ssize_t m = *nseen;
    if (ensure_seen(t, m + 1) < 0)
        return -1;
    t->stamp[r] = t->gen;
    t->seen[m] = r;
    t->slot[r] = (int32_t)m;
    int32_t *p = t->places + m * PLACES;
    p[0] = (int32_t)at;
    for (int j = 1; j < PLACES; j++)
        p[j] = -1;
    *nseen = m + 1;
    return 0;
}

static void
next_gen(WordTable *t)
{
    t->gen += 1;
    if (t->gen == 0) { /* wrapped: forget every stamp */
        memset(t->stamp, 0, sizeof(uint32_t) * (size_t)t->nrows);
        t->gen = 1;
    }
}

static PyObject *
WordTable_read(WordTable *t, PyObject *args)
{
    PyObject *text, *keys, *bias;
    if (!ready(t) || !PyArg_ParseTuple(args, "UOO", &text, &keys, &bias))
        return NULL;
    if (!PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "the scan buffer must be ASCII");
        return NULL;
    }
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "the scan buffer is too long (read it in chunks)");
        return NULL;
    }
    PyObject *kseq = PySequence_Fast(keys, "keys must be a sequence of str");
    if (kseq == NULL)
        return NULL;
    PyObject *bseq = PySequence_Fast(bias, "bias must be a sequence of numbers");
    if (bseq == NULL) {
        Py_DECREF(kseq);
        return NULL;
    }
    PyObject *unknown = NULL; /* a set, made on the first unknown word */
    PyObject *result = NULL;
    Py_ssize_t nseen = 0;
    /* the bias first: converting a number may run Python code (a __float__), which must
     * not run between next_gen and the end of the sums */
    double *z = NULL;
    if (PySequence_Fast_GET_SIZE(bseq) != t->k) {
        PyErr_Format(PyExc_ValueError, "bias must have %zd numbers", t->k);
        goto done;
    }
    z = PyMem_Malloc(sizeof(double) * (size_t)t->k);
    if (z == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < t->k; j++) {
        z[j] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(bseq, j));
        if (z[j] == -1.0 && PyErr_Occurred())
            goto done;
    }
    next_gen(t);
    Py_ssize_t i = 0;
    while (i < len) {
        while (i < len && is_space(s[i]))
            i++;
        if (i >= len)
            break;
        Py_ssize_t j = i;
        while (j < len && !is_space(s[j]))
            j++;
        uint64_t h = fnv1a(s + i, j - i);
        Py_ssize_t e = lookup(t, s + i, j - i, h);
        if (e < 0 && t->closed_nonalpha && !all_letters(s + i, j - i)) {
            /* a number, a code, "i'll": weightless unless the table holds it */
        }
        else if (e < 0) {
            if (unknown == NULL && (unknown = PySet_New(NULL)) == NULL)
                goto done;
            PyObject *w = PyUnicode_FromStringAndSize((const char *)s + i, j - i);
            if (w == NULL || PySet_Add(unknown, w) < 0) {
                Py_XDECREF(w);
                goto done;
            }
            Py_DECREF(w);
        }
        else if (unknown == NULL && count_row(t, t->row[e], &nseen, i) < 0)
            goto done;
        i = j;
    }
    Py_ssize_t nwords = nseen; /* ids name the words only, not the keys */
    Py_ssize_t nk = PySequence_Fast_GET_SIZE(kseq);
    for (Py_ssize_t m = 0; m < nk; m++) {
        Py_ssize_t n;
        const char *ks = utf8_of(PySequence_Fast_GET_ITEM(kseq, m), &n);
        if (ks == NULL)
            goto done;
        uint64_t h = fnv1a((const unsigned char *)ks, n);
        Py_ssize_t e = lookup(t, (const unsigned char *)ks, n, h);
        if (e < 0) {
            if (unknown == NULL && (unknown = PySet_New(NULL)) == NULL)
                goto done;
            if (PySet_Add(unknown, PySequence_Fast_GET_ITEM(kseq, m)) < 0)
                goto done;
        }
        else if (unknown == NULL && count_row(t, t->row[e], &nseen, -1) < 0)
            goto done;
    }
    if (unknown != NULL) {
        PyObject *words = PySequence_List(unknown);
        if (words == NULL)
            goto done;
        result = Py_BuildValue("(OOON)", Py_None, Py_None, Py_None, words);
        goto done;
    }
    {
        PyObject *logits = PyList_New(t->k);
        if (logits == NULL)
            goto done;
        for (Py_ssize_t m = 0; m < nseen; m++) {
            const double *r = t->rows + (Py_ssize_t)t->seen[m] * t->k;
            for (Py_ssize_t j = 0; j < t->k; j++)
                z[j] += r[j];
        }
        for (Py_ssize_t j = 0; j < t->k; j++) {
            /* to nine decimals: a sum that lands on a threshold (weights are given to
             * a few decimals, lines in steps of 0.5) must not depend on the order of
             * the additions */
            PyObject *f = PyFloat_FromDouble(nearbyint(z[j] * 1e9) / 1e9);
            if (f == NULL) {
                Py_DECREF(logits);
                goto done;
            }
            PyList_SET_ITEM(logits, j, f);
        }
        PyObject *ids = PyBytes_FromStringAndSize(
            (const char *)t->seen, nwords * (Py_ssize_t)sizeof(int32_t));
        if (ids == NULL) {
            Py_DECREF(logits);
            goto done;
        }
        PyObject *places = PyBytes_FromStringAndSize(
            (const char *)t->places, nwords * PLACES * (Py_ssize_t)sizeof(int32_t));
        if (places == NULL) {
            Py_DECREF(logits);
            Py_DECREF(ids);
            goto done;
        }
        result = Py_BuildValue("(NNNO)", logits, ids, places, Py_None);
    }
done:
    PyMem_Free(z);
    Py_XDECREF(unknown);
    Py_DECREF(kseq);
    Py_DECREF(bseq);
    return result;
}

typedef struct {
    double w;
    int32_t r;
    Py_ssize_t m; /* its place in ids */
} Speaker;

static WordTable *sort_table; /* set while sorting, under the GIL */

static int
heavier_first(const void *a, const void *b)
{
    const Speaker *x = a, *y = b;
    if (x->w > y->w)
        return -1;
    if (x->w < y->w)
        return 1;
    /* ties in alphabetical order (words are ASCII: byte order is code point order) */
    return PyUnicode_Compare(sort_table->rword[x->r], sort_table->rword[y->r]);
}

/* The words of ``ids`` that push toward ``kind`` (weight > 0), heaviest first, ties in
 * alphabetical order: a new array in *out (free it with PyMem_Free), their number in *m. */
static int
rank(WordTable *t, const Py_buffer *ids, const Py_buffer *places, Py_ssize_t kind,
     Speaker **out, Py_ssize_t *count)
{
    *out = NULL;
    if (kind < 0 || kind >= t->k) {
        PyErr_SetString(PyExc_IndexError, "kind out of range");
        return -1;
    }
    Py_ssize_t n = ids->len / (Py_ssize_t)sizeof(int32_t);
    if (ids->len % (Py_ssize_t)sizeof(int32_t) || places->len != ids->len * PLACES) {
        PyErr_SetString(PyExc_ValueError, "ids and places must come from one read");
        return -1;
    }
    const int32_t *r = ids->buf;
    Speaker *sp = PyMem_Malloc(sizeof(Speaker) * (size_t)(n ? n : 1));
    if (sp == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (r[i] <= 0 || r[i] >= t->nrows) {
            PyMem_Free(sp);
            PyErr_SetString(PyExc_ValueError, "ids from another table");
            return -1;
        }
        double w = t->rows[(Py_ssize_t)r[i] * t->k + kind];
        if (w > 0) {
            sp[m].w = w;
            sp[m].r = r[i];
            sp[m].m = i;
            m++;
        }
    }
    sort_table = t;
    qsort(sp, (size_t)m, sizeof(Speaker), heavier_first);
    sort_table = NULL;
    *out = sp;
    *count = m;
    return 0;
}

static PyObject *
WordTable_speaking(WordTable *t, PyObject *args)
{
    Py_buffer ids, places;
    Py_ssize_t kind, limit;
    if (!ready(t) || !PyArg_ParseTuple(args, "y*y*nn", &ids, &places, &kind, &limit))
        return NULL;
    PyObject *out = NULL;
    Speaker *sp = NULL;
    Py_ssize_t m = 0;
    const int32_t *at = places.buf;
    if (rank(t, &ids, &places, kind, &sp, &m) < 0)
        goto done;
    if (limit < m)
        m = limit < 0 ? 0 : limit;
    out = PyList_New(m);
    if (out == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < m; i++) {
        const int32_t *p = at + sp[i].m * PLACES;
        Py_ssize_t np = 0;
        while (np < PLACES && p[np] >= 0)
            np++;
        PyObject *where = PyTuple_New(np);
        if (where == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        for (Py_ssize_t j = 0; j < np; j++) {
            PyObject *v = PyLong_FromLong(p[j]);
            if (v == NULL) {
                Py_DECREF(where);
                Py_CLEAR(out);
                goto done;
            }
            PyTuple_SET_ITEM(where, j, v);
        }
        PyObject *triple = Py_BuildValue("(OdN)", t->rword[sp[i].r], sp[i].w, where);
        if (triple == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, i, triple);
    }
done:
    PyMem_Free(sp);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&places);
    return out;
}

/* The first body offset at or after pos where a sentence may end ([!?\n], or a dot not
 * before a decimal digit: anchors.py's SENTENCE_START), or the body's length. */
static Py_ssize_t
sentence_end(int kind, const void *data, Py_ssize_t len, Py_ssize_t pos)
{
    for (Py_ssize_t j = pos < 0 ? 0 : pos; j < len; j++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        if (c == '!' || c == '?' || c == '\n')
            return j;
        if (c == '.' && !(j + 1 < len && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, j + 1))))
            return j;
    }
    return len;
}

/* Buffer.orig: the body offset of folded offset i, by the buffer's breakpoints */
static Py_ssize_t
orig(const Py_ssize_t *bp_norm, const Py_ssize_t *bp_delta, Py_ssize_t nbp, Py_ssize_t i)
{
    Py_ssize_t lo = 0, hi = nbp; /* bisect_right(bp_norm, i) */
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (i < bp_norm[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo > 0 ? i + bp_delta[lo - 1] : i;
}

static int
as_offsets(PyObject *seq, Py_ssize_t **out, Py_ssize_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "breakpoints must be sequences of int");
    if (fast == NULL)
        return -1;
    *n = PySequence_Fast_GET_SIZE(fast);
    *out = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(*n ? *n : 1));
    if (*out == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        (*out)[i] = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(fast, i));
        if ((*out)[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* evidence(ids, places, kind, body, asking, bp_norm, bp_delta, few, far) -> body offset of
 * the first speaking word in the sentence that speaks most for the kind, or -1.
 *
 * learned.py's _evidence: the words that push toward the kind (heaviest first, ties
 * alphabetical), summed per sentence they stand in (each word once per sentence, at its
 * first PLACES places); the first ``few`` words count, and for a kind that asks
 * (``asking``) the search goes on up to ``far`` words for a question sentence holding one,
 * which then wins. Ties go to the earlier sentence. Places are mapped to body offsets
 * with the buffer's breakpoints (bp_norm, bp_delta) and a sentence is known by the offset
 * where it ends. */
static PyObject *
WordTable_evidence(WordTable *t, PyObject *args)
{
    Py_buffer ids, places;
    Py_ssize_t kind, few, far;
    PyObject *body, *bpn, *bpd;
    int asking;
    if (!ready(t) || !PyArg_ParseTuple(args, "y*y*nUpOOnn", &ids, &places, &kind, &body,
                                       &asking, &bpn, &bpd, &few, &far))
        return NULL;
    PyObject *out = NULL;
    Speaker *sp = NULL;
    Py_ssize_t *bp_norm = NULL, *bp_delta = NULL, nbp = 0, nd = 0;
    Py_ssize_t *ends = NULL, *first = NULL;
    double *total = NULL;
    char *asked = NULL;
    Py_ssize_t m = 0, nsent = 0;
    if (as_offsets(bpn, &bp_norm, &nbp) < 0 || as_offsets(bpd, &bp_delta, &nd) < 0)
        goto done;
    if (nd != nbp) {
        PyErr_SetString(PyExc_ValueError, "bp_norm and bp_delta must be as long");
        goto done;
    }
    if (rank(t, &ids, &places, kind, &sp, &m) < 0)
        goto done;
    Py_ssize_t limit = asking ? far : few;
    if (m > limit)
        m = limit < 0 ? 0 : limit;
    size_t cap = (size_t)(m * PLACES + 1);
    ends = PyMem_Malloc(sizeof(Py_ssize_t) * cap);
    first = PyMem_Malloc(sizeof(Py_ssize_t) * cap);
    total = PyMem_Malloc(sizeof(double) * cap);
    asked = PyMem_Calloc(cap, 1);
    if (ends == NULL || first == NULL || total == NULL || asked == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int bkind = PyUnicode_KIND(body);
    const void *data = PyUnicode_DATA(body);
    Py_ssize_t len = PyUnicode_GET_LENGTH(body);
    const int32_t *at = places.buf;
    int any_asked = 0;
    for (Py_ssize_t n = 0; n < m; n++) {
        int beyond = n >= few;
        if (beyond && (any_asked || !asking))
            break;
        Py_ssize_t counted[PLACES];
        int ncounted = 0;
        const int32_t *p = at + sp[n].m * PLACES;
        for (int j = 0; j < PLACES && p[j] >= 0; j++) {
            Py_ssize_t pos = orig(bp_norm, bp_delta, nbp, (Py_ssize_t)p[j] - 1);
            Py_ssize_t end = sentence_end(bkind, data, len, pos);
            int question = asking && end < len && PyUnicode_READ(bkind, data, end) == '?';
            int seen = 0;
            for (int c = 0; c < ncounted; c++)
                seen |= counted[c] == end;
            if (seen || !(question || !beyond))
                continue;
            counted[ncounted++] = end;
            Py_ssize_t s = 0;
            while (s < nsent && ends[s] != end)
                s++;
            if (s == nsent) {
                ends[s] = end;
                total[s] = 0.0;
                first[s] = pos;
                nsent++;
            }
            total[s] += sp[n].w;
            if (pos < first[s])
                first[s] = pos;
            if (question) {
                asked[s] = 1;
                any_asked = 1;
            }
        }
    }
    Py_ssize_t best = -1;
    for (Py_ssize_t s = 0; s < nsent; s++) {
        if (any_asked && !asked[s])
            continue;
        if (best < 0 || total[s] > total[best] || (total[s] == total[best] && ends[s] < ends[best]))
            best = s;
    }
    out = PyLong_FromSsize_t(best < 0 ? -1 : first[best]);
done:
    PyMem_Free(sp);
    PyMem_Free(bp_norm);
    PyMem_Free(bp_delta);
    PyMem_Free(ends);
    PyMem_Free(first);
    PyMem_Free(total);
    PyMem_Free(asked);
    PyBuffer_Release(&ids);
    PyBuffer_Release(&places);
    return out;
}

static Py_ssize_t
WordTable_len(WordTable *t)
{
    return t->n;
}

static PyObject *
WordTable_get_k(WordTable *t, void *Py_UNUSED(closure))
{
    return PyLong_FromSsize_t(t->k);
}

static PyMethodDef WordTable_methods[] = {
    {"add", (PyCFunction)WordTable_add, METH_VARARGS,
     "add(word, weights) -> row: give a word its row of k weights (None: no weight)."},
    {"read", (PyCFunction)WordTable_read, METH_VARARGS,
     "read(text, keys, bias) -> (logits, ids, places, None) or (None, None, None, unknown)."},
    {"evidence", (PyCFunction)WordTable_evidence, METH_VARARGS,
     "evidence(ids, places, kind, body, asking, bp_norm, bp_delta, few, far) -> the body "
     "offset of the first speaking word in the sentence that speaks most for the kind, or -1."},
    {"speaking", (PyCFunction)WordTable_speaking, METH_VARARGS,
     "speaking(ids, places, kind, limit) -> [(word, weight, places)]: heaviest first, "
     "ties alphabetical."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef WordTable_getset[] = {
    {"k", (getter)WordTable_get_k, NULL, "kinds per row", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PySequenceMethods WordTable_as_sequence = {
    .sq_length = (lenfunc)WordTable_len,
};

static PyTypeObject WordTableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "buyerlens.signals._wordtable.WordTable",
    .tp_doc = "The learned layer's words and their rows of weights.",
    .tp_basicsize = sizeof(WordTable),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)WordTable_init,
    .tp_dealloc = (destructor)WordTable_dealloc,
    .tp_methods = WordTable_methods,
    .tp_getset = WordTable_getset,
    .tp_as_sequence = &WordTable_as_sequence,
};

static struct PyModuleDef wordtable_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "buyerlens.signals._wordtable",
    .m_doc = "The learned layer's word table (see learned.py).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__wordtable(void)
{
    if (PyType_Ready(&WordTableType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&wordtable_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "PLACES", PLACES) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&WordTableType);
    if (PyModule_AddObject(m, "WordTable", (PyObject *)&WordTableType) < 0) {
        Py_DECREF(&WordTableType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
