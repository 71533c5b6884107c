/* The scan's two loops in C: folding an ASCII message into the scan buffer, and the
 * hand-over from the Aho-Corasick scan to the extractor.
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

static PyMethodDef scan_methods[] = {
    {"collect", collect, METH_VARARGS,
     "collect(found, plain, offsets, records, ids, hits, money, neg_pre, neg_after, contrast, "
     "requests, required, unless, unless_clause, tone): sort the matches' payloads into the "
     "extractor's lists (see the module's source)."},
    {"fold_ascii", fold_ascii, METH_O,
     "fold_ascii(text) -> the scan buffer of ASCII text (see the module's source)."},
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
    return m;
}
