/* A part of a DOCX flattened in one pass over the bytes, without building a tree.

   flatten(xml: bytes, part="body") -> (items: str, table_texts: list[str], namespaces: set[bytes]) | None

   `items` is exactly what the `_FLATTEN` stylesheet of docx.py writes for the part: for "body"
   (word/document.xml) paragraphs, runs with their bold/italic flags, tables, rows, cells; for
   "styles" each style's id and name; for "footnotes" each footnote and its paragraphs (one inside
   another is left to lxml). `table_texts` holds, for each T item in
   order, the text of all <w:t> under that table (what `_xml_text` reads from the tree);
   `namespaces` the namespace names declared, for the caller to check that libxml2 takes them as
   URIs (a test the scanner does not redo).

   paragraph(item: str) -> (style id | None, text, bold spans, italic spans)

   One paragraph item, whether this scanner or the stylesheet wrote it, cut into its text and the
   (start, end) spans of bold and italic runs in it.

   The scanner handles the plain XML Word writes. Whatever it does not handle the way libxml2 and
   the stylesheet would, it does not guess at: it returns None and the caller takes the lxml path.
   That covers comments, processing instructions, CDATA, DOCTYPE, entities other than the five
   predefined ones, non-ASCII names, an encoding other than UTF-8, a prefix bound to the main
   namespace other than "w" on the root, a default namespace, undeclared prefixes, any sign of
   malformed XML (bad UTF-8, characters XML forbids, "]]>", mismatched tags, duplicate attributes),
   elements inside <w:t>, and row or cell properties that come after the row's or cell's content.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 255      /* libxml2 refuses deeper documents without huge_tree */
#define MAX_ATTRS 64
#define MAX_NS 512
#define ITEM "\x01"
#define RUN "\x02"
#define BOLD "\x03"
#define ITALIC "\x04"
#define FLAG "\x05"

static const char MAIN_NS[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

enum { UNSUPPORTED = 1, NO_MEMORY = 2 };

/* ---- growable byte buffers ---- */
typedef struct { char *p; size_t len, cap; } Buf;

static int buf_reserve(Buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) return NO_MEMORY;
    b->p = p; b->cap = cap;
    return 0;
}
static int buf_put(Buf *b, const char *s, size_t n) {
    if (!n) return 0;  /* an empty buffer's p is NULL: memcpy may not be given it, even for 0 bytes */
    if (buf_reserve(b, n)) return NO_MEMORY;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}
#define PUT(b, s, n) do { if (buf_put((b), (s), (n))) return NO_MEMORY; } while (0)
#define PUTS(b, lit) PUT(b, lit, sizeof(lit) - 1)
#define CHECK(expr) do { int rc_ = (expr); if (rc_) return rc_; } while (0)

/* ---- element names that matter ---- */
enum {
    N_OTHER, N_SDT, /* a prefixed element named "sdt", whatever its prefix */
    N_BODY, N_P, N_PPR, N_PSTYLE, N_R, N_RPR, N_B, N_I, N_T, N_TAB, N_BR, N_CR, N_FOOTNOTEREF,
    N_TBL, N_TR, N_TRPR, N_GRIDBEFORE, N_TC, N_TCPR, N_VMERGE, N_GRIDSPAN, N_SDTCONTENT,
    N_STYLE, N_NAME, N_FOOTNOTE
};
#define W_NAME(local, id) {local, sizeof local - 1, id}
static const struct { const char *local; size_t len; int id; } W_NAMES[] = {
    W_NAME("p", N_P), W_NAME("r", N_R), W_NAME("t", N_T), W_NAME("rPr", N_RPR), W_NAME("b", N_B),
    W_NAME("i", N_I), W_NAME("pPr", N_PPR), W_NAME("pStyle", N_PSTYLE), W_NAME("tab", N_TAB),
    W_NAME("br", N_BR), W_NAME("cr", N_CR), W_NAME("tc", N_TC), W_NAME("tcPr", N_TCPR),
    W_NAME("tr", N_TR), W_NAME("trPr", N_TRPR), W_NAME("tbl", N_TBL), W_NAME("vMerge", N_VMERGE),
    W_NAME("gridSpan", N_GRIDSPAN), W_NAME("gridBefore", N_GRIDBEFORE), W_NAME("body", N_BODY),
    W_NAME("footnoteReference", N_FOOTNOTEREF), W_NAME("sdt", N_SDT), W_NAME("sdtContent", N_SDTCONTENT),
    W_NAME("style", N_STYLE), W_NAME("name", N_NAME), W_NAME("footnote", N_FOOTNOTE),
};

#define N_W_NAMES (int)(sizeof W_NAMES / sizeof W_NAMES[0])
/* W_NAMES chained by first letter (most elements of a body are none of them: a few compares each) */
static signed char FIRST_NAME[256], NEXT_NAME[N_W_NAMES];

static void init_name_chains(void) {
    memset(FIRST_NAME, -1, sizeof FIRST_NAME);
    for (int k = N_W_NAMES - 1; k >= 0; k--) {
        unsigned char c = (unsigned char)W_NAMES[k].local[0];
        NEXT_NAME[k] = FIRST_NAME[c];
        FIRST_NAME[c] = (signed char)k;
    }
}

static int name_id(const char *s, size_t n) {
    if (n > 2 && s[0] == 'w' && s[1] == ':') {
        for (int k = FIRST_NAME[(unsigned char)s[2]]; k >= 0; k = NEXT_NAME[k])
            if (W_NAMES[k].len == n - 2 && !memcmp(W_NAMES[k].local, s + 2, n - 2)) return W_NAMES[k].id;
        return N_OTHER;
    }
    const char *colon = memchr(s, ':', n);
    if (colon && s + n - colon == 4 && !memcmp(colon + 1, "sdt", 3)) return N_SDT;
    return N_OTHER;
}

/* What an open element is to the stylesheet. */
enum {
    R_IGNORED,  /* not visited (its runs still count when inside a paragraph) */
    R_ROOT, R_BLOCKS, /* w:body or a visited sdtContent: its p, tbl and sdt are visited */
    R_SDT, R_PARA, R_PPR, R_RUN, R_RPR, R_TBL, R_TR, R_TRPR, R_TC, R_TCPR,
    R_STYLE, R_NOTE  /* styles.xml: a w:style with an id; footnotes.xml: a footnote that is read */
};
/* flags an element keeps about its children */
#define SEEN_FIRST 1   /* first child of the kind that matters (body, sdtContent, pPr, rPr, trPr, tcPr, pStyle, name) */
#define SEEN_B 2
#define SEEN_I 4
#define SEEN_VMERGE 8
#define SEEN_GRIDSPAN 16

typedef struct {
    const char *name; size_t name_len;
    int role, flags;
    int children;       /* element children seen so far */
    int index;          /* element siblings before this one */
    int ns_mark;        /* namespace declarations in scope when it opened */
    int run_seg;        /* R_RUN: its output segment */
    int capture;        /* w:t: 1 into its run, 2 into open tables (bits) */
} Elem;

typedef struct { const char *prefix; size_t prefix_len; const char *uri; size_t uri_len; } Ns;

typedef struct {
    const char *name; size_t name_len;
    const char *value; size_t value_len;
} Attr;

typedef struct {
    Buf text;   /* the text of its <w:t> so far */
    int slot;   /* its index in the list of table texts */
} OpenTable;

/* The part being read: the items of each are those the stylesheet writes for it. */
enum { PART_BODY, PART_STYLES, PART_FOOTNOTES };

typedef struct {
    int part;
    Elem stack[MAX_DEPTH + 1];
    int depth;                 /* open elements; stack[0] is the root when depth > 0 */
    Ns ns[MAX_NS];
    int n_ns;
    Buf out;                   /* the items */
    Buf head;                  /* the paragraph being read: S+style or P */
    Buf *segs;                 /* its runs, in the order they start */
    int n_segs, cap_segs;
    int para_depth;            /* stack index of the visited paragraph, -1 outside one */
    int note_depth;            /* stack index of the footnote being read, -1 outside one */
    int run_top;               /* stack index of the innermost open run of the paragraph, -1 */
    Buf pending;               /* R or C item waiting for its properties */
    int pending_elem;          /* stack index of that row or cell, -1 when none */
    int pending_merge;
    Buf span;                  /* gridBefore / gridSpan value of the pending item */
    OpenTable *tables;         /* each open visited table */
    int n_tables, cap_tables;
    PyObject *table_texts;     /* list, one slot per T item */
    PyObject *namespaces;      /* set of the namespace names declared (bytes) */
    Buf scratch;
    int root_done;
} Scan;

static void scan_free(Scan *s) {
    free(s->out.p); free(s->head.p); free(s->pending.p); free(s->span.p); free(s->scratch.p);
    for (int k = 0; k < s->cap_segs; k++) free(s->segs[k].p);
    free(s->segs);
    for (int k = 0; k < s->cap_tables; k++) free(s->tables[k].text.p);
    free(s->tables);
    Py_XDECREF(s->table_texts);
    Py_XDECREF(s->namespaces);
}

/* ---- characters ---- */

/* Valid UTF-8 made only of characters XML 1.0 allows. */
static int valid_xml_utf8(const unsigned char *p, const unsigned char *end) {
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    while (p < end) {
        if (end - p >= 8) {  /* eight ASCII characters from space up at once: most of the XML */
            uint64_t x;
            memcpy(&x, p, 8);
            if (!((x | (x - 0x20 * ones)) & highs)) { p += 8; continue; }
        }
        unsigned c = *p;
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 0;
            p++;
            continue;
        }
        uint32_t cp;
        int n;
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return 0;
        if (end - p <= n) return 0;
        for (int k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
        if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
        p += n + 1;
    }
    return 1;
}

static int put_codepoint(Buf *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return buf_put(b, u, n);
}

/* The reference at p ("&...;"): its character in *cp, its length in *len; 0 when it is not one
   of the five predefined entities or a character reference to a character XML allows. */
static int reference(const char *p, const char *end, uint32_t *cp, size_t *len) {
    const char *semi = memchr(p, ';', (size_t)(end - p) < 12 ? (size_t)(end - p) : 12);
    if (!semi) return 0;
    size_t n = (size_t)(semi - p) - 1;
    const char *s = p + 1;
    *len = n + 2;
    if (n == 2 && !memcmp(s, "lt", 2)) { *cp = '<'; return 1; }
    if (n == 2 && !memcmp(s, "gt", 2)) { *cp = '>'; return 1; }
    if (n == 3 && !memcmp(s, "amp", 3)) { *cp = '&'; return 1; }
    if (n == 4 && !memcmp(s, "quot", 4)) { *cp = '"'; return 1; }
    if (n == 4 && !memcmp(s, "apos", 4)) { *cp = '\''; return 1; }
    if (n < 2 || s[0] != '#') return 0;
    uint32_t v = 0;
    int hex = s[1] == 'x';
    size_t k = hex ? 2 : 1;
    if (k >= n) return 0;
    for (; k < n; k++) {
        char c = s[k];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        v = v * (hex ? 16 : 10) + (uint32_t)d;
        if (v > 0x10FFFF) return 0;
    }
    if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
          (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000)) return 0;
    *cp = v;
    return 1;
}

/* Character data p..end (no '<' in it) as XML reads it: references replaced, line ends
   normalized; in an attribute value (`attr`), white space becomes a space. Appended to each of
   the `n` buffers (none: only checked). */
static int decode(const char *p, const char *end, int attr, Buf **bufs, int n) {
    while (p < end) {
        const char *q = p;
        while (q < end && *q != '&' && *q != '\r' && !(attr && (*q == '\t' || *q == '\n'))) q++;
        for (int k = 0; k < n; k++) PUT(bufs[k], p, (size_t)(q - p));
        if (q == end) break;
        if (*q == '&') {
            uint32_t cp;
            size_t len;
            if (!reference(q, end, &cp, &len)) return UNSUPPORTED;
            for (int k = 0; k < n; k++) CHECK(put_codepoint(bufs[k], cp));
            p = q + len;
        } else {
            char c = attr ? ' ' : '\n';
            for (int k = 0; k < n; k++) PUT(bufs[k], &c, 1);
            p = q + 1;
            if (*q == '\r' && p < end && *p == '\n') p++;
        }
    }
    return 0;
}

/* ---- names and namespaces ---- */

/* ASCII name characters: NAME_START may begin a name (or the part after its colon) */
enum { NAME_START = 1, NAME_CHAR = 2 };
static unsigned char NAME_CLASS[256];

static void init_name_class(void) {
    for (int c = 0; c < 256; c++) {
        int start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int more = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
        NAME_CLASS[c] = (unsigned char)((start ? NAME_START : 0) | (more ? NAME_CHAR : 0));
    }
}
static int is_name_start(char c) { return NAME_CLASS[(unsigned char)c] & NAME_START; }
static int is_name_char(char c) { return NAME_CLASS[(unsigned char)c] & NAME_CHAR; }

/* Length of the qualified name at p (prefix:local or local, ASCII only); 0 when there is none. */
static size_t qname(const char *p, const char *end) {
    const char *q = p;
    if (q >= end || !is_name_start(*q)) return 0;
    while (++q < end && is_name_char(*q)) {}
    if (q < end && *q == ':') {  /* one colon, then the local part */
        if (q + 1 >= end || !is_name_start(q[1])) return 0;
        while (++q < end && is_name_char(*q)) {}
        if (q < end && *q == ':') return 0;
    }
    if (q < end && (unsigned char)*q >= 0x80) return 0;  /* a non-ASCII name: left to lxml */
    return (size_t)(q - p);
}

static int prefix_bound(Scan *s, const char *name, size_t n) {
    if (n > 2 && name[0] == 'w' && name[1] == ':') return 1;  /* bound on the root, never redeclared */
    const char *colon = memchr(name, ':', n);
    if (!colon) return 1;
    size_t plen = (size_t)(colon - name);
    if (plen == 3 && !memcmp(name, "xml", 3)) return 1;
    for (int k = s->n_ns - 1; k >= 0; k--)
        if (s->ns[k].prefix_len == plen && !memcmp(s->ns[k].prefix, name, plen)) return 1;
    return 0;
}

/* Record an xmlns:prefix declaration; UNSUPPORTED for those the scanner leaves to lxml. */
static int declare(Scan *s, const Attr *a, int is_root) {
    if (a->name_len == 5) return UNSUPPORTED;  /* a default namespace */
    const char *prefix = a->name + 6;
    size_t plen = a->name_len - 6;
    for (size_t k = 0; k < a->value_len; k++)  /* read as is: no reference, no space to normalize */
        if (strchr("&\r\n\t\"'", a->value[k])) return UNSUPPORTED;
    int is_main = a->value_len == sizeof MAIN_NS - 1 && !memcmp(a->value, MAIN_NS, a->value_len);
    int is_w = plen == 1 && prefix[0] == 'w';
    if (is_w != is_main || (is_w && !is_root)) return UNSUPPORTED;
    if ((plen == 3 && !memcmp(prefix, "xml", 3)) || (plen == 5 && !memcmp(prefix, "xmlns", 5)))
        return UNSUPPORTED;
    if (a->value_len == 0) return UNSUPPORTED;
    /* two prefixes for one namespace would make p:a and q:a the same attribute */
    for (int k = 0; k < s->n_ns; k++)
        if (s->ns[k].uri_len == a->value_len && !memcmp(s->ns[k].uri, a->value, a->value_len) &&
            !(s->ns[k].prefix_len == plen && !memcmp(s->ns[k].prefix, prefix, plen)))
            return UNSUPPORTED;
    if (s->n_ns == MAX_NS) return UNSUPPORTED;
    s->ns[s->n_ns++] = (Ns){prefix, plen, a->value, a->value_len};
    PyObject *uri = PyBytes_FromStringAndSize(a->value, (Py_ssize_t)a->value_len);
    int failed = !uri || PySet_Add(s->namespaces, uri);
    Py_XDECREF(uri);
    return failed ? NO_MEMORY : 0;
}

/* ---- output ---- */

/* Room for one more in an array of `size`-byte items (`used` of *cap in use); new room is zeroed. */
static int make_room(void **items, int *cap, int used, size_t size) {
    if (used < *cap) return 0;
    int grown = *cap ? 2 * *cap : 16;
    char *p = realloc(*items, (size_t)grown * size);
    if (!p) return NO_MEMORY;
    memset(p + (size_t)*cap * size, 0, (size_t)(grown - *cap) * size);
    *items = p;
    *cap = grown;
    return 0;
}

static Buf *segment(Scan *s) {
    void *segs = s->segs;
    int failed = make_room(&segs, &s->cap_segs, s->n_segs, sizeof(Buf));
    s->segs = segs;
    if (failed) return NULL;
    Buf *b = &s->segs[s->n_segs++];
    b->len = 0;
    return b;
}

static int end_paragraph(Scan *s) {
    PUTS(&s->out, ITEM);
    PUT(&s->out, s->head.p, s->head.len);
    for (int k = 0; k < s->n_segs; k++) PUT(&s->out, s->segs[k].p, s->segs[k].len);
    s->n_segs = 0;
    s->para_depth = -1;
    return 0;
}

static int flush_pending(Scan *s) {
    if (s->pending_elem < 0) return 0;
    PUT(&s->out, s->pending.p, s->pending.len);
    if (s->pending_merge) PUTS(&s->out, FLAG);
    PUT(&s->out, s->span.p, s->span.len);
    s->pending_elem = -1;
    return 0;
}

static int start_pending(Scan *s, int at, const char *item) {
    s->pending.len = 0;
    s->span.len = 0;
    PUT(&s->pending, item, 2);
    s->pending_elem = at;
    s->pending_merge = 0;
    return 0;
}

static int start_table(Scan *s, int at) {
    PUTS(&s->out, ITEM "T");
    for (int k = 1; k <= at; k++) {
        char num[16];
        int n = snprintf(num, sizeof num, "%d.", s->stack[k].index);
        PUT(&s->out, num, (size_t)n);
    }
    void *tables = s->tables;
    int failed = make_room(&tables, &s->cap_tables, s->n_tables, sizeof(OpenTable));
    s->tables = tables;
    if (failed) return NO_MEMORY;
    OpenTable *t = &s->tables[s->n_tables++];
    t->text.len = 0;
    t->slot = (int)PyList_GET_SIZE(s->table_texts);
    if (PyList_Append(s->table_texts, Py_None)) return NO_MEMORY;
    return 0;
}

static int end_table(Scan *s) {
    PUTS(&s->out, ITEM "E");
    OpenTable *t = &s->tables[--s->n_tables];
    Buf *b = &t->text;
    PyObject *text = PyUnicode_DecodeUTF8(b->p ? b->p : "", (Py_ssize_t)b->len, "strict");
    if (!text) return NO_MEMORY;
    return PyList_SetItem(s->table_texts, t->slot, text) ? NO_MEMORY : 0;
}

/* The decoded value of attribute `name` among attrs into s->scratch; 0 when it is absent. */
static int attr_value(Scan *s, const Attr *attrs, int n, const char *name, int *found) {
    size_t len = strlen(name);
    *found = 0;
    s->scratch.len = 0;
    for (int k = 0; k < n; k++)
        if (attrs[k].name_len == len && !memcmp(attrs[k].name, name, len)) {
            Buf *b = &s->scratch;
            *found = 1;
            return decode(attrs[k].value, attrs[k].value + attrs[k].value_len, 1, &b, 1);
        }
    return 0;
}

/* <w:b>/<w:i> turn the format on unless their w:val is 0, false or none. */
static int format_on(Scan *s, const Attr *attrs, int n, int *on) {
    int found;
    CHECK(attr_value(s, attrs, n, "w:val", &found));
    const Buf *v = &s->scratch;
    *on = !(found && ((v->len == 1 && v->p[0] == '0') || (v->len == 5 && !memcmp(v->p, "false", 5)) ||
                      (v->len == 4 && !memcmp(v->p, "none", 4))));
    return 0;
}

/* What a run writes for one of its children (the stylesheet's "run" mode). */
static int run_child(Scan *s, Buf *seg, int id, const Attr *attrs, int n) {
    int found, on;
    switch (id) {
    case N_B: case N_I:
        CHECK(format_on(s, attrs, n, &on));
        if (on) PUT(seg, id == N_B ? BOLD : ITALIC, 1);
        return 0;
    case N_TAB: PUTS(seg, "\t"); return 0;
    case N_BR: case N_CR: PUTS(seg, "\n"); return 0;
    case N_FOOTNOTEREF:
        CHECK(attr_value(s, attrs, n, "w:id", &found));
        for (size_t k = 0; k < s->scratch.len; k++) {
            static const char *const SUP[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
            char c = s->scratch.p[k];
            if (c >= '0' && c <= '9') PUT(seg, SUP[c - '0'], strlen(SUP[c - '0']));
            else PUT(seg, &c, 1);
        }
        return 0;
    }
    return 0;
}

/* The pending row's gridBefore or cell's gridSpan: its w:val as written ("" when it has none). */
static int take_span(Scan *s, const Attr *attrs, int n) {
    int found;
    CHECK(attr_value(s, attrs, n, "w:val", &found));
    s->span.len = 0;
    PUT(&s->span, s->scratch.p, s->scratch.len);
    return 0;
}

/* ---- elements ---- */

static int start_paragraph(Scan *s, int at) {
    s->stack[at].role = R_PARA;
    s->para_depth = at;
    s->run_top = -1;
    s->n_segs = 0;
    s->head.len = 0;
    PUTS(&s->head, "P");
    return 0;
}

/* styles.xml: each w:style child of the root with a w:styleId writes Y and that id, then FLAG and
   the w:val of its first w:name when there is one. */
static int open_in_styles(Scan *s, int at, int id, const Attr *attrs, int n) {
    Elem *parent = &s->stack[at - 1];
    int found;
    if (parent->role == R_ROOT && id == N_STYLE) {
        CHECK(attr_value(s, attrs, n, "w:styleId", &found));
        if (!s->scratch.len) return 0;
        s->stack[at].role = R_STYLE;
        PUTS(&s->out, ITEM "Y");
        PUT(&s->out, s->scratch.p, s->scratch.len);
    } else if (parent->role == R_STYLE && id == N_NAME && !(parent->flags & SEEN_FIRST)) {
        parent->flags |= SEEN_FIRST;
        CHECK(attr_value(s, attrs, n, "w:val", &found));
        if (found) {
            PUTS(&s->out, FLAG);
            PUT(&s->out, s->scratch.p, s->scratch.len);
        }
    }
    return 0;
}

static int is_value(const Buf *b, const char *value) {
    return b->len == strlen(value) && !memcmp(b->p, value, b->len);
}

/* footnotes.xml: each w:footnote child of the root but separators writes F, then FLAG and its
   w:id when it has one; every paragraph inside it is read (one inside another is left to lxml). */
static int open_in_footnotes(Scan *s, int at, int id, const Attr *attrs, int n) {
    int found;
    if (s->stack[at - 1].role == R_ROOT && id == N_FOOTNOTE) {
        CHECK(attr_value(s, attrs, n, "w:type", &found));
        if (found && (is_value(&s->scratch, "separator") || is_value(&s->scratch, "continuationSeparator") ||
                      is_value(&s->scratch, "continuationNotice")))
            return 0;
        s->stack[at].role = R_NOTE;
        s->note_depth = at;
        PUTS(&s->out, ITEM "F");
        CHECK(attr_value(s, attrs, n, "w:id", &found));
        if (found) {
            PUTS(&s->out, FLAG);
            PUT(&s->out, s->scratch.p, s->scratch.len);
        }
    } else if (id == N_P && s->note_depth >= 0) {
        return start_paragraph(s, at);
    }
    return 0;
}

/* An element starts at stack index `at` (its parent at at-1): its role, and what it writes. */
static int open_element(Scan *s, int at, int id, const Attr *attrs, int n) {
    Elem *e = &s->stack[at];
    e->role = R_IGNORED;
    e->capture = 0;
    if (at == 0) { e->role = R_ROOT; return 0; }
    Elem *parent = &s->stack[at - 1];
    int found;
    if (id == N_T) {  /* its text goes to its run (a child of the innermost run), and to open tables */
        if (parent->role == R_RUN && s->run_top == at - 1) e->capture |= 1;
        if (s->n_tables) e->capture |= 2;
    }

    if (s->para_depth >= 0) {  /* inside a visited paragraph: runs, wherever they are */
        if (id == N_P && s->part == PART_FOOTNOTES) return UNSUPPORTED;  /* the stylesheet reads both */
        if (id == N_R) {
            Buf *seg = segment(s);
            if (!seg) return NO_MEMORY;
            PUTS(seg, RUN);
            e->role = R_RUN;
            e->run_seg = s->n_segs - 1;
            s->run_top = at;
            return 0;
        }
        if (parent->role == R_PARA && id == N_PPR && !(parent->flags & SEEN_FIRST)) {
            parent->flags |= SEEN_FIRST;
            e->role = R_PPR;
        } else if (parent->role == R_PPR && id == N_PSTYLE && !(parent->flags & SEEN_FIRST)) {
            parent->flags |= SEEN_FIRST;
            CHECK(attr_value(s, attrs, n, "w:val", &found));
            if (found) {
                s->head.len = 0;
                PUTS(&s->head, "S");
                PUT(&s->head, s->scratch.p, s->scratch.len);
            }
        } else if (parent->role == R_RUN && s->run_top == at - 1) {
            Buf *seg = &s->segs[parent->run_seg];
            if (id == N_RPR) {
                if (!(parent->flags & SEEN_FIRST)) { parent->flags |= SEEN_FIRST; e->role = R_RPR; }
            } else {
                CHECK(run_child(s, seg, id, attrs, n));
            }
        } else if (parent->role == R_RPR && (id == N_B || id == N_I)) {
            int seen = id == N_B ? SEEN_B : SEEN_I;
            if (!(parent->flags & seen)) {
                parent->flags |= seen;
                CHECK(run_child(s, &s->segs[s->stack[s->run_top].run_seg], id, attrs, n));
            }
        }
        return 0;
    }
    if (s->part == PART_STYLES) return open_in_styles(s, at, id, attrs, n);
    if (s->part == PART_FOOTNOTES) return open_in_footnotes(s, at, id, attrs, n);

    switch (parent->role) {
    case R_ROOT:
        if (id == N_BODY && !(parent->flags & SEEN_FIRST)) {
            parent->flags |= SEEN_FIRST;
            e->role = R_BLOCKS;
        }
        return 0;
    case R_SDT:
        if (id == N_SDTCONTENT && !(parent->flags & SEEN_FIRST)) {
            parent->flags |= SEEN_FIRST;
            e->role = R_BLOCKS;
        }
        return 0;
    case R_TBL:
        if (id == N_TR) {
            e->role = R_TR;
            return start_pending(s, at, ITEM "R");
        }
        return 0;
    case R_TR:
        if (id == N_TRPR && !(parent->flags & SEEN_FIRST)) {
            if (s->pending_elem != at - 1) return UNSUPPORTED;  /* after the row's cells */
            parent->flags |= SEEN_FIRST;
            e->role = R_TRPR;
        } else if (id == N_TC) {
            CHECK(flush_pending(s));
            e->role = R_TC;
            return start_pending(s, at, ITEM "C");
        }
        return 0;
    case R_TRPR:
        if (id == N_GRIDBEFORE && !(parent->flags & SEEN_FIRST)) {
            parent->flags |= SEEN_FIRST;
            return take_span(s, attrs, n);
        }
        return 0;
    case R_TCPR:
        if (id == N_VMERGE && !(parent->flags & SEEN_VMERGE)) {
            parent->flags |= SEEN_VMERGE;
            CHECK(attr_value(s, attrs, n, "w:val", &found));
            s->pending_merge = !found || (s->scratch.len == 8 && !memcmp(s->scratch.p, "continue", 8));
        } else if (id == N_GRIDSPAN && !(parent->flags & SEEN_GRIDSPAN)) {
            parent->flags |= SEEN_GRIDSPAN;
            return take_span(s, attrs, n);
        }
        return 0;
    case R_TC:
        if (id == N_TCPR && !(parent->flags & SEEN_FIRST)) {
            if (s->pending_elem != at - 1) return UNSUPPORTED;  /* after the cell's content */
            parent->flags |= SEEN_FIRST;
            e->role = R_TCPR;
            return 0;
        }
        if (id != N_P && id != N_TBL) return 0;
        CHECK(flush_pending(s));
        break;  /* a block, as in the body */
    case R_BLOCKS:
        if (id == N_SDT) { e->role = R_SDT; return 0; }
        break;
    default:
        return 0;
    }
    if (id == N_P) {
        return start_paragraph(s, at);
    } else if (id == N_TBL) {
        e->role = R_TBL;
        return start_table(s, at);
    }
    return 0;
}

static int close_element(Scan *s, int at) {
    Elem *e = &s->stack[at];
    switch (e->role) {
    case R_PARA: return end_paragraph(s);
    case R_RUN: {
        /* the enclosing run, if any, is the nearest open R_RUN below */
        int k = at - 1;
        while (k > s->para_depth && s->stack[k].role != R_RUN) k--;
        s->run_top = k > s->para_depth ? k : -1;
        return 0;
    }
    case R_TR: case R_TC:
        return s->pending_elem == at ? flush_pending(s) : 0;
    case R_TBL: return end_table(s);
    case R_NOTE: s->note_depth = -1; return 0;
    }
    return 0;
}

/* The attributes of a start tag from p (just after its name) to its '>' or "/>": parsed into
   attrs, *p moved past the tag, *empty set for "/>". */
static int parse_attributes(const char **pp, const char *end, Attr *attrs, int *n, int *empty) {
    const char *p = *pp;
    *n = 0;
    for (;;) {
        const char *ws = p;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
        if (p >= end) return UNSUPPORTED;
        if (*p == '>') { *empty = 0; *pp = p + 1; return 0; }
        if (*p == '/') {
            if (p + 1 >= end || p[1] != '>') return UNSUPPORTED;
            *empty = 1; *pp = p + 2; return 0;
        }
        if (p == ws || *n == MAX_ATTRS) return UNSUPPORTED;  /* attributes need space between */
        size_t len = qname(p, end);
        if (!len) return UNSUPPORTED;
        Attr *a = &attrs[(*n)++];
        a->name = p; a->name_len = len;
        p += len;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
        if (p >= end || *p != '=') return UNSUPPORTED;
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
        if (p >= end || (*p != '"' && *p != '\'')) return UNSUPPORTED;
        /* the value, in one pass: values are short, three memchr calls cost more */
        const char *close = p + 1;
        int has_reference = 0;
        while (close < end && *close != *p) {
            if (*close == '<') return UNSUPPORTED;
            has_reference |= *close == '&';
            close++;
        }
        if (close == end) return UNSUPPORTED;
        a->value = p + 1;
        a->value_len = (size_t)(close - p - 1);
        if (has_reference) CHECK(decode(a->value, close, 1, NULL, 0));
        for (int k = 0; k < *n - 1; k++)
            if (attrs[k].name_len == len && !memcmp(attrs[k].name, a->name, len)) return UNSUPPORTED;
        p = close + 1;
    }
}

static int start_tag(Scan *s, const char **pp, const char *end) {
    const char *p = *pp + 1;
    size_t len = qname(p, end);
    if (!len) return UNSUPPORTED;
    const char *name = p;
    p += len;
    Attr attrs[MAX_ATTRS];
    int n, empty;
    CHECK(parse_attributes(&p, end, attrs, &n, &empty));
    *pp = p;
    if (s->depth == 0 && s->root_done) return UNSUPPORTED;  /* a second root */
    if (s->depth > MAX_DEPTH - 1) return UNSUPPORTED;

    int at = s->depth;
    Elem *e = &s->stack[at];
    e->ns_mark = s->n_ns;
    for (int k = 0; k < n; k++)
        if (attrs[k].name_len >= 5 && !memcmp(attrs[k].name, "xmlns", 5) &&
            (attrs[k].name_len == 5 || attrs[k].name[5] == ':'))
            CHECK(declare(s, &attrs[k], at == 0));
    if (at == 0) {  /* the root must bind w to the main namespace */
        int bound = 0;
        for (int k = 0; k < s->n_ns; k++)
            if (s->ns[k].prefix_len == 1 && s->ns[k].prefix[0] == 'w') bound = 1;
        if (!bound) return UNSUPPORTED;
    }
    if (!prefix_bound(s, name, len)) return UNSUPPORTED;
    for (int k = 0; k < n; k++)
        if (!(attrs[k].name_len >= 6 && !memcmp(attrs[k].name, "xmlns:", 6)) &&
            !prefix_bound(s, attrs[k].name, attrs[k].name_len))
            return UNSUPPORTED;

    if (at > 0) {
        Elem *parent = &s->stack[at - 1];
        if (parent->capture) return UNSUPPORTED;  /* an element inside <w:t> */
        e->index = parent->children++;
    } else {
        e->index = 0;
    }
    e->name = name;
    e->name_len = len;
    e->children = 0;
    e->flags = 0;
    s->depth++;
    CHECK(open_element(s, at, name_id(name, len), attrs, n));
    if (empty) {
        s->depth--;
        CHECK(close_element(s, at));
        s->n_ns = e->ns_mark;
        if (at == 0) s->root_done = 1;
    }
    return 0;
}

static int end_tag(Scan *s, const char **pp, const char *end) {
    const char *p = *pp + 2;
    size_t len = qname(p, end);
    if (!len || s->depth == 0) return UNSUPPORTED;
    Elem *e = &s->stack[s->depth - 1];
    if (len != e->name_len || memcmp(p, e->name, len)) return UNSUPPORTED;
    p += len;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p >= end || *p != '>') return UNSUPPORTED;
    *pp = p + 1;
    s->depth--;
    CHECK(close_element(s, s->depth));
    s->n_ns = e->ns_mark;
    if (s->depth == 0) s->root_done = 1;
    return 0;
}

/* Character data p..end: kept where the current element is a <w:t> being read. */
static int text(Scan *s, const char *p, const char *end) {
    if (s->depth == 0) {  /* outside the root: only white space */
        for (; p < end; p++)
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return UNSUPPORTED;
        return 0;
    }
    Elem *e = &s->stack[s->depth - 1];
    Buf *into[1 + 256];
    int n = 0;
    if (e->capture & 1) into[n++] = &s->segs[s->stack[s->run_top].run_seg];
    if (e->capture & 2) {
        if (s->n_tables > 256) return UNSUPPORTED;
        for (int k = 0; k < s->n_tables; k++) into[n++] = &s->tables[k].text;
    }
    if (!n && !memchr(p, '&', (size_t)(end - p))) return 0;
    return decode(p, end, 0, into, n);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* One pseudo-attribute of the XML declaration at *pp: S name S? = S? "value" (or 'value').
   1 when it is there (value in *value, *len), 0 when another name follows, -1 when malformed. */
static int pseudo_attribute(const char **pp, const char *end, const char *name,
                            const char **value, size_t *len) {
    const char *p = *pp;
    size_t n = strlen(name);
    if (p >= end || !is_space(*p)) return 0;
    while (p < end && is_space(*p)) p++;
    if ((size_t)(end - p) < n || memcmp(p, name, n)) return 0;
    p += n;
    while (p < end && is_space(*p)) p++;
    if (p >= end || *p != '=') return -1;
    p++;
    while (p < end && is_space(*p)) p++;
    if (p >= end || (*p != '"' && *p != '\'')) return -1;
    const char *close = memchr(p + 1, *p, (size_t)(end - p - 1));
    if (!close) return -1;
    *value = p + 1;
    *len = (size_t)(close - p - 1);
    *pp = close + 1;
    return 1;
}

/* The XML declaration, if any. Only version 1.0 in UTF-8 is read here; its grammar is checked,
   as libxml2 checks it. */
static int declaration(const char **pp, const char *end) {
    const char *p = *pp, *value;
    size_t len;
    if (end - p < 6 || memcmp(p, "<?xml", 5) || !is_space(p[5])) return 0;
    p += 5;
    if (pseudo_attribute(&p, end, "version", &value, &len) != 1 || len != 3 || memcmp(value, "1.0", 3))
        return UNSUPPORTED;
    int found = pseudo_attribute(&p, end, "encoding", &value, &len);
    if (found < 0 || (found && (len != 5 || strncasecmp(value, "utf-8", 5)))) return UNSUPPORTED;
    found = pseudo_attribute(&p, end, "standalone", &value, &len);
    if (found < 0 || (found && !(len == 3 && !memcmp(value, "yes", 3)) && !(len == 2 && !memcmp(value, "no", 2))))
        return UNSUPPORTED;
    while (p < end && is_space(*p)) p++;
    if (end - p < 2 || p[0] != '?' || p[1] != '>') return UNSUPPORTED;
    *pp = p + 2;
    return 0;
}

static int scan(Scan *s, const char *p, const char *end) {
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) p += 3;
    if (!valid_xml_utf8((const unsigned char *)p, (const unsigned char *)end)) return UNSUPPORTED;
    for (const char *q = p; (q = memchr(q, ']', (size_t)(end - q))) != NULL; q++)
        if (end - q >= 3 && q[1] == ']' && q[2] == '>') return UNSUPPORTED;
    CHECK(declaration(&p, end));
    while (p < end) {
        const char *lt = *p == '<' ? p : memchr(p, '<', (size_t)(end - p));  /* most tags follow a tag */
        const char *stop = lt ? lt : end;
        if (stop > p) CHECK(text(s, p, stop));
        if (!lt) break;
        p = lt;
        if (end - p < 2) return UNSUPPORTED;
        if (p[1] == '/') CHECK(end_tag(s, &p, end));
        else if (p[1] == '!' || p[1] == '?') return UNSUPPORTED;
        else CHECK(start_tag(s, &p, end));
    }
    return s->root_done && s->depth == 0 ? 0 : UNSUPPORTED;
}

static PyObject *flatten(PyObject *module, PyObject *args) {
    (void)module;
    static const char *const PARTS[] = {"body", "styles", "footnotes"};  /* as PART_BODY … */
    Py_buffer view;
    const char *part_name = "body";
    int part = -1;
    if (!PyArg_ParseTuple(args, "y*|s", &view, &part_name)) return NULL;
    for (int k = 0; k < 3; k++)
        if (!strcmp(part_name, PARTS[k])) part = k;
    if (part < 0) {
        PyBuffer_Release(&view);
        return PyErr_Format(PyExc_ValueError, "no part named '%s'", part_name);
    }
    Scan *s = calloc(1, sizeof(Scan));
    if (!s) { PyBuffer_Release(&view); return PyErr_NoMemory(); }
    s->part = part;
    s->para_depth = -1;
    s->note_depth = -1;
    s->run_top = -1;
    s->pending_elem = -1;
    s->table_texts = PyList_New(0);
    s->namespaces = PySet_New(NULL);
    PyObject *result = NULL;
    int rc = s->table_texts && s->namespaces ? scan(s, view.buf, (const char *)view.buf + view.len) : NO_MEMORY;
    if (rc == UNSUPPORTED) {
        PyErr_Clear();
        result = Py_NewRef(Py_None);
    } else if (rc == 0) {
        PyObject *items = PyUnicode_DecodeUTF8(s->out.p ? s->out.p : "", (Py_ssize_t)s->out.len, "strict");
        if (items) result = Py_BuildValue("(NOO)", items, s->table_texts, s->namespaces);
    } else if (!PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    scan_free(s);
    free(s);
    PyBuffer_Release(&view);
    return result;
}

/* ---- one paragraph item, whichever path wrote it ---- */

enum { RUN_MARK = 0x02, BOLD_MARK = 0x03, ITALIC_MARK = 0x04 };  /* RUN, BOLD, ITALIC as characters */

/* The spans of one format: those found (a list, made for the first), and the span not yet in it
   (adjacent runs make one span). */
typedef struct { PyObject *list; Py_ssize_t start, end; } Spans;

static int spans_flush(Spans *s) {
    if (s->end == s->start) return 0;
    if (!s->list && !(s->list = PyList_New(0))) return -1;
    PyObject *span = Py_BuildValue("(nn)", s->start, s->end);
    int failed = !span || PyList_Append(s->list, span);
    Py_XDECREF(span);
    return failed ? -1 : 0;
}

static int spans_add(Spans *s, Py_ssize_t start, Py_ssize_t end) {
    if (s->end != start || s->end == s->start) {
        if (spans_flush(s)) return -1;
        s->start = start;
    }
    s->end = end;
    return 0;
}

/* As a tuple: most paragraphs have no span, and the empty tuple is made once for all. */
static PyObject *spans_tuple(const Spans *s) {
    return s->list ? PyList_AsTuple(s->list) : PyTuple_New(0);
}

/* paragraph(item) -> (style id or None, text, bold spans, italic spans) of a P or S item: its runs
   joined without their markers; a span, (start, end), covers the text of adjacent runs that carry
   the flag. */
static PyObject *paragraph(PyObject *module, PyObject *item) {
    (void)module;
    if (!PyUnicode_Check(item)) {
        PyErr_SetString(PyExc_TypeError, "paragraph() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(item);
    const void *data = PyUnicode_DATA(item);
    Py_ssize_t n = PyUnicode_GET_LENGTH(item), head = 1;
    while (head < n && PyUnicode_READ(kind, data, head) != RUN_MARK) head++;
    PyObject *sid = n && PyUnicode_READ(kind, data, 0) == 'S' ? PyUnicode_Substring(item, 1, head)
                                                               : Py_NewRef(Py_None);
    void *text = PyMem_Malloc((size_t)(n - head + 1) * (size_t)kind);
    Spans bold = {NULL, 0, 0}, italic = {NULL, 0, 0};
    PyObject *result = NULL;
    if (!sid || !text) goto done;
    Py_ssize_t len = 0, run_start = 0;
    int run_bold = 0, run_italic = 0;
    for (Py_ssize_t k = head + 1; k <= n; k++) {
        Py_UCS4 c = k < n ? PyUnicode_READ(kind, data, k) : RUN_MARK;  /* the item's end ends a run */
        if (c == BOLD_MARK) run_bold = 1;
        else if (c == ITALIC_MARK) run_italic = 1;
        else if (c != RUN_MARK) PyUnicode_WRITE(kind, text, len++, c);
        else {
            if (len > run_start) {
                if (run_bold && spans_add(&bold, run_start, len)) goto done;
                if (run_italic && spans_add(&italic, run_start, len)) goto done;
            }
            run_start = len;
            run_bold = run_italic = 0;
        }
    }
    if (spans_flush(&bold) || spans_flush(&italic)) goto done;
    PyObject *joined = PyUnicode_FromKindAndData(kind, text, len);
    PyObject *bold_spans = spans_tuple(&bold), *italic_spans = spans_tuple(&italic);
    if (joined && bold_spans && italic_spans) result = PyTuple_Pack(4, sid, joined, bold_spans, italic_spans);
    Py_XDECREF(joined); Py_XDECREF(bold_spans); Py_XDECREF(italic_spans);
done:
    Py_XDECREF(sid); Py_XDECREF(bold.list); Py_XDECREF(italic.list);
    PyMem_Free(text);
    return result;
}

static PyMethodDef METHODS[] = {
    {"flatten", flatten, METH_VARARGS,
     "flatten(xml: bytes, part='body') -> (items, table_texts, namespaces) or None; part: body, styles or footnotes"},
    {"paragraph", paragraph, METH_O, "paragraph(item: str) -> (style id, text, bold spans, italic spans)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, .m_name = "_wordxml", .m_size = -1, .m_methods = METHODS};

PyMODINIT_FUNC PyInit__wordxml(void) {
    init_name_class();
    init_name_chains();
    return PyModule_Create(&MODULE);
}
