//! string.h: the byte and wide string functions, over guest memory.

use crate::abi::{CStrPtr, GuestPtr, mem};
use crate::dllexport;

#[dllexport]
pub fn strlen(str: CStrPtr) -> usize {
    mem::cstr_len(str.0)
}

#[dllexport]
pub fn wcslen(str: GuestPtr<u16>) -> usize {
    mem::wstr_len(str.addr())
}

#[dllexport]
pub fn strnlen(str: CStrPtr, numberOfElements: usize) -> usize {
    let mut n = 0;
    while n < numberOfElements && mem::read::<u8>(str.0 + n as u64) != Some(0) {
        n += 1;
    }
    n
}

#[dllexport]
pub fn memcpy(dest: GuestPtr<u8>, src: GuestPtr<u8>, count: usize) -> GuestPtr<u8> {
    mem::copy_within(dest.addr(), src.addr(), count);
    dest
}

#[dllexport]
pub fn memmove(dest: GuestPtr<u8>, src: GuestPtr<u8>, count: usize) -> GuestPtr<u8> {
    mem::copy_within(dest.addr(), src.addr(), count);
    dest
}

#[dllexport]
pub fn memset(dest: GuestPtr<u8>, c: i32, count: usize) -> GuestPtr<u8> {
    mem::fill(dest.addr(), c as u8, count);
    dest
}

fn compare(a: &[u8], b: &[u8]) -> i32 {
    match a.cmp(b) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

#[dllexport]
pub fn memcmp(buffer1: GuestPtr<u8>, buffer2: GuestPtr<u8>, count: usize) -> i32 {
    compare(&buffer1.read_slice(count), &buffer2.read_slice(count))
}

#[dllexport]
pub fn strcmp(string1: CStrPtr, string2: CStrPtr) -> i32 {
    compare(
        &string1.bytes().unwrap_or_default(),
        &string2.bytes().unwrap_or_default(),
    )
}

/// Compares at most `count` bytes, stopping at a NUL in either string.
#[dllexport]
pub fn strncmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    let a = string1.bytes().unwrap_or_default();
    let b = string2.bytes().unwrap_or_default();
    compare(&a[..a.len().min(count)], &b[..b.len().min(count)])
}

#[dllexport]
pub fn strcpy(strDestination: GuestPtr<u8>, strSource: CStrPtr) -> GuestPtr<u8> {
    let s = strSource.bytes().unwrap_or_default();
    strDestination.write_slice(&s);
    strDestination.offset(s.len()).write(0);
    strDestination
}

/// Copies at most `count` bytes and pads with NULs; no terminator when the source is longer.
#[dllexport]
pub fn strncpy(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8> {
    let s = strSource.bytes().unwrap_or_default();
    let n = s.len().min(count);
    strDest.write_slice(&s[..n]);
    mem::fill(strDest.addr() + n as u64, 0, count - n);
    strDest
}

#[dllexport]
pub fn strcat(strDestination: GuestPtr<u8>, strSource: CStrPtr) -> GuestPtr<u8> {
    let end = mem::cstr_len(strDestination.addr());
    strcpy(strDestination.offset(end), strSource);
    strDestination
}

/// The first `c` in `str` (the terminator counts, so strchr(s, 0) finds the end).
#[dllexport]
pub fn strchr(str: CStrPtr, c: i32) -> GuestPtr<u8> {
    let s = str.bytes().unwrap_or_default();
    let c = c as u8;
    match s.iter().position(|&b| b == c) {
        Some(i) => GuestPtr::new(str.0 + i as u64),
        None if c == 0 => GuestPtr::new(str.0 + s.len() as u64),
        None => GuestPtr::NULL,
    }
}

#[dllexport]
pub fn strrchr(str: CStrPtr, c: i32) -> GuestPtr<u8> {
    let s = str.bytes().unwrap_or_default();
    let c = c as u8;
    match s.iter().rposition(|&b| b == c) {
        Some(i) => GuestPtr::new(str.0 + i as u64),
        None if c == 0 => GuestPtr::new(str.0 + s.len() as u64),
        None => GuestPtr::NULL,
    }
}

#[dllexport]
pub fn strstr(str: CStrPtr, strSearch: CStrPtr) -> GuestPtr<u8> {
    let s = str.bytes().unwrap_or_default();
    let needle = strSearch.bytes().unwrap_or_default();
    if needle.is_empty() {
        return GuestPtr::new(str.0);
    }
    match s.windows(needle.len()).position(|w| w == needle) {
        Some(i) => GuestPtr::new(str.0 + i as u64),
        None => GuestPtr::NULL,
    }
}

/// The messages of msvcrt's `_sys_errlist`.
fn error_message(errnum: i32) -> &'static str {
    match errnum {
        0 => "No error",
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        4 => "Interrupted function call",
        5 => "Input/output error",
        6 => "No such device or address",
        7 => "Arg list too long",
        8 => "Exec format error",
        9 => "Bad file descriptor",
        10 => "No child processes",
        11 => "Resource temporarily unavailable",
        12 => "Not enough space",
        13 => "Permission denied",
        14 => "Bad address",
        16 => "Resource device",
        17 => "File exists",
        18 => "Improper link",
        19 => "No such device",
        20 => "Not a directory",
        21 => "Is a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        25 => "Inappropriate I/O control operation",
        27 => "File too large",
        28 => "No space left on device",
        29 => "Invalid seek",
        30 => "Read-only file system",
        31 => "Too many links",
        32 => "Broken pipe",
        33 => "Domain error",
        34 => "Result too large",
        36 => "Resource deadlock avoided",
        38 => "Filename too long",
        39 => "No locks available",
        40 => "Function not implemented",
        41 => "Directory not empty",
        42 => "Illegal byte sequence",
        _ => "Unknown error",
    }
}

/// strerror's result lives in a buffer that the next call overwrites (per thread on Windows;
/// one per errno value here, so every result stays valid).
#[dllexport]
pub fn strerror(errnum: i32) -> GuestPtr<u8> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static MESSAGES: Mutex<Option<HashMap<i32, u64>>> = Mutex::new(None);
    let mut m = MESSAGES.lock().unwrap_or_else(|e| e.into_inner());
    let addr = *m
        .get_or_insert_with(HashMap::new)
        .entry(errnum)
        .or_insert_with(|| {
            let text = error_message(errnum).as_bytes();
            let a = mem::alloc_zeroed(text.len() + 1, 8);
            mem::write_slice(a, text);
            a
        });
    GuestPtr::new(addr)
}

fn fold(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// Case-insensitive comparison in the "C" locale (ASCII folding to lower case, as the CRT does).
#[dllexport]
pub fn _stricmp(string1: CStrPtr, string2: CStrPtr) -> i32 {
    _strnicmp(string1, string2, usize::MAX)
}

#[dllexport]
pub fn _strnicmp(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    let a = string1.bytes().unwrap_or_default();
    let b = string2.bytes().unwrap_or_default();
    // The terminating NUL takes part, so a prefix compares below the longer string.
    let a = a.iter().copied().chain(Some(0)).take(count).map(fold);
    let mut b = b.iter().copied().chain(Some(0)).take(count).map(fold);
    for x in a {
        let y = b.next().unwrap_or(0);
        if x != y {
            return x as i32 - y as i32;
        }
        if x == 0 {
            break;
        }
    }
    0
}

fn wide(p: GuestPtr<u16>) -> Vec<u16> {
    mem::read_wstr(p.addr()).unwrap_or_default()
}

#[dllexport]
pub fn wcscmp(string1: GuestPtr<u16>, string2: GuestPtr<u16>) -> i32 {
    match wide(string1).cmp(&wide(string2)) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

#[dllexport]
pub fn _wcsicmp(string1: GuestPtr<u16>, string2: GuestPtr<u16>) -> i32 {
    let lower = |u: u16| {
        if (b'A' as u16..=b'Z' as u16).contains(&u) {
            u + 32
        } else {
            u
        }
    };
    let a: Vec<u16> = wide(string1).into_iter().map(lower).collect();
    let b: Vec<u16> = wide(string2).into_iter().map(lower).collect();
    match a.iter().zip(&b).find(|(x, y)| x != y) {
        Some((x, y)) => *x as i32 - *y as i32,
        None => a.len() as i32 - b.len() as i32,
    }
    .signum()
}

/// Length of the initial run of `str` made only of bytes in `set` (or, for cspn, not in it).
fn span(str: CStrPtr, set: CStrPtr, inside: bool) -> usize {
    let s = str.bytes().unwrap_or_default();
    let set = set.bytes().unwrap_or_default();
    s.iter().take_while(|c| set.contains(c) == inside).count()
}

#[dllexport]
pub fn strspn(str: CStrPtr, strCharSet: CStrPtr) -> usize {
    span(str, strCharSet, true)
}

#[dllexport]
pub fn strcspn(str: CStrPtr, strCharSet: CStrPtr) -> usize {
    span(str, strCharSet, false)
}

#[dllexport]
pub fn strpbrk(str: CStrPtr, strCharSet: CStrPtr) -> GuestPtr<u8> {
    let n = span(str, strCharSet, false);
    if n < mem::cstr_len(str.0) {
        GuestPtr::new(str.0 + n as u64)
    } else {
        GuestPtr::NULL
    }
}
