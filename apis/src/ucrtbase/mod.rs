//! ucrtbase.dll: the Universal C Runtime (also reached as api-ms-win-crt-*.dll).

use crate::crt::{errno, excpt, heap, locale, setjmp, startup, stdio, stdlib, string};

crate::dll! {
    name: "ucrtbase.dll", id: 3;
    fn errno: _errno;
    fn excpt: __C_specific_handler;
    fn setjmp: _setjmp, _setjmpex, longjmp, _setjmp as "__intrinsic_setjmp",
        _setjmpex as "__intrinsic_setjmpex";
    partial excpt: _seh_filter_exe, _seh_filter_dll;
    fn heap: malloc, calloc, realloc, free, _msize;
    fn locale: ___mb_cur_max_func, ___lc_codepage_func, localeconv;
    fn startup: __p___argc, __p___argv, __p___wargv, __p__environ, __p__wenviron, __p__acmdln,
        __p__wcmdln, __p__commode, __p__fmode, _initterm, _initterm_e, atexit, _crt_atexit, exit,
        _exit, _cexit, _c_exit, abort, __setusermatherr, _lock, _unlock;
    fn stdio: fwrite, fputc, putc, putchar, fputs, puts, fflush, _fileno, _setmode;
    fn string: strlen, wcslen, strnlen, memcpy, memmove, memset, memcmp, strcmp, strncmp, strcpy,
        strncpy, strcat, strchr, strrchr, strstr, strerror, _stricmp, _strnicmp, wcscmp, _wcsicmp,
        strspn, strcspn, strpbrk;
    fn stdlib: strtol, strtoul, strtoll, strtoull, _strtoi64, _strtoui64, atoi, atol, _atoi64,
        getenv, _putenv;
}
