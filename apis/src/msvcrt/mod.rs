//! msvcrt.dll: the system C runtime MinGW-w64 programs link against.

use crate::crt::{
    conio, ctype, direct, eh, ehdata, errno, excpt, float, heap, io, locale, math, mbctype,
    mbstring, process, scanf, setjmp, startup, stat, stdio, stdio_printf, stdlib, stdlib_conv,
    string, time, typeinfo, wchar,
};

crate::dll! {
    name: "msvcrt.dll", id: 2;
    // The C++ runtime msvcrt.dll carries for MSVC programs (vcruntime140's implementation).
    fn ehdata: _CxxThrowException, __CxxFrameHandler3 as "__CxxFrameHandler";
    fn eh: _purecall, terminate as "?terminate@@YAXXZ";
    fn typeinfo: type_info_destructor as "??1type_info@@UEAA@XZ";
    partial string: strcoll, wcscoll, strxfrm, wcsxfrm, _strcoll_l, _wcscoll_l;
    fn string: _stricmp_l, _strnicmp_l, _wcsicmp_l;
    fn stdlib: _strtol_l, _strtoul_l, _strtoi64_l, _strtoui64_l, _strtod_l, _atof_l;
    fn ctype: _isalpha_l, _isupper_l, _islower_l, _isdigit_l, _isxdigit_l, _isspace_l, _ispunct_l,
        _isalnum_l, _isprint_l, _isgraph_l, _iscntrl_l, _toupper_l, _tolower_l, _towupper_l,
        _towlower_l;
    fn errno: _errno, __doserrno, _get_errno, _set_errno, _get_doserrno, _set_doserrno;
    fn process: _getpid, _beginthreadex, _endthreadex, _beginthread, _endthread, system, _wsystem, _spawnv,
        _spawnvp, _spawnve, _spawnvpe, _wspawnv, _wspawnvp, _spawnl, _spawnlp, _cwait, _popen,
        _wpopen, _pclose, _execl, _execle, _execlp, _execlpe, _execv, _execve, _execvp, _execvpe,
        _wexecl, _wexecle, _wexeclp, _wexeclpe, _wexecv, _wexecve, _wexecvp, _wexecvpe;
    fn heap: malloc, calloc, realloc, free, _msize, _recalloc, _aligned_malloc,
        _aligned_offset_malloc, _aligned_free, _aligned_realloc, _expand, _resetstkoflw;
    fn locale: ___mb_cur_max_func, ___lc_codepage_func, localeconv, _configthreadlocale, setlocale,
        msvcrt_create_locale as "_create_locale", msvcrt_get_current_locale as "_get_current_locale",
        _free_locale, __lconv_init;
    fn wchar: mbtowc, mblen, mbrtowc, btowc, wctomb, wcrtomb, wctob, mbstowcs, wcstombs;
    data locale: __mb_cur_max;
    fn math: sin, sinf, cos, cosf, tan, tanf, asin, asinf, acos, acosf, atan, atanf, sinh, sinhf,
        cosh, coshf, tanh, tanhf, asinh, asinhf, acosh, acoshf, atanh, atanhf, exp, expf, exp2,
        exp2f, expm1, expm1f, log, logf, log10, log10f, log2, log2f, log1p, log1pf, sqrt, sqrtf,
        cbrt, cbrtf, floor, floorf, ceil, ceilf, trunc, truncf, round, roundf, fabs, fabsf, rint,
        rintf, nearbyint, nearbyintf, erf, erff, erfc, erfcf, lgamma, lgammaf, tgamma, tgammaf,
        logb, logbf, _logb, _logbf, atan2, atan2f, pow, powf, fmod, fmodf, hypot, hypotf, _hypot,
        _hypotf, fmin, fminf, fmax, fmaxf, fdim, fdimf, remainder, remainderf, copysign,
        copysignf, _copysign, _copysignf, nextafter, nextafterf, _nextafter, _nextafterf, ldexp,
        ldexpf, scalbn, _scalb, frexp, modf, modff, ilogb, lround, llround, lrint, llrint, _j0,
        _j1, _jn, _y0, _y1, _yn, _isnan, _finite, _chgsign, _fpclass;
    fn scanf: sscanf, sscanf_s, vsscanf, swscanf, swscanf_s, fscanf, fscanf_s, scanf, scanf_s,
        fwscanf, wscanf;
    fn time: _time64, time, _time32, clock, _difftime64, difftime, _difftime32, _gmtime64, gmtime,
        _gmtime32, _localtime64, localtime, _localtime32, _gmtime64_s, gmtime_s, _localtime64_s,
        localtime_s, _mktime64, mktime, _mktime32, _mkgmtime64, _mkgmtime, strftime, wcsftime,
        asctime, _ctime64, ctime, _tzset, _ftime64, _ftime, _ftime32, _ftime64_s, _ftime32_s, __p__timezone, __p__daylight, __p__dstbias, __p__tzname, _get_timezone, _get_daylight;
    data time: _timezone, _daylight, _dstbias, _tzname;
    fn setjmp: _setjmp, _setjmpex, longjmp;
    fn float: _controlfp, _controlfp_s, _control87, _statusfp, _clearfp, _fpreset;
    fn startup: __getmainargs, __wgetmainargs, __p___argc, __p___argv, __p___wargv,
        __p__environ, __p__wenviron, __p__acmdln, __p__wcmdln, __p__commode, __p__fmode,
        __set_app_type, _initterm, _initterm_e, atexit, _onexit, exit, _exit, _cexit, _c_exit,
        abort, _assert, _wassert, __dllonexit, _amsg_exit, __setusermatherr, _lock, _unlock, signal, raise, _XcptFilter,
        __p__pgmptr, __p__wpgmptr, _get_pgmptr, _get_wpgmptr;
    data startup: __argc, __argv, __wargv, _environ, _wenviron, __initenv, __winitenv, _acmdln,
        _wcmdln, _commode, _fmode, _pgmptr, _wpgmptr;
    fn io: _open, _wopen, _sopen, _wsopen, _sopen_s, _wsopen_s, _creat, _wcreat, _read, _write,
        _close, _lseek, _lseeki64, _tell, _telli64, _filelength, _filelengthi64, _eof, _chsize,
        _chsize_s, _dup, _dup2, _commit, _isatty, _get_osfhandle, _open_osfhandle, _setmode,
        _access, _waccess, _access_s, _unlink, _wunlink, _umask, _chmod, _wchmod, _locking,
        _findclose, _findfirst64, _findnext64, _findfirst64i32, _findnext64i32, _findfirst,
        _findnext, _findfirsti64, _findnexti64, _findfirst32, _findnext32, _wfindfirst64,
        _wfindnext64, _wfindfirst64i32, _wfindnext64i32, _wfindfirst, _wfindnext;
    fn direct: _mkdir, _wmkdir, _rmdir, _wrmdir, _chdir, _wchdir, _getcwd, _wgetcwd;
    fn stat: _stat64, _wstat64, _fstat64, _stati64, _wstati64, _fstati64, _stat64i32,
        _wstat64i32, _fstat64i32, _stat, _wstat, _fstat, _stat32, _wstat32, _fstat32, _utime64,
        _utime, _utime32, _wutime64, _wutime, _wutime32, _futime64, _futime, _futime32;
    fn stdio: fopen, _wfopen, _fsopen, _wfsopen, fopen_s, _wfopen_s, fclose, _fcloseall, freopen,
        _wfreopen, freopen_s, _fdopen, _wfdopen, tmpfile, tmpfile_s, fwrite, fread, fputc, putc,
        _fputc_nolock, _putc_nolock, putchar, _fputchar, _flsbuf, fputs, puts, fgetc, getc,
        _fgetc_nolock, _getc_nolock, getchar, _fgetchar, _filbuf, ungetc, _ungetc_nolock, fgets,
        fflush, _flushall, feof, ferror, clearerr, clearerr_s, fseek, _fseeki64, ftell, _ftelli64,
        fgetpos, fsetpos, rewind, setvbuf, setbuf, __iob_func, _fileno, _lock_file, _unlock_file, _getmaxstdio, remove,
        _wremove, rename, _wrename, fputwc, putwc, putwchar, fputws, _putws, fgetwc, getwc,
        getwchar, ungetwc, fgetws, _tempnam, _wtempnam, msvcrt_tmpnam as "tmpnam", msvcrt_wtmpnam as "_wtmpnam",
        msvcrt_tmpnam_s as "tmpnam_s", msvcrt_wtmpnam_s as "_wtmpnam_s";
    fn stdio_printf: printf, fprintf, vprintf, vfprintf, printf_s, fprintf_s, vprintf_s,
        vfprintf_s, sprintf, vsprintf, _snprintf, _vsnprintf, snprintf, vsnprintf, sprintf_s,
        vsprintf_s, _snprintf_s, _vsnprintf_s, _scprintf, _vscprintf, wprintf, fwprintf, vwprintf,
        vfwprintf, swprintf, vswprintf, _swprintf, _snwprintf, _vsnwprintf, swprintf_s,
        vswprintf_s, _snwprintf_s, _vsnwprintf_s, _scwprintf, _vscwprintf,
        _set_printf_count_output, _get_printf_count_output, _printf_l, _fprintf_l, _vprintf_l,
        _vfprintf_l, _sprintf_l, _vsprintf_l, _snprintf_l, _vsnprintf_l, _scprintf_l, _vscprintf_l,
        _wprintf_l, _fwprintf_l, _vwprintf_l, _vfwprintf_l, _snwprintf_l, _vsnwprintf_l,
        _scwprintf_l, _vscwprintf_l, _printf_p, _printf_p_l, _fprintf_p, _fprintf_p_l, _vprintf_p,
        _vprintf_p_l, _vfprintf_p, _vfprintf_p_l, _sprintf_p_l, _vsprintf_p, _vsprintf_p_l,
        _scprintf_p_l, _vscprintf_p, _vscprintf_p_l, _wprintf_p, _wprintf_p_l, _fwprintf_p,
        _fwprintf_p_l, _vwprintf_p, _vwprintf_p_l, _vfwprintf_p, _vfwprintf_p_l, _swprintf_p_l,
        _vswprintf_p, _vswprintf_p_l, _scwprintf_p_l, _vscwprintf_p, _vscwprintf_p_l;
    fn stdio_printf: _printf_s_l, _fprintf_s_l, _vprintf_s_l, _vfprintf_s_l, _sprintf_s_l,
        _vsprintf_s_l, _snprintf_s_l, _vsnprintf_s_l, _vsnprintf_s as "vsnprintf_s", wprintf_s,
        _wprintf_s_l, fwprintf_s, _fwprintf_s_l, vwprintf_s, _vwprintf_s_l, vfwprintf_s,
        _vfwprintf_s_l, _swprintf_s_l, _vswprintf_s_l, _snwprintf_s_l, _vsnwprintf_s_l, _vswprintf;
    fn scanf: _sscanf_l, _sscanf_s_l, _swscanf_l, _swscanf_s_l, _fscanf_l, _fscanf_s_l, _fwscanf_l,
        fwscanf_s, _fwscanf_s_l, _scanf_l, _scanf_s_l, _wscanf_l, wscanf_s, _wscanf_s_l, _snscanf,
        _snscanf_l, _snscanf_s, _snscanf_s_l, _snwscanf, _snwscanf_l, _snwscanf_s, _snwscanf_s_l;
    fn conio: _cprintf, _cprintf_l, _cprintf_p, _cprintf_p_l, _vcprintf, _vcprintf_l, _vcprintf_p,
        _vcprintf_p_l, _cwprintf, _cwprintf_l, _cwprintf_p, _cwprintf_p_l, _vcwprintf, _vcwprintf_l,
        _vcwprintf_p, _vcwprintf_p_l, _cscanf, _cscanf_l, _cscanf_s, _cscanf_s_l, _cwscanf,
        _cwscanf_l, _cwscanf_s, _cwscanf_s_l, _cputs, _cputws, _cgets, _cgetws, _putch, _putwch,
        _ungetch, _ungetwch, _kbhit;
    partial conio: _getch, _getche, _getwch, _getwche;
    fn stdio: _getw, _putw, gets, _getws, getwchar as "_fgetwchar", putwchar as "_fputwchar",
        _wperror, _wfreopen_s;
    fn io: _wfindfirsti64, _wfindnexti64;
    fn time: _strdate, _strtime, _wstrdate, _wstrtime, _wasctime, _wctime64 as "_wctime", _wctime64,
        _mkgmtime32, _wcsftime_l;
    fn stdlib: _putenv_s, _wputenv_s, _wgetenv_s, _sleep, _seterrormode;
    fn direct: _getdrive, _getdrives;
    fn heap: _get_heap_handle, _heapmin;
    data stdio: _iob;
    fn string: strlen, wcslen, strnlen, memcpy, memmove, memset, memcmp, strcmp, strncmp, strcpy,
        strncpy, strcat, strchr, strrchr, strstr, strerror, _stricmp, _strnicmp, wcscmp, _wcsicmp,
        strspn, strcspn, strpbrk, memchr, strncat, _strdup, _wcsdup, _strlwr, _strupr, _wcslwr, _wcsupr, _strrev, strtok,
        strtok_s, strcpy_s, strcat_s, strncpy_s, strncat_s, wcscpy_s, wcscat_s, wcsncpy_s,
        wcsncat_s, wcscpy, wcsncpy, wcscat, wcsncat, wcschr, wcsrchr, wcsstr, wcsncmp, _wcsnicmp,
        wcsspn, wcscspn, wcspbrk, wcsnlen, strerror_s, perror;
    fn stdlib: strtol, strtoul, strtoll, strtoull, _strtoi64, _strtoui64, atoi, atol, _atoi64,
        getenv, _putenv, _set_invalid_parameter_handler, _get_invalid_parameter_handler,
        _invalid_parameter_noinfo, _invalid_parameter_noinfo_noreturn, _set_new_mode,
        _query_new_mode, _set_error_mode, wcstol, wcstoul, wcstoll, wcstoull, _wcstoi64, _wcstoui64, _wtoi, _wtol,
        _wtoi64, strtod, strtof, atof, wcstod, wcstof, _wtof, qsort, qsort_s, bsearch, bsearch_s,
        _lfind, rand, srand, abs, labs, llabs, _abs64, div, ldiv, lldiv, _itoa, _itoa_s, _ltoa,
        _ltoa_s, _ultoa, _ultoa_s, _i64toa, _i64toa_s, _ui64toa, _ui64toa_s, _itow, _itow_s,
        _ltow, _ltow_s, _ultow, _ultow_s, _i64tow, _i64tow_s, _ui64tow, _ui64tow_s, _fullpath, _wfullpath, _splitpath, _wsplitpath, _makepath, _wgetenv,
        _wputenv, getenv_s, _dupenv_s;
    fn ctype: __pctype_func, __pwctype_func, _isctype, iswctype, isalpha, iswalpha, isupper,
        iswupper, islower, iswlower, isdigit, iswdigit, isxdigit, iswxdigit, isspace, iswspace,
        ispunct, iswpunct, isalnum, iswalnum, isprint, iswprint, isgraph, iswgraph, iscntrl,
        iswcntrl, isblank, iswblank, __isascii, __iscsym, __iscsymf, __toascii, toupper, tolower,
        _toupper, _tolower, towupper, towlower;
    data ctype: _pctype, _pwctype;
    fn excpt: __C_specific_handler;
    fn math: _chgsignf, _isnanf, _finitef, _fpclassf, _scalbf, _cabs;
    fn stdlib_conv: _wcstol_l, _wcstoul_l, _wcstoi64_l, _wcstoui64_l, _atoi_l, _atol_l,
        _atoi64_l, _wtoi_l, _wtol_l, _wtoi64_l, _wtof_l, _atodbl, _atodbl_l, _atoflt_l, _ecvt,
        _fcvt, _ecvt_s, _fcvt_s, _rotl, _rotr, _rotl64, _rotr64, _lrotl, _lrotr, _swab, rand_s;
    fn stdlib_conv: _atoldbl, _atoldbl_l;
    fn mbctype: _setmbcp, _getmbcp, _ismbbkana, _ismbbkana_l, _mbbtype, _ismbbalnum, _ismbbalnum_l,
        _ismbbalpha, _ismbbalpha_l, _ismbbgraph, _ismbbgraph_l, _ismbbprint, _ismbbprint_l,
        _ismbbpunct, _ismbbpunct_l, _ismbbkalnum, _ismbbkalnum_l, _ismbbkprint, _ismbbkprint_l,
        _ismbbkpunct, _ismbbkpunct_l, _ismbblead, _ismbblead_l, _ismbbtrail, _ismbbtrail_l;
    data mbctype: _mbctype, _mbcasemap;
    fn mbstring: _mbccpy, _mbccpy_l, _mbstrlen, _mbstrlen_l, _mbstrnlen, _mbstrnlen_l, _mbsdup,
        _mbscpy, _mbscat, _mbschr, _mbschr_l, _mbsrchr, _mbsrchr_l, _mbsstr, _mbsstr_l, _mbscmp,
        _mbscmp_l, _mbsicmp, _mbsicmp_l, _mbsncmp, _mbsncmp_l, _mbsnbcmp, _mbsnbcmp_l, _mbsnicmp,
        _mbsnicmp_l, _mbsnbicmp, _mbsnbicmp_l, _mbslen, _mbslen_l, _mbsnlen, _mbsnlen_l, _mbsinc,
        _mbsinc_l, _mbsninc, _mbsninc_l, _mbsdec, _mbsdec_l, _mbsnextc, _mbsnextc_l, _mbsnccnt,
        _mbsnccnt_l, _mbsnbcnt, _mbsnbcnt_l, _mbscpy_s, _mbscpy_s_l, _mbscat_s, _mbscat_s_l,
        _mbsncpy, _mbsncpy_l, _mbsnbcpy, _mbsnbcpy_l, _mbsncat, _mbsncat_l, _mbsnbcat, _mbsnbcat_l,
        _mbsncpy_s, _mbsncpy_s_l, _mbsnbcpy_s, _mbsnbcpy_s_l, _mbsncat_s, _mbsncat_s_l,
        _mbsnbcat_s, _mbsnbcat_s_l, _mbslwr, _mbslwr_l, _mbsupr, _mbsupr_l, _mbslwr_s, _mbslwr_s_l,
        _mbsupr_s, _mbsupr_s_l, _mbsrev, _mbsrev_l, _mbsset, _mbsset_l, _mbsnset, _mbsnset_l,
        _mbsnbset, _mbsnbset_l, _mbsset_s, _mbsset_s_l, _mbsnset_s, _mbsnset_s_l, _mbsnbset_s,
        _mbsnbset_s_l, _mbsspn, _mbsspn_l, _mbscspn, _mbscspn_l, _mbsspnp, _mbsspnp_l, _mbspbrk,
        _mbspbrk_l, _mbstok, _mbstok_l, _mbstok_s, _mbstok_s_l, _mbsbtype, _mbsbtype_l, _ismbslead,
        _ismbslead_l, _ismbstrail, _ismbstrail_l, _mbclen, _mbclen_l, _mbccpy_s, _mbccpy_s_l,
        _mbctolower, _mbctolower_l, _mbctoupper, _mbctoupper_l, _mbbtombc, _mbbtombc_l, _mbctombb,
        _mbctombb_l, _ismbcalnum, _ismbcalnum_l, _ismbcalpha, _ismbcalpha_l, _ismbcdigit,
        _ismbcdigit_l, _ismbcgraph, _ismbcgraph_l, _ismbclower, _ismbclower_l, _ismbcupper,
        _ismbcupper_l, _ismbcprint, _ismbcprint_l, _ismbcpunct, _ismbcpunct_l, _ismbcspace,
        _ismbcspace_l, _ismbcsymbol, _ismbcsymbol_l;
    partial mbstring: _mbscoll, _mbscoll_l, _mbsicoll, _mbsicoll_l, _mbsncoll, _mbsncoll_l,
        _mbsnbcoll, _mbsnbcoll_l, _mbsnicoll, _mbsnicoll_l, _mbsnbicoll, _mbsnbicoll_l;
    fn string: _strset, _strnset, _wcsset, _wcsnset, _strset_s, _strnset_s, _wcsset_s, _wcsnset_s,
        _wcsrev, _strlwr_s, _strupr_s, _wcslwr_s, _wcsupr_s, _strlwr_l, _strupr_l, _wcslwr_l,
        _wcsupr_l, _strlwr_s_l, _strupr_s_l, _wcslwr_s_l, _wcsupr_s_l, _memccpy, _memicmp,
        _memicmp_l, _wcsnicmp_l, wcstok_s, _strerror, _strerror_s, __wcserror, __wcserror_s,
        _wcserror, _wcserror_s, wcstok, _stricmp as "_strcmpi";
    partial string: _stricoll, _strncoll, _strnicoll, _wcsicoll, _wcsncoll, _wcsnicoll,
        _stricoll_l, _strncoll_l, _strnicoll_l, _wcsicoll_l, _wcsncoll_l, _wcsnicoll_l, _strxfrm_l,
        _wcsxfrm_l;
    fn ctype: _iswalpha_l, _iswupper_l, _iswlower_l, _iswdigit_l, _iswxdigit_l, _iswspace_l,
        _iswpunct_l, _iswalnum_l, _iswprint_l, _iswgraph_l, _iswcntrl_l, _iswctype_l, _isctype_l,
        is_wctype;
    data ctype: WIDE_CLASS_TABLE as "_wctype";
    fn wchar: mbstowcs_s, _mbstowcs_s_l, wcstombs_s, _wcstombs_s_l, wctomb_s, _wctomb_s_l,
        wcrtomb_s, _mblen_l, _mbtowc_l, _wctomb_l, _mbstowcs_l, _wcstombs_l, isleadbyte,
        _isleadbyte_l;
}
