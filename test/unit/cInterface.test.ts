import * as assert from 'node:assert/strict';
import { LineIndex, type Range } from '../../server/src/core/text';
import { extractCInterface, type CParser, type HeaderSource } from '../../server/src/interfaces/cHeaders';
import { diffInterfaces, type InterfaceDiff, type InterfaceItem, type InterfaceKind } from '../../server/src/interfaces/model';
import { isExported, readSymbolFile, symbolFileKind } from '../../server/src/interfaces/symbolFiles';
import { loadCParser } from '../../server/src/node/treeSitterC';
import { compareLibraryInterfaces, libraryInterface, type LibraryRevision } from '../../server/src/schemes/libtool/libraryInterface';
import * as fc from 'fast-check';
import { check } from './fuzzSupport';

/**
 * A C library's public interface read from its headers with tree-sitter-c, in the styles real libraries
 * write them (libxml2, FLAC, libevent, zmq, glib, Lua…): every snippet here is invented, only the style is
 * borrowed. Then the diffs that decide a libtool bump: what must change the interface and what must not.
 */

let parser: CParser;

before(async function () {
  this.timeout(20000);
  parser = await loadCParser();
});

function header(path: string, text: string): HeaderSource {
  return { path, text, lines: new LineIndex(text) };
}

function extract(...headers: HeaderSource[]): InterfaceItem[] {
  return extractCInterface(parser, headers);
}

/** One header called `lib.h`. */
function extractText(text: string): InterfaceItem[] {
  return extract(header('lib.h', text));
}

/** `kind name signature` rows, sorted, so that assertions do not depend on the extraction order. */
function rows(items: readonly InterfaceItem[]): string[] {
  return items.map((i) => `${i.kind} ${i.name} ${i.signature}`).sort();
}

function sorted(expected: string[]): string[] {
  return [...expected].sort();
}

function find(items: readonly InterfaceItem[], kind: InterfaceKind, name: string): InterfaceItem {
  const found = items.filter((i) => i.kind === kind && i.name === name);
  assert.equal(found.length, 1, `exactly one ${kind} ${name} in:\n${rows(items).join('\n')}`);
  return found[0];
}

function names(items: readonly InterfaceItem[]): string[] {
  return items.map((i) => i.name);
}

function diffTexts(before: string, after: string): InterfaceDiff {
  return diffInterfaces(extractText(before), extractText(after));
}

/** The diff in a form assert.deepEqual prints readably. */
function summary(diff: InterfaceDiff) {
  return {
    added: diff.added.map((i) => `${i.kind} ${i.name} ${i.signature}`),
    removed: diff.removed.map((i) => `${i.kind} ${i.name} ${i.signature}`),
    changed: diff.changed.map((c) => `${c.after.kind} ${c.after.name}: ${c.before.signature} -> ${c.after.signature}`),
  };
}

const NO_DIFF = { added: [], removed: [], changed: [] };

/** The range from the start of `from` to the end of `to` (the first `to` at or after `from`), found by text search. */
function rangeOf(text: string, from: string, to: string = from): Range {
  const start = text.indexOf(from);
  assert.ok(start >= 0, `"${from}" is in the text`);
  const toStart = text.indexOf(to, start);
  assert.ok(toStart >= 0, `"${to}" is after "${from}"`);
  const lines = new LineIndex(text);
  return { start: lines.positionAt(start), end: lines.positionAt(toStart + to.length) };
}

// ---------------------------------------------------------------------------------------------------------
// Header snippets in the styles of real libraries (invented names throughout).

/** libxml2 style: the export macros live in their own header, defined differently under _WIN32. */
const QXML_EXPORTS_H = `#ifndef __QXML_EXPORTS_H__
#define __QXML_EXPORTS_H__

#if defined(_WIN32) || defined(__CYGWIN__)
  #ifdef QXML_STATIC
    #define QXMLPUBLIC
  #elif defined(IN_QXML)
    #define QXMLPUBLIC __declspec(dllexport)
  #else
    #define QXMLPUBLIC __declspec(dllimport)
  #endif
#else
  #define QXMLPUBLIC __attribute__((visibility("default")))
#endif

#define QXMLPUBFUN QXMLPUBLIC
#define QXMLPUBVAR QXMLPUBLIC extern

#if defined(_WIN32)
  #define QXMLCALL __cdecl
#else
  #define QXMLCALL
#endif

#define QXML_MAX_DEPTH 256

#endif /* __QXML_EXPORTS_H__ */
`;

const QXML_TREE_H = `#ifndef __QXML_TREE_H__
#define __QXML_TREE_H__

#include <stdio.h>
#include <qxml/qxmlexports.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QXML_NAME_LEN 64
#define QXML_FLAG_A (1 << 2)

typedef struct _qxmlNode qxmlNode;
typedef qxmlNode *qxmlNodePtr;
typedef unsigned char qxmlChar;

/* A callback that receives a printf-style message. */
typedef void (*qxmlErrorFunc)(void *ctx, const char *msg, ...);

enum qxmlNodeKind {
    QXML_ELEMENT_NODE = 1,
    QXML_TEXT_NODE,
    QXML_COMMENT_NODE = 0x10,
    QXML_PI_NODE = (1 << 5),
    QXML_DOCUMENT_NODE
};

struct _qxmlNode {
    void *_private;
    enum qxmlNodeKind type;
    const qxmlChar *name;
    struct _qxmlNode *children;
    unsigned int extra : 4;
    unsigned int line : 28;
    char tag[QXML_NAME_LEN];
};

QXMLPUBVAR int qxmlIndentTreeOutput;
QXMLPUBVAR const char *const qxmlTreeIndentString;

QXMLPUBFUN qxmlNodePtr QXMLCALL
\t\tqxmlNewNode\t\t(qxmlNodePtr parent,
\t\t\t\t\t const qxmlChar *name);
QXMLPUBFUN int QXMLCALL qxmlNodeCount(qxmlNodePtr node);
QXMLPUBFUN void QXMLCALL qxmlSetErrorHandler(void *ctx, qxmlErrorFunc handler);
QXMLPUBFUN int QXMLCALL qxmlPrintf(qxmlNodePtr node, const char *fmt, ...);
QXMLPUBFUN qxmlErrorFunc QXMLCALL qxmlGetErrorHandler(void);
QXMLPUBFUN void (*qxmlGetCallback(int which))(void *, int);
QXMLPUBFUN void QXMLCALL qxmlSort(int (*cmp)(const void *a, const void *b), int values[], int counts[16]);

static inline int qxmlIsElement(qxmlNodePtr n) { return n != NULL; }
static int qxmlPrivateHelper(void);

#ifdef QXML_LEGACY_API
QXMLPUBFUN int QXMLCALL qxmlLegacy(const char *s);
#else
QXMLPUBFUN long QXMLCALL qxmlLegacy(const char *s, size_t n);
#endif

#ifdef __cplusplus
}
#endif

#endif /* __QXML_TREE_H__ */
`;

/** FLAC style: `FLAC_API` before the return type, `extern FLAC_API` on variables, typedef'd anonymous structs. */
const PCMX_EXPORT_H = `#ifndef PCMX__EXPORT_H
#define PCMX__EXPORT_H
#if defined(PCMX__NO_DLL)
#define PCMX_API
#elif defined(_WIN32)
#ifdef PCMX_API_EXPORTS
#define PCMX_API __declspec(dllexport)
#else
#define PCMX_API __declspec(dllimport)
#endif
#elif defined(PCMX__USE_VISIBILITY_ATTR)
#define PCMX_API __attribute__ ((visibility ("default")))
#else
#define PCMX_API
#endif
#define PCMX_API_VERSION_CURRENT 13
#endif
`;

const PCMX_FORMAT_H = `#ifndef PCMX__FORMAT_H
#define PCMX__FORMAT_H

#include "pcmx/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PCMX__MAX_CHANNELS (8u)
#define PCMX__MIN_BLOCK_SIZE (16u)

typedef int PCMX__bool;
typedef unsigned char PCMX__byte;

enum PCMX__StreamStatus {
\tPCMX__STREAM_OK = 0,
\tPCMX__STREAM_ERROR,
\tPCMX__STREAM_ABORTED = 0x7,
\tPCMX__STREAM_RETRY
};

extern PCMX_API const char * const PCMX__StreamStatusString[];
extern PCMX_API unsigned PCMX__VERSION_NUMBER;

typedef struct {
\tunsigned sample_rate;
\tunsigned channels;
\tPCMX__byte md5sum[16];
} PCMX__StreamInfo;

typedef union {
\tint as_int;
\tfloat as_float;
} PCMX__Sample;

PCMX_API PCMX__bool PCMX__format_sample_rate_is_valid(unsigned sample_rate);
PCMX_API enum PCMX__StreamStatus PCMX__decoder_get_status(const PCMX__StreamInfo *info);
PCMX_API PCMX__bool PCMX__decoder_set_md5(PCMX__StreamInfo *info, const PCMX__byte md5[16]);

#ifdef __cplusplus
}
#endif

#endif
`;

/** libevent style: the export macro alone on the line before each prototype, opaque structs. */
const EVX_VISIBILITY_H = `#ifndef EVX2_VISIBILITY_H_INCLUDED_
#define EVX2_VISIBILITY_H_INCLUDED_
#if defined(evx_shared_EXPORTS)
# if defined(__GNUC__)
#  define EVX2_EXPORT_SYMBOL __attribute__ ((visibility("default")))
# elif defined(_MSC_VER)
#  define EVX2_EXPORT_SYMBOL __declspec(dllexport)
# else
#  define EVX2_EXPORT_SYMBOL
# endif
#else
# define EVX2_EXPORT_SYMBOL
#endif
#endif
`;

const EVX_EVENT_H = `#ifndef EVX2_EVENT_H_INCLUDED_
#define EVX2_EVENT_H_INCLUDED_

#include <evx2/visibility.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVX_READ 0x02
#define EVX_MAX_PRIORITIES 256

struct evx_base;
struct evx_config;
typedef void (*evx_callback_fn)(int, short, void *);

/**
   Create a new event base.

   @return the base, or NULL on error
 */
EVX2_EXPORT_SYMBOL
struct evx_base *evx_base_new(void);

EVX2_EXPORT_SYMBOL
int evx_base_loop(struct evx_base *base,
    int flags);

EVX2_EXPORT_SYMBOL
int evx_assign(struct evx_base *base, int fd, short events,
    evx_callback_fn callback, void *callback_arg);

EVX2_EXPORT_SYMBOL
evx_callback_fn evx_get_callback(const struct evx_base *base);

EVX2_EXPORT_SYMBOL
const char **evx_get_supported_methods(void);

#ifdef __cplusplus
}
#endif

#endif
`;

/** zmq style: `ZMQ_EXPORT` and a function-like deprecation macro with a string argument. */
const ZMQX_H = `#ifndef __ZMQX_H_INCLUDED__
#define __ZMQX_H_INCLUDED__

#define ZMQX_VERSION_MAJOR 4
#define ZMQX_MAKE_VERSION(major, minor) ((major) *10000 + (minor) *100)

#ifdef __cplusplus
extern "C" {
#endif

#if defined _WIN32
#   if defined ZMQX_STATIC
#       define ZMQX_EXPORT
#   elif defined DLL_EXPORT
#       define ZMQX_EXPORT __declspec(dllexport)
#   else
#       define ZMQX_EXPORT __declspec(dllimport)
#   endif
#else
#   if defined __GNUC__ && __GNUC__ >= 4
#       define ZMQX_EXPORT __attribute__ ((visibility ("default")))
#   else
#       define ZMQX_EXPORT
#   endif
#endif

#if defined(__GNUC__)
#define ZMQX_DEPRECATED(msg) __attribute__ ((deprecated (msg)))
#elif defined(_MSC_VER)
#define ZMQX_DEPRECATED(msg) __declspec(deprecated (msg))
#else
#define ZMQX_DEPRECATED(msg)
#endif

#define ZMQX_HAUSNUMERO 156384712
#define ZMQX_EFOO (ZMQX_HAUSNUMERO + 1)

typedef struct zmqx_msg_t {
    unsigned char _[64];
} zmqx_msg_t;

ZMQX_EXPORT int zmqx_errno (void);
ZMQX_EXPORT const char *zmqx_strerror (int errnum_);
ZMQX_EXPORT void zmqx_version (int *major_, int *minor_, int *patch_);
ZMQX_EXPORT int zmqx_msg_init_data (
  zmqx_msg_t *msg_, void *data_, size_t size_, void (*ffn_) (void *, void *), void *hint_);
ZMQX_EXPORT void *zmqx_ctx_new (void);
ZMQX_DEPRECATED ("use zmqx_ctx_new instead")
ZMQX_EXPORT void *zmqx_init (int io_threads_);
ZMQX_EXPORT int zmqx_send (void *s_, const void *buf_, size_t len_, int flags_);

#ifdef __cplusplus
}
#endif

#endif
`;

/** glib style: G_BEGIN_DECLS, availability macros on the line before, attribute macros after. */
const GX_MACROS_H = `#ifndef __GX_MACROS_H__
#define __GX_MACROS_H__
#if defined(__GNUC__)
#define G_GNUC_NULL_TERMINATED __attribute__((__sentinel__))
#define G_GNUC_ALLOC_SIZE(x) __attribute__((__alloc_size__(x)))
#else
#define G_GNUC_NULL_TERMINATED
#define G_GNUC_ALLOC_SIZE(x)
#endif
#define GX_VAR extern
#endif
`;

const GX_LIST_H = `#ifndef __GX_LIST_H__
#define __GX_LIST_H__

#if !defined (__GX_H_INSIDE__) && !defined (GX_COMPILATION)
#error "Only <gx.h> can be included directly."
#endif

#include <gx/gxmacros.h>

G_BEGIN_DECLS

typedef struct _GxList GxList;

struct _GxList
{
  gxpointer data;
  GxList *next;
  GxList *prev;
};

typedef gxint (*GxCompareFunc) (gxconstpointer a,
                                gxconstpointer b);

GX_VAR const gxuint gx_major_version;

GLIB_AVAILABLE_IN_ALL
GxList*   gx_list_alloc                   (void) G_GNUC_WARN_UNUSED_RESULT;
GLIB_AVAILABLE_IN_ALL
void      gx_list_free                    (GxList            *list);
GLIB_AVAILABLE_IN_2_64
GxList*   gx_list_insert_sorted           (GxList            *list,
                                           gxpointer          data,
                                           GxCompareFunc      func) G_GNUC_WARN_UNUSED_RESULT;
GLIB_DEPRECATED_IN_2_60_FOR(gx_list_free)
void      gx_list_free_1                  (GxList            *list);
GLIB_AVAILABLE_IN_ALL
gxchar*   gx_strconcat                    (const gxchar *first, ...) G_GNUC_MALLOC G_GNUC_NULL_TERMINATED;
GLIB_AVAILABLE_IN_ALL
gxint     gx_list_printf                  (GxList *list, const gxchar *format, ...) G_GNUC_PRINTF (2, 3);
GLIB_AVAILABLE_IN_ALL
gxpointer gx_malloc                       (gxsize n_bytes) G_GNUC_MALLOC G_GNUC_ALLOC_SIZE(1);

G_END_DECLS

#endif /* __GX_LIST_H__ */
`;

// ---------------------------------------------------------------------------------------------------------

describe('C interface: header styles of real libraries', () => {
  it('libxml2 style: XMLPUBFUN/XMLPUBVAR/XMLCALL from an exports header, extern "C", #ifdef/#else', () => {
    const items = extract(header('qxml/qxmlexports.h', QXML_EXPORTS_H), header('qxml/tree.h', QXML_TREE_H));
    assert.deepEqual(
      rows(items),
      sorted([
        'typedef qxmlNode struct _qxmlNode',
        'typedef qxmlNodePtr qxmlNode*',
        'typedef qxmlChar unsigned char',
        'typedef qxmlErrorFunc void(*)(void*,const char*,...)',
        'enum-constant QXML_ELEMENT_NODE 1',
        'enum-constant QXML_TEXT_NODE 2',
        'enum-constant QXML_COMMENT_NODE 16',
        'enum-constant QXML_PI_NODE 32',
        'enum-constant QXML_DOCUMENT_NODE 33',
        'struct _qxmlNode struct{void*_private;enum qxmlNodeKind type;const qxmlChar*name;struct _qxmlNode*children;unsigned int extra:4;unsigned int line:28;char tag[QXML_NAME_LEN]}',
        'variable qxmlIndentTreeOutput int',
        'variable qxmlTreeIndentString const char*const',
        'function qxmlNewNode qxmlNodePtr(qxmlNodePtr,const qxmlChar*)',
        'function qxmlNodeCount int(qxmlNodePtr)',
        'function qxmlSetErrorHandler void(void*,qxmlErrorFunc)',
        'function qxmlPrintf int(qxmlNodePtr,const char*,...)',
        'function qxmlGetErrorHandler qxmlErrorFunc()',
        'function qxmlGetCallback void(*(int))(void*,int)',
        'function qxmlSort void(int(*)(const void*,const void*),int[],int[16])',
        // Both #ifdef branches count.
        'function qxmlLegacy int(const char*)',
        'function qxmlLegacy long(const char*,size_t)',
      ]),
    );
    assert.ok(items.every((i) => i.file === 'qxml/tree.h'), 'the exports header declares nothing');
  });

  it('libxml2 style without the exports header: XMLPUBFUN, XMLPUBVAR and XMLCALL are recognised by name', () => {
    const items = extract(header('qxml/tree.h', QXML_TREE_H));
    assert.deepEqual(rows(items), rows(extract(header('qxml/qxmlexports.h', QXML_EXPORTS_H), header('qxml/tree.h', QXML_TREE_H))));
  });

  it('FLAC style: PCMX_API, extern PCMX_API variables, typedef struct/union, enum constants', () => {
    const items = extract(header('pcmx/export.h', PCMX_EXPORT_H), header('pcmx/format.h', PCMX_FORMAT_H));
    assert.deepEqual(
      rows(items),
      sorted([
        'typedef PCMX__bool int',
        'typedef PCMX__byte unsigned char',
        'enum-constant PCMX__STREAM_OK 0',
        'enum-constant PCMX__STREAM_ERROR 1',
        'enum-constant PCMX__STREAM_ABORTED 7',
        'enum-constant PCMX__STREAM_RETRY 8',
        'variable PCMX__StreamStatusString const char*const[]',
        'variable PCMX__VERSION_NUMBER unsigned',
        'typedef PCMX__StreamInfo struct{unsigned sample_rate;unsigned channels;PCMX__byte md5sum[16]}',
        'typedef PCMX__Sample union{int as_int;float as_float}',
        'function PCMX__format_sample_rate_is_valid PCMX__bool(unsigned)',
        'function PCMX__decoder_get_status enum PCMX__StreamStatus(const PCMX__StreamInfo*)',
        'function PCMX__decoder_set_md5 PCMX__bool(PCMX__StreamInfo*,const PCMX__byte[16])',
      ]),
    );
  });

  it('libevent style: EVENT2_EXPORT_SYMBOL alone on the previous line, opaque structs give no item', () => {
    const items = extract(header('evx2/visibility.h', EVX_VISIBILITY_H), header('evx2/event.h', EVX_EVENT_H));
    assert.deepEqual(
      rows(items),
      sorted([
        'typedef evx_callback_fn void(*)(int,short,void*)',
        'function evx_base_new struct evx_base*()',
        'function evx_base_loop int(struct evx_base*,int)',
        'function evx_assign int(struct evx_base*,int,short,evx_callback_fn,void*)',
        'function evx_get_callback evx_callback_fn(const struct evx_base*)',
        'function evx_get_supported_methods const char**()',
      ]),
    );
    // A forward declaration has no layout: `struct evx_base;` is not an item of its own.
    assert.ok(!names(items).includes('evx_base') && !names(items).includes('evx_config'));
    // Same result when the visibility header is not part of the set (the name is recognised).
    assert.deepEqual(rows(extract(header('evx2/event.h', EVX_EVENT_H))), rows(items));
  });

  it('zmq style: ZMQ_EXPORT, ZMQ_DEPRECATED("…") on its own line, function-like and constant macros', () => {
    const items = extract(header('zmqx.h', ZMQX_H));
    assert.deepEqual(
      rows(items),
      sorted([
        'struct zmqx_msg_t struct{unsigned char _[64]}',
        'typedef zmqx_msg_t struct zmqx_msg_t',
        'function zmqx_errno int()',
        'function zmqx_strerror const char*(int)',
        'function zmqx_version void(int*,int*,int*)',
        'function zmqx_msg_init_data int(zmqx_msg_t*,void*,size_t,void(*)(void*,void*),void*)',
        'function zmqx_ctx_new void*()',
        'function zmqx_init void*(int)',
        'function zmqx_send int(void*,const void*,size_t,int)',
      ]),
    );
  });

  it('glib style: G_BEGIN_DECLS, GLIB_AVAILABLE_IN_* on the previous line, G_GNUC_* after the prototype', () => {
    const items = extract(header('gx/gxmacros.h', GX_MACROS_H), header('gx/gxlist.h', GX_LIST_H));
    assert.deepEqual(
      rows(items),
      sorted([
        'typedef GxList struct _GxList',
        'struct _GxList struct{gxpointer data;GxList*next;GxList*prev}',
        'typedef GxCompareFunc gxint(*)(gxconstpointer,gxconstpointer)',
        'variable gx_major_version const gxuint',
        'function gx_list_alloc GxList*()',
        'function gx_list_free void(GxList*)',
        'function gx_list_insert_sorted GxList*(GxList*,gxpointer,GxCompareFunc)',
        'function gx_list_free_1 void(GxList*)',
        'function gx_strconcat gxchar*(const gxchar*,...)',
        'function gx_list_printf gxint(GxList*,const gxchar*,...)',
        'function gx_malloc gxpointer(gxsize)',
      ]),
    );
  });

  it('attributes and declspecs written out, C++ linkage without braces', () => {
    const items = extractText(`__declspec(dllimport) extern int qx_v;
extern __attribute__((visibility("default"))) int qx_w;
int qx_b(int) __attribute__((deprecated("use qx_a")));
__attribute__((nonnull(1), warn_unused_result)) int qx_c(const char *s);
#ifdef __cplusplus
extern "C" int qx_cxx(void);
#endif
`);
    assert.deepEqual(rows(items), sorted(['variable qx_v int', 'variable qx_w int', 'function qx_b int(int)', 'function qx_c int(const char*)', 'function qx_cxx int()']));
  });

  it('declarators: pointers to const, const pointers, arrays, restrict, variadics, unnamed and K&R parameters', () => {
    const items = extractText(`#define QX_MAX 10
extern int qx_a, *qx_b, qx_c[QX_MAX];
extern const char *const *qx_names;
extern char *const qx_fixed;
char *qx_copy(char *restrict dst, const char *restrict src);
int qx_log(int level, const char *fmt, ...);
int qx_unnamed(int, char *);
int qx_noargs();
int qx_main(int argc, char *argv[], char **envp);
int qx_matrix(double m[4][4]);
int (*qx_get_handler(const char *name))(int code, void *data);
void qx_on_event(void (*handler)(int (*inner)(void), const char *tag));
typedef int qx_vec[4];
typedef const char *qx_strs[];
typedef struct qx_io *qx_io_p, qx_io_t;
typedef long (*qx_table_t[8])(int);
`);
    assert.deepEqual(
      rows(items),
      sorted([
        'variable qx_a int',
        'variable qx_b int*',
        'variable qx_c int[QX_MAX]',
        'variable qx_names const char*const*',
        'variable qx_fixed char*const',
        'function qx_copy char*(char*restrict,const char*restrict)',
        'function qx_log int(int,const char*,...)',
        'function qx_unnamed int(int,char*)',
        'function qx_noargs int()',
        'function qx_main int(int,char*[],char**)',
        'function qx_matrix int(double[4][4])',
        'function qx_get_handler int(*(const char*))(int,void*)',
        'function qx_on_event void(void(*)(int(*)(),const char*))',
        'typedef qx_vec int[4]',
        'typedef qx_strs const char*[]',
        'typedef qx_io_p struct qx_io*',
        'typedef qx_io_t struct qx_io',
        'typedef qx_table_t long(*[8])(int)',
      ]),
    );
  });

  it('struct and union members: nested anonymous aggregates, bit-fields, arrays, function pointers', () => {
    const items = extractText(`struct qx_packet {
    unsigned int version : 2;
    unsigned int padding : 1;
    unsigned int count   : 5;
    union {
        int as_int;
        float as_float;
    } value;
    struct { short x; short y; } origin;
    unsigned char payload[32];
    struct qx_packet *next;
};
union qx_word { unsigned long w; unsigned char b[sizeof(unsigned long)]; };
`);
    assert.deepEqual(
      rows(items),
      sorted([
        'struct qx_packet struct{unsigned int version:2;unsigned int padding:1;unsigned int count:5;union{int as_int;float as_float;}value;struct{short x;short y;}origin;unsigned char payload[32];struct qx_packet*next}',
        'union qx_word union{unsigned long w;unsigned char b[sizeof(unsigned long)]}',
      ]),
    );
  });

  it('enums: implicit, explicit, negative, hex, octal, shifted, suffixed and symbolic values', () => {
    const items = extractText(`#define QX_BASE 100
enum qx_flags {
    QX_FLAG_NONE,
    QX_FLAG_READ,
    QX_FLAG_WRITE = 4,
    QX_FLAG_EXEC,
    QX_FLAG_HEX = 0x20,
    QX_FLAG_AFTER_HEX,
    QX_FLAG_SHIFT = (1 << 8),
    QX_FLAG_AFTER_SHIFT,
    QX_FLAG_BARE_SHIFT = 1 << 10,
    QX_FLAG_OCT = 010,
    QX_FLAG_UNSIGNED = 0x10u,
    QX_FLAG_LONG = 7UL,
    QX_FLAG_NEG = -1,
    QX_FLAG_AFTER_NEG,
    QX_FLAG_MACRO = QX_BASE,
    QX_FLAG_AFTER_MACRO,
    QX_FLAG_CHAR = 'x',
};
`);
    assert.deepEqual(
      rows(items),
      sorted([
        'enum-constant QX_FLAG_NONE 0',
        'enum-constant QX_FLAG_READ 1',
        'enum-constant QX_FLAG_WRITE 4',
        'enum-constant QX_FLAG_EXEC 5',
        'enum-constant QX_FLAG_HEX 32',
        'enum-constant QX_FLAG_AFTER_HEX 33',
        'enum-constant QX_FLAG_SHIFT 256',
        'enum-constant QX_FLAG_AFTER_SHIFT 257',
        'enum-constant QX_FLAG_BARE_SHIFT 1024',
        'enum-constant QX_FLAG_OCT 8',
        'enum-constant QX_FLAG_UNSIGNED 16',
        'enum-constant QX_FLAG_LONG 7',
        'enum-constant QX_FLAG_NEG -1',
        'enum-constant QX_FLAG_AFTER_NEG 0',
        // A value the extractor cannot evaluate stays symbolic; its successor is relative to it.
        'enum-constant QX_FLAG_MACRO QX_BASE',
        'enum-constant QX_FLAG_AFTER_MACRO previous+1',
        "enum-constant QX_FLAG_CHAR 'x'",
      ]),
    );
  });

  it('constant macros are neither declarations nor decoration, even with decorator-like names', () => {
    const items = extractText(`#define QX_MAX 10
#define QX_NAME_LEN (QX_MAX * 2)
#define QX_CONST 3
#define QX_VERSION_STRING "1.2.3"
#define QX_API
#define QX_MIN(a, b) ((a) < (b) ? (a) : (b))

enum qx_limits { QX_LIMIT_A = QX_CONST, QX_LIMIT_B = QX_MAX };
struct qx_name { char text[QX_NAME_LEN]; int slots[QX_MAX]; };
QX_API int qx_fill(char buf[QX_MAX], int n);
QX_API extern const int qx_sizes[QX_MAX];
`);
    assert.deepEqual(
      rows(items),
      sorted([
        'enum-constant QX_LIMIT_A QX_CONST',
        'enum-constant QX_LIMIT_B QX_MAX',
        'struct qx_name struct{char text[QX_NAME_LEN];int slots[QX_MAX]}',
        'function qx_fill int(char[QX_MAX],int)',
        'variable qx_sizes const int[QX_MAX]',
      ]),
    );
  });

  it('static inline helpers, static functions and static data never appear', () => {
    const items = extractText(`#ifdef __cplusplus
extern "C" {
#endif
QX_API int qx_public(int a);
static inline int qx_helper(int a) { return a + 1; }
static __inline__ int qx_gnu_helper(int a) { return a - 1; }
static inline int qx_helper_proto(int a);
static int qx_private(void);
static const int qx_table[] = { 1, 2, 3 };
#ifdef __cplusplus
}
#endif
`);
    assert.deepEqual(rows(items), ['function qx_public int(int)']);
  });
});

describe('C interface: what changes the interface and what does not', () => {
  it('renaming parameters produces no diff', () => {
    assert.deepEqual(
      summary(diffTexts(
        'QXMLPUBFUN int QXMLCALL qxmlOpen(const char *name, int flags);\ntypedef void (*qx_cb)(void *ctx, int code);\n',
        'QXMLPUBFUN int QXMLCALL qxmlOpen(const char *filename, int mode);\ntypedef void (*qx_cb)(void *userdata, int status);\n',
      )),
      NO_DIFF,
    );
  });

  it('reflowing a prototype over several lines, with comments and different spacing, produces no diff', () => {
    const before = `EVX2_EXPORT_SYMBOL int evx_assign(struct evx_base *base, int fd, short events, evx_callback_fn cb, void *arg);
PCMX_API const char *pcmx_name(const PCMX__byte *data, unsigned len);
struct qx_point { int x; int y; const char *label; };
typedef struct { unsigned a : 3; char *b; } qx_pair;
`;
    const after = `EVX2_EXPORT_SYMBOL
int
evx_assign (struct evx_base  *base,
            int               fd,      /* the descriptor */
            short             events,
            evx_callback_fn   cb,
            void             *arg);
PCMX_API const char*
pcmx_name(const PCMX__byte* data,
          unsigned          len);
struct qx_point {
    int x;
    int y;
    const char * label;   /* optional */
};
typedef struct {
    unsigned a:3;
    char* b;
} qx_pair;
`;
    assert.deepEqual(summary(diffTexts(before, after)), NO_DIFF);
  });

  it('changing a parameter type is a change', () => {
    const diff = diffTexts('ZMQX_EXPORT int zmqx_send(void *s, const void *buf, size_t len, int flags);\n', 'ZMQX_EXPORT int zmqx_send(void *s, const void *buf, int len, int flags);\n');
    assert.deepEqual(summary(diff), { added: [], removed: [], changed: ['function zmqx_send: int(void*,const void*,size_t,int) -> int(void*,const void*,int,int)'] });
  });

  it('adding const to a pointed-to parameter is a change', () => {
    const diff = diffTexts('PCMX_API int pcmx_read(char *buf);\n', 'PCMX_API int pcmx_read(const char *buf);\n');
    assert.deepEqual(summary(diff).changed, ['function pcmx_read: int(char*) -> int(const char*)']);
  });

  it('changing a return type is a change', () => {
    const diff = diffTexts('QXMLPUBFUN int QXMLCALL\n\tqxmlCount(void);\n', 'QXMLPUBFUN long QXMLCALL\n\tqxmlCount(void);\n');
    assert.deepEqual(summary(diff), { added: [], removed: [], changed: ['function qxmlCount: int() -> long()'] });
  });

  it('changing a variable type is a change', () => {
    const diff = diffTexts('QXMLPUBVAR int qxmlDefaultFlags;\n', 'QXMLPUBVAR unsigned long qxmlDefaultFlags;\n');
    assert.deepEqual(summary(diff).changed, ['variable qxmlDefaultFlags: int -> unsigned long']);
  });

  it('changing a struct member type is a change', () => {
    const diff = diffTexts('struct qx_point { int x; int y; };\n', 'struct qx_point { int x; long y; };\n');
    assert.deepEqual(summary(diff), { added: [], removed: [], changed: ['struct qx_point: struct{int x;int y} -> struct{int x;long y}'] });
  });

  it('reordering struct members is a change', () => {
    const diff = diffTexts('typedef struct { int x; char *name; } qx_item;\n', 'typedef struct { char *name; int x; } qx_item;\n');
    assert.deepEqual(summary(diff).changed, ['typedef qx_item: struct{int x;char*name} -> struct{char*name;int x}']);
  });

  it('adding a struct member is a change', () => {
    const diff = diffTexts('struct _GxList { gxpointer data; GxList *next; };\n', 'struct _GxList { gxpointer data; GxList *next; GxList *prev; };\n');
    assert.deepEqual(summary(diff).changed, ['struct _GxList: struct{gxpointer data;GxList*next} -> struct{gxpointer data;GxList*next;GxList*prev}']);
  });

  it('changing a bit-field width or a union member is a change', () => {
    const diff = diffTexts(
      'struct qx_hdr { unsigned kind : 3; unsigned len : 13; };\nunion qx_val { int i; float f; };\n',
      'struct qx_hdr { unsigned kind : 4; unsigned len : 12; };\nunion qx_val { int i; double f; };\n',
    );
    assert.deepEqual(summary(diff).changed, [
      'struct qx_hdr: struct{unsigned kind:3;unsigned len:13} -> struct{unsigned kind:4;unsigned len:12}',
      'union qx_val: union{int i;float f} -> union{int i;double f}',
    ]);
  });

  it('changing an explicit enum value, or inserting a constant that shifts the implicit ones, is a change', () => {
    const diff = diffTexts(
      'enum qx_mode { QX_MODE_A, QX_MODE_B, QX_MODE_C = 10, QX_MODE_D };\n',
      'enum qx_mode { QX_MODE_A, QX_MODE_NEW, QX_MODE_B, QX_MODE_C = 12, QX_MODE_D };\n',
    );
    assert.deepEqual(summary(diff), {
      added: ['enum-constant QX_MODE_NEW 1'],
      removed: [],
      changed: ['enum-constant QX_MODE_B: 1 -> 2', 'enum-constant QX_MODE_C: 10 -> 12', 'enum-constant QX_MODE_D: 11 -> 13'],
    });
  });

  it("changing a typedef's target is a change (plain and function-pointer typedefs)", () => {
    const diff = diffTexts(
      'typedef int qx_size_t;\ntypedef void (*qx_cb)(void *ctx, int code);\ntypedef struct qx_a *qx_handle;\n',
      'typedef long qx_size_t;\ntypedef void (*qx_cb)(void *ctx, long code);\ntypedef struct qx_b *qx_handle;\n',
    );
    assert.deepEqual(summary(diff).changed, [
      'typedef qx_cb: void(*)(void*,int) -> void(*)(void*,long)',
      'typedef qx_handle: struct qx_a* -> struct qx_b*',
      'typedef qx_size_t: int -> long',
    ]);
  });

  it('changing a function-pointer parameter or return type is a change', () => {
    const diff = diffTexts(
      'void qx_sort(int (*cmp)(const void *, const void *));\nint (*qx_handler(int which))(double);\n',
      'void qx_sort(int (*cmp)(void *, void *));\nint (*qx_handler(int which))(float);\n',
    );
    assert.deepEqual(summary(diff).changed, ['function qx_handler: int(*(int))(double) -> int(*(int))(float)', 'function qx_sort: void(int(*)(const void*,const void*)) -> void(int(*)(void*,void*))']);
  });

  it('adding and removing functions', () => {
    const diff = diffTexts(
      'GLIB_AVAILABLE_IN_ALL\nvoid gx_a(void);\nGLIB_AVAILABLE_IN_ALL\nvoid gx_b(int n);\n',
      'GLIB_AVAILABLE_IN_ALL\nvoid gx_a(void);\nGLIB_AVAILABLE_IN_2_80\nint gx_c(const char *s);\n',
    );
    assert.deepEqual(summary(diff), { added: ['function gx_c int(const char*)'], removed: ['function gx_b void(int)'], changed: [] });
  });

  it('static inline helpers never make a diff, whatever happens to them', () => {
    const diff = diffTexts(
      'int qx_api(int a);\nstatic inline int qx_fast(int a) { return a; }\n',
      'int qx_api(int a);\nstatic inline long qx_fast(long a, long b) { return a + b; }\nstatic inline void qx_new_helper(void) {}\n',
    );
    assert.deepEqual(summary(diff), NO_DIFF);
  });

  it('a function declared differently in #ifdef/#else keeps both signatures, and a change to either is seen', () => {
    const before = '#ifdef QX_WIDE\nint qx_open(const wchar_t *path);\n#else\nint qx_open(const char *path);\n#endif\n';
    const after = '#ifdef QX_WIDE\nint qx_open(const wchar_t *path);\n#else\nint qx_open(const char *path, int flags);\n#endif\n';
    assert.deepEqual(summary(diffTexts(before, before.replace(/path/g, 'p'))), NO_DIFF);
    assert.deepEqual(summary(diffTexts(before, after)), {
      added: [],
      removed: [],
      changed: ['function qx_open: int(const char*) | int(const wchar_t*) -> int(const char*,int) | int(const wchar_t*)'],
    });
  });

  it('a whole real-style header with its parameters renamed and prototypes reflowed has no diff', () => {
    const reflowed = QXML_TREE_H.replace(/\bparent\b/g, 'p')
      .replace(/\bnode\b/g, 'cur')
      .replace('qxmlSetErrorHandler(void *ctx, qxmlErrorFunc handler);', 'qxmlSetErrorHandler(void *userData,\n                    qxmlErrorFunc fn);')
      .replace('QXMLPUBFUN int QXMLCALL qxmlNodeCount(', 'QXMLPUBFUN int QXMLCALL\nqxmlNodeCount(');
    assert.notEqual(reflowed, QXML_TREE_H);
    const exports = header('qxml/qxmlexports.h', QXML_EXPORTS_H);
    assert.deepEqual(summary(diffInterfaces(extract(exports, header('qxml/tree.h', QXML_TREE_H)), extract(exports, header('qxml/tree.h', reflowed)))), NO_DIFF);
  });
});

describe('C interface: ranges', () => {
  it('a function on one line: from its return type (after the blanked export macro) to its semicolon', () => {
    const items = extract(header('qxml/tree.h', QXML_TREE_H));
    assert.deepEqual(find(items, 'function', 'qxmlNodeCount').range, rangeOf(QXML_TREE_H, 'int QXMLCALL qxmlNodeCount', ';'));
  });

  it('a prototype over several lines spans all of them', () => {
    const items = extract(header('qxml/tree.h', QXML_TREE_H));
    const range = find(items, 'function', 'qxmlNewNode').range;
    assert.deepEqual(range, rangeOf(QXML_TREE_H, 'qxmlNodePtr QXMLCALL\n', 'const qxmlChar *name);'));
    assert.ok(range.end.line > range.start.line);
  });

  it('libevent style: the range is the prototype, on the line after the export macro', () => {
    const items = extract(header('evx2/event.h', EVX_EVENT_H));
    assert.deepEqual(find(items, 'function', 'evx_base_loop').range, rangeOf(EVX_EVENT_H, 'int evx_base_loop', ';'));
    assert.deepEqual(find(items, 'function', 'evx_base_new').range, rangeOf(EVX_EVENT_H, 'struct evx_base *evx_base_new', ';'));
  });

  it('variables, typedefs, structs and enum constants point at their own declarations', () => {
    const items = extract(header('qxml/tree.h', QXML_TREE_H));
    assert.deepEqual(find(items, 'variable', 'qxmlIndentTreeOutput').range, rangeOf(QXML_TREE_H, 'int qxmlIndentTreeOutput;'));
    assert.deepEqual(find(items, 'typedef', 'qxmlErrorFunc').range, rangeOf(QXML_TREE_H, 'typedef void (*qxmlErrorFunc)', ';'));
    assert.deepEqual(find(items, 'struct', '_qxmlNode').range, rangeOf(QXML_TREE_H, 'struct _qxmlNode {', '}'));
    assert.deepEqual(find(items, 'enum-constant', 'QXML_COMMENT_NODE').range, rangeOf(QXML_TREE_H, 'QXML_COMMENT_NODE = 0x10'));
    assert.deepEqual(find(items, 'enum-constant', 'QXML_TEXT_NODE').range, rangeOf(QXML_TREE_H, 'QXML_TEXT_NODE'));
  });

  it('each #ifdef branch keeps its own range', () => {
    const items = extract(header('qxml/tree.h', QXML_TREE_H)).filter((i) => i.name === 'qxmlLegacy');
    assert.deepEqual(
      items.map((i) => i.range),
      [rangeOf(QXML_TREE_H, 'int QXMLCALL qxmlLegacy', ';'), rangeOf(QXML_TREE_H, 'long QXMLCALL qxmlLegacy', ';')],
    );
  });

  it('items carry the path of the header that declares them', () => {
    const items = extract(header('pcmx/export.h', PCMX_EXPORT_H), header('pcmx/format.h', PCMX_FORMAT_H), header('evx2/event.h', EVX_EVENT_H));
    assert.equal(find(items, 'function', 'PCMX__decoder_set_md5').file, 'pcmx/format.h');
    assert.equal(find(items, 'function', 'evx_assign').file, 'evx2/event.h');
  });
});

describe('C interface: real-world styles that once went wrong', () => {
  // Once wrong: blankDecorations guesses decorators by name (DECORATOR_NAME) for every identifier that is not a
  // #define in the set, enum constants included. Constants ending in _ATTRIBUTE…, _DECL, _CALL, _FORMAT,
  // _CONST, _API, _PUBLIC, _EXTERN, _INLINE… are blanked: they vanish from the interface, and expressions
  // using them silently get another value. libxml2's own xmlElementType has XML_ATTRIBUTE_NODE and
  // XML_ELEMENT_DECL/XML_ATTRIBUTE_DECL/XML_ENTITY_DECL/XML_NAMESPACE_DECL in exactly this position.
  it('enum constants named like decorators (…_ATTRIBUTE_NODE, …_DECL, …_CALL, …_FORMAT) are kept', () => {
    const items = extractText(`typedef enum {
    QXML_ELEMENT_NODE = 1,
    QXML_ATTRIBUTE_NODE = 2,
    QXML_TEXT_NODE = 3,
    QXML_ELEMENT_DECL = 15,
    QXML_ERR_BAD_FORMAT,
    QXML_ERR_CALL,
    QXML_ERR_ANY = QXML_ERR_CALL
} qxmlElementType;
`);
    const constants = rows(items.filter((i) => i.kind === 'enum-constant'));
    assert.deepEqual(
      constants,
      sorted([
        'enum-constant QXML_ELEMENT_NODE 1',
        'enum-constant QXML_ATTRIBUTE_NODE 2',
        'enum-constant QXML_TEXT_NODE 3',
        'enum-constant QXML_ELEMENT_DECL 15',
        'enum-constant QXML_ERR_BAD_FORMAT 16',
        'enum-constant QXML_ERR_CALL 17',
        'enum-constant QXML_ERR_ANY QXML_ERR_CALL',
      ]),
    );
  });

  // Once wrong: typeDefinition uses layout() for any anonymous specifier with a body, and layout() only knows
  // struct and union: `typedef enum { … } foo_t;` gets the signature `struct{}` (FLAC and libxml2 declare
  // most of their enums this way). An enum typedef is then indistinguishable from an empty struct, and
  // turning it into a struct with members reads as a member change of a struct.
  it('a typedef of an anonymous enum is not described as a struct', () => {
    const items = extractText('typedef enum {\n\tPCMX__STATE_OK = 0,\n\tPCMX__STATE_ERROR\n} PCMX__State;\n');
    const signature = find(items, 'typedef', 'PCMX__State').signature;
    assert.ok(!signature.startsWith('struct'), `signature ${signature}`);
    assert.match(signature, /^enum\b/);
  });

  // Once wrong: namesFunction only reports a function when the function_declarator directly holds the identifier,
  // so a parenthesised name — Lua's whole API is written `LUA_API int (lua_gettop) (lua_State *L);`, and
  // libc headers do the same to dodge function-like macros — is a *variable* with the type `int()(…)`.
  it('Lua style: a parenthesised function name is still a function with a plain signature', () => {
    const items = extractText(`#define QLUA_API extern
QLUA_API int (qlua_gettop) (qlua_State *L);
QLUA_API const char *(qlua_tolstring) (qlua_State *L, int idx, size_t *len);
`);
    assert.deepEqual(rows(items), sorted(['function qlua_gettop int(qlua_State*)', 'function qlua_tolstring const char*(qlua_State*,int,size_t*)']));
  });

  // Once wrong: layout() renders each member as `type declarator.text`, so a function-pointer member keeps its
  // parameter names: renaming a callback's parameter in a struct of callbacks (a very common vtable style)
  // shows up as a struct change.
  it('renaming a parameter of a function-pointer struct member produces no diff', () => {
    const diff = diffTexts(
      'struct qx_io_ops {\n    int (*read)(void *ctx, char *buf, int len);\n    void (*close)(void *ctx);\n};\n',
      'struct qx_io_ops {\n    int (*read)(void *handle, char *data, int size);\n    void (*close)(void *handle);\n};\n',
    );
    assert.deepEqual(summary(diff), NO_DIFF);
  });

  // Once wrong: layout() only looks at the field list's direct children, so members declared inside #ifdef/#if
  // within a struct are dropped, while at top level "declarations in every #if branch count". Adding or
  // removing a conditional member (common: thread, debug or platform fields) is not seen at all.
  it('struct members inside #ifdef count, and adding one is a change', () => {
    const before = 'struct qx_ctx {\n    int refs;\n#ifdef QX_THREADS\n    void *mutex;\n#endif\n};\n';
    const after = 'struct qx_ctx {\n    int refs;\n#ifdef QX_THREADS\n    void *mutex;\n    void *cond;\n#endif\n};\n';
    assert.equal(find(extractText(before), 'struct', 'qx_ctx').signature, 'struct{int refs;void*mutex}');
    assert.equal(summary(diffTexts(before, after)).changed.length, 1);
  });

  // Once wrong: for a field declaration with several bit-field declarators, layout() finds only the first
  // bitfield_clause and appends it to the last member: `unsigned a : 3, b : 2;` becomes
  // `unsigned a;unsigned b:3`, and a change to b's width is not seen.
  it('bit-fields declared together keep their own widths', () => {
    const items = extractText('struct qx_flags { unsigned a : 3, b : 2; };\n');
    assert.equal(find(items, 'struct', 'qx_flags').signature, 'struct{unsigned a:3;unsigned b:2}');
    assert.equal(summary(diffTexts('struct qx_flags { unsigned a : 3, b : 2; };\n', 'struct qx_flags { unsigned a : 3, b : 5; };\n')).changed.length, 1);
  });

  // Once wrong: an enum value that is not a plain literal is kept as normalise(text), and normalise() only removes
  // spaces around `*&(),[]{};:=`: `A | B` and `A|B` (or `1 << 4` vs `1<<4` with a suffix) are different
  // signatures, so re-spacing an enum value reads as a change. Also `1U << 4` is not evaluated
  // (parseIntegerLiteral strips suffixes only at the end), unlike `1 << 4`.
  it('re-spacing an enum value expression produces no diff, and suffixed shifts are evaluated', () => {
    const diff = diffTexts(
      'enum qx_perm { QX_R = 1, QX_W = 2, QX_RW = QX_R|QX_W, QX_X = 1U<<2 };\n',
      'enum qx_perm { QX_R = 1, QX_W = 2, QX_RW = QX_R | QX_W, QX_X = 1U << 2 };\n',
    );
    assert.deepEqual(summary(diff), NO_DIFF);
    assert.equal(find(extractText('enum e { QX_X = 1U << 2, QX_Y };\n'), 'enum-constant', 'QX_Y').signature, '5');
  });

  // Once wrong: an attribute macro after the parameter list whose definition is not in the header set and whose
  // name is not on the decorator list — glib's G_GNUC_ALLOC_SIZE(1), used by every GLib-based library whose
  // own headers do not include gmacros.h in the set — makes the parser drop the whole declaration, so the
  // function is reported as removed.
  it('an unknown function-like attribute macro after a prototype does not lose the function', () => {
    const items = extractText(`G_BEGIN_DECLS
GLIB_AVAILABLE_IN_ALL
gxpointer gx_malloc (gxsize n_bytes) G_GNUC_MALLOC G_GNUC_ALLOC_SIZE(1);
G_END_DECLS
`);
    assert.deepEqual(rows(items), ['function gx_malloc gxpointer(gxsize)']);
  });
});

describe('symbol files', () => {
  it('kinds by file name', () => {
    assert.equal(symbolFileKind('src/libqx.sym'), 'symbols');
    assert.equal(symbolFileKind('libqx.exp'), 'symbols');
    assert.equal(symbolFileKind('libqx.map'), 'version-script');
    assert.equal(symbolFileKind('libqx.vers'), 'version-script');
    assert.equal(symbolFileKind('qx.ver'), 'version-script');
    assert.equal(symbolFileKind('win32/qx.def'), 'module-definition');
    assert.equal(symbolFileKind('win32/QX.DEF'), 'module-definition');
    assert.equal(symbolFileKind('include/qx.h'), undefined);
    assert.equal(symbolFileKind('qx.c'), undefined);
  });

  it('.sym: one name a line, # comments (whole-line and trailing), blank lines and CRLF', () => {
    const symbols = readSymbolFile('symbols', '# libqx exported symbols\nqx_init\n  qx_free  \n\n# qx_hidden is internal\nqx_run # since 1.2\r\nqx_stop\r\n');
    assert.deepEqual([...symbols.names].sort(), ['qx_free', 'qx_init', 'qx_run', 'qx_stop']);
    assert.deepEqual(symbols.patterns, []);
    assert.ok(isExported(symbols, 'qx_run'));
    assert.ok(!isExported(symbols, 'qx_hidden'));
  });

  it('version script: two version nodes, local: *, the parent reference, a glob and comments', () => {
    const text = `/* libqx version script */
FOO_1.0 {
  global:
    a;
    b;
  local:
    *;
};

FOO_2.0 {
  global:
    c;
    foo_*;
} FOO_1.0;
`;
    const symbols = readSymbolFile('version-script', text);
    assert.deepEqual([...symbols.names].sort(), ['a', 'b', 'c']);
    assert.equal(symbols.patterns.length, 1);
    for (const name of ['a', 'b', 'c', 'foo_open', 'foo_']) assert.ok(isExported(symbols, name), name);
    // Neither the local wildcard, nor the version node names, nor a name that merely contains foo_.
    for (const name of ['d', 'FOO_1.0', 'FOO_2.0', 'bar_foo_x', 'local']) assert.ok(!isExported(symbols, name), name);
  });

  it('version script written on one line per node', () => {
    const symbols = readSymbolFile('version-script', 'FOO_1.0 { global: a; b; local: *; };\nFOO_2.0 { global: c; } FOO_1.0;\n');
    assert.deepEqual([...symbols.names].sort(), ['a', 'b', 'c']);
    assert.deepEqual(symbols.patterns, []);
  });

  it('version script: an anonymous node, and names before any global: are global', () => {
    assert.deepEqual([...readSymbolFile('version-script', '{ global: only_a; local: *; };').names], ['only_a']);
    const implicit = readSymbolFile('version-script', 'QX_1 { qx_a; qx_b; local: qx_internal_*; };');
    assert.deepEqual([...implicit.names].sort(), ['qx_a', 'qx_b']);
    assert.ok(!isExported(implicit, 'qx_internal_x'), 'local patterns are not exports');
  });

  it('.def: LIBRARY, EXPORTS, ordinals, NONAME, DATA, PRIVATE, internal names and ; comments', () => {
    const text = `; qx.def : module-definition file for qx.dll
LIBRARY qx
EXPORTS
  qx_init      @1
  qx_free      @2 NONAME
  qx_version   DATA
  qx_table     @4 DATA
  qx_alias=qx_impl @5
  qx_private   PRIVATE   ; not in the import library
`;
    const symbols = readSymbolFile('module-definition', text);
    assert.deepEqual([...symbols.names].sort(), ['qx_alias', 'qx_free', 'qx_init', 'qx_private', 'qx_table', 'qx_version']);
    for (const word of ['qx', 'LIBRARY', 'EXPORTS', 'DATA', 'NONAME', 'qx_impl']) assert.ok(!isExported(symbols, word), word);
  });

  it('.def: a quoted LIBRARY name, DESCRIPTION, a first export on the EXPORTS line, CRLF and tabs', () => {
    const symbols = readSymbolFile('module-definition', 'LIBRARY "qx.dll"\r\nDESCRIPTION "QX library"\r\nEXPORTS qx_first\r\n\tqx_second\t@7\r\n');
    assert.deepEqual([...symbols.names].sort(), ['qx_first', 'qx_second']);
  });
});

describe('comparing two revisions of a library: only what can differ is parsed, the answer is the whole comparison\'s', () => {
  // Declarations that share names across headers (a prototype repeated, a typedef and a struct of one
  // name), export decorators, and symbol lists that come and go: where a shortcut would go wrong.
  const DECLARATIONS = [
    'int foo_open(const char *path);', 'int foo_open(const char *path, int flags);', 'void foo_close(int fd);', 'FOO_API void foo_reset(void);',
    'extern const char *foo_version;', 'typedef struct foo { int a; } foo_t;', 'typedef struct foo { int a; long b; } foo_t;', 'struct bar { char c; };',
    'enum foo_mode { FOO_READ = 1, FOO_WRITE };', 'enum foo_mode { FOO_READ = 2 };', 'int bar_get(struct bar *b);', 'long bar_get(struct bar *b);',
    '#define FOO_API __attribute__((visibility("default")))', '#define FOO_LIMIT 10', 'static inline int foo_inline(void) { return 0; }', '/* foo_close is documented here */',
  ];
  const headerText = fc.subarray(DECLARATIONS, { maxLength: 6 }).map((lines) => `${lines.join('\n')}\n`);
  const symbolText = fc.subarray(['foo_open', 'foo_close', 'foo_reset', 'foo_version', 'bar_get'], { minLength: 1 }).map((names) => `${names.join('\n')}\n`);
  const revision = fc.record({
    headers: fc.dictionary(fc.constantFrom('a.h', 'b.h', 'c.h', 'd.h', 'include/e.h'), headerText, { minKeys: 1, maxKeys: 5 }),
    symbols: fc.option(symbolText, { nil: undefined }),
  });
  /** The next revision: most headers kept as they were, a few edited, added or removed. */
  const nextOf = (then: { headers: Record<string, string>; symbols?: string }) =>
    fc.record({ edits: fc.dictionary(fc.constantFrom('a.h', 'b.h', 'c.h', 'd.h', 'include/e.h'), fc.option(headerText, { nil: undefined }), { maxKeys: 2 }), symbols: fc.oneof(fc.constant(then.symbols), fc.option(symbolText, { nil: undefined })) }).map(({ edits, symbols }) => {
      const headers = { ...then.headers };
      for (const [path, text] of Object.entries(edits)) {
        if (text === undefined) delete headers[path];
        else headers[path] = text;
      }
      return { headers, symbols };
    });
  const asRevision = (r: { headers: Record<string, string>; symbols?: string }): LibraryRevision => {
    const texts = new Map(Object.entries(r.headers));
    if (r.symbols !== undefined) texts.set('foo.sym', r.symbols);
    return { files: { headers: Object.keys(r.headers).sort(), symbolFiles: r.symbols !== undefined ? ['foo.sym'] : [], sources: [] }, texts, lines: (p) => new LineIndex(texts.get(p) ?? '') };
  };

  it('equals extracting both interfaces whole and comparing them', () => {
    check('libtool: interface comparison of changed headers only', 400, [revision.chain((then) => nextOf(then).map((now) => ({ then, now })))], ({ then, now }) => {
      const [before, after] = [asRevision(then), asRevision(now)];
      // Copies of each text: the revisions are compared by content, as texts from git and from disk are different strings.
      for (const [path, text] of after.texts) (after.texts as Map<string, string>).set(path, ` ${text}`.slice(1));
      const whole = diffInterfaces(libraryInterface(before.files, before.texts, before.lines, parser), libraryInterface(after.files, after.texts, after.lines, parser));
      assert.deepEqual(compareLibraryInterfaces(before, after, parser), whole);
    });
  });

  it('parses only the headers that changed and those that mention what changed', () => {
    const unchanged = Array.from({ length: 50 }, (_, i) => [`h${i}.h`, `int lib_${i}(void);\n`] as const);
    const then: Record<string, string> = Object.fromEntries([...unchanged, ['api.h', 'int api_call(int x);\n'], ['uses.h', 'int lib_use(void); /* api_call */\n']]);
    const now = { ...then, 'api.h': 'int api_call(int x, int y);\n' };
    const parsed: string[] = [];
    const counting: CParser = { parse: (text) => (parsed.push(text), parser.parse(text)) } as CParser;
    const diff = compareLibraryInterfaces(asRevision({ headers: then }), asRevision({ headers: now }), counting);
    assert.deepEqual(diff.changed.map((c) => c.after.name), ['api_call']);
    assert.equal(parsed.length, 3, 'api.h at both revisions, and uses.h (it mentions api_call) once');
  });
});
