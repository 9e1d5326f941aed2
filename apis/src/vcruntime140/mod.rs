//! vcruntime140.dll: the compiler's runtime of MSVC programs (C++ exceptions, RTTI support,
//! the string intrinsics). Also answers for vcruntime140_1.dll, which holds
//! `__CxxFrameHandler4`.

use crate::crt::{eh, ehdata, excpt, rtti, setjmp, string, typeinfo};

crate::dll! {
    name: "VCRUNTIME140.dll", id: 14;
    // FH4's tables come from MSVC only: tests/tests/cppcheck.rs runs an MSVC-built program.
    fn ehdata: _CxxThrowException, __CxxFrameHandler3, __CxxFrameHandler3 as "__CxxFrameHandler2",
        __CxxFrameHandler3 as "__CxxFrameHandler", __CxxFrameHandler4;
    fn eh: __std_terminate, __current_exception, __current_exception_context, __processing_throw,
        _is_exception_typeof, __uncaught_exception, __uncaught_exceptions, _set_se_translator,
        _purecall, _set_purecall_handler, _get_purecall_handler, __report_gsfailure;
    fn typeinfo: __std_type_info_compare, __std_type_info_hash, __std_type_info_name,
        __std_exception_copy, __std_exception_destroy;
    partial typeinfo: __std_type_info_destroy_list;
    data typeinfo: type_info_vftable as "??_7type_info@@6B@";
    fn rtti: __RTDynamicCast, __RTtypeid, __RTCastToVoid;
    fn excpt: __C_specific_handler;
    fn setjmp: longjmp, _setjmp as "__intrinsic_setjmp", _setjmpex as "__intrinsic_setjmpex";
    fn string: memcpy, memmove, memset, memcmp, memchr, strchr, strrchr, strstr, wcschr, wcsrchr,
        wcsstr;
    forward: __vcrt_GetModuleHandleW = "kernel32.GetModuleHandleW",
        __vcrt_GetModuleFileNameW = "kernel32.GetModuleFileNameW",
        __vcrt_LoadLibraryExW = "kernel32.LoadLibraryExW",
        __vcrt_InitializeCriticalSectionEx = "kernel32.InitializeCriticalSectionEx";
}
