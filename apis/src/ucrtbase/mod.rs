//! ucrtbase.dll: the Universal C Runtime (also reached as api-ms-win-crt-*.dll).

use crate::crt::{
    complex, conio, ctype, direct, eh, errno, excpt, fenv, float, heap, io, locale, math, mbctype,
    mbstring, process, scanf, setjmp, startup, stat, stdio, stdio_printf, stdlib, stdlib_conv,
    string, time, wchar, ymath,
};

crate::dll! {
    name: "ucrtbase.dll", id: 3;
    fn errno: _errno, __doserrno, _get_errno, _set_errno, _get_doserrno, _set_doserrno;
    fn process: _getpid, _beginthreadex, _endthreadex, _beginthread, _endthread, system, _wsystem, _spawnv,
        _spawnvp, _spawnve, _spawnvpe, _wspawnv, _wspawnvp, _spawnl, _spawnlp, _cwait, _popen,
        _wpopen, _pclose, _execl, _execle, _execlp, _execlpe, _execv, _execve, _execvp, _execvpe,
        _wexecl, _wexecle, _wexeclp, _wexeclpe, _wexecv, _wexecve, _wexecvp, _wexecvpe;
    fn excpt: __C_specific_handler;
    fn setjmp: _setjmp, _setjmpex, longjmp, _setjmp as "__intrinsic_setjmp",
        _setjmpex as "__intrinsic_setjmpex";
    partial excpt: _seh_filter_dll;
    fn heap: malloc, calloc, realloc, free, _msize, _recalloc, _aligned_malloc,
        _aligned_offset_malloc, _aligned_free, _aligned_realloc, _expand, _resetstkoflw;
    fn locale: ___mb_cur_max_func, ___lc_codepage_func, localeconv, _configthreadlocale, setlocale,
        ___lc_locale_name_func, _lock_locales, _unlock_locales,
        _create_locale, _wcreate_locale, _get_current_locale, _free_locale;
    fn wchar: mbtowc, mblen, mbrtowc, btowc, wctomb, wcrtomb, wctob, mbstowcs, wcstombs;
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
    fn scanf: __stdio_common_vsscanf, __stdio_common_vswscanf, __stdio_common_vfscanf,
        __stdio_common_vfwscanf;
    fn time: _time64, time, _time32, clock, _difftime64, difftime, _difftime32, _gmtime64, gmtime,
        _gmtime32, _localtime64, localtime, _localtime32, _gmtime64_s, gmtime_s, _localtime64_s,
        localtime_s, _mktime64, mktime, _mktime32, _mkgmtime64, _mkgmtime, strftime, wcsftime,
        asctime, _ctime64, ctime, _tzset, _ftime64, _ftime, _ftime32, _ftime64_s, _ftime32_s, __timezone, __daylight, __dstbias, __tzname, _get_timezone, _get_daylight;
    data time: _timezone, _daylight, _dstbias, _tzname;
    fn fenv: fegetenv, fesetenv, feholdexcept, feupdateenv, fegetround, fesetround, fetestexcept,
        feclearexcept, feraiseexcept, fegetexceptflag, fesetexceptflag;
    fn float: _controlfp, _controlfp_s, _control87, _statusfp, _clearfp, _fpreset;
    fn startup: __p___argc, __p___argv, __p___wargv, __p__environ, __p__wenviron, __p__acmdln,
        __p__wcmdln, __p__commode, __p__fmode, _set_fmode, _get_fmode, _initterm, _initterm_e, atexit, _crt_atexit, exit,
        _exit, _cexit, _c_exit, abort, _assert, _wassert, __setusermatherr, _lock, _unlock, signal, raise,
        _seh_filter_exe, _set_app_type, _configure_narrow_argv, _configure_wide_argv,
        _initialize_narrow_environment, _initialize_wide_environment,
        _get_initial_narrow_environment, _get_initial_wide_environment, __p__pgmptr,
        __p__wpgmptr, _get_pgmptr, _get_wpgmptr, _initialize_onexit_table,
        _register_onexit_function, _execute_onexit_table, _register_thread_local_exe_atexit_callback,
        _crt_at_quick_exit, at_quick_exit, quick_exit;
    fn eh: terminate, set_terminate, _get_terminate;
    data startup: _pgmptr, _wpgmptr;
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
        _fputc_nolock, _putc_nolock, putchar, _fputchar, fputs, puts, fgetc, getc,
        _fgetc_nolock, _getc_nolock, getchar, _fgetchar, ungetc, _ungetc_nolock, fgets,
        fflush, _flushall, feof, ferror, clearerr, clearerr_s, fseek, _fseeki64, ftell, _ftelli64,
        fgetpos, fsetpos, rewind, setvbuf, setbuf, __acrt_iob_func, _get_stream_buffer_pointers, _fileno, _lock_file, _unlock_file, _getmaxstdio, remove,
        _wremove, rename, _wrename, fputwc, putwc, putwchar, fputws, _putws, fgetwc, getwc,
        getwchar, ungetwc, fgetws, _tempnam, _wtempnam, tmpnam, _wtmpnam, tmpnam_s, _wtmpnam_s;
    fn stdio_printf: __stdio_common_vfprintf, __stdio_common_vfprintf_s,
        __stdio_common_vfwprintf, __stdio_common_vfwprintf_s, __stdio_common_vsprintf,
        __stdio_common_vsprintf_s, __stdio_common_vsnprintf_s, __stdio_common_vswprintf,
        __stdio_common_vswprintf_s, __stdio_common_vsnwprintf_s, _set_printf_count_output,
        _get_printf_count_output, __stdio_common_vfprintf_p, __stdio_common_vfwprintf_p,
        __stdio_common_vsprintf_p, __stdio_common_vswprintf_p;
    fn conio: __conio_common_vcprintf, __conio_common_vcprintf_s, __conio_common_vcprintf_p,
        __conio_common_vcwprintf, __conio_common_vcwprintf_s, __conio_common_vcwprintf_p,
        __conio_common_vcscanf, __conio_common_vcwscanf, _cgets, _cgets_s, _cgetws, _cgetws_s,
        _cputs, _cputws, _kbhit, _putch, _putch as "_putch_nolock", _putwch,
        _putwch as "_putwch_nolock", _ungetch, _ungetch as "_ungetch_nolock", _ungetwch,
        _ungetwch as "_ungetwch_nolock";
    partial conio: _getch, _getch as "_getch_nolock", _getche, _getche as "_getche_nolock",
        _getwch, _getwch as "_getwch_nolock", _getwche, _getwche as "_getwche_nolock";
    fn stdio: fclose as "_fclose_nolock", fflush as "_fflush_nolock", fgetwc as "_fgetwc_nolock",
        fputwc as "_fputwc_nolock", fread as "_fread_nolock", fread_s as "_fread_nolock_s",
        fseek as "_fseek_nolock", _fseeki64 as "_fseeki64_nolock", ftell as "_ftell_nolock",
        _ftelli64 as "_ftelli64_nolock", fwrite as "_fwrite_nolock", fgetwc as "_getwc_nolock",
        fputwc as "_putwc_nolock", ungetwc as "_ungetwc_nolock", getwchar as "_fgetwchar",
        putwchar as "_fputwchar", _getw, _putw, gets, gets_s, _getws, _getws_s, fread_s, _wperror,
        _wfreopen_s;
    fn io: _umask_s, _findfirst32i64, _findnext32i64, _wfindfirst32, _wfindnext32,
        _wfindfirst32i64, _wfindnext32i64;
    fn stat: _stat32i64, _wstat32i64, _fstat32i64;
    fn time: _strdate, _strtime, _wstrdate, _wstrtime, _strdate_s, _strtime_s, _wstrdate_s,
        _wstrtime_s, asctime_s, _wasctime, _wasctime_s, _ctime32, _ctime32_s, _ctime64_s, _wctime32,
        _wctime32_s, _wctime64, _wctime64_s, _gmtime32_s, _localtime32_s, _mkgmtime32,
        _get_dstbias, _timespec32_get, _timespec64_get, _timespec64_get as "timespec_get",
        _strftime_l, _wcsftime_l;
    fn stdlib: _putenv_s, _wputenv_s, _wgetenv_s, _wdupenv_s, _sleep, _seterrormode;
    fn direct: _getdrive, _getdrives;
    fn heap: _get_heap_handle, _heapmin;
    partial string: strcoll, wcscoll, strxfrm, wcsxfrm, _strcoll_l, _wcscoll_l;
    fn string: _stricmp_l, _strnicmp_l, _wcsicmp_l;
    fn stdlib: _strtol_l, _strtoul_l, _strtoi64_l, _strtoui64_l, _strtod_l, _atof_l;
    fn ctype: _isalpha_l, _isupper_l, _islower_l, _isdigit_l, _isxdigit_l, _isspace_l, _ispunct_l,
        _isalnum_l, _isprint_l, _isgraph_l, _iscntrl_l, _toupper_l, _tolower_l, _towupper_l,
        _towlower_l;
    fn string: strlen, wcslen, strnlen, memcpy, memmove, memset, memcmp, strcmp, strncmp, strcpy,
        strncpy, strcat, strchr, strrchr, strstr, strerror, _stricmp, _strnicmp, wcscmp, _wcsicmp,
        strspn, strcspn, strpbrk, memchr, strncat, _strdup, _wcsdup, _strlwr, _strupr, _wcslwr, _wcsupr, _strrev, strtok,
        strtok_s, strcpy_s, strcat_s, strncpy_s, strncat_s, wcscpy_s, wcscat_s, wcsncpy_s,
        wcsncat_s, wcscpy, wcsncpy, wcscat, wcsncat, wcschr, wcsrchr, wcsstr, wcsncmp, _wcsnicmp,
        wcsspn, wcscspn, wcspbrk, wcsnlen, strerror_s, perror;
    fn stdlib: strtol, strtoul, strtoll, strtoull, _strtoi64, _strtoui64, atoi, atol, _atoi64,
        getenv, _putenv, _set_invalid_parameter_handler, _get_invalid_parameter_handler,
        _set_thread_local_invalid_parameter_handler, _get_thread_local_invalid_parameter_handler,
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
    fn math: fma, fmaf, nan, nanf, remquo, remquof, scalbnf, scalbln, scalblnf, _scalbf,
        nexttowardf, ilogbf, lroundf, llroundf, lrintf, llrintf, _chgsignf, _isnanf, _finitef,
        _fpclassf, _cabs, _get_FMA3_enable, _set_FMA3_enable;
    // Long double is double on x64: the `l` forms are the double functions.
    fn math: acosh as "acoshl", asinh as "asinhl", atanh as "atanhl", cbrt as "cbrtl",
        copysign as "copysignl", erf as "erfl", erfc as "erfcl", exp2 as "exp2l",
        expm1 as "expm1l", fdim as "fdiml", fma as "fmal", fmax as "fmaxl", fmin as "fminl",
        ilogb as "ilogbl", lgamma as "lgammal", llrint as "llrintl", llround as "llroundl",
        log1p as "log1pl", log2 as "log2l", logb as "logbl", lrint as "lrintl",
        lround as "lroundl", nan as "nanl", nearbyint as "nearbyintl", nextafter as "nextafterl",
        nextafter as "nexttoward", nextafter as "nexttowardl", remainder as "remainderl",
        remquo as "remquol", rint as "rintl", round as "roundl", scalbln as "scalblnl",
        scalbn as "scalbnl", tgamma as "tgammal", trunc as "truncl";
    fn complex: cacos, cacosf, cacosh, cacoshf, casin, casinf, casinh, casinhf, catan, catanf,
        catanh, catanhf, ccos, ccosf, ccosh, ccoshf, cexp, cexpf, clog, clogf, clog10, clog10f,
        cproj, cprojf, csin, csinf, csinh, csinhf, csqrt, csqrtf, ctan, ctanf, ctanh, ctanhf,
        cpow, cpowf, cabs, cabsf, carg, cargf, creal, crealf, cimag, cimagf, norm, normf, conj,
        conjf, _Cbuild, _FCbuild, _Cmulcc, _FCmulcc, _Cmulcr, _FCmulcr;
    fn complex: cacos as "cacosl", cacosh as "cacoshl", casin as "casinl", casinh as "casinhl",
        catan as "catanl", catanh as "catanhl", ccos as "ccosl", ccosh as "ccoshl",
        cexp as "cexpl", clog as "clogl", clog10 as "clog10l", cproj as "cprojl",
        csin as "csinl", csinh as "csinhl", csqrt as "csqrtl", ctan as "ctanl",
        ctanh as "ctanhl", cpow as "cpowl", cabs as "cabsl", carg as "cargl", creal as "creall",
        cimag as "cimagl", norm as "norml", conj as "conjl", _Cbuild as "_LCbuild",
        _Cmulcc as "_LCmulcc", _Cmulcr as "_LCmulcr";
    fn ymath: _dclass, _fdclass, _dsign, _fdsign, _dtest, _fdtest, _dpcomp, _fdpcomp, _dscale,
        _fdscale, _dexp, _fdexp, _dunscale, _fdunscale, _dlog, _fdlog, _dsin, _fdsin, _dpoly,
        _fdpoly;
    fn ymath: _dclass as "_ldclass", _dsign as "_ldsign", _dtest as "_ldtest",
        _dpcomp as "_ldpcomp", _dscale as "_ldscale", _dexp as "_ldexp",
        _dunscale as "_ldunscale", _dlog as "_ldlog", _dsin as "_ldsin", _dpoly as "_ldpoly";
    fn float: _set_controlfp, __fpe_flt_rounds;
    fn stdlib_conv: _strtoll_l, _strtoull_l, _strtoimax_l, _strtoumax_l, _strtof_l, _strtold_l,
        _wcstol_l, _wcstoul_l, _wcstoll_l, _wcstoull_l, _wcstoi64_l, _wcstoui64_l, _wcstoimax_l,
        _wcstoumax_l, _wcstod_l, _wcstof_l, _wcstold_l, _atoi_l, _atol_l, _atoi64_l,
        _atoi64_l as "_atoll_l", _wtoi_l, _wtol_l, _wtoi64_l, _wtoi64_l as "_wtoll_l", _wtof_l,
        _atodbl, _atodbl_l, _atoflt, _atoflt_l, _ecvt, _fcvt, _ecvt_s, _fcvt_s,
        _byteswap_ushort, _byteswap_ulong, _byteswap_uint64, _rotl, _rotr, _rotl64, _rotr64,
        _lrotl, _lrotr, _swab, rand_s;
    fn stdlib_conv: _gcvt, _gcvt_s;
    fn stdlib_conv: _atoldbl, _atoldbl_l;
    fn stdlib: _atoi64 as "atoll", _wtoi64 as "_wtoll", _strtoi64 as "strtoimax",
        _strtoui64 as "strtoumax", _wcstoi64 as "wcstoimax", _wcstoui64 as "wcstoumax",
        llabs as "imaxabs", lldiv as "imaxdiv";
    fn mbctype: _setmbcp, _getmbcp, __p__mbctype, __p__mbcasemap, _ismbbblank, _ismbbblank_l,
        _ismbbkana, _ismbbkana_l, _mbbtype, _mbbtype_l, _ismbbalnum, _ismbbalnum_l, _ismbbalpha,
        _ismbbalpha_l, _ismbbgraph, _ismbbgraph_l, _ismbbprint, _ismbbprint_l, _ismbbpunct,
        _ismbbpunct_l, _ismbbkalnum, _ismbbkalnum_l, _ismbbkprint, _ismbbkprint_l, _ismbbkpunct,
        _ismbbkpunct_l, _ismbblead, _ismbblead_l, _ismbbtrail, _ismbbtrail_l;
    data mbctype: _mbcasemap;
    fn mbstring: _mbccpy, _mbccpy_l, _mbstrlen, _mbstrlen_l, _mbstrnlen, _mbstrnlen_l, _mbsdup,
        _mbschr, _mbschr_l, _mbsrchr, _mbsrchr_l, _mbsstr, _mbsstr_l, _mbscmp, _mbscmp_l, _mbsicmp,
        _mbsicmp_l, _mbsncmp, _mbsncmp_l, _mbsnbcmp, _mbsnbcmp_l, _mbsnicmp, _mbsnicmp_l,
        _mbsnbicmp, _mbsnbicmp_l, _mbslen, _mbslen_l, _mbsnlen, _mbsnlen_l, _mbsinc, _mbsinc_l,
        _mbsninc, _mbsninc_l, _mbsdec, _mbsdec_l, _mbsnextc, _mbsnextc_l, _mbsnccnt, _mbsnccnt_l,
        _mbsnbcnt, _mbsnbcnt_l, _mbscpy_s, _mbscpy_s_l, _mbscat_s, _mbscat_s_l, _mbsncpy,
        _mbsncpy_l, _mbsnbcpy, _mbsnbcpy_l, _mbsncat, _mbsncat_l, _mbsnbcat, _mbsnbcat_l,
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
        _ismbcupper_l, _ismbcprint, _ismbcprint_l, _ismbcpunct, _ismbcpunct_l, _ismbcblank,
        _ismbcblank_l, _ismbcspace, _ismbcspace_l, _ismbcsymbol, _ismbcsymbol_l;
    partial mbstring: _mbscoll, _mbscoll_l, _mbsicoll, _mbsicoll_l, _mbsncoll, _mbsncoll_l,
        _mbsnbcoll, _mbsnbcoll_l, _mbsnicoll, _mbsnicoll_l, _mbsnbicoll, _mbsnbicoll_l;
    fn string: _strset, _strnset, _wcsset, _wcsnset, _strset_s, _strnset_s, _wcsset_s, _wcsnset_s,
        _wcsrev, _strlwr_s, _strupr_s, _wcslwr_s, _wcsupr_s, _strlwr_l, _strupr_l, _wcslwr_l,
        _wcsupr_l, _strlwr_s_l, _strupr_s_l, _wcslwr_s_l, _wcsupr_s_l, _memccpy, _memicmp,
        _memicmp_l, _wcsnicmp_l, memcpy_s, memmove_s, wmemcpy_s, wmemmove_s, wcstok_s, _strerror,
        _strerror_s, __wcserror, __wcserror_s, _wcserror, _wcserror_s, ucrt_wcstok as "wcstok",
        strnlen as "__strncnt", wcsnlen as "__wcsncnt";
    partial string: _stricoll, _strncoll, _strnicoll, _wcsicoll, _wcsncoll, _wcsnicoll,
        _stricoll_l, _strncoll_l, _strnicoll_l, _wcsicoll_l, _wcsncoll_l, _wcsnicoll_l, _strxfrm_l,
        _wcsxfrm_l;
    fn ctype: _iswalpha_l, _iswupper_l, _iswlower_l, _iswdigit_l, _iswxdigit_l, _iswspace_l,
        _iswpunct_l, _iswalnum_l, _iswprint_l, _iswgraph_l, _iswcntrl_l, _iswblank_l, __iswcsym,
        __iswcsymf, _iswcsym_l, _iswcsymf_l, _iswctype_l, _isctype_l, _isblank_l, is_wctype,
        wctype, wctrans, towctrans;
    data ctype: WIDE_CLASS_TABLE as "_wctype";
    fn wchar: mbrlen, mbsrtowcs, wcsrtombs, mbstowcs_s, _mbstowcs_s_l, wcstombs_s, _wcstombs_s_l,
        wctomb_s, _wctomb_s_l, wcrtomb_s, _mblen_l, _mbtowc_l, _wctomb_l, _mbstowcs_l, _wcstombs_l,
        isleadbyte, _isleadbyte_l, ___mb_cur_max_l_func;
}
