//! winuser.h: wsprintf, USER32's own small printf — `%[-][#][0][width][.precision][l|h|w|I64]`
//! with the conversions c C d i u x X p s S only (no floating point, no `*`), output capped at
//! 1024 characters including the NUL. An unknown conversion prints its character literally and
//! takes no argument. In the W forms `%s`/`%c` are wide and `%S`/`%C` narrow; the A forms the
//! other way round; `h` forces narrow, `l`/`w` wide.

use crate::abi::{CStrPtr, GuestPtr, VaList, VarArgs, WStrPtr, mem};
use crate::dllexport;

/// The buffer size wsprintf assumes (the documented limit).
const WSPRINTF_MAX: usize = 1024;

/// A character of the format and output: `u8` (UTF-8 text) for the A forms, `u16` for W.
trait Unit: Copy + Eq {
    const WIDE: bool;
    fn code(self) -> u32;
    fn ascii(b: u8) -> Self;
    fn push_narrow(out: &mut Vec<Self>, text: &[u8]);
    fn push_wide(out: &mut Vec<Self>, text: &[u16]);
}

impl Unit for u8 {
    const WIDE: bool = false;
    fn code(self) -> u32 {
        u32::from(self)
    }
    fn ascii(b: u8) -> Self {
        b
    }
    fn push_narrow(out: &mut Vec<u8>, text: &[u8]) {
        out.extend_from_slice(text);
    }
    fn push_wide(out: &mut Vec<u8>, text: &[u16]) {
        out.extend_from_slice(String::from_utf16_lossy(text).as_bytes());
    }
}

impl Unit for u16 {
    const WIDE: bool = true;
    fn code(self) -> u32 {
        u32::from(self)
    }
    fn ascii(b: u8) -> Self {
        u16::from(b)
    }
    fn push_narrow(out: &mut Vec<u16>, text: &[u8]) {
        out.extend(String::from_utf8_lossy(text).encode_utf16());
    }
    fn push_wide(out: &mut Vec<u16>, text: &[u16]) {
        out.extend_from_slice(text);
    }
}

enum Size {
    Default,
    Short,
    Long,
    Int64,
}

/// Formats `fmt` with the arguments from `args`: at most `WSPRINTF_MAX - 1` units.
fn format<U: Unit>(fmt: &[U], args: &mut VaList) -> Vec<U> {
    let mut out: Vec<U> = Vec::new();
    let at = |i: usize| fmt.get(i).map_or(0, |u| u.code());
    let mut i = 0;
    while i < fmt.len() && out.len() < WSPRINTF_MAX - 1 {
        if at(i) != u32::from(b'%') {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        i += 1;
        if at(i) == u32::from(b'%') {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        let mut left = false;
        let mut prefix = false;
        let mut zero = false;
        if at(i) == u32::from(b'-') {
            left = true;
            i += 1;
        }
        if at(i) == u32::from(b'#') {
            prefix = true;
            i += 1;
        }
        if at(i) == u32::from(b'0') {
            zero = true;
            i += 1;
        }
        let number = |i: &mut usize| {
            let mut n = 0usize;
            while let Some(d) = char::from_u32(at(*i)).and_then(|c| c.to_digit(10)) {
                n = (n * 10 + d as usize).min(WSPRINTF_MAX);
                *i += 1;
            }
            n
        };
        let width = number(&mut i);
        let mut precision = 0usize;
        if at(i) == u32::from(b'.') {
            i += 1;
            precision = number(&mut i);
        }
        let size = match char::from_u32(at(i)) {
            Some('l') => Size::Long,
            Some('h') => Size::Short,
            Some('w') => Size::Long,
            Some('I') if at(i + 1) == u32::from(b'6') && at(i + 2) == u32::from(b'4') => {
                i += 2;
                Size::Int64
            }
            _ => Size::Default,
        };
        if !matches!(size, Size::Default) {
            i += 1;
        }
        let Some(conv) = char::from_u32(at(i)).filter(|_| i < fmt.len()) else {
            break;
        };
        // Narrow or wide for c/s: the lowercase letter is the function's own width.
        let wide_arg = |own: bool| match size {
            Size::Short => false,
            Size::Long => true,
            _ => own == U::WIDE,
        };
        let mut body: Vec<U> = Vec::new();
        let mut digits: Option<Vec<u8>> = None;
        match conv {
            'c' | 'C' => {
                let raw = args.next_slot();
                if wide_arg(conv == 'c') {
                    U::push_wide(&mut body, &[raw as u16]);
                } else {
                    U::push_narrow(&mut body, &[raw as u8]);
                }
                if body.first().is_some_and(|c| c.code() == 0) {
                    body.clear();
                    if width > 1 {
                        body.push(U::ascii(b' '));
                    }
                }
            }
            's' | 'S' => {
                let ptr = args.next_slot();
                let wide = wide_arg(conv == 's');
                let limit = if precision == 0 {
                    usize::MAX
                } else {
                    precision
                };
                if ptr == 0 {
                    U::push_narrow(&mut body, &b"(null)"[..6.min(limit)]);
                } else if wide {
                    let s = mem::read_wstr(ptr).unwrap_or_default();
                    U::push_wide(&mut body, &s[..s.len().min(limit)]);
                } else {
                    let s = mem::read_cstr(ptr).unwrap_or_default();
                    U::push_narrow(&mut body, &s[..s.len().min(limit)]);
                }
            }
            'd' | 'i' => {
                let raw = args.next_slot();
                let v = match size {
                    Size::Int64 => raw as i64,
                    _ => i64::from(raw as u32 as i32),
                };
                digits = Some(v.to_string().into_bytes());
            }
            'u' => {
                let raw = args.next_slot();
                let v = match size {
                    Size::Int64 => raw,
                    _ => u64::from(raw as u32),
                };
                digits = Some(v.to_string().into_bytes());
            }
            'x' | 'X' | 'p' => {
                let raw = args.next_slot();
                let text = match (conv, size) {
                    // A pointer: all 16 digits, upper case.
                    ('p', _) => format!("{raw:016X}"),
                    ('x', Size::Int64) => format!("{raw:x}"),
                    ('x', _) => format!("{:x}", raw as u32),
                    (_, Size::Int64) => format!("{raw:X}"),
                    _ => format!("{:X}", raw as u32),
                };
                if prefix && conv != 'p' {
                    body.extend([U::ascii(b'0'), U::ascii(conv as u8)]);
                }
                digits = Some(text.into_bytes());
            }
            _ => {
                // Unknown: the character itself, no argument taken.
                out.push(fmt[i]);
                i += 1;
                continue;
            }
        }
        i += 1;
        // Numbers: the precision is a minimum length counting a `0x` prefix; '0' raises it to
        // the width. Zeros go between the prefix and the digits.
        if let Some(d) = digits {
            let len = body.len() + d.len();
            let mut min = precision.max(len);
            if zero && !left {
                min = min.max(width);
            }
            body.extend(std::iter::repeat_n(U::ascii(b'0'), min - len));
            body.extend(d.iter().map(|&b| U::ascii(b)));
        }
        let spaces = std::iter::repeat_n(U::ascii(b' '), width.saturating_sub(body.len()));
        if left {
            out.extend(body);
            out.extend(spaces);
        } else {
            out.extend(spaces);
            out.extend(body);
        }
    }
    out.truncate(WSPRINTF_MAX - 1);
    out
}

fn store<U: Unit>(out: GuestPtr<U>, text: &[U]) -> i32 {
    if out.is_null() {
        return 0;
    }
    out.write_slice(text);
    out.offset(text.len()).write(U::ascii(0));
    text.len() as i32
}

#[dllexport]
pub fn wvsprintfW(lpOut: GuestPtr<u16>, lpFmt: WStrPtr, arglist: VaList) -> i32 {
    let mut args = arglist;
    let text = format(&lpFmt.units().unwrap_or_default(), &mut args);
    store(lpOut, &text)
}

#[dllexport]
pub fn wvsprintfA(lpOut: GuestPtr<u8>, lpFmt: CStrPtr, arglist: VaList) -> i32 {
    let mut args = arglist;
    let text = format(&lpFmt.bytes().unwrap_or_default(), &mut args);
    store(lpOut, &text)
}

#[dllexport]
pub fn wsprintfW(lpOut: GuestPtr<u16>, lpFmt: WStrPtr, args: VarArgs) -> i32 {
    wvsprintfW(lpOut, lpFmt, args)
}

#[dllexport]
pub fn wsprintfA(lpOut: GuestPtr<u8>, lpFmt: CStrPtr, args: VarArgs) -> i32 {
    wvsprintfA(lpOut, lpFmt, args)
}
