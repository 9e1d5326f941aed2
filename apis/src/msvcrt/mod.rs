//! msvcrt.dll: the system C runtime MinGW-w64 programs link against.

use crate::crt::{errno, heap, io, locale, startup, stdio, stdio_printf, stdlib, string};

crate::dll! {
    name: "msvcrt.dll", id: 2;
    fn errno: _errno, __doserrno, _get_errno, _set_errno, _get_doserrno, _set_doserrno;
    fn heap: malloc, calloc, realloc, free, _msize;
    fn locale: ___mb_cur_max_func, ___lc_codepage_func, localeconv, _configthreadlocale;
    data locale: __mb_cur_max;
    fn startup: __getmainargs, __wgetmainargs, __p___argc, __p___argv, __p___wargv,
        __p__environ, __p__wenviron, __p__acmdln, __p__wcmdln, __p__commode, __p__fmode,
        __set_app_type, _initterm, _initterm_e, atexit, _onexit, exit, _exit, _cexit, _c_exit,
        abort, _amsg_exit, __setusermatherr, _lock, _unlock, signal, raise, _XcptFilter,
        __p__pgmptr, __p__wpgmptr, _get_pgmptr, _get_wpgmptr;
    data startup: __argc, __argv, __wargv, _environ, _wenviron, __initenv, __winitenv, _acmdln,
        _wcmdln, _commode, _fmode, _pgmptr, _wpgmptr;
    fn io: _open, _wopen, _sopen, _wsopen, _sopen_s, _wsopen_s, _creat, _wcreat, _read, _write,
        _close, _lseek, _lseeki64, _tell, _telli64, _filelength, _filelengthi64, _eof, _chsize,
        _chsize_s, _dup, _dup2, _commit, _isatty, _get_osfhandle, _open_osfhandle, _setmode,
        _access, _waccess, _access_s, _unlink, _wunlink, _umask;
    fn stdio: fopen, _wfopen, _fsopen, _wfsopen, fopen_s, _wfopen_s, fclose, _fcloseall, freopen,
        _wfreopen, freopen_s, _fdopen, _wfdopen, tmpfile, tmpfile_s, fwrite, fread, fputc, putc,
        _fputc_nolock, _putc_nolock, putchar, _fputchar, _flsbuf, fputs, puts, fgetc, getc,
        _fgetc_nolock, _getc_nolock, getchar, _fgetchar, _filbuf, ungetc, _ungetc_nolock, fgets,
        fflush, _flushall, feof, ferror, clearerr, clearerr_s, fseek, _fseeki64, ftell, _ftelli64,
        fgetpos, fsetpos, rewind, setvbuf, setbuf, __iob_func, _fileno, _getmaxstdio, remove,
        _wremove, rename, _wrename;
    fn stdio_printf: printf, fprintf, vprintf, vfprintf, printf_s, fprintf_s, vprintf_s,
        vfprintf_s, sprintf, vsprintf, _snprintf, _vsnprintf, snprintf, vsnprintf, sprintf_s,
        vsprintf_s, _snprintf_s, _vsnprintf_s, _scprintf, _vscprintf, wprintf, fwprintf, vwprintf,
        vfwprintf, swprintf, vswprintf, _swprintf, _snwprintf, _vsnwprintf, swprintf_s,
        vswprintf_s, _snwprintf_s, _vsnwprintf_s, _scwprintf, _vscwprintf,
        _set_printf_count_output, _get_printf_count_output;
    data stdio: _iob;
    fn string: strlen, wcslen, strnlen, memcpy, memmove, memset, memcmp, strcmp, strncmp, strcpy,
        strncpy, strcat, strchr, strrchr, strstr, strerror, _stricmp, _strnicmp, wcscmp, _wcsicmp,
        strspn, strcspn, strpbrk;
    fn stdlib: strtol, strtoul, strtoll, strtoull, _strtoi64, _strtoui64, atoi, atol, _atoi64,
        getenv, _putenv, _set_invalid_parameter_handler, _get_invalid_parameter_handler,
        _invalid_parameter_noinfo, _invalid_parameter_noinfo_noreturn, _set_new_mode,
        _query_new_mode;
    stub: __C_specific_handler;
}
