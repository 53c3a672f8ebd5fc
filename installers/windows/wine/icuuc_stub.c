/* Wine test-only stub of the Windows system DLL icuuc.dll (Windows 10 1903+ has it; Wine 8 does not).
 *
 * Qt6Core.dll imports these ucnv_* functions for QStringConverter's "other codecs". Without any
 * icuuc.dll, Qt does not load at all under Wine ("DLL load failed while importing QtWidgets"). This
 * stub says "no converter available": ucnv_open fails, so Qt keeps to its built-in UTF-8/UTF-16/
 * Latin-1 codecs, which is all the program uses. It goes into the Wine prefix's system32 for the
 * build and the smoke test, NEVER into the installer (real Windows has the real one).
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o icuuc.dll icuuc_stub.c
 */
#include <stddef.h>

#define EXPORT __declspec(dllexport)
typedef int UErrorCode;
enum { U_FILE_ACCESS_ERROR = 4, U_UNSUPPORTED_ERROR = 16 };

static void fail(UErrorCode *err, UErrorCode code) {
    if (err != NULL && *err <= 0) *err = code;
}

EXPORT void *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err, U_FILE_ACCESS_ERROR); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int n) { (void)n; return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) {
    (void)name; (void)standard; fail(err, U_UNSUPPORTED_ERROR); return NULL;
}
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; fail(err, U_UNSUPPORTED_ERROR); return NULL; }
EXPORT signed char ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT int ucnv_toUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err, U_UNSUPPORTED_ERROR); return 0; }
EXPORT int ucnv_fromUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err, U_UNSUPPORTED_ERROR); return 0; }

/* The converters above never exist, so these are never reached with a real one; they only fail. */
EXPORT void ucnv_getToUCallBack(const void *c, void **action, const void **ctx) { (void)c; if (action) *action = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **action, const void **ctx) { (void)c; if (action) *action = NULL; if (ctx) *ctx = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(err, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *err) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(err, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int *o, signed char f, UErrorCode *err) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int *o, signed char f, UErrorCode *err) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err, U_UNSUPPORTED_ERROR);
}
EXPORT void ucnv_cbToUWriteUChars(void *a, const void *s, int l, int o, UErrorCode *err) { (void)a; (void)s; (void)l; (void)o; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *sl, int o, UErrorCode *err) { (void)a; (void)s; (void)sl; (void)o; fail(err, U_UNSUPPORTED_ERROR); }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const void *cu, int l, int cp, int r, UErrorCode *err) {
    (void)ctx; (void)a; (void)cu; (void)l; (void)cp; (void)r; fail(err, U_UNSUPPORTED_ERROR);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *a, const char *cb, int l, int r, UErrorCode *err) {
    (void)ctx; (void)a; (void)cb; (void)l; (void)r; fail(err, U_UNSUPPORTED_ERROR);
}
