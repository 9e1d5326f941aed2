//! The SDK for winrun shims: Linux shared libraries that replace or wrap single Windows APIs for
//! a run, the way LD_PRELOAD libraries do for Linux programs (DESIGN §9).
//!
//! A shim is a `cdylib` that declares its replacements with [`shim!`]:
//!
//! ```no_run
//! use shims::{GuestPtr, shim};
//!
//! shim! {
//!     name: "slowclock";
//!     // QueryPerformanceCounter(LARGE_INTEGER *) -> BOOL
//!     fn kernel32!QueryPerformanceCounter(counter: GuestPtr<i64>) -> i32 {
//!         let ok = next(counter); // the implementation this one wraps
//!         if let Some(c) = counter.read() {
//!             counter.write(c / 2);
//!         }
//!         ok
//!     }
//!     // A function no DLL of winrun or the program has: the shim provides it.
//!     provide fn ws2_32!WSACleanup() -> i32 { 0 }
//! }
//! ```
//!
//! winrun loads it with `--preload lib.so` or `WINRUN_PRELOAD=lib.so` and reads the table that
//! [`ENTRY_SYMBOL`] returns ([`ShimTable`], the ABI in `include/winrun_shim.h`). Every import,
//! `GetProcAddress` result and native DLL import of a replaced function is bound to the shim, and
//! the shim's `next` slot is set to what the import would have been bound to without it: the
//! next shim in `--preload` order, then winrun's builtin, then the native DLL's export, or the
//! "unimplemented" stub that ends the program when called.
//!
//! Parameters and results use the Win64 types of the Windows prototype ([`WinAbi`]): `u32` for
//! DWORD/UINT, `i32` for BOOL/int, `u64` for SIZE_T, [`GuestPtr`], [`CStrPtr`], [`WStrPtr`],
//! [`Handle`] for pointers and handles. Rust's `bool` is one byte, not a BOOL, and is refused.
//!
//! Each shim library links its own copy of this crate and of winrun's `apis` crate, with their
//! own statics: the helpers re-exported here are the stateless ones (guest memory through
//! [`GuestPtr`] and friends, the thread's last error, which lives in the TEB all copies share).
//! Logging goes through winrun's `tracing` ([`log!`]): winrun fills the shim's [`LOG`] slot.

mod abi;

pub use abi::{
    ABI_VERSION, ENTRY_SYMBOL, LOG, Level, LogFn, LogSlot, NextSlot, PROVIDE, ShimEntry, ShimTable,
    WinAbi, WinFn, WinRet, log,
};
pub use apis::abi::{CStrPtr, GuestPtr, Handle, WStrPtr, Win32Error, mem};
/// Windows constants and struct layouts (`windows_sys::Win32::...`).
pub use windows_sys;

/// The calling thread's last error (GetLastError).
pub fn last_error() -> u32 {
    apis::nt::teb::last_error()
}

/// Sets the calling thread's last error (SetLastError): the TEB's field, which every copy of
/// the SDK and winrun share.
pub fn set_last_error(code: u32) {
    apis::nt::teb::set_last_error(code)
}

/// Declares a shim: its name and the functions it replaces, each an `extern "win64"` function
/// with the Windows prototype's parameters.
///
/// `fn dll!Function(params) -> Ret { body }` replaces `Function` of `dll` (a builtin name such as
/// `kernel32`, `msvcrt`, `ucrtbase`, or the name of a native DLL beside the program);
/// `fn dll!Function @ 7 (...)` also matches imports by ordinal 7. Inside the body, `next(...)`
/// with the same parameters calls the implementation the shim wraps. `provide fn` marks a
/// function of a DLL that neither winrun nor the program has: winrun then makes a DLL of that
/// name whose exports are the provided functions (and `next` is the "unimplemented" stub).
///
/// The macro exports the entry symbol ([`ENTRY_SYMBOL`]) of the library; use it once per crate.
#[macro_export]
macro_rules! shim {
    (name: $name:literal; $($entries:tt)*) => {
        /// The shim's table, read by winrun when it loads the library.
        #[unsafe(no_mangle)]
        pub extern "C" fn winrun_shim() -> *const $crate::ShimTable {
            static ENTRIES: &[$crate::ShimEntry] = &$crate::shim!(@entries [] $($entries)*);
            static TABLE: $crate::ShimTable =
                $crate::ShimTable::new(concat!($name, "\0"), ENTRIES, &$crate::LOG);
            &TABLE
        }
    };
    (@entries [$($out:expr,)*]) => { [$($out,)*] };
    (@entries [$($out:expr,)*]
        provide fn $dll:ident ! $f:ident $(@ $ord:literal)? ($($p:ident : $t:ty),* $(,)?)
            $(-> $r:ty)? $body:block $($rest:tt)*) => {
        $crate::shim!(@entries [$($out,)*
            $crate::shim!(@entry $crate::PROVIDE, $dll, $f, [$($ord)?], ($($p: $t),*), [$($r)?], $body),
        ] $($rest)*)
    };
    (@entries [$($out:expr,)*]
        fn $dll:ident ! $f:ident $(@ $ord:literal)? ($($p:ident : $t:ty),* $(,)?)
            $(-> $r:ty)? $body:block $($rest:tt)*) => {
        $crate::shim!(@entries [$($out,)*
            $crate::shim!(@entry 0, $dll, $f, [$($ord)?], ($($p: $t),*), [$($r)?], $body),
        ] $($rest)*)
    };
    (@entry $flags:expr, $dll:ident, $f:ident, [$($ord:literal)?], ($($p:ident : $t:ty),*),
        [$($r:ty)?], $body:block) => {{
        static NEXT: $crate::NextSlot = $crate::NextSlot::new();
        // Replacements keep the names and arities Microsoft documents.
        #[allow(non_snake_case, clippy::too_many_arguments)]
        extern "win64" fn $f($($p: $t),*) $(-> $r)? {
            /// The implementation this replacement wraps.
            #[allow(dead_code, clippy::too_many_arguments)]
            #[inline(always)]
            fn next($($p: $t),*) $(-> $r)? {
                let next: extern "win64" fn($($t),*) $(-> $r)? = NEXT.get();
                next($($p),*)
            }
            $body
        }
        $crate::ShimEntry::new(
            concat!(stringify!($dll), "\0"),
            concat!(stringify!($f), "\0"),
            $crate::shim!(@ord $($ord)?),
            $flags,
            $f as *const ::core::ffi::c_void,
            &NEXT,
        )
    }};
    (@ord $ord:literal) => { $ord };
    (@ord) => { 0 };
}

/// Logs through winrun's tracing, target `shim` with the shim's name as a field
/// (`WINRUN_LOG=shim=info` shows info and above): `log!(Info, "opened {}", name)`.
#[macro_export]
macro_rules! log {
    ($level:ident, $($arg:tt)+) => {
        $crate::log($crate::Level::$level, format_args!($($arg)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    shim! {
        name: "sdk-test";
        // Adds one to what the next implementation returns.
        fn kernel32!GetTickCount() -> u32 {
            next() + 1
        }
        provide fn ws2_32!connect @ 4 (socket: u64, name: GuestPtr<u8>, len: i32) -> i32 {
            next(socket, name, len) * 2
        }
    }

    extern "win64" fn tick_count() -> u32 {
        41
    }

    extern "win64" fn connect(socket: u64, _name: GuestPtr<u8>, len: i32) -> i32 {
        socket as i32 + len
    }

    fn text(p: *const std::ffi::c_char) -> &'static str {
        // SAFETY: the macro's strings are NUL-terminated static literals.
        unsafe { CStr::from_ptr(p) }.to_str().unwrap()
    }

    #[test]
    fn the_macro_builds_the_table_and_next_calls_through_the_slot() {
        // SAFETY: the table is the static the macro made above.
        let table = unsafe { &*winrun_shim() };
        assert_eq!(table.abi_version, ABI_VERSION);
        assert_eq!(text(table.name), "sdk-test");
        assert_eq!(table.entry_count, 2);
        assert!(std::ptr::eq(table.log, &LOG));
        // SAFETY: `entry_count` entries of the macro's static array.
        let entries = unsafe { std::slice::from_raw_parts(table.entries, 2) };

        let tick = &entries[0];
        assert_eq!(
            (text(tick.dll), text(tick.function)),
            ("kernel32", "GetTickCount")
        );
        assert_eq!((tick.ordinal, tick.flags), (0, 0));
        // SAFETY: the slot is the macro's static; winrun does this store when it binds.
        unsafe { &*tick.next }.set(tick_count as *const () as usize);
        // SAFETY: the replacement has the prototype the entry declares.
        let replacement: extern "win64" fn() -> u32 =
            unsafe { std::mem::transmute(tick.replacement) };
        assert_eq!(replacement(), 42);

        let connect_entry = &entries[1];
        assert_eq!(text(connect_entry.function), "connect");
        assert_eq!((connect_entry.ordinal, connect_entry.flags), (4, PROVIDE));
        // SAFETY: as above.
        unsafe { &*connect_entry.next }.set(connect as *const () as usize);
        // SAFETY: as above.
        let replacement: extern "win64" fn(u64, GuestPtr<u8>, i32) -> i32 =
            unsafe { std::mem::transmute(connect_entry.replacement) };
        assert_eq!(replacement(3, GuestPtr::NULL, 4), 14);
    }
}
