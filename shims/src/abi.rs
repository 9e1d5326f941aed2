//! The binary interface between winrun and a shim library, version 1. `include/winrun_shim.h`
//! declares the same layout for C. Only additions at the end of a struct, guarded by a new
//! version number, may ever change it; `abi_version` stays the first field forever so winrun
//! can refuse a library built for another version before reading anything else.

use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The ABI version this SDK builds and winrun reads.
pub const ABI_VERSION: u32 = 1;

/// The symbol a shim library exports: `const struct winrun_shim *winrun_shim(void)`.
pub const ENTRY_SYMBOL: &str = "winrun_shim";

/// Entry flag: the shim provides this function of a DLL that neither winrun nor the program has.
pub const PROVIDE: u32 = 1;

/// What `winrun_shim()` returns: the shim's name and its replacements.
#[repr(C)]
pub struct ShimTable {
    pub abi_version: u32,
    pub entry_count: u32,
    /// NUL-terminated UTF-8.
    pub name: *const c_char,
    pub entries: *const ShimEntry,
    /// Where winrun stores its logging function for this shim (may be null: no logging).
    pub log: *const LogSlot,
}

/// One replaced function.
#[repr(C)]
pub struct ShimEntry {
    /// The DLL, NUL-terminated ("kernel32", "KERNEL32.dll", "ws2_32").
    pub dll: *const c_char,
    /// The export name, NUL-terminated; null when the entry names an ordinal only.
    pub function: *const c_char,
    /// The export ordinal, or 0.
    pub ordinal: u32,
    /// [`PROVIDE`] or 0.
    pub flags: u32,
    /// The replacement: an `extern "win64"` (`__attribute__((ms_abi))`) function.
    pub replacement: *const c_void,
    /// Where winrun stores the next implementation before the replacement can be called.
    pub next: *const NextSlot,
}

// SAFETY: the tables are immutable statics of string literals and function addresses; the only
// mutable parts are the slots, which are atomics.
unsafe impl Sync for ShimTable {}
// SAFETY: as for `ShimTable`.
unsafe impl Sync for ShimEntry {}

/// `s` as a C string pointer; `s` must end with NUL (checked when the static is built).
const fn c_string(s: &'static str) -> *const c_char {
    assert!(
        !s.is_empty() && s.as_bytes()[s.len() - 1] == 0,
        "NUL-terminated"
    );
    s.as_ptr().cast()
}

impl ShimTable {
    pub const fn new(
        name: &'static str,
        entries: &'static [ShimEntry],
        log: &'static LogSlot,
    ) -> Self {
        ShimTable {
            abi_version: ABI_VERSION,
            entry_count: entries.len() as u32,
            name: c_string(name),
            entries: entries.as_ptr(),
            log,
        }
    }
}

impl ShimEntry {
    pub const fn new(
        dll: &'static str,
        function: &'static str,
        ordinal: u32,
        flags: u32,
        replacement: *const c_void,
        next: &'static NextSlot,
    ) -> Self {
        ShimEntry {
            dll: c_string(dll),
            function: c_string(function),
            ordinal,
            flags,
            replacement,
            next,
        }
    }
}

/// Where winrun stores the address of the implementation a replacement wraps. It is set before
/// the replacement is bound anywhere, so a call through it never finds it empty.
#[repr(transparent)]
pub struct NextSlot(AtomicUsize);

impl NextSlot {
    pub const fn new() -> Self {
        NextSlot(AtomicUsize::new(0))
    }

    /// Stores the next implementation (winrun does this when it binds the replacement).
    pub fn set(&self, address: usize) {
        self.0.store(address, Ordering::Release);
    }

    /// The next implementation as the function pointer type `F`.
    #[inline(always)]
    pub fn get<F: WinFn>(&self) -> F {
        let address = self.0.load(Ordering::Relaxed);
        if address == 0 {
            unbound();
        }
        // SAFETY: `F` is an `extern "win64"` function pointer type (the sealed `WinFn`), as
        // large as `usize`; `address` is non-null and is the function winrun bound for this
        // export, whose prototype the shim declared as `F`.
        unsafe { std::mem::transmute_copy::<usize, F>(&address) }
    }
}

impl Default for NextSlot {
    fn default() -> Self {
        Self::new()
    }
}

#[cold]
fn unbound() -> ! {
    eprintln!("winrun shim: `next` called before winrun bound it (was the shim loaded by winrun?)");
    std::process::abort()
}

/// winrun's logging function: `level` is a [`Level`], `message` UTF-8 of `len` bytes.
pub type LogFn = extern "C" fn(context: usize, level: u32, message: *const u8, len: usize);

/// Where winrun stores its logging function and the shim's context for it.
#[repr(C)]
pub struct LogSlot {
    pub function: AtomicUsize,
    pub context: AtomicUsize,
}

/// This library's log slot (each shim library has its own copy of this crate).
pub static LOG: LogSlot = LogSlot {
    function: AtomicUsize::new(0),
    context: AtomicUsize::new(0),
};

/// Log levels, as `tracing` has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

/// Logs `args` through winrun (nothing happens when winrun gave no logging function).
pub fn log(level: Level, args: std::fmt::Arguments) {
    let function = LOG.function.load(Ordering::Acquire);
    if function == 0 {
        return;
    }
    // SAFETY: winrun stored a `LogFn` in the slot (the ABI's contract); it is non-null.
    let function: LogFn = unsafe { std::mem::transmute::<usize, LogFn>(function) };
    let message = args.to_string();
    function(
        LOG.context.load(Ordering::Relaxed),
        level as u32,
        message.as_ptr(),
        message.len(),
    );
}

mod sealed {
    pub trait Sealed {}
}

/// A type that crosses the Win64 ABI as the Windows prototype's type does: integers of the C
/// type's width, floats, and the pointer and handle wrappers (all one 8-byte register).
pub trait WinAbi: sealed::Sealed + Copy {}
/// A result type: a [`WinAbi`] type or `()` (void).
pub trait WinRet: sealed::Sealed {}

macro_rules! win_abi {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl WinAbi for $t {}
        impl WinRet for $t {}
    )*};
}
win_abi!(
    u8,
    u16,
    u32,
    u64,
    i8,
    i16,
    i32,
    i64,
    usize,
    isize,
    f32,
    f64,
    apis::abi::CStrPtr,
    apis::abi::WStrPtr,
    apis::abi::Handle
);
impl<T> sealed::Sealed for apis::abi::GuestPtr<T> {}
impl<T> WinAbi for apis::abi::GuestPtr<T> {}
impl<T> WinRet for apis::abi::GuestPtr<T> {}
impl sealed::Sealed for () {}
impl WinRet for () {}

/// An `extern "win64"` function pointer type with [`WinAbi`] parameters: what a `next` slot
/// holds.
pub trait WinFn: sealed::Sealed + Copy {}

macro_rules! win_fn {
    ($($a:ident)*) => {
        impl<R: WinRet, $($a: WinAbi),*> sealed::Sealed for extern "win64" fn($($a),*) -> R {}
        impl<R: WinRet, $($a: WinAbi),*> WinFn for extern "win64" fn($($a),*) -> R {}
    };
}
win_fn!();
win_fn!(A);
win_fn!(A B);
win_fn!(A B C);
win_fn!(A B C D);
win_fn!(A B C D E);
win_fn!(A B C D E F);
win_fn!(A B C D E F G);
win_fn!(A B C D E F G H);
win_fn!(A B C D E F G H I);
win_fn!(A B C D E F G H I J);
win_fn!(A B C D E F G H I J K);
win_fn!(A B C D E F G H I J K L);
win_fn!(A B C D E F G H I J K L M);
win_fn!(A B C D E F G H I J K L M N);
