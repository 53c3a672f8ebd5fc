/* Wine test-only stand-in for the Windows system DLL bcryptprimitives.dll (Windows 10 has it;
 * Wine 8 does not). Rust's standard library (1.78+) takes its randomness from
 * bcryptprimitives!ProcessPrng, so python-calamine's extension module does not load under Wine 8
 * without it ("ImportError" in the xlsx reader's child process). This one answers from
 * BCryptGenRandom, which Wine has. It goes into the Wine prefix's system32 for the smoke test,
 * NEVER into the installer (real Windows has the real one).
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives_stub.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;  /* as on Windows: ProcessPrng does not fail */
}
