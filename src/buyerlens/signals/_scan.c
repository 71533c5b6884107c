/* The scan's hot loops in C: folding an ASCII message into the scan buffer, the
 * hand-over from the Aho-Corasick scan to the extractor, the count of function words
 * that tells Dutch from English (``WordSigns``) and the bounds of a hit's sentence
 * (``sentence_end``, ``sentence_start``), below.
 *
 *   fold_ascii(text)
 *
 * is normalize.py's ``make_buffer`` for ASCII text (the common case) in one pass: a
 * space at each end, letters lower-cased, digits, ``$`` and apostrophes kept, every other
 * character a space; then a run of apostrophes that touches a space becomes spaces
 * (quote marks, not "don't"). normalize.py's ``_ascii`` and ``_unquote`` hold the
 * reference semantics (and still fold the ASCII stretches of other text).
 *
 * The automaton (ahocorasick_rs) reports every match as (key, start, end); each key
 * carries one or more payloads (code, entry, lead, trail): an entry's form, a cue word
 * (negation, contrast, tone, currency, ...), or a word that an entry requires or that
 * cancels it. Sorting a message's 25 or so matches into the extractor's lists was a
 * Python loop with a branch per code, about a tenth of the whole extraction; this is the
 * same loop in C (tests/signals/test_signals_fastpaths.py keeps that loop as the reference):
 *
 *   collect(found, plain, offsets, records, ids,
 *           hits, money, neg_pre, neg_after, contrast, requests,
 *           required, unless, unless_clause, tone)
 *
 * ``plain`` (int32 per key): the entry index when the key's only payload is a whole-word
 * entry form, else -1; ``offsets`` (int32 per key, plus one): where the key's payloads
 * start in ``records`` (int32 code, entry, lead, trail per payload); ``ids``: the entry
 * ids (str). The lists and dicts are the extractor's, appended to in match order:
 *
 *   entry form         hits          (fstart, -fend, entry)
 *   price context      money         (code, fstart, fend, entry)
 *   negation           neg_pre       fend
 *   negation after     neg_after     fstart
 *   contrast           contrast      fstart
 *   request            requests      fstart
 *   requires / unless / unless_clause
 *                      required / unless / unless_clause: entry id -> [fstart]
 *   positive/negative  tone          (fstart, fend, +1 / -1)
 *   anything else      money         (code, fstart, fend, -1)
 *
 * with fstart = start + lead - 1 and fend = end - trail - 1 (folded coordinates: the
 * buffer's leading space is not counted). Only CPython's C API is used.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_words.h"

/* The payload codes; extractor.py checks them against its own at import. */
enum {
    UNLESS_CLAUSE = -4,
    UNLESS = -3,
    REQUIRED = -2,
    ENTRY = -1,
    NEG = 0,
    NEG_AFTER = 1,
    POS = 2,
    NEGTONE = 3,
    PRICE_CTX = 4,
    CONTRAST = 5,
    CURRENCY = 6,
    REQUEST = 7,
};

/* list.append(obj) for a new reference ``obj`` (NULL: its making failed) */
static int
append_new(PyObject *list, PyObject *obj)
{
    if (obj == NULL)
        return -1;
    int rc = PyList_Append(list, obj);
    Py_DECREF(obj);
    return rc;
}

static int
append_int(PyObject *list, Py_ssize_t v)
{
    return append_new(list, PyLong_FromSsize_t(v));
}

/* dict[id].append(at), making the list on first use */
static int
append_at(PyObject *dict, PyObject *id, Py_ssize_t at)
{
    PyObject *list = PyDict_GetItemWithError(dict, id); /* borrowed */
    if (list == NULL) {
        if (PyErr_Occurred())
            return -1;
        list = PyList_New(0);
        if (list == NULL)
            return -1;
        int rc = PyDict_SetItem(dict, id, list);
        Py_DECREF(list); /* the dict holds it */
        if (rc < 0)
            return -1;
    }
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "a position dict must hold lists");
        return -1;
    }
    return append_int(list, at);
}

static int
as_index(PyObject *o, Py_ssize_t *out)
{
    Py_ssize_t v = PyLong_AsSsize_t(o);
    if (v == -1 && PyErr_Occurred())
        return -1;
    *out = v;
    return 0;
}

static PyObject *
collect(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *found, *ids;
    PyObject *hits, *money, *neg_pre, *neg_after, *contrast, *requests, *tone;
    PyObject *required, *unless, *unless_clause;
    Py_buffer plain, offsets, records;
    if (!PyArg_ParseTuple(args, "O!y*y*y*O!O!O!O!O!O!O!O!O!O!O!:collect", &PyList_Type, &found,
                          &plain, &offsets, &records, &PyTuple_Type, &ids, &PyList_Type, &hits,
                          &PyList_Type, &money, &PyList_Type, &neg_pre, &PyList_Type, &neg_after,
                          &PyList_Type, &contrast, &PyList_Type, &requests, &PyDict_Type,
                          &required, &PyDict_Type, &unless, &PyDict_Type, &unless_clause,
                          &PyList_Type, &tone))
        return NULL;
    PyObject *result = NULL;
    const int32_t *pl = plain.buf, *off = offsets.buf, *rec = records.buf;
    Py_ssize_t nkeys = plain.len / (Py_ssize_t)sizeof(int32_t);
    Py_ssize_t nrec = records.len / (Py_ssize_t)(4 * sizeof(int32_t));
    Py_ssize_t nids = PyTuple_GET_SIZE(ids);
    if (offsets.len != (nkeys + 1) * (Py_ssize_t)sizeof(int32_t)) {
        PyErr_SetString(PyExc_ValueError, "offsets must have one more number than plain");
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(found);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *m = PyList_GET_ITEM(found, i);
        if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 3) {
            PyErr_SetString(PyExc_TypeError, "a match must be a (key, start, end) tuple");
            goto done;
        }
        Py_ssize_t pid, s, e;
        if (as_index(PyTuple_GET_ITEM(m, 0), &pid) < 0 || as_index(PyTuple_GET_ITEM(m, 1), &s) < 0 ||
            as_index(PyTuple_GET_ITEM(m, 2), &e) < 0)
            goto done;
        if (pid < 0 || pid >= nkeys) {
            PyErr_SetString(PyExc_IndexError, "a match's key is out of range");
            goto done;
        }
        if (pl[pid] >= 0) { /* a whole-word entry form: fstart s, fend e - 2 */
            if (append_new(hits, Py_BuildValue("(nnn)", s, 2 - e, (Py_ssize_t)pl[pid])) < 0)
                goto done;
            continue;
        }
        if (off[pid] < 0 || off[pid] > off[pid + 1] || off[pid + 1] > nrec) {
            PyErr_SetString(PyExc_ValueError, "offsets out of range");
            goto done;
        }
        for (Py_ssize_t r = off[pid]; r < off[pid + 1]; r++) {
            const int32_t *p = rec + 4 * r;
            Py_ssize_t code = p[0], idx = p[1];
            Py_ssize_t fs = s + p[2] - 1, fe = e - p[3] - 1;
            int rc = 0;
            switch (code) {
            case ENTRY:
                rc = append_new(hits, Py_BuildValue("(nnn)", fs, -fe, idx));
                break;
            case PRICE_CTX:
                rc = append_new(money, Py_BuildValue("(nnnn)", code, fs, fe, idx));
                break;
            case NEG:
                rc = append_int(neg_pre, fe);
                break;
            case NEG_AFTER:
                rc = append_int(neg_after, fs);
                break;
            case CONTRAST:
                rc = append_int(contrast, fs);
                break;
            case REQUEST:
                rc = append_int(requests, fs);
                break;
            case REQUIRED:
            case UNLESS:
            case UNLESS_CLAUSE:
                if (idx < 0 || idx >= nids) {
                    PyErr_SetString(PyExc_IndexError, "a payload's entry is out of range");
                    goto done;
                }
                rc = append_at(code == REQUIRED ? required : code == UNLESS ? unless : unless_clause,
                               PyTuple_GET_ITEM(ids, idx), fs);
                break;
            case POS:
            case NEGTONE:
                rc = append_new(tone, Py_BuildValue("(nni)", fs, fe, code == POS ? 1 : -1));
                break;
            default:
                rc = append_new(money, Py_BuildValue("(nnnn)", code, fs, fe, (Py_ssize_t)-1));
            }
            if (rc < 0)
                goto done;
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&plain);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&records);
    return result;
}

static PyObject *
fold_ascii(PyObject *Py_UNUSED(module), PyObject *arg)
{
    if (!PyUnicode_Check(arg) || !PyUnicode_IS_ASCII(arg)) {
        PyErr_SetString(PyExc_ValueError, "fold_ascii takes ASCII text");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    const unsigned char *s = PyUnicode_1BYTE_DATA(arg);
    PyObject *out = PyUnicode_New(n + 2, 127);
    if (out == NULL)
        return NULL;
    unsigned char *o = PyUnicode_1BYTE_DATA(out);
    int quotes = 0;
    o[0] = ' ';
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        else if (c == '\'')
            quotes = 1;
        else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '$'))
            c = ' ';
        o[i + 1] = c;
    }
    o[n + 1] = ' ';
    if (quotes) { /* a run of apostrophes touching a space is quote marks */
        Py_ssize_t i = 1;
        while (i <= n) {
            if (o[i] != '\'') {
                i++;
                continue;
            }
            Py_ssize_t j = i;
            while (o[j] == '\'')
                j++; /* o[n + 1] is a space: the run ends */
            if (o[i - 1] == ' ' || o[j] == ' ')
                memset(o + i, ' ', (size_t)(j - i));
            i = j;
        }
    }
    return out;
}

/* Language detection's function words (langid.py): ``WordSigns(words)`` holds a sign per
 * word (+1 Dutch-only, -1 English-only) and
 *
 *   WordSigns.lead(text, limit, fold)
 *
 * is ``sum(words.get(w, 0) for w in text[:limit].split())`` for ASCII text, without
 * making a string per word (the split was most of the detection's time). With ``fold``
 * each character is first folded as normalize.py's ``_ASCII_TABLE`` does (letters
 * lower-cased, digits, ``$`` and apostrophes kept, everything else a space), which is
 * ``fold_text`` of ASCII text. Whitespace is str.split's for ASCII: \t \n \v \f \r,
 * \x1c-\x1f and the space. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t mask; /* slots - 1; 0: not initialised */
    Py_ssize_t longest;
    Py_ssize_t *start; /* per slot: where its word starts in chars, -1: empty */
    Py_ssize_t *len;
    long *sign;
    unsigned char *chars;
    unsigned char *word; /* room for the longest word, folded while it is read */
} WordSignsObject;

static void
signs_free_table(WordSignsObject *self)
{
    PyMem_Free(self->start);
    PyMem_Free(self->len);
    PyMem_Free(self->sign);
    PyMem_Free(self->chars);
    PyMem_Free(self->word);
    self->word = NULL;
    self->start = NULL;
    self->len = NULL;
    self->sign = NULL;
    self->chars = NULL;
    self->mask = 0;
    self->longest = 0;
}

static void
signs_dealloc(WordSignsObject *self)
{
    signs_free_table(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
signs_init(WordSignsObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"words", NULL};
    PyObject *words;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!:WordSigns", kwlist, &PyDict_Type, &words))
        return -1;
    Py_ssize_t n = PyDict_GET_SIZE(words), total = 0, pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(words, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || !PyUnicode_IS_ASCII(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_ValueError, "WordSigns takes non-empty ASCII words");
            return -1;
        }
        const unsigned char *w = PyUnicode_1BYTE_DATA(key);
        for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(key); i++) {
            if (is_space(w[i])) {
                PyErr_Format(PyExc_ValueError, "WordSigns: %R is not one word", key);
                return -1;
            }
        }
        if (!PyLong_Check(value)) {
            PyErr_Format(PyExc_TypeError, "WordSigns: the sign of %R must be an int", key);
            return -1;
        }
        total += PyUnicode_GET_LENGTH(key);
    }
    Py_ssize_t slots = 16;
    while (slots < 4 * n)
        slots *= 2;
    signs_free_table(self);
    self->start = PyMem_New(Py_ssize_t, slots);
    self->len = PyMem_New(Py_ssize_t, slots);
    self->sign = PyMem_New(long, slots);
    self->chars = PyMem_Malloc((size_t)(total + 1));
    if (!self->start || !self->len || !self->sign || !self->chars) {
        signs_free_table(self);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < slots; i++)
        self->start[i] = -1;
    Py_ssize_t used = 0, longest = 0;
    pos = 0;
    while (PyDict_Next(words, &pos, &key, &value)) {
        long sign = PyLong_AsLong(value);
        if (sign == -1 && PyErr_Occurred()) {
            signs_free_table(self);
            return -1;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        memcpy(self->chars + used, PyUnicode_1BYTE_DATA(key), (size_t)len);
        Py_ssize_t slot = (Py_ssize_t)(fnv1a(self->chars + used, len) & (uint64_t)(slots - 1));
        while (self->start[slot] >= 0) /* dict keys are distinct: no word twice */
            slot = (slot + 1) & (slots - 1);
        self->start[slot] = used;
        self->len[slot] = len;
        self->sign[slot] = sign;
        used += len;
        if (len > longest)
            longest = len;
    }
    self->word = PyMem_Malloc((size_t)(longest + 1));
    if (self->word == NULL) {
        signs_free_table(self);
        PyErr_NoMemory();
        return -1;
    }
    self->mask = slots - 1;
    self->longest = longest;
    return 0;
}

static long
signs_find(WordSignsObject *self, const unsigned char *w, Py_ssize_t len)
{
    if (len > self->longest)
        return 0;
    Py_ssize_t slot = (Py_ssize_t)(fnv1a(w, len) & (uint64_t)self->mask);
    while (self->start[slot] >= 0) {
        if (self->len[slot] == len && memcmp(self->chars + self->start[slot], w, (size_t)len) == 0)
            return self->sign[slot];
        slot = (slot + 1) & self->mask;
    }
    return 0;
}

static PyObject *
signs_lead(WordSignsObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t limit;
    int fold;
    if (!PyArg_ParseTuple(args, "Unp:lead", &text, &limit, &fold))
        return NULL;
    if (self->mask == 0) {
        PyErr_SetString(PyExc_ValueError, "WordSigns was not initialised");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) {
        PyErr_SetString(PyExc_ValueError, "WordSigns.lead takes ASCII text");
        return NULL;
    }
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "WordSigns.lead: limit must be 0 or more");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (n > limit)
        n = limit;
    const unsigned char *s = PyUnicode_1BYTE_DATA(text);
    unsigned char *word = self->word; /* a longer word is none of the table's */
    Py_ssize_t wlen = 0;
    long long total = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? s[i] : ' ';
        if (fold) {
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c + 32);
            else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '$' || c == '\''))
                c = ' ';
        }
        if (is_space(c)) {
            if (wlen > 0 && wlen <= self->longest)
                total += signs_find(self, word, wlen);
            wlen = 0;
        }
        else {
            if (wlen < self->longest)
                word[wlen] = c;
            wlen++;
        }
    }
    return PyLong_FromLongLong(total);
}

static PyMethodDef signs_methods[] = {
    {"lead", (PyCFunction)signs_lead, METH_VARARGS,
     "lead(text, limit, fold) -> the sum of the signs of the words of text[:limit] (ASCII; "
     "fold: fold each character first, see the module's source)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WordSignsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "buyerlens.signals._scan.WordSigns",
    .tp_basicsize = sizeof(WordSignsObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "WordSigns(words: dict[str, int]): a sign per function word (see lead).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)signs_init,
    .tp_dealloc = (destructor)signs_dealloc,
    .tp_methods = signs_methods,
};

/* Sentence bounds (scope.py), asked for around most hits whose entry has a mood, a
 * required or a cancelling word, and for the learned layer's evidence:
 *
 *   sentence_end(body, pos, endpos) -> (start, end, question) | None
 *
 * is scope.py's ``SENTENCE_END.search(body, pos, endpos)``, where SENTENCE_END is
 * ``[.!?]+(?=[\s"'’”)\]]|$)|\n\s*\n|\n[-*•>]``: the match's start and end, and whether it
 * holds a question mark; and
 *
 *   sentence_start(body, lo, start) -> int
 *
 * is just after the last ``.!?`` or line break in ``body[lo:start]`` (0: none), where a dot
 * before a digit ("artikel 7.3", "€ 1.500") ends no sentence. Whitespace is the regex
 * engine's ``\s`` for str patterns and a digit ``str.isdigit``'s: Py_UNICODE_ISSPACE,
 * Py_UNICODE_ISDIGIT. tests/signals/test_signals_fastpaths.py compares both with the
 * regex and the Python they replaced. */
static int
bounds_args(PyObject *args, const char *format, PyObject **text, Py_ssize_t *a, Py_ssize_t *b)
{
    if (!PyArg_ParseTuple(args, format, text, a, b))
        return -1;
    if (*a < 0 || *b < 0) {
        PyErr_SetString(PyExc_ValueError, "positions must be 0 or more");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(*text);
    if (*a > n)
        *a = n;
    if (*b > n)
        *b = n;
    return 0;
}

static PyObject *
sentence_end(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    Py_ssize_t pos, endpos;
    if (bounds_args(args, "Unn:sentence_end", &text, &pos, &endpos) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t i = pos;
    while (i < endpos) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '.' || c == '!' || c == '?') {
            /* [.!?]+ then the lookahead; a shorter run leaves a .!? next, which the
             * lookahead refuses, and so does every start inside the run */
            int question = 0;
            Py_ssize_t j = i;
            while (j < endpos) {
                Py_UCS4 d = PyUnicode_READ(kind, data, j);
                if (d != '.' && d != '!' && d != '?')
                    break;
                question |= d == '?';
                j++;
            }
            if (j == endpos)
                return Py_BuildValue("nnO", i, j, question ? Py_True : Py_False);
            Py_UCS4 d = PyUnicode_READ(kind, data, j);
            if (Py_UNICODE_ISSPACE(d) || d == '"' || d == '\'' || d == 0x2019 || d == 0x201D
                || d == ')' || d == ']')
                return Py_BuildValue("nnO", i, j, question ? Py_True : Py_False);
            i = j;
            continue;
        }
        if (c == '\n') {
            Py_ssize_t j = i + 1; /* \n\s*\n: up to the last line break of the blank run */
            while (j < endpos && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
                j++;
            Py_ssize_t k = j - 1;
            while (k > i && PyUnicode_READ(kind, data, k) != '\n')
                k--;
            if (k > i)
                return Py_BuildValue("nnO", i, k + 1, Py_False);
            if (i + 1 < endpos) { /* \n[-*•>] */
                Py_UCS4 d = PyUnicode_READ(kind, data, i + 1);
                if (d == '-' || d == '*' || d == 0x2022 || d == '>')
                    return Py_BuildValue("nnO", i, i + 2, Py_False);
            }
        }
        i++;
    }
    Py_RETURN_NONE;
}

static PyObject *
sentence_start(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *text;
    Py_ssize_t lo, start;
    if (bounds_args(args, "Unn:sentence_start", &text, &lo, &start) < 0)
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = start - 1; i >= lo; i--) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '!' || c == '?' || c == '\n')
            return PyLong_FromSsize_t(i + 1);
        if (c == '.') {
            if (i + 1 < n && Py_UNICODE_ISDIGIT(PyUnicode_READ(kind, data, i + 1)))
                continue; /* "7.3", "1.500" */
            return PyLong_FromSsize_t(i + 1);
        }
    }
    return PyLong_FromLong(0);
}

static PyMethodDef scan_methods[] = {
    {"collect", collect, METH_VARARGS,
     "collect(found, plain, offsets, records, ids, hits, money, neg_pre, neg_after, contrast, "
     "requests, required, unless, unless_clause, tone): sort the matches' payloads into the "
     "extractor's lists (see the module's source)."},
    {"fold_ascii", fold_ascii, METH_O,
     "fold_ascii(text) -> the scan buffer of ASCII text (see the module's source)."},
    {"sentence_end", sentence_end, METH_VARARGS,
     "sentence_end(body, pos, endpos) -> (start, end, question) of scope.SENTENCE_END's "
     "first match in body[pos:endpos], or None."},
    {"sentence_start", sentence_start, METH_VARARGS,
     "sentence_start(body, lo, start) -> just after the last sentence end in "
     "body[lo:start] (0: none)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef scan_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "buyerlens.signals._scan",
    .m_doc = "The scan buffer of ASCII text and the hand-over from the Aho-Corasick scan to "
             "the extractor (see normalize.py and extractor.py).",
    .m_size = -1,
    .m_methods = scan_methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    PyObject *m = PyModule_Create(&scan_module);
    if (m == NULL)
        return NULL;
    PyObject *codes = Py_BuildValue(
        "{sisisisisisisisisisisisi}", "unless_clause", UNLESS_CLAUSE, "unless", UNLESS, "required",
        REQUIRED, "entry", ENTRY, "negation", NEG, "negation_after", NEG_AFTER, "positive", POS,
        "negative", NEGTONE, "price_context", PRICE_CTX, "contrast", CONTRAST, "currency", CURRENCY,
        "request", REQUEST);
    if (codes == NULL || PyModule_AddObject(m, "CODES", codes) < 0) {
        Py_XDECREF(codes);
        Py_DECREF(m);
        return NULL;
    }
    if (PyType_Ready(&WordSignsType) < 0
        || PyModule_AddObjectRef(m, "WordSigns", (PyObject *)&WordSignsType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
