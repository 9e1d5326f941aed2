/* bcrypt.h: algorithm providers, properties, hashing with the published known-answer vectors
 * (FIPS 180 "abc", RFC 1321, the HMAC examples of RFC 2104's usual test text) and the RNG.
 *
 * The status codes are the ones Microsoft documents. Wine 8 differs: STATUS_NOT_IMPLEMENTED for
 * an unknown algorithm, provider or property, STATUS_BUFFER_TOO_SMALL for a size query with no
 * buffer, no check of a NULL hash handle or of a handle given with
 * BCRYPT_USE_SYSTEM_PREFERRED_RNG. */
#include <windows.h>
#include <bcrypt.h>
#include <string.h>

#include "check.h"

#define STATUS_SUCCESS_ ((NTSTATUS)0)
#define STATUS_INVALID_HANDLE_ ((NTSTATUS)0xC0000008)
#define STATUS_INVALID_PARAMETER_ ((NTSTATUS)0xC000000D)
#define STATUS_BUFFER_TOO_SMALL_ ((NTSTATUS)0xC0000023)
#define STATUS_NOT_FOUND_ ((NTSTATUS)0xC0000225)
#define STATUS_NOT_SUPPORTED_ ((NTSTATUS)0xC00000BB)

static void hex(const UCHAR *b, ULONG n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    ULONG i;
    for (i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = 0;
}

/* Hashes `text` with algorithm `alg` (HMAC with `key` when not NULL) through the handle API and
 * compares the hex digest. */
static void check_digest(const WCHAR *alg, const char *key, const char *text, const char *want)
{
    BCRYPT_ALG_HANDLE a = NULL;
    BCRYPT_HASH_HANDLE h = NULL;
    DWORD objlen = 0, hashlen = 0, got = 0;
    UCHAR *object, digest[64];
    char text_hex[129];
    NTSTATUS s;

    s = BCryptOpenAlgorithmProvider(&a, alg, NULL, key ? BCRYPT_ALG_HANDLE_HMAC_FLAG : 0);
    ok(s == STATUS_SUCCESS_ && a, "open %ls: %lx", alg, s);
    s = BCryptGetProperty(a, BCRYPT_OBJECT_LENGTH, (UCHAR *)&objlen, sizeof objlen, &got, 0);
    ok(s == STATUS_SUCCESS_ && got == 4 && objlen > 0, "ObjectLength %lu", objlen);
    s = BCryptGetProperty(a, BCRYPT_HASH_LENGTH, (UCHAR *)&hashlen, sizeof hashlen, &got, 0);
    ok(s == STATUS_SUCCESS_ && hashlen == strlen(want) / 2, "HashDigestLength %lu", hashlen);
    object = HeapAlloc(GetProcessHeap(), 0, objlen);
    s = BCryptCreateHash(a, &h, object, objlen, (UCHAR *)key, key ? (ULONG)strlen(key) : 0, 0);
    ok(s == STATUS_SUCCESS_, "create hash: %lx", s);
    /* In two pieces: the state carries over. */
    ok(BCryptHashData(h, (UCHAR *)text, 1, 0) == STATUS_SUCCESS_ &&
       BCryptHashData(h, (UCHAR *)text + 1, (ULONG)strlen(text) - 1, 0) == STATUS_SUCCESS_,
       "hash data");
    ok(BCryptFinishHash(h, digest, hashlen + 1, 0) == STATUS_INVALID_PARAMETER_,
       "the output is exactly the digest length");
    s = BCryptFinishHash(h, digest, hashlen, 0);
    hex(digest, hashlen, text_hex);
    ok(s == STATUS_SUCCESS_ && !strcmp(text_hex, want), "%ls(%s) = %s", alg, text, text_hex);
    ok(BCryptDestroyHash(h) == STATUS_SUCCESS_, "destroy");
    ok(BCryptCloseAlgorithmProvider(a, 0) == STATUS_SUCCESS_, "close");
    HeapFree(GetProcessHeap(), 0, object);
}

static void test_digests(void)
{
    static const char fox[] = "The quick brown fox jumps over the lazy dog";
    check_digest(BCRYPT_MD5_ALGORITHM, NULL, "abc", "900150983cd24fb0d6963f7d28e17f72");
    check_digest(BCRYPT_SHA1_ALGORITHM, NULL, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_digest(BCRYPT_SHA256_ALGORITHM, NULL, "abc",
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_digest(BCRYPT_SHA384_ALGORITHM, NULL, "abc",
                 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                 "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    check_digest(BCRYPT_SHA512_ALGORITHM, NULL, "abc",
                 "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    check_digest(BCRYPT_SHA256_ALGORITHM, "key", fox,
                 "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    check_digest(BCRYPT_MD5_ALGORITHM, "key", fox, "80070713463e7749b90c2dc24911e275");
}

static void test_handles_and_errors(void)
{
    BCRYPT_ALG_HANDLE a = NULL;
    BCRYPT_HASH_HANDLE h = NULL, copy = NULL;
    UCHAR digest[32], again[32], small[2];
    WCHAR name[16];
    DWORD got = 0, objlen = 0;
    char text_hex[65];
    NTSTATUS s;

    s = BCryptOpenAlgorithmProvider(&a, L"NOSUCHALG", NULL, 0);
    ok(s == STATUS_NOT_FOUND_, "unknown algorithm: %lx", s);
    s = BCryptOpenAlgorithmProvider(&a, BCRYPT_SHA256_ALGORITHM, L"No Such Provider", 0);
    ok(s == STATUS_NOT_FOUND_, "unknown provider: %lx", s);
    s = BCryptOpenAlgorithmProvider(&a, BCRYPT_SHA256_ALGORITHM, MS_PRIMITIVE_PROVIDER,
                                    BCRYPT_HASH_REUSABLE_FLAG);
    ok(s == STATUS_SUCCESS_, "reusable SHA256: %lx", s);

    s = BCryptGetProperty(a, BCRYPT_ALGORITHM_NAME, (UCHAR *)name, sizeof name, &got, 0);
    ok(s == STATUS_SUCCESS_ && got == 14 && !wcscmp(name, L"SHA256"), "AlgorithmName %ls", name);
    s = BCryptGetProperty(a, BCRYPT_OBJECT_LENGTH, NULL, 0, &got, 0);
    ok(s == STATUS_SUCCESS_ && got == 4, "size query: %lx %lu", s, got);
    s = BCryptGetProperty(a, BCRYPT_OBJECT_LENGTH, small, sizeof small, &got, 0);
    ok(s == STATUS_BUFFER_TOO_SMALL_, "small buffer: %lx", s);
    s = BCryptGetProperty(a, L"NoSuchProperty", small, sizeof small, &got, 0);
    ok(s == STATUS_NOT_SUPPORTED_, "unknown property: %lx", s);
    /* CNG handles are pointers on Windows: only NULL is sure to be refused, not garbage. */
    s = BCryptGetProperty(NULL, BCRYPT_OBJECT_LENGTH, (UCHAR *)&objlen, sizeof objlen, &got, 0);
    ok(s == STATUS_INVALID_HANDLE_, "NULL handle: %lx", s);

    /* Hash objects allocated by CNG itself (no buffer); a reusable hash starts over. */
    ok(BCryptCreateHash(a, &h, NULL, 0, NULL, 0, 0) == STATUS_SUCCESS_, "create");
    BCryptHashData(h, (UCHAR *)"ab", 2, 0);
    ok(BCryptDuplicateHash(h, &copy, NULL, 0, 0) == STATUS_SUCCESS_, "duplicate");
    BCryptHashData(h, (UCHAR *)"c", 1, 0);
    BCryptFinishHash(h, digest, 32, 0);
    BCryptHashData(h, (UCHAR *)"abc", 3, 0);
    BCryptFinishHash(h, again, 32, 0);
    ok(!memcmp(digest, again, 32), "reusable hash starts over");
    BCryptHashData(copy, (UCHAR *)"c", 1, 0);
    BCryptFinishHash(copy, again, 32, 0);
    hex(again, 32, text_hex);
    ok(!strcmp(text_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
       "the duplicate carries the state: %s", text_hex);
    ok(BCryptDestroyHash(copy) == STATUS_SUCCESS_ && BCryptDestroyHash(h) == STATUS_SUCCESS_,
       "destroy both");
    ok(BCryptDestroyHash(NULL) == STATUS_INVALID_HANDLE_, "destroy NULL");
    ok(BCryptCloseAlgorithmProvider(a, 0) == STATUS_SUCCESS_, "close");
    ok(BCryptCloseAlgorithmProvider(NULL, 0) == STATUS_INVALID_HANDLE_, "close NULL");
}

static void test_random(void)
{
    BCRYPT_ALG_HANDLE rng = NULL, sha = NULL;
    UCHAR a[32], b[32], zero[32] = {0};
    NTSTATUS s;

    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    s = BCryptGenRandom(NULL, a, sizeof a, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    ok(s == STATUS_SUCCESS_ && memcmp(a, zero, 32), "system preferred RNG: %lx", s);
    ok(BCryptOpenAlgorithmProvider(&rng, BCRYPT_RNG_ALGORITHM, NULL, 0) == STATUS_SUCCESS_,
       "open RNG");
    s = BCryptGenRandom(rng, b, sizeof b, 0);
    ok(s == STATUS_SUCCESS_ && memcmp(b, zero, 32) && memcmp(a, b, 32), "RNG handle: %lx", s);
    s = BCryptGenRandom(rng, b, sizeof b, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    ok(s == STATUS_INVALID_PARAMETER_, "handle and flag: %lx", s);
    s = BCryptGenRandom(NULL, b, sizeof b, 0);
    ok(s == STATUS_INVALID_HANDLE_, "neither handle nor flag: %lx", s);
    BCryptOpenAlgorithmProvider(&sha, BCRYPT_SHA256_ALGORITHM, NULL, 0);
    s = BCryptGenRandom(sha, b, sizeof b, 0);
    ok(s == STATUS_INVALID_HANDLE_, "a hash algorithm is no RNG: %lx", s);
    BCryptCloseAlgorithmProvider(sha, 0);
    BCryptCloseAlgorithmProvider(rng, 0);
}

int main(void)
{
    test_digests();
    test_handles_and_errors();
    test_random();
    return check_summary();
}
