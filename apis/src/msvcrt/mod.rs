//! msvcrt.dll: the system C runtime MinGW-w64 programs link against.

use crate::crt::{errno, excpt, heap, locale, setjmp, startup, stdio, stdlib, string};

crate::dll! {
    name: "msvcrt.dll", id: 2;
    fn errno: _errno;
    fn heap: malloc, calloc, realloc, free, _msize;
    fn locale: ___mb_cur_max_func, ___lc_codepage_func, localeconv;
    data locale: __mb_cur_max;
    fn startup: __getmainargs, __wgetmainargs, __p___argc, __p___argv, __p___wargv,
        __p__environ, __p__wenviron, __p__acmdln, __p__wcmdln, __p__commode, __p__fmode,
        __set_app_type, _initterm, _initterm_e, atexit, _onexit, exit, _exit, _cexit, _c_exit,
        abort, _amsg_exit, __setusermatherr, _lock, _unlock;
    partial startup: signal;
    data startup: __argc, __argv, __wargv, _environ, _wenviron, __initenv, __winitenv, _acmdln,
        _wcmdln, _commode, _fmode;
    fn stdio: printf, fprintf, vprintf, vfprintf, sprintf, vsprintf, _snprintf, _vsnprintf,
        snprintf, vsnprintf, _scprintf, _vscprintf, fwrite, fputc, putc, putchar, fputs, puts,
        fflush, __iob_func, _fileno, _setmode;
    data stdio: _iob;
    fn string: strlen, wcslen, strnlen, memcpy, memmove, memset, memcmp, strcmp, strncmp, strcpy,
        strncpy, strcat, strchr, strrchr, strstr, strerror, _stricmp, _strnicmp, wcscmp, _wcsicmp,
        strspn, strcspn, strpbrk;
    fn stdlib: strtol, strtoul, strtoll, strtoull, _strtoi64, _strtoui64, atoi, atol, _atoi64,
        getenv, _putenv;
    fn excpt: __C_specific_handler;
    fn setjmp: _setjmp, _setjmpex, longjmp;
    partial excpt: _XcptFilter;
}
