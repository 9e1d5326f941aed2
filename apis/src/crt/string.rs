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
    mem::compare(buffer1.addr(), buffer2.addr(), count).signum()
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
    if strSearch.is_null() {
        return GuestPtr::new(str.0);
    }
    mem::find_cstr(str.0, strSearch.0).map_or(GuestPtr::NULL, GuestPtr::new)
}

/// The messages of msvcrt's `_sys_errlist`.
pub fn error_message(errnum: i32) -> &'static str {
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

#[dllexport]
pub fn memchr(buffer: GuestPtr<u8>, c: i32, count: usize) -> GuestPtr<u8> {
    buffer
        .read_slice(count)
        .iter()
        .position(|&b| b == c as u8)
        .map_or(GuestPtr::NULL, |i| buffer.offset(i))
}

#[dllexport]
pub fn strncat(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> GuestPtr<u8> {
    let src = strSource.bytes().unwrap_or_default();
    let n = src.len().min(count);
    let end = strDest.offset(mem::cstr_len(strDest.addr()));
    end.write_slice(&src[..n]);
    end.offset(n).write(0);
    strDest
}

/// A copy of the string on the CRT heap (freed with `free`).
fn duplicate<T: Copy + Default>(units: Option<Vec<T>>) -> GuestPtr<T> {
    let Some(mut units) = units else {
        return GuestPtr::NULL;
    };
    units.push(T::default());
    let p = super::heap::malloc(units.len() * size_of::<T>()).cast::<T>();
    p.write_slice(&units);
    p
}

#[dllexport]
pub fn _strdup(strSource: CStrPtr) -> GuestPtr<u8> {
    duplicate(strSource.bytes())
}

#[dllexport]
pub fn _wcsdup(strSource: GuestPtr<u16>) -> GuestPtr<u16> {
    duplicate(mem::read_wstr(strSource.addr()))
}

/// Rewrites the string in place with `f` applied to each unit.
fn map_in_place<T: Copy + PartialEq + Default>(s: GuestPtr<T>, f: impl Fn(T) -> T) -> GuestPtr<T> {
    let mut i = 0;
    while let Some(c) = s.offset(i).read().filter(|&c| c != T::default()) {
        s.offset(i).write(f(c));
        i += 1;
    }
    s
}

#[dllexport]
pub fn _strlwr(str: GuestPtr<u8>) -> GuestPtr<u8> {
    map_in_place(str, |c| c.to_ascii_lowercase())
}

#[dllexport]
pub fn _strupr(str: GuestPtr<u8>) -> GuestPtr<u8> {
    map_in_place(str, |c| c.to_ascii_uppercase())
}

#[dllexport]
pub fn _wcslwr(str: GuestPtr<u16>) -> GuestPtr<u16> {
    map_in_place(str, super::ctype::towlower)
}

#[dllexport]
pub fn _wcsupr(str: GuestPtr<u16>) -> GuestPtr<u16> {
    map_in_place(str, super::ctype::towupper)
}

#[dllexport]
pub fn _strrev(str: GuestPtr<u8>) -> GuestPtr<u8> {
    let mut s = mem::read_cstr(str.addr()).unwrap_or_default();
    s.reverse();
    str.write_slice(&s);
    str
}

/// strtok's core: skips delimiters from `at`, ends the token at the next one (writing a NUL)
/// and returns (token, where the next search starts).
pub fn next_token(at: u64, delimiters: &[u8]) -> (u64, u64) {
    if at == 0 {
        return (0, 0);
    }
    let mut p = at;
    while let Some(c) = mem::read::<u8>(p).filter(|c| *c != 0 && delimiters.contains(c)) {
        let _ = c;
        p += 1;
    }
    if mem::read::<u8>(p) == Some(0) {
        return (0, p);
    }
    let token = p;
    while let Some(c) = mem::read::<u8>(p).filter(|&c| c != 0) {
        if delimiters.contains(&c) {
            mem::write(p, 0u8);
            return (token, p + 1);
        }
        p += 1;
    }
    (token, p)
}

std::thread_local! {
    /// Where `strtok(NULL, ...)` continues: per thread, as in the CRT.
    static STRTOK_NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[dllexport]
pub fn strtok(strToken: GuestPtr<u8>, strDelimit: CStrPtr) -> GuestPtr<u8> {
    let delimiters = strDelimit.bytes().unwrap_or_default();
    let start = if strToken.is_null() {
        STRTOK_NEXT.with(|n| n.get())
    } else {
        strToken.addr()
    };
    let (token, next) = next_token(start, &delimiters);
    STRTOK_NEXT.with(|n| n.set(next));
    GuestPtr::new(token)
}

#[dllexport]
pub fn strtok_s(
    strToken: GuestPtr<u8>,
    strDelimit: CStrPtr,
    context: GuestPtr<u64>,
) -> GuestPtr<u8> {
    let Some(saved) = context.read() else {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    };
    let start = if strToken.is_null() {
        saved
    } else {
        strToken.addr()
    };
    let (token, next) = next_token(start, &strDelimit.bytes().unwrap_or_default());
    context.write(next);
    GuestPtr::new(token)
}

/// The `_s` copy rule: a NULL or zero-sized destination or a NULL source is EINVAL; a source
/// that does not fit empties the destination and is ERANGE (both through the invalid parameter
/// handler). `src` is the text to append at `at` units into `dest`.
fn secure_store<T: Copy + Default>(
    dest: GuestPtr<T>,
    size: usize,
    at: usize,
    src: Option<Vec<T>>,
) -> i32 {
    use super::errno::{EINVAL, ERANGE};
    if dest.is_null() || size == 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    let Some(src) = src else {
        dest.write(T::default());
        return super::stdlib::invalid_parameter(EINVAL);
    };
    if at >= size || src.len() >= size - at {
        dest.write(T::default());
        return super::stdlib::invalid_parameter(if at >= size { EINVAL } else { ERANGE });
    }
    dest.offset(at).write_slice(&src);
    dest.offset(at + src.len()).write(T::default());
    0
}

/// Length of the string in `dest`, bounded by `size` (for the `_s` appends).
fn bounded_len<T: Copy + PartialEq + Default>(dest: GuestPtr<T>, size: usize) -> usize {
    (0..size)
        .find(|&i| dest.offset(i).read() == Some(T::default()))
        .unwrap_or(size)
}

/// `_TRUNCATE` for strncpy_s/strncat_s.
const TRUNCATE: usize = usize::MAX;

/// strncpy_s/strncat_s: at most `count` units of `src` (or as many as fit for _TRUNCATE, then
/// STRUNCATE).
fn secure_store_n<T: Copy + Default>(
    dest: GuestPtr<T>,
    size: usize,
    at: usize,
    src: Option<Vec<T>>,
    count: usize,
) -> i32 {
    let Some(mut src) = src else {
        return secure_store(dest, size, at, None);
    };
    if count == TRUNCATE && !dest.is_null() && at < size && src.len() >= size - at {
        src.truncate(size - at - 1);
        let r = secure_store(dest, size, at, Some(src));
        return if r == 0 { super::errno::STRUNCATE } else { r };
    }
    src.truncate(count);
    secure_store(dest, size, at, Some(src))
}

#[dllexport]
pub fn strcpy_s(dest: GuestPtr<u8>, dest_size: usize, src: CStrPtr) -> i32 {
    secure_store(dest, dest_size, 0, src.bytes())
}

#[dllexport]
pub fn strcat_s(strDestination: GuestPtr<u8>, numberOfElements: usize, strSource: CStrPtr) -> i32 {
    let at = bounded_len(strDestination, numberOfElements);
    secure_store(strDestination, numberOfElements, at, strSource.bytes())
}

#[dllexport]
pub fn strncpy_s(
    strDest: GuestPtr<u8>,
    numberOfElements: usize,
    strSource: CStrPtr,
    count: usize,
) -> i32 {
    if count == 0 && !strDest.is_null() && numberOfElements > 0 {
        strDest.write(0);
        return 0;
    }
    secure_store_n(strDest, numberOfElements, 0, strSource.bytes(), count)
}

#[dllexport]
pub fn strncat_s(
    strDest: GuestPtr<u8>,
    numberOfElements: usize,
    strSource: CStrPtr,
    count: usize,
) -> i32 {
    let at = bounded_len(strDest, numberOfElements);
    secure_store_n(strDest, numberOfElements, at, strSource.bytes(), count)
}

#[dllexport]
pub fn wcscpy_s(dest: GuestPtr<u16>, dest_size: usize, src: GuestPtr<u16>) -> i32 {
    secure_store(dest, dest_size, 0, mem::read_wstr(src.addr()))
}

#[dllexport]
pub fn wcscat_s(
    strDestination: GuestPtr<u16>,
    numberOfElements: usize,
    strSource: GuestPtr<u16>,
) -> i32 {
    let at = bounded_len(strDestination, numberOfElements);
    secure_store(
        strDestination,
        numberOfElements,
        at,
        mem::read_wstr(strSource.addr()),
    )
}

#[dllexport]
pub fn wcsncpy_s(
    strDest: GuestPtr<u16>,
    numberOfElements: usize,
    strSource: GuestPtr<u16>,
    count: usize,
) -> i32 {
    if count == 0 && !strDest.is_null() && numberOfElements > 0 {
        strDest.write(0);
        return 0;
    }
    secure_store_n(
        strDest,
        numberOfElements,
        0,
        mem::read_wstr(strSource.addr()),
        count,
    )
}

#[dllexport]
pub fn wcsncat_s(
    strDest: GuestPtr<u16>,
    numberOfElements: usize,
    strSource: GuestPtr<u16>,
    count: usize,
) -> i32 {
    let at = bounded_len(strDest, numberOfElements);
    secure_store_n(
        strDest,
        numberOfElements,
        at,
        mem::read_wstr(strSource.addr()),
        count,
    )
}

#[dllexport]
pub fn wcscpy(strDestination: GuestPtr<u16>, strSource: GuestPtr<u16>) -> GuestPtr<u16> {
    let mut s = wide(strSource);
    s.push(0);
    strDestination.write_slice(&s);
    strDestination
}

/// `wcsncpy`: pads with zeros up to `count` (and leaves the result unterminated if the source is
/// that long).
#[dllexport]
pub fn wcsncpy(strDest: GuestPtr<u16>, strSource: GuestPtr<u16>, count: usize) -> GuestPtr<u16> {
    let mut s = wide(strSource);
    s.truncate(count);
    s.resize(count, 0);
    strDest.write_slice(&s);
    strDest
}

#[dllexport]
pub fn wcscat(strDestination: GuestPtr<u16>, strSource: GuestPtr<u16>) -> GuestPtr<u16> {
    let end = strDestination.offset(mem::wstr_len(strDestination.addr()));
    wcscpy(end, strSource);
    strDestination
}

#[dllexport]
pub fn wcsncat(strDest: GuestPtr<u16>, strSource: GuestPtr<u16>, count: usize) -> GuestPtr<u16> {
    let mut s = wide(strSource);
    s.truncate(count);
    s.push(0);
    strDest
        .offset(mem::wstr_len(strDest.addr()))
        .write_slice(&s);
    strDest
}

/// `wcschr`: the terminator itself can be found.
#[dllexport]
pub fn wcschr(str: GuestPtr<u16>, c: u16) -> GuestPtr<u16> {
    let s = wide(str);
    if c == 0 {
        return str.offset(s.len());
    }
    s.iter()
        .position(|&u| u == c)
        .map_or(GuestPtr::NULL, |i| str.offset(i))
}

#[dllexport]
pub fn wcsrchr(str: GuestPtr<u16>, c: u16) -> GuestPtr<u16> {
    let s = wide(str);
    if c == 0 {
        return str.offset(s.len());
    }
    s.iter()
        .rposition(|&u| u == c)
        .map_or(GuestPtr::NULL, |i| str.offset(i))
}

#[dllexport]
pub fn wcsstr(str: GuestPtr<u16>, strSearch: GuestPtr<u16>) -> GuestPtr<u16> {
    if strSearch.is_null() {
        return str;
    }
    mem::find_wstr(str.addr(), strSearch.addr()).map_or(GuestPtr::NULL, GuestPtr::new)
}

fn compare_units(a: &[u16], b: &[u16]) -> i32 {
    match a.cmp(b) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

#[dllexport]
pub fn wcsncmp(string1: GuestPtr<u16>, string2: GuestPtr<u16>, count: usize) -> i32 {
    let (mut a, mut b) = (wide(string1), wide(string2));
    a.truncate(count);
    b.truncate(count);
    compare_units(&a, &b)
}

/// `_wcsnicmp`: ASCII letters compare case-insensitively (as lowercase), the "C" locale's rule.
#[dllexport]
pub fn _wcsnicmp(string1: GuestPtr<u16>, string2: GuestPtr<u16>, count: usize) -> i32 {
    let fold = |s: Vec<u16>| -> Vec<u16> {
        s.into_iter()
            .take(count)
            .map(|c| {
                if (b'A' as u16..=b'Z' as u16).contains(&c) {
                    c + 32
                } else {
                    c
                }
            })
            .collect()
    };
    compare_units(&fold(wide(string1)), &fold(wide(string2)))
}

#[dllexport]
pub fn wcsspn(str: GuestPtr<u16>, strCharSet: GuestPtr<u16>) -> usize {
    let set = wide(strCharSet);
    wide(str).iter().take_while(|c| set.contains(c)).count()
}

#[dllexport]
pub fn wcscspn(str: GuestPtr<u16>, strCharSet: GuestPtr<u16>) -> usize {
    let set = wide(strCharSet);
    wide(str).iter().take_while(|c| !set.contains(c)).count()
}

#[dllexport]
pub fn wcspbrk(str: GuestPtr<u16>, strCharSet: GuestPtr<u16>) -> GuestPtr<u16> {
    let set = wide(strCharSet);
    wide(str)
        .iter()
        .position(|c| set.contains(c))
        .map_or(GuestPtr::NULL, |i| str.offset(i))
}

#[dllexport]
pub fn wcsnlen(str: GuestPtr<u16>, numberOfElements: usize) -> usize {
    bounded_len(str, numberOfElements)
}

/// `strerror_s(buffer, size, errnum)`: the message, cut to fit (and terminated).
#[dllexport]
pub fn strerror_s(buffer: GuestPtr<u8>, numberOfElements: usize, errnum: i32) -> i32 {
    if buffer.is_null() || numberOfElements == 0 {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    let text = error_message(errnum).as_bytes();
    let n = text.len().min(numberOfElements - 1);
    buffer.write_slice(&text[..n]);
    buffer.offset(n).write(0);
    0
}

/// `perror(s)`: "s: message\n" on stderr (just the message for a NULL or empty `s`).
#[dllexport]
pub fn perror(message: CStrPtr) {
    let mut line = message.bytes().unwrap_or_default();
    if !line.is_empty() {
        line.extend_from_slice(b": ");
    }
    line.extend_from_slice(error_message(super::errno::errno()).as_bytes());
    line.push(b'\n');
    super::stdio::put(super::stdio::iob_entry(2), &line);
}

/// Collation as the "C" locale defines it: by code unit, like strcmp. Other locales'
/// linguistic order is not applied (partial).
#[dllexport]
pub fn strcoll(string1: CStrPtr, string2: CStrPtr) -> i32 {
    strcmp(string1, string2)
}

#[dllexport]
pub fn wcscoll(string1: GuestPtr<u16>, string2: GuestPtr<u16>) -> i32 {
    wcscmp(string1, string2)
}

/// The "C" locale's transformation is the identity: copies the string when `count` leaves room
/// for it and its NUL, and returns its length either way.
#[dllexport]
pub fn strxfrm(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize) -> usize {
    let s = strSource.bytes().unwrap_or_default();
    if s.len() < count {
        strDest.write_slice(&s);
        strDest.offset(s.len()).write(0);
    }
    s.len()
}

#[dllexport]
pub fn wcsxfrm(strDest: GuestPtr<u16>, strSource: GuestPtr<u16>, count: usize) -> usize {
    let s = mem::read_wstr(strSource.addr()).unwrap_or_default();
    if s.len() < count {
        strDest.write_slice(&s);
        strDest.offset(s.len()).write(0);
    }
    s.len()
}

// The `_l` forms: case and collation are the "C" locale's in every locale winrun has.

#[dllexport]
pub fn _stricmp_l(string1: CStrPtr, string2: CStrPtr, locale: u64) -> i32 {
    let _ = locale;
    _stricmp(string1, string2)
}

#[dllexport]
pub fn _strnicmp_l(string1: CStrPtr, string2: CStrPtr, count: usize, locale: u64) -> i32 {
    let _ = locale;
    _strnicmp(string1, string2, count)
}

#[dllexport]
pub fn _wcsicmp_l(string1: GuestPtr<u16>, string2: GuestPtr<u16>, locale: u64) -> i32 {
    let _ = locale;
    _wcsicmp(string1, string2)
}

#[dllexport]
pub fn _strcoll_l(string1: CStrPtr, string2: CStrPtr, locale: u64) -> i32 {
    let _ = locale;
    strcoll(string1, string2)
}

#[dllexport]
pub fn _wcscoll_l(string1: GuestPtr<u16>, string2: GuestPtr<u16>, locale: u64) -> i32 {
    let _ = locale;
    wcscoll(string1, string2)
}

// Filling, reversing and case conversion in place (`_strset`, `_wcsrev`, `_strlwr_s` ...).

/// Sets the first `count` units of the string (up to its terminator) to `c`.
fn fill_units<T: Copy + PartialEq + Default>(s: GuestPtr<T>, c: T, count: usize) -> GuestPtr<T> {
    let mut i = 0;
    while i < count && s.offset(i).read().is_some_and(|u| u != T::default()) {
        s.offset(i).write(c);
        i += 1;
    }
    s
}

#[dllexport]
pub fn _strset(str: GuestPtr<u8>, c: i32) -> GuestPtr<u8> {
    fill_units(str, c as u8, usize::MAX)
}

#[dllexport]
pub fn _strnset(str: GuestPtr<u8>, c: i32, count: usize) -> GuestPtr<u8> {
    fill_units(str, c as u8, count)
}

#[dllexport]
pub fn _wcsset(str: GuestPtr<u16>, c: u16) -> GuestPtr<u16> {
    fill_units(str, c, usize::MAX)
}

#[dllexport]
pub fn _wcsnset(str: GuestPtr<u16>, c: u16, count: usize) -> GuestPtr<u16> {
    fill_units(str, c, count)
}

/// The `_s` fill rule: a NULL or zero-sized buffer is EINVAL; a string not terminated within
/// `size` units is emptied and EINVAL. At most `count` units change.
fn fill_units_s<T: Copy + PartialEq + Default>(
    s: GuestPtr<T>,
    size: usize,
    c: T,
    count: usize,
) -> i32 {
    use super::errno::EINVAL;
    if s.is_null() || size == 0 {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    if bounded_len(s, size) == size {
        s.write(T::default());
        return super::stdlib::invalid_parameter(EINVAL);
    }
    fill_units(s, c, count);
    0
}

#[dllexport]
pub fn _strset_s(str: GuestPtr<u8>, numberOfElements: usize, c: i32) -> i32 {
    fill_units_s(str, numberOfElements, c as u8, usize::MAX)
}

/// `_strnset_s(str, size, c, count)`: NULL with size 0 and count 0 is fine.
#[dllexport]
pub fn _strnset_s(str: GuestPtr<u8>, numberOfElements: usize, c: i32, count: usize) -> i32 {
    if str.is_null() && numberOfElements == 0 && count == 0 {
        return 0;
    }
    fill_units_s(str, numberOfElements, c as u8, count)
}

#[dllexport]
pub fn _wcsset_s(str: GuestPtr<u16>, numberOfElements: usize, c: u16) -> i32 {
    fill_units_s(str, numberOfElements, c, usize::MAX)
}

#[dllexport]
pub fn _wcsnset_s(str: GuestPtr<u16>, numberOfElements: usize, c: u16, count: usize) -> i32 {
    if str.is_null() && numberOfElements == 0 && count == 0 {
        return 0;
    }
    fill_units_s(str, numberOfElements, c, count)
}

#[dllexport]
pub fn _wcsrev(str: GuestPtr<u16>) -> GuestPtr<u16> {
    let mut s = wide(str);
    s.reverse();
    str.write_slice(&s);
    str
}

/// The `_strlwr_s` rule: a NULL buffer is EINVAL, a string not terminated within `size` units is
/// emptied and EINVAL; otherwise `convert(str, size)` rewrites it.
pub fn case_s<T: Copy + PartialEq + Default>(
    str: GuestPtr<T>,
    size: usize,
    convert: impl FnOnce(GuestPtr<T>, usize),
) -> i32 {
    use super::errno::EINVAL;
    if str.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    if bounded_len(str, size) == size {
        if size > 0 {
            str.write(T::default());
        }
        return super::stdlib::invalid_parameter(EINVAL);
    }
    convert(str, size);
    0
}

#[dllexport]
pub fn _strlwr_s(str: GuestPtr<u8>, numberOfElements: usize) -> i32 {
    case_s(str, numberOfElements, |s, _| {
        _strlwr(s);
    })
}

#[dllexport]
pub fn _strupr_s(str: GuestPtr<u8>, numberOfElements: usize) -> i32 {
    case_s(str, numberOfElements, |s, _| {
        _strupr(s);
    })
}

#[dllexport]
pub fn _wcslwr_s(str: GuestPtr<u16>, numberOfElements: usize) -> i32 {
    case_s(str, numberOfElements, |s, _| {
        _wcslwr(s);
    })
}

#[dllexport]
pub fn _wcsupr_s(str: GuestPtr<u16>, numberOfElements: usize) -> i32 {
    case_s(str, numberOfElements, |s, _| {
        _wcsupr(s);
    })
}

#[dllexport]
pub fn _strlwr_l(str: GuestPtr<u8>, locale: u64) -> GuestPtr<u8> {
    let _ = locale;
    _strlwr(str)
}

#[dllexport]
pub fn _strupr_l(str: GuestPtr<u8>, locale: u64) -> GuestPtr<u8> {
    let _ = locale;
    _strupr(str)
}

#[dllexport]
pub fn _wcslwr_l(str: GuestPtr<u16>, locale: u64) -> GuestPtr<u16> {
    let _ = locale;
    _wcslwr(str)
}

#[dllexport]
pub fn _wcsupr_l(str: GuestPtr<u16>, locale: u64) -> GuestPtr<u16> {
    let _ = locale;
    _wcsupr(str)
}

#[dllexport]
pub fn _strlwr_s_l(str: GuestPtr<u8>, numberOfElements: usize, locale: u64) -> i32 {
    let _ = locale;
    _strlwr_s(str, numberOfElements)
}

#[dllexport]
pub fn _strupr_s_l(str: GuestPtr<u8>, numberOfElements: usize, locale: u64) -> i32 {
    let _ = locale;
    _strupr_s(str, numberOfElements)
}

#[dllexport]
pub fn _wcslwr_s_l(str: GuestPtr<u16>, numberOfElements: usize, locale: u64) -> i32 {
    let _ = locale;
    _wcslwr_s(str, numberOfElements)
}

#[dllexport]
pub fn _wcsupr_s_l(str: GuestPtr<u16>, numberOfElements: usize, locale: u64) -> i32 {
    let _ = locale;
    _wcsupr_s(str, numberOfElements)
}

/// `_memccpy(dest, src, c, count)`: copies up to and including the first `c`; the byte after
/// it in `dest`, or NULL when `c` is not among the `count` bytes (all of which were copied).
#[dllexport]
pub fn _memccpy(dest: GuestPtr<u8>, src: GuestPtr<u8>, c: i32, count: usize) -> GuestPtr<u8> {
    let bytes = src.read_slice(count);
    match bytes.iter().position(|&b| b == c as u8) {
        Some(i) => {
            dest.write_slice(&bytes[..=i]);
            dest.offset(i + 1)
        }
        None => {
            dest.write_slice(&bytes);
            GuestPtr::NULL
        }
    }
}

/// `_memicmp`: the difference of the first pair of bytes that differ in lowercase; NULL buffers
/// (with a count) are EINVAL and `_NLSCMPERROR`.
#[dllexport]
pub fn _memicmp(buffer1: GuestPtr<u8>, buffer2: GuestPtr<u8>, count: usize) -> i32 {
    if count == 0 {
        return 0;
    }
    if buffer1.is_null() || buffer2.is_null() {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return 0x7FFF_FFFF;
    }
    let (a, b) = (buffer1.read_slice(count), buffer2.read_slice(count));
    a.iter()
        .zip(&b)
        .map(|(x, y)| i32::from(fold(*x)) - i32::from(fold(*y)))
        .find(|&d| d != 0)
        .unwrap_or(0)
}

#[dllexport]
pub fn _memicmp_l(buffer1: GuestPtr<u8>, buffer2: GuestPtr<u8>, count: usize, locale: u64) -> i32 {
    let _ = locale;
    _memicmp(buffer1, buffer2, count)
}

/// `_wcsnicmp_l`: the "C" locale's rule in every locale winrun has.
#[dllexport]
pub fn _wcsnicmp_l(
    string1: GuestPtr<u16>,
    string2: GuestPtr<u16>,
    count: usize,
    locale: u64,
) -> i32 {
    let _ = locale;
    _wcsnicmp(string1, string2, count)
}

/// The `_s` copy rule of memcpy_s/memmove_s over `size` units: `count` 0 is nothing to do; a NULL
/// destination is EINVAL; a NULL source is EINVAL and a destination too small ERANGE, and
/// memcpy_s (`clear`) zeroes the destination then.
fn copy_s<T: Copy>(
    dest: GuestPtr<T>,
    size: usize,
    src: GuestPtr<T>,
    count: usize,
    clear: bool,
) -> i32 {
    use super::errno::{EINVAL, ERANGE};
    if count == 0 {
        return 0;
    }
    if dest.is_null() {
        return super::stdlib::invalid_parameter(EINVAL);
    }
    if src.is_null() || size < count {
        if clear {
            mem::fill(dest.addr(), 0, size * size_of::<T>());
        }
        return super::stdlib::invalid_parameter(if src.is_null() { EINVAL } else { ERANGE });
    }
    mem::copy_within(dest.addr(), src.addr(), count * size_of::<T>());
    0
}

#[dllexport]
pub fn memcpy_s(dest: GuestPtr<u8>, destSize: usize, src: GuestPtr<u8>, count: usize) -> i32 {
    copy_s(dest, destSize, src, count, true)
}

#[dllexport]
pub fn memmove_s(
    dest: GuestPtr<u8>,
    numberOfElements: usize,
    src: GuestPtr<u8>,
    count: usize,
) -> i32 {
    copy_s(dest, numberOfElements, src, count, false)
}

#[dllexport]
pub fn wmemcpy_s(dest: GuestPtr<u16>, destSize: usize, src: GuestPtr<u16>, count: usize) -> i32 {
    copy_s(dest, destSize, src, count, true)
}

#[dllexport]
pub fn wmemmove_s(
    dest: GuestPtr<u16>,
    numberOfElements: usize,
    src: GuestPtr<u16>,
    count: usize,
) -> i32 {
    copy_s(dest, numberOfElements, src, count, false)
}

// Collation in the "C" locale: by code unit, folding ASCII case for the `i` forms. Other
// locales' linguistic order is not applied (partial, as strcoll).

#[dllexport]
pub fn _stricoll(string1: CStrPtr, string2: CStrPtr) -> i32 {
    _stricmp(string1, string2)
}

#[dllexport]
pub fn _strncoll(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    strncmp(string1, string2, count)
}

#[dllexport]
pub fn _strnicoll(string1: CStrPtr, string2: CStrPtr, count: usize) -> i32 {
    _strnicmp(string1, string2, count)
}

#[dllexport]
pub fn _wcsicoll(string1: GuestPtr<u16>, string2: GuestPtr<u16>) -> i32 {
    _wcsicmp(string1, string2)
}

#[dllexport]
pub fn _wcsncoll(string1: GuestPtr<u16>, string2: GuestPtr<u16>, count: usize) -> i32 {
    wcsncmp(string1, string2, count)
}

#[dllexport]
pub fn _wcsnicoll(string1: GuestPtr<u16>, string2: GuestPtr<u16>, count: usize) -> i32 {
    _wcsnicmp(string1, string2, count)
}

#[dllexport]
pub fn _stricoll_l(string1: CStrPtr, string2: CStrPtr, locale: u64) -> i32 {
    let _ = locale;
    _stricoll(string1, string2)
}

#[dllexport]
pub fn _strncoll_l(string1: CStrPtr, string2: CStrPtr, count: usize, locale: u64) -> i32 {
    let _ = locale;
    _strncoll(string1, string2, count)
}

#[dllexport]
pub fn _strnicoll_l(string1: CStrPtr, string2: CStrPtr, count: usize, locale: u64) -> i32 {
    let _ = locale;
    _strnicoll(string1, string2, count)
}

#[dllexport]
pub fn _wcsicoll_l(string1: GuestPtr<u16>, string2: GuestPtr<u16>, locale: u64) -> i32 {
    let _ = locale;
    _wcsicoll(string1, string2)
}

#[dllexport]
pub fn _wcsncoll_l(
    string1: GuestPtr<u16>,
    string2: GuestPtr<u16>,
    count: usize,
    locale: u64,
) -> i32 {
    let _ = locale;
    _wcsncoll(string1, string2, count)
}

#[dllexport]
pub fn _wcsnicoll_l(
    string1: GuestPtr<u16>,
    string2: GuestPtr<u16>,
    count: usize,
    locale: u64,
) -> i32 {
    let _ = locale;
    _wcsnicoll(string1, string2, count)
}

#[dllexport]
pub fn _strxfrm_l(strDest: GuestPtr<u8>, strSource: CStrPtr, count: usize, locale: u64) -> usize {
    let _ = locale;
    strxfrm(strDest, strSource, count)
}

#[dllexport]
pub fn _wcsxfrm_l(
    strDest: GuestPtr<u16>,
    strSource: GuestPtr<u16>,
    count: usize,
    locale: u64,
) -> usize {
    let _ = locale;
    wcsxfrm(strDest, strSource, count)
}

// wcstok: msvcrt's takes two arguments and keeps its position per thread; the UCRT's takes a
// third, the position, and falls back to the per-thread one when that is NULL.

/// The wide `next_token`: (token, where the next search starts).
fn next_wide_token(at: u64, delimiters: &[u16]) -> (u64, u64) {
    if at == 0 {
        return (0, 0);
    }
    let unit = |p: u64| mem::read::<u16>(p).unwrap_or(0);
    let mut p = at;
    while unit(p) != 0 && delimiters.contains(&unit(p)) {
        p += 2;
    }
    if unit(p) == 0 {
        return (0, p);
    }
    let token = p;
    while unit(p) != 0 {
        if delimiters.contains(&unit(p)) {
            mem::write(p, 0u16);
            return (token, p + 2);
        }
        p += 2;
    }
    (token, p)
}

std::thread_local! {
    static WCSTOK_NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn wide_token(str: GuestPtr<u16>, delimiters: GuestPtr<u16>, saved: u64) -> (u64, u64) {
    let start = if str.is_null() { saved } else { str.addr() };
    next_wide_token(start, &wide(delimiters))
}

#[dllexport]
pub fn wcstok(strToken: GuestPtr<u16>, strDelimit: GuestPtr<u16>) -> GuestPtr<u16> {
    let (token, next) = wide_token(strToken, strDelimit, WCSTOK_NEXT.with(|n| n.get()));
    WCSTOK_NEXT.with(|n| n.set(next));
    GuestPtr::new(token)
}

#[dllexport]
pub fn ucrt_wcstok(
    strToken: GuestPtr<u16>,
    strDelimit: GuestPtr<u16>,
    context: GuestPtr<u64>,
) -> GuestPtr<u16> {
    if context.is_null() {
        return wcstok(strToken, strDelimit);
    }
    wcstok_s(strToken, strDelimit, context)
}

/// `wcstok_s`: a NULL context, NULL delimiters, or a NULL string with nothing saved are EINVAL.
#[dllexport]
pub fn wcstok_s(
    strToken: GuestPtr<u16>,
    strDelimit: GuestPtr<u16>,
    context: GuestPtr<u64>,
) -> GuestPtr<u16> {
    let saved = context.read();
    if strDelimit.is_null() || saved.is_none() || strToken.is_null() && saved == Some(0) {
        super::stdlib::invalid_parameter(super::errno::EINVAL);
        return GuestPtr::NULL;
    }
    let (token, next) = wide_token(strToken, strDelimit, saved.unwrap_or(0));
    context.write(next);
    GuestPtr::new(token)
}

// `_strerror`/`__wcserror` ("message: text\n" for errno) and `_wcserror` (strerror in UTF-16).

/// "prefix: text\n" for the current errno, or "text\n" for a NULL or empty prefix.
fn errno_line(prefix: Vec<u16>) -> Vec<u16> {
    let mut line = prefix;
    if !line.is_empty() {
        line.extend(": ".encode_utf16());
    }
    line.extend(error_message(super::errno::errno()).encode_utf16());
    line.push(u16::from(b'\n'));
    line
}

/// Per-thread result buffers of `_strerror` and `__wcserror`, as the CRT keeps them.
const ERROR_BUFFER_UNITS: usize = 512;

std::thread_local! {
    static ERROR_BUFFER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn error_buffer() -> u64 {
    ERROR_BUFFER.with(|b| {
        if b.get() == 0 {
            b.set(mem::alloc_zeroed(ERROR_BUFFER_UNITS * 2, 8));
        }
        b.get()
    })
}

/// Stores `text` (cut to `size` units with its terminator) at `buffer`.
fn store_truncated<T: Copy + Default>(buffer: GuestPtr<T>, size: usize, text: &[T]) {
    let n = text.len().min(size - 1);
    buffer.write_slice(&text[..n]);
    buffer.offset(n).write(T::default());
}

fn narrow(units: &[u16]) -> Vec<u8> {
    String::from_utf16_lossy(units).into_bytes()
}

#[dllexport]
pub fn _strerror(strErrMsg: CStrPtr) -> GuestPtr<u8> {
    let prefix = strErrMsg.to_wide().unwrap_or_default();
    let buffer = GuestPtr::new(error_buffer());
    store_truncated(buffer, ERROR_BUFFER_UNITS * 2, &narrow(&errno_line(prefix)));
    buffer
}

#[dllexport]
pub fn __wcserror(strErrMsg: GuestPtr<u16>) -> GuestPtr<u16> {
    let prefix = mem::read_wstr(strErrMsg.addr()).unwrap_or_default();
    let buffer = GuestPtr::new(error_buffer());
    store_truncated(buffer, ERROR_BUFFER_UNITS, &errno_line(prefix));
    buffer
}

/// The `_s` forms: a NULL buffer or size 0 is EINVAL; the text is cut to fit.
fn error_s<T: Copy + Default>(buffer: GuestPtr<T>, size: usize, text: &[T]) -> i32 {
    if buffer.is_null() || size == 0 {
        return super::stdlib::invalid_parameter(super::errno::EINVAL);
    }
    store_truncated(buffer, size, text);
    0
}

#[dllexport]
pub fn _strerror_s(buffer: GuestPtr<u8>, sizeInBytes: usize, strErrMsg: CStrPtr) -> i32 {
    let prefix = strErrMsg.to_wide().unwrap_or_default();
    error_s(buffer, sizeInBytes, &narrow(&errno_line(prefix)))
}

#[dllexport]
pub fn __wcserror_s(buffer: GuestPtr<u16>, sizeInWords: usize, strErrMsg: GuestPtr<u16>) -> i32 {
    let prefix = mem::read_wstr(strErrMsg.addr()).unwrap_or_default();
    error_s(buffer, sizeInWords, &errno_line(prefix))
}

/// `_wcserror(errnum)`: strerror's text in UTF-16, one buffer per errno value (see strerror).
#[dllexport]
pub fn _wcserror(errnum: i32) -> GuestPtr<u16> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static MESSAGES: Mutex<Option<HashMap<i32, u64>>> = Mutex::new(None);
    let mut m = MESSAGES.lock().unwrap_or_else(|e| e.into_inner());
    let addr = *m
        .get_or_insert_with(HashMap::new)
        .entry(errnum)
        .or_insert_with(|| {
            let text: Vec<u16> = error_message(errnum).encode_utf16().collect();
            let a = mem::alloc_zeroed((text.len() + 1) * 2, 8);
            mem::write_slice(a, &text);
            a
        });
    GuestPtr::new(addr)
}

#[dllexport]
pub fn _wcserror_s(buffer: GuestPtr<u16>, sizeInWords: usize, errnum: i32) -> i32 {
    let text: Vec<u16> = error_message(errnum).encode_utf16().collect();
    error_s(buffer, sizeInWords, &text)
}
