//! How typed API parameters and results cross the Win64 ABI, and how relay prints them.

use super::error::Win32Error;
use super::mem;
use std::fmt::Write;
use std::marker::PhantomData;

/// A parameter type: received as `Raw` in a register or stack slot (Win64 leaves the upper bits of
/// narrower arguments undefined, so narrow types are received as `u64` and truncated here).
pub trait Arg: Sized {
    type Raw;
    fn from_raw(raw: Self::Raw) -> Self;
    /// From a variadic argument slot (every slot is 8 bytes; doubles travel as their bits).
    fn from_slot(slot: u64) -> Self;
}

/// A result type and its raw ABI form (rax, or xmm0 for floats).
pub trait Ret {
    type Raw;
    fn into_raw(self) -> Self::Raw;
}

/// How relay tracing shows a value.
pub trait RelayArg {
    fn relay(&self, out: &mut String);
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            type Raw = u64;
            #[inline]
            fn from_raw(raw: u64) -> Self { raw as $t }
            fn from_slot(slot: u64) -> Self { slot as $t }
        }
        impl Ret for $t {
            type Raw = $t;
            #[inline]
            fn into_raw(self) -> $t { self }
        }
        impl RelayArg for $t {
            fn relay(&self, out: &mut String) { let _ = write!(out, "{:#x}", self); }
        }
    )*};
}
int_arg!(u8, u16, i16, u32, i32, u64, i64, usize, isize);

macro_rules! float_arg {
    ($($t:ty, $bits:ty);*) => {$(
        impl Arg for $t {
            type Raw = $t;
            #[inline]
            fn from_raw(raw: $t) -> Self { raw }
            fn from_slot(slot: u64) -> Self { <$t>::from_bits(slot as $bits) }
        }
        impl Ret for $t {
            type Raw = $t;
            #[inline]
            fn into_raw(self) -> $t { self }
        }
        impl RelayArg for $t {
            fn relay(&self, out: &mut String) { let _ = write!(out, "{}", self); }
        }
    )*};
}
float_arg!(f64, u64; f32, u32);

/// BOOL: a 32-bit integer, true when non-zero.
impl Arg for bool {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        raw as u32 != 0
    }
    fn from_slot(slot: u64) -> Self {
        slot as u32 != 0
    }
}
impl Ret for bool {
    type Raw = i32;
    #[inline]
    fn into_raw(self) -> i32 {
        self as i32
    }
}
impl RelayArg for bool {
    fn relay(&self, out: &mut String) {
        out.push_str(if *self { "TRUE" } else { "FALSE" });
    }
}

impl Ret for () {
    type Raw = ();
    #[inline]
    fn into_raw(self) {}
}
impl RelayArg for () {
    fn relay(&self, out: &mut String) {
        out.push_str("void");
    }
}

/// A guest pointer to `T`: an address, possibly null, read and written by copy.
#[repr(transparent)]
pub struct GuestPtr<T>(u64, PhantomData<fn() -> T>);

impl<T> Clone for GuestPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for GuestPtr<T> {}
impl<T> PartialEq for GuestPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T> std::fmt::Debug for GuestPtr<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#x}", self.0)
    }
}

impl<T> GuestPtr<T> {
    pub const NULL: Self = GuestPtr(0, PhantomData);
    pub fn new(addr: u64) -> Self {
        GuestPtr(addr, PhantomData)
    }
    pub fn addr(self) -> u64 {
        self.0
    }
    pub fn is_null(self) -> bool {
        self.0 == 0
    }
    /// The pointer `n` elements further.
    pub fn offset(self, n: usize) -> Self {
        GuestPtr::new(self.0.wrapping_add((n * size_of::<T>()) as u64))
    }
    pub fn cast<U>(self) -> GuestPtr<U> {
        GuestPtr::new(self.0)
    }
}

impl<T: Copy> GuestPtr<T> {
    /// The value pointed at; `None` when null.
    pub fn read(self) -> Option<T> {
        mem::read(self.0)
    }
    /// Stores `value`; `false` when null (so optional out-parameters are simply skipped).
    pub fn write(self, value: T) -> bool {
        mem::write(self.0, value)
    }
    /// Stores `value` or fails with `ERROR_INVALID_PARAMETER` for a null pointer: for required
    /// out-parameters.
    pub fn write_required(self, value: T) -> Result<(), Win32Error> {
        if self.write(value) {
            Ok(())
        } else {
            Err(Win32Error::INVALID_PARAMETER)
        }
    }
    pub fn read_slice(self, count: usize) -> Vec<T> {
        mem::read_slice(self.0, count)
    }
    pub fn write_slice(self, data: &[T]) -> bool {
        mem::write_slice(self.0, data)
    }
}

impl<T> Arg for GuestPtr<T> {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        GuestPtr::new(raw)
    }
    fn from_slot(slot: u64) -> Self {
        GuestPtr::new(slot)
    }
}
impl<T> Ret for GuestPtr<T> {
    type Raw = u64;
    #[inline]
    fn into_raw(self) -> u64 {
        self.0
    }
}
impl<T> RelayArg for GuestPtr<T> {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "{:#x}", self.0);
    }
}

/// A guest `const char *` (LPCSTR): NUL-terminated, in the process code page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct CStrPtr(pub u64);

impl CStrPtr {
    pub fn is_null(self) -> bool {
        self.0 == 0
    }
    /// The bytes without the terminator; `None` for null.
    pub fn bytes(self) -> Option<Vec<u8>> {
        mem::read_cstr(self.0)
    }
    /// The string decoded from the ANSI code page (UTF-8), lossily; `None` for null.
    pub fn string(self) -> Option<String> {
        self.bytes()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
    /// The string as UTF-16, the way an A function hands it to its W twin.
    pub fn to_wide(self) -> Option<Vec<u16>> {
        self.string().map(|s| s.encode_utf16().collect())
    }
    /// Calls `f` with the string as `string` decodes it, copied to the stack when it is short
    /// and valid UTF-8 (file names on hot paths: no allocation); `None` for null.
    pub fn with_str<R>(self, f: impl FnOnce(&str) -> R) -> Option<R> {
        if self.0 == 0 {
            return None;
        }
        let len = mem::cstr_len(self.0);
        let mut buf = [0u8; INLINE_STR];
        if len <= buf.len() {
            let buf = &mut buf[..len];
            mem::read_into(self.0, buf);
            if let Ok(s) = std::str::from_utf8(buf) {
                return Some(f(s));
            }
        }
        self.string().map(|s| f(&s))
    }
}

/// How many units of a string argument `with_str` decodes on the stack.
const INLINE_STR: usize = 512;

/// A guest `const wchar_t *` (LPCWSTR): NUL-terminated UTF-16.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct WStrPtr(pub u64);

impl WStrPtr {
    pub fn is_null(self) -> bool {
        self.0 == 0
    }
    /// The UTF-16 units without the terminator; `None` for null.
    pub fn units(self) -> Option<Vec<u16>> {
        mem::read_wstr(self.0)
    }
    /// The string as Rust UTF-8 (unpaired surrogates become U+FFFD); `None` for null.
    pub fn string(self) -> Option<String> {
        self.units().map(|u| String::from_utf16_lossy(&u))
    }
    /// Calls `f` with the string as `string` decodes it, decoded on the stack when it is short
    /// (file names on hot paths: no allocation); `None` for null.
    pub fn with_str<R>(self, f: impl FnOnce(&str) -> R) -> Option<R> {
        if self.0 == 0 {
            return None;
        }
        let len = mem::wstr_len(self.0);
        if len > INLINE_STR {
            return self.string().map(|s| f(&s));
        }
        let mut units = [0u16; INLINE_STR];
        let units = &mut units[..len];
        mem::read_into(self.0, units);
        // One UTF-16 unit never takes more than three UTF-8 bytes (a pair takes four).
        let mut utf8 = [0u8; INLINE_STR * 3];
        let mut n = 0;
        for c in char::decode_utf16(units.iter().copied()) {
            n += c
                .unwrap_or(char::REPLACEMENT_CHARACTER)
                .encode_utf8(&mut utf8[n..])
                .len();
        }
        let s = std::str::from_utf8(&utf8[..n]).expect("encode_utf8 wrote UTF-8");
        Some(f(s))
    }
}

macro_rules! str_arg {
    ($($t:ident, $prefix:literal);*) => {$(
        impl Arg for $t {
            type Raw = u64;
            #[inline]
            fn from_raw(raw: u64) -> Self { $t(raw) }
            fn from_slot(slot: u64) -> Self { $t(slot) }
        }
        impl Ret for $t {
            type Raw = u64;
            #[inline]
            fn into_raw(self) -> u64 { self.0 }
        }
        impl RelayArg for $t {
            fn relay(&self, out: &mut String) {
                match self.string() {
                    Some(s) => { let _ = write!(out, "{}{:?}", $prefix, s); }
                    None => out.push_str("NULL"),
                }
            }
        }
    )*};
}
str_arg!(CStrPtr, ""; WStrPtr, "L");

/// A HANDLE value as the guest passes it (kernel object, pseudo-handle or HMODULE).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
#[repr(transparent)]
pub struct Handle(pub u64);

impl Handle {
    pub const NULL: Handle = Handle(0);
    /// INVALID_HANDLE_VALUE, which is also the current-process pseudo-handle.
    pub const INVALID: Handle = Handle(u64::MAX);
    pub const CURRENT_PROCESS: Handle = Handle(u64::MAX);
    pub const CURRENT_THREAD: Handle = Handle(u64::MAX - 1);
}

impl Arg for Handle {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        Handle(raw)
    }
    fn from_slot(slot: u64) -> Self {
        Handle(slot)
    }
}
impl Ret for Handle {
    type Raw = u64;
    #[inline]
    fn into_raw(self) -> u64 {
        self.0
    }
}
impl RelayArg for Handle {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "{:#x}", self.0);
    }
}

/// The value a function returns when it fails (with the last error set).
pub trait Failure {
    const FAILURE: Self;
}
macro_rules! zero_failure {
    ($($t:ty),*) => {$( impl Failure for $t { const FAILURE: Self = 0 as $t; } )*};
}
zero_failure!(u8, u16, u32, i32, u64, i64, usize, isize);
impl Failure for Handle {
    const FAILURE: Self = Handle::NULL;
}
impl<T> Failure for GuestPtr<T> {
    const FAILURE: Self = GuestPtr::NULL;
}
impl Failure for bool {
    const FAILURE: Self = false;
}

/// A handle whose failure value is INVALID_HANDLE_VALUE rather than NULL (CreateFile, FindFirstFile,
/// GetStdHandle).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct HandleOrInvalid(pub Handle);
impl Failure for HandleOrInvalid {
    const FAILURE: Self = HandleOrInvalid(Handle::INVALID);
}
impl Ret for HandleOrInvalid {
    type Raw = u64;
    #[inline]
    fn into_raw(self) -> u64 {
        self.0.0
    }
}
impl RelayArg for HandleOrInvalid {
    fn relay(&self, out: &mut String) {
        self.0.relay(out)
    }
}

/// Failing: set the thread's last error, return the failure value.
impl<T: Ret + Failure> Ret for Result<T, Win32Error> {
    type Raw = T::Raw;
    #[inline]
    fn into_raw(self) -> T::Raw {
        match self {
            Ok(v) => v.into_raw(),
            Err(e) => {
                crate::nt::teb::set_last_error(e.0);
                T::FAILURE.into_raw()
            }
        }
    }
}
/// `Win32Result<()>` is a BOOL: TRUE on success, FALSE with the last error set.
impl Ret for Result<(), Win32Error> {
    type Raw = i32;
    #[inline]
    fn into_raw(self) -> i32 {
        match self {
            Ok(()) => 1,
            Err(e) => {
                crate::nt::teb::set_last_error(e.0);
                0
            }
        }
    }
}
impl<T: RelayArg> RelayArg for Result<T, Win32Error> {
    fn relay(&self, out: &mut String) {
        match self {
            Ok(v) => v.relay(out),
            Err(e) => {
                let _ = write!(out, "failed, error {}", e.0);
            }
        }
    }
}

/// The variadic arguments of a printf-style export: consecutive 8-byte slots, starting with the
/// caller's home area and continuing on its stack. Also the shape of a Win64 `va_list` (a plain
/// pointer to the next slot).
#[derive(Clone, Copy, Debug)]
pub struct VaList {
    next: u64,
}

impl VaList {
    pub fn from_slots(slots: *const u64) -> Self {
        VaList { next: slots as u64 }
    }
    /// The next raw slot.
    pub fn next_slot(&mut self) -> u64 {
        let v = mem::read::<u64>(self.next).unwrap_or(0);
        self.next += 8;
        v
    }
    /// The current position (a `va_list` value).
    pub fn addr(&self) -> u64 {
        self.next
    }
}

/// The `...` of a variadic export: the last parameter of its implementation. (The macro tells a
/// variadic export by this name; a `va_list` parameter is a plain `VaList`.)
pub type VarArgs = VaList;

/// A `va_list` passed as an argument (vprintf family): a pointer to the next slot.
impl Arg for VaList {
    type Raw = u64;
    #[inline]
    fn from_raw(raw: u64) -> Self {
        VaList { next: raw }
    }
    fn from_slot(slot: u64) -> Self {
        VaList { next: slot }
    }
}
impl RelayArg for VaList {
    fn relay(&self, out: &mut String) {
        let _ = write!(out, "va_list {:#x}", self.next);
    }
}
