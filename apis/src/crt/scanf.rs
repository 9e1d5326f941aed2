//! The scanf family: sscanf/fscanf/scanf and their wide and `_s` forms in msvcrt.dll, and the
//! UCRT's `__stdio_common_v*scanf` entry points. One engine reads any input (a narrow or wide
//! string, a stream) against a narrow or wide format and stores through the guest's pointers.

use super::errno::EINVAL;
use super::stdio::{self, iob_entry};
use super::stdlib::invalid_parameter;
use crate::abi::{CStrPtr, GuestPtr, VaList, VarArgs, WStrPtr, mem};
use crate::dllexport;

/// Where scanf's characters come from.
pub trait Input {
    /// The next character, or None at the end of the input.
    fn next(&mut self) -> Option<u32>;
    /// Gives back the character just read.
    fn unget(&mut self, c: u32);
}

/// A string in guest memory (narrow or wide), up to its terminator or `limit` characters.
struct StringInput {
    units: Vec<u32>,
    pos: usize,
}

impl Input for StringInput {
    fn next(&mut self) -> Option<u32> {
        let c = self.units.get(self.pos).copied().filter(|&c| c != 0)?;
        self.pos += 1;
        Some(c)
    }
    fn unget(&mut self, _c: u32) {
        self.pos -= 1;
    }
}

/// How a call differs: which strings the plain `%s`/`%c` store, and whether `%s`/`%c`/`%[`
/// take a buffer size argument (the `_s` forms).
#[derive(Clone, Copy)]
pub struct ScanOptions {
    pub wide_format: bool,
    pub secure: bool,
}

/// `_CRT_INTERNAL_SCANF_SECURECRT`.
const UCRT_SCANF_SECURECRT: u64 = 1;

fn is_space(c: u32) -> bool {
    matches!(c, 0x20 | 0x09..=0x0D)
}

/// The input side of one conversion, counting what it consumes for `%n`.
struct Reader<'a> {
    input: &'a mut dyn Input,
    consumed: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<u32> {
        let c = self.input.next();
        if c.is_some() {
            self.consumed += 1;
        }
        c
    }
    fn unget(&mut self, c: u32) {
        self.input.unget(c);
        self.consumed -= 1;
    }
    fn peek(&mut self) -> Option<u32> {
        let c = self.next()?;
        self.unget(c);
        Some(c)
    }
    fn skip_space(&mut self) {
        while let Some(c) = self.next() {
            if !is_space(c) {
                self.unget(c);
                break;
            }
        }
    }
}

/// Reads an integer of up to `width` characters in `base` (0: by prefix). None when no digit.
fn scan_integer(r: &mut Reader, width: usize, base: u32) -> Option<u64> {
    let mut left = width;
    let mut negative = false;
    let mut c = r.next()?;
    if (c == '+' as u32 || c == '-' as u32) && left > 1 {
        negative = c == '-' as u32;
        left -= 1;
        c = r.next()?;
    } else if c == '+' as u32 || c == '-' as u32 {
        r.unget(c);
        return None;
    }
    let mut base = base;
    let mut digits = 0;
    if c == '0' as u32 && (base == 0 || base == 16) {
        // A leading 0: octal for %i, and perhaps a 0x prefix.
        digits = 1;
        left -= 1;
        if left > 0 {
            match r.next() {
                Some(x) if x == 'x' as u32 || x == 'X' as u32 => {
                    left -= 1;
                    base = 16;
                    digits = 0;
                }
                Some(x) => r.unget(x),
                None => {}
            }
        }
        if base == 0 {
            base = 8;
        }
        if left == 0 {
            return Some(0);
        }
        c = match r.next() {
            Some(c) => c,
            None => return Some(0),
        };
    } else if base == 0 {
        base = 10;
    }
    let mut value: u64 = 0;
    loop {
        match char::from_u32(c).and_then(|ch| ch.to_digit(base)) {
            Some(d) => {
                value = value.wrapping_mul(base as u64).wrapping_add(d as u64);
                digits += 1;
                left -= 1;
            }
            None => {
                r.unget(c);
                break;
            }
        }
        if left == 0 {
            break;
        }
        match r.next() {
            Some(n) => c = n,
            None => break,
        }
    }
    if digits == 0 {
        return None;
    }
    Some(if negative {
        value.wrapping_neg()
    } else {
        value
    })
}

/// Reads the longest floating-point number of up to `width` characters.
fn scan_float(r: &mut Reader, width: usize) -> Option<f64> {
    let mut text = String::new();
    let mut left = width;
    let mut take = |r: &mut Reader, text: &mut String, pred: &dyn Fn(char) -> bool| -> bool {
        if left == 0 {
            return false;
        }
        match r.next() {
            Some(c) if char::from_u32(c).is_some_and(pred) => {
                text.push(char::from_u32(c).unwrap_or('0'));
                left -= 1;
                true
            }
            Some(c) => {
                r.unget(c);
                false
            }
            None => false,
        }
    };
    take(r, &mut text, &|c| c == '+' || c == '-');
    let mut digits = 0;
    while take(r, &mut text, &|c| c.is_ascii_digit()) {
        digits += 1;
    }
    if take(r, &mut text, &|c| c == '.') {
        while take(r, &mut text, &|c| c.is_ascii_digit()) {
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if take(r, &mut text, &|c| c == 'e' || c == 'E') {
        take(r, &mut text, &|c| c == '+' || c == '-');
        while take(r, &mut text, &|c| c.is_ascii_digit()) {}
    }
    let trimmed = text.trim_end_matches(['e', 'E', '+', '-']);
    trimmed.parse::<f64>().ok()
}

/// Stores an integer through `ptr` with the size its length modifier gives.
fn store_int(ptr: u64, value: u64, size: usize) {
    match size {
        1 => mem::write(ptr, value as u8),
        2 => mem::write(ptr, value as u16),
        8 => mem::write(ptr, value),
        _ => mem::write(ptr, value as u32),
    };
}

/// A `%[...]` set: the characters (and ranges) listed, or all but them.
struct ScanSet {
    negated: bool,
    items: Vec<(u32, u32)>,
}

impl ScanSet {
    fn contains(&self, c: u32) -> bool {
        self.items.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != self.negated
    }
}

/// Parses the set after `%[`; returns it and the index after `]`.
fn parse_set(fmt: &[u32], mut i: usize) -> Option<(ScanSet, usize)> {
    let mut negated = false;
    if fmt.get(i) == Some(&('^' as u32)) {
        negated = true;
        i += 1;
    }
    let mut items = Vec::new();
    if fmt.get(i) == Some(&(']' as u32)) {
        items.push((']' as u32, ']' as u32));
        i += 1;
    }
    loop {
        let c = *fmt.get(i)?;
        if c == ']' as u32 {
            return Some((ScanSet { negated, items }, i + 1));
        }
        if fmt.get(i + 1) == Some(&('-' as u32))
            && let Some(&hi) = fmt.get(i + 2)
            && hi != ']' as u32
        {
            items.push((c.min(hi), c.max(hi)));
            i += 3;
            continue;
        }
        items.push((c, c));
        i += 1;
    }
}

/// Writes `chars` as a narrow or wide string (terminated when `terminate`) at `ptr`, within the
/// `_s` buffer size `limit` (in characters, terminator included); false when it does not fit.
fn store_chars(ptr: u64, chars: &[u32], wide: bool, terminate: bool, limit: Option<usize>) -> bool {
    let need = chars.len() + terminate as usize;
    if let Some(limit) = limit
        && need > limit
    {
        if limit > 0 {
            if wide {
                mem::write(ptr, 0u16);
            } else {
                mem::write(ptr, 0u8);
            }
        }
        return false;
    }
    if wide {
        let mut units: Vec<u16> = chars.iter().map(|&c| c as u16).collect();
        if terminate {
            units.push(0);
        }
        mem::write_slice(ptr, &units);
    } else {
        let mut bytes: Vec<u8> = chars
            .iter()
            .map(|&c| if c < 0x100 { c as u8 } else { b'?' })
            .collect();
        if terminate {
            bytes.push(0);
        }
        mem::write_slice(ptr, &bytes);
    }
    true
}

/// Runs the format against the input, storing through `args`. Returns the count of fields
/// assigned, or -1 when the input ended before the first conversion.
pub fn scan(fmt: &[u32], input: &mut dyn Input, mut args: VaList, options: ScanOptions) -> i32 {
    let mut r = Reader { input, consumed: 0 };
    let mut assigned = 0;
    let mut converted_any = false;
    let mut i = 0;
    let pct = '%' as u32;
    while i < fmt.len() {
        let f = fmt[i];
        if is_space(f) {
            r.skip_space();
            i += 1;
            continue;
        }
        if f != pct || fmt.get(i + 1) == Some(&pct) {
            if f == pct {
                i += 1;
                r.skip_space();
            }
            match r.next() {
                Some(c) if c == f => {
                    i += 1;
                    continue;
                }
                Some(c) => {
                    r.unget(c);
                    break;
                }
                None => {
                    return if converted_any || assigned > 0 {
                        assigned
                    } else {
                        -1
                    };
                }
            }
        }
        // A conversion: %[*][width][size]type
        i += 1;
        let suppress = fmt.get(i) == Some(&('*' as u32));
        if suppress {
            i += 1;
        }
        let mut width = 0usize;
        while let Some(d) = fmt.get(i).and_then(|&c| char::from_u32(c)?.to_digit(10)) {
            width = width.saturating_mul(10).saturating_add(d as usize);
            i += 1;
        }
        let mut size = 4usize;
        let mut long_double_or_wide: Option<bool> = None;
        while let Some(&m) = fmt.get(i) {
            match char::from_u32(m).unwrap_or('\0') {
                'h' => {
                    size = if size == 2 { 1 } else { 2 };
                    long_double_or_wide = Some(false);
                }
                'l' => {
                    size = if long_double_or_wide == Some(true) {
                        8
                    } else {
                        4
                    };
                    long_double_or_wide = Some(true);
                }
                'L' | 'j' | 'z' | 't' => size = 8,
                'w' => long_double_or_wide = Some(true),
                'I' => {
                    let rest: String = fmt[i + 1..]
                        .iter()
                        .take(2)
                        .filter_map(|&c| char::from_u32(c))
                        .collect();
                    if rest == "64" {
                        size = 8;
                        i += 2;
                    } else if rest == "32" {
                        size = 4;
                        i += 2;
                    } else {
                        size = 8;
                    }
                }
                _ => break,
            }
            i += 1;
        }
        let Some(&conv) = fmt.get(i) else { break };
        i += 1;
        let conv = char::from_u32(conv).unwrap_or('\0');
        if conv == 'n' {
            if !suppress {
                store_int(args.next_slot(), r.consumed as u64, size);
            }
            continue;
        }
        if !matches!(conv, 'c' | '[' | 'C') {
            r.skip_space();
        }
        if r.peek().is_none() {
            return if converted_any || assigned > 0 {
                assigned
            } else {
                -1
            };
        }
        let max = if width == 0 { usize::MAX } else { width };
        match conv {
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'p' => {
                let (base, size) = match conv {
                    'd' | 'u' => (10, size),
                    'i' => (0, size),
                    'o' => (8, size),
                    'p' => (16, 8),
                    _ => (16, size),
                };
                let Some(v) = scan_integer(&mut r, max, base) else {
                    break;
                };
                converted_any = true;
                if !suppress {
                    store_int(args.next_slot(), v, size);
                    assigned += 1;
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A' => {
                let Some(v) = scan_float(&mut r, max) else {
                    break;
                };
                converted_any = true;
                if !suppress {
                    let p = args.next_slot();
                    if long_double_or_wide == Some(true) || size == 8 {
                        mem::write(p, v);
                    } else {
                        mem::write(p, v as f32);
                    }
                    assigned += 1;
                }
            }
            'c' | 'C' | 's' | 'S' | '[' => {
                let set = if conv == '[' {
                    match parse_set(fmt, i) {
                        Some((set, next)) => {
                            i = next;
                            Some(set)
                        }
                        None => break,
                    }
                } else {
                    None
                };
                let upper = conv == 'C' || conv == 'S';
                // The plain form stores the format's own width; h/l, or the upper-case letter,
                // the other one.
                let wide = match long_double_or_wide {
                    Some(w) => w,
                    None => options.wide_format != upper,
                };
                let count = if conv == 'c' || conv == 'C' {
                    if width == 0 { 1 } else { width }
                } else {
                    max
                };
                let mut chars = Vec::new();
                while chars.len() < count {
                    let Some(c) = r.next() else { break };
                    let keep = match (conv, &set) {
                        ('c' | 'C', _) => true,
                        (_, Some(set)) => set.contains(c),
                        _ => !is_space(c),
                    };
                    if !keep {
                        r.unget(c);
                        break;
                    }
                    chars.push(c);
                }
                if chars.is_empty() {
                    break;
                }
                converted_any = true;
                if !suppress {
                    let p = args.next_slot();
                    let limit = options.secure.then(|| args.next_slot() as u32 as usize);
                    let terminate = !matches!(conv, 'c' | 'C');
                    if !store_chars(p, &chars, wide, terminate, limit) {
                        break;
                    }
                    assigned += 1;
                }
            }
            _ => break,
        }
    }
    assigned
}

fn narrow_units(s: &[u8]) -> Vec<u32> {
    s.iter().map(|&b| b as u32).collect()
}

fn wide_units(s: &[u16]) -> Vec<u32> {
    s.iter().map(|&u| u as u32).collect()
}

/// A narrow string input (sscanf).
fn scan_string(input: CStrPtr, fmt: Vec<u32>, args: VaList, options: ScanOptions) -> i32 {
    let Some(s) = input.bytes() else {
        invalid_parameter(EINVAL);
        return -1;
    };
    let mut source = StringInput {
        units: narrow_units(&s),
        pos: 0,
    };
    scan(&fmt, &mut source, args, options)
}

fn scan_wstring(input: WStrPtr, fmt: Vec<u32>, args: VaList, options: ScanOptions) -> i32 {
    let Some(s) = input.units() else {
        invalid_parameter(EINVAL);
        return -1;
    };
    let mut source = StringInput {
        units: wide_units(&s),
        pos: 0,
    };
    scan(&fmt, &mut source, args, options)
}

fn narrow_format(format: CStrPtr) -> Option<Vec<u32>> {
    let f = format.bytes().map(|f| narrow_units(&f));
    if f.is_none() {
        invalid_parameter(EINVAL);
    }
    f
}

fn wide_format(format: WStrPtr) -> Option<Vec<u32>> {
    let f = format.units().map(|f| wide_units(&f));
    if f.is_none() {
        invalid_parameter(EINVAL);
    }
    f
}

const NARROW: ScanOptions = ScanOptions {
    wide_format: false,
    secure: false,
};
const NARROW_S: ScanOptions = ScanOptions {
    wide_format: false,
    secure: true,
};
const WIDE: ScanOptions = ScanOptions {
    wide_format: true,
    secure: false,
};
const WIDE_S: ScanOptions = ScanOptions {
    wide_format: true,
    secure: true,
};

#[dllexport]
pub fn sscanf(buffer: CStrPtr, format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| scan_string(buffer, f, args, NARROW))
}

#[dllexport]
pub fn sscanf_s(buffer: CStrPtr, format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| scan_string(buffer, f, args, NARROW_S))
}

#[dllexport]
pub fn vsscanf(buffer: CStrPtr, format: CStrPtr, arglist: VaList) -> i32 {
    narrow_format(format).map_or(-1, |f| scan_string(buffer, f, arglist, NARROW))
}

#[dllexport]
pub fn swscanf(buffer: WStrPtr, format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| scan_wstring(buffer, f, args, WIDE))
}

#[dllexport]
pub fn swscanf_s(buffer: WStrPtr, format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| scan_wstring(buffer, f, args, WIDE_S))
}

#[dllexport]
pub fn fscanf(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, NARROW))
}

#[dllexport]
pub fn fscanf_s(stream: GuestPtr<u8>, format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| {
        stdio::scan_stream(stream.addr(), &f, args, NARROW_S)
    })
}

#[dllexport]
pub fn scanf(format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, NARROW))
}

#[dllexport]
pub fn scanf_s(format: CStrPtr, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, NARROW_S))
}

#[dllexport]
pub fn fwscanf(stream: GuestPtr<u8>, format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, WIDE))
}

#[dllexport]
pub fn wscanf(format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, WIDE))
}

fn ucrt_options(options: u64, wide_format: bool) -> ScanOptions {
    ScanOptions {
        wide_format,
        secure: options & UCRT_SCANF_SECURECRT != 0,
    }
}

/// A counted string input: `count` characters, or up to the terminator for `(size_t)-1`.
fn counted<T: Copy + Into<u32> + PartialEq + Default>(buffer: u64, count: usize) -> Vec<u32> {
    let units: Vec<T> = if count == usize::MAX {
        let mut v = Vec::new();
        let mut i = 0u64;
        while let Some(u) = mem::read::<T>(buffer + i * size_of::<T>() as u64) {
            if u == T::default() {
                break;
            }
            v.push(u);
            i += 1;
        }
        v
    } else {
        mem::read_slice(buffer, count)
    };
    units.into_iter().map(Into::into).collect()
}

#[dllexport]
pub fn __stdio_common_vsscanf(
    options: u64,
    buffer: GuestPtr<u8>,
    buffer_count: usize,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    if buffer.is_null() {
        invalid_parameter(EINVAL);
        return -1;
    }
    let Some(fmt) = narrow_format(format) else {
        return -1;
    };
    let mut source = StringInput {
        units: counted::<u8>(buffer.addr(), buffer_count),
        pos: 0,
    };
    scan(&fmt, &mut source, arglist, ucrt_options(options, false))
}

#[dllexport]
pub fn __stdio_common_vswscanf(
    options: u64,
    buffer: GuestPtr<u16>,
    buffer_count: usize,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    if buffer.is_null() {
        invalid_parameter(EINVAL);
        return -1;
    }
    let Some(fmt) = wide_format(format) else {
        return -1;
    };
    let mut source = StringInput {
        units: counted::<u16>(buffer.addr(), buffer_count),
        pos: 0,
    };
    scan(&fmt, &mut source, arglist, ucrt_options(options, true))
}

#[dllexport]
pub fn __stdio_common_vfscanf(
    options: u64,
    stream: GuestPtr<u8>,
    format: CStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    narrow_format(format).map_or(-1, |f| {
        stdio::scan_stream(stream.addr(), &f, arglist, ucrt_options(options, false))
    })
}

#[dllexport]
pub fn __stdio_common_vfwscanf(
    options: u64,
    stream: GuestPtr<u8>,
    format: WStrPtr,
    locale: u64,
    arglist: VaList,
) -> i32 {
    wide_format(format).map_or(-1, |f| {
        stdio::scan_stream(stream.addr(), &f, arglist, ucrt_options(options, true))
    })
}

// msvcrt.dll's `_l` forms: every locale winrun offers reads numbers the same way ('.' as the
// decimal point), so the locale argument changes nothing.

#[dllexport]
pub fn _sscanf_l(buffer: CStrPtr, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| scan_string(buffer, f, args, NARROW))
}

#[dllexport]
pub fn _sscanf_s_l(buffer: CStrPtr, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| scan_string(buffer, f, args, NARROW_S))
}

#[dllexport]
pub fn _swscanf_l(buffer: WStrPtr, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| scan_wstring(buffer, f, args, WIDE))
}

#[dllexport]
pub fn _swscanf_s_l(buffer: WStrPtr, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| scan_wstring(buffer, f, args, WIDE_S))
}

#[dllexport]
pub fn _fscanf_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, NARROW))
}

#[dllexport]
pub fn _fscanf_s_l(stream: GuestPtr<u8>, format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| {
        stdio::scan_stream(stream.addr(), &f, args, NARROW_S)
    })
}

#[dllexport]
pub fn _fwscanf_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, WIDE))
}

#[dllexport]
pub fn fwscanf_s(stream: GuestPtr<u8>, format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, WIDE_S))
}

#[dllexport]
pub fn _fwscanf_s_l(stream: GuestPtr<u8>, format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(stream.addr(), &f, args, WIDE_S))
}

#[dllexport]
pub fn _scanf_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, NARROW))
}

#[dllexport]
pub fn _scanf_s_l(format: CStrPtr, locale: u64, args: VarArgs) -> i32 {
    narrow_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, NARROW_S))
}

#[dllexport]
pub fn _wscanf_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, WIDE))
}

#[dllexport]
pub fn wscanf_s(format: WStrPtr, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, WIDE_S))
}

#[dllexport]
pub fn _wscanf_s_l(format: WStrPtr, locale: u64, args: VarArgs) -> i32 {
    wide_format(format).map_or(-1, |f| stdio::scan_stream(iob_entry(0), &f, args, WIDE_S))
}

/// `_snscanf(input, count, ...)`: at most `count` characters of `input` are read.
fn scan_counted<T: Copy + Into<u32> + PartialEq + Default>(
    input: GuestPtr<T>,
    count: usize,
    fmt: Option<Vec<u32>>,
    args: VaList,
    options: ScanOptions,
) -> i32 {
    let Some(fmt) = fmt else {
        return -1;
    };
    if input.is_null() {
        invalid_parameter(EINVAL);
        return -1;
    }
    let mut source = StringInput {
        units: counted::<T>(input.addr(), count),
        pos: 0,
    };
    scan(&fmt, &mut source, args, options)
}

#[dllexport]
pub fn _snscanf(input: GuestPtr<u8>, length: usize, format: CStrPtr, args: VarArgs) -> i32 {
    scan_counted(input, length, narrow_format(format), args, NARROW)
}

#[dllexport]
pub fn _snscanf_l(
    input: GuestPtr<u8>,
    length: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    scan_counted(input, length, narrow_format(format), args, NARROW)
}

#[dllexport]
pub fn _snscanf_s(input: GuestPtr<u8>, length: usize, format: CStrPtr, args: VarArgs) -> i32 {
    scan_counted(input, length, narrow_format(format), args, NARROW_S)
}

#[dllexport]
pub fn _snscanf_s_l(
    input: GuestPtr<u8>,
    length: usize,
    format: CStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    scan_counted(input, length, narrow_format(format), args, NARROW_S)
}

#[dllexport]
pub fn _snwscanf(input: GuestPtr<u16>, length: usize, format: WStrPtr, args: VarArgs) -> i32 {
    scan_counted(input, length, wide_format(format), args, WIDE)
}

#[dllexport]
pub fn _snwscanf_l(
    input: GuestPtr<u16>,
    length: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    scan_counted(input, length, wide_format(format), args, WIDE)
}

#[dllexport]
pub fn _snwscanf_s(input: GuestPtr<u16>, length: usize, format: WStrPtr, args: VarArgs) -> i32 {
    scan_counted(input, length, wide_format(format), args, WIDE_S)
}

#[dllexport]
pub fn _snwscanf_s_l(
    input: GuestPtr<u16>,
    length: usize,
    format: WStrPtr,
    locale: u64,
    args: VarArgs,
) -> i32 {
    scan_counted(input, length, wide_format(format), args, WIDE_S)
}
