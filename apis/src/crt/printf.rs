//! The printf formatting engine shared by msvcrt.dll and ucrtbase.dll.
//!
//! Two code lineages are modelled, because Windows ships both:
//!
//! * **msvcrt.dll** is the VC8-era CRT (`output.c`, `cvt.c`): literal output of
//!   unknown conversions, `F`/`N` size prefixes, three-digit exponents,
//!   `1.#INF00` spellings, doubles converted to only 17 significant digits
//!   (`_fltout2`) and then rounded half-up, `%a` with a default precision of 6.
//! * **ucrtbase.dll** is `corecrt_internal_stdio_output.h` and `cvt.cpp`: one
//!   length modifier per conversion, exact decimal expansion for any precision,
//!   `inf`/`nan(ind)` spellings, two-digit exponents, and the
//!   `_CRT_INTERNAL_PRINTF_*` option bits the caller passes to
//!   `__stdio_common_v*printf`.
//!
//! Both parse the format with the same table-driven state machine, reproduced
//! in `next_state`. Where the tables or the sources left a doubt, the comment
//! at that spot says which way was chosen and why.
//!
//! Unknown conversions (`%y`, `%5-d`) are printed literally by plain printf in
//! *both* DLLs: the UCRT's unsuffixed functions run on `standard_base`, whose
//! table sends such a character back to the normal state. Only the `_s`/`_p`
//! families (`format_validation_base`) call them invalid; that is
//! [`Options::validate_format`]. The UCRT does fail (None) on what its
//! processor validates even in plain printf: a second length modifier
//! (`%lhd`), an integer length it cannot size (`%Ld`, `%wd`), `%N`, a width
//! that overflows `strtol`, and `%n` unless enabled.
//!
//! Narrow output is UTF-8 (the process code page winrun presents); wide
//! arguments in narrow output are converted to UTF-8 and narrow arguments in
//! wide output to UTF-16, lossily (U+FFFD), where Windows would use the locale's
//! code page.
//!
//! Wine 8's msvcrt.dll and ucrtbase.dll share one implementation that differs
//! from Windows in places; this module follows Windows (the CRT sources and
//! Wine's own tests run on Windows) where Wine prints: zeros for `%08.3d`,
//! nothing for `%#.0o` of 0, nothing for `%5%`, four digits for `%.4p`,
//! exact digits past the 17th in msvcrt's `%.20f`, `1.#INF` for msvcrt's
//! `%-12f` of infinity, `1.#QNAN`/`-1.#IND` for signalling and negative
//! payload NaNs, a short for the UCRT's `%hh`, and accepts the UCRT's
//! `%lhd`/`%Ld`/`%Iq`/`%#p` the msvcrt way.
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where printf's variadic arguments and the guest memory they point to come from.
pub trait PrintfArgs {
    /// Next argument slot as a raw 64-bit integer (Win64 varargs: every slot is 8 bytes).
    fn next_u64(&mut self) -> u64;
    /// The slot `index` places from the start of the list, for the `_p` functions' `%n$`
    /// (zero-based; every slot is 8 bytes, so no argument types are needed to find it).
    fn slot(&mut self, index: usize) -> u64;
    /// NUL-terminated narrow string at a guest address (address is non-zero), without the NUL.
    fn read_cstr(&self, addr: u64) -> Vec<u8>;
    /// NUL-terminated UTF-16 string at a guest address (non-zero), without the NUL.
    fn read_wstr(&self, addr: u64) -> Vec<u16>;
    /// %n: store `count` at `addr` with `size` bytes (1, 2, 4 or 8). Return false to refuse (then formatting stops and returns None).
    fn store_count(&mut self, addr: u64, count: u64, size: usize) -> bool;
    /// `len` bytes of guest memory at `addr` (non-zero), for `%Z`, whose argument
    /// is an `ANSI_STRING`/`UNICODE_STRING`. `None` refuses; formatting then
    /// returns `None` rather than printing something the CRT would not.
    fn read_bytes(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        let _ = (addr, len);
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    Msvcrt,
    Ucrt,
}

/// `_set_printf_count_output`: both CRTs refuse `%n` (invalid-parameter
/// handler, -1/EINVAL) until a program enables it.
pub static PERCENT_N_ENABLED: AtomicBool = AtomicBool::new(false);

/// `_CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS`: in the wide family `%s`/`%c` are wide.
pub const UCRT_LEGACY_WIDE_SPECIFIERS: u64 = 1 << 2;
/// `_CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY`: `1.#INF` spellings, `F`/`N` size prefixes.
pub const UCRT_LEGACY_MSVCRT_COMPATIBILITY: u64 = 1 << 3;
/// `_CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS`.
pub const UCRT_LEGACY_THREE_DIGIT_EXPONENTS: u64 = 1 << 4;
/// `_CRT_INTERNAL_PRINTF_STANDARD_ROUNDING`: exact ties round to even.
pub const UCRT_STANDARD_ROUNDING: u64 = 1 << 5;

/// Everything that changes the output besides the format and the arguments.
/// [`format_narrow`]/[`format_wide`] use [`Options::new`]; ucrtbase's
/// `__stdio_common_*` entry points can pass their real option bits instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub flavor: Flavor,
    /// Ucrt only: the `UCRT_*` option bits.
    pub ucrt_options: u64,
    /// Msvcrt only: `_set_output_format(_TWO_DIGIT_EXPONENT)` is in effect.
    pub two_digit_exponent: bool,
    /// The `_s` and `_p` families: they validate the format (an unknown
    /// conversion, a misplaced flag, `%n` or an unfinished specifier is an
    /// invalid parameter).
    pub validate_format: bool,
    /// The `_p` family (`_printf_p`, `__stdio_common_v*printf_p`): `%n$` and `*n$` name
    /// arguments by position. Implies `validate_format`.
    pub positional: bool,
}

impl Options {
    /// The defaults a program gets. For the UCRT these are the bits MSVC's and
    /// mingw-w64's `__local_stdio_printf_options` hold: legacy wide specifiers
    /// and IEEE rounding of exact ties (Windows 10 2004 and later).
    pub const fn new(flavor: Flavor) -> Self {
        Options {
            flavor,
            ucrt_options: match flavor {
                Flavor::Msvcrt => 0,
                Flavor::Ucrt => UCRT_LEGACY_WIDE_SPECIFIERS | UCRT_STANDARD_ROUNDING,
            },
            two_digit_exponent: false,
            validate_format: false,
            positional: false,
        }
    }
}

/// Narrow printf: `fmt` is a narrow (UTF-8 / ANSI) format string, result is narrow bytes.
/// Wide characters/strings (%lc %ls %C %S %wc %ws) are converted to UTF-8.
/// Returns None where the CRT would report an invalid format (returns -1 / EINVAL).
pub fn format_narrow(flavor: Flavor, fmt: &[u8], args: &mut dyn PrintfArgs) -> Option<Vec<u8>> {
    format_narrow_with(Options::new(flavor), fmt, args)
}

/// Wide printf (wprintf family): `fmt` is UTF-16, result UTF-16. In the wide family %s and %c mean wide
/// (msvcrt and the UCRT legacy behaviour) and %S / %C mean narrow; %hs/%ls/%hc/%lc are explicit.
pub fn format_wide(flavor: Flavor, fmt: &[u16], args: &mut dyn PrintfArgs) -> Option<Vec<u16>> {
    format_wide_with(Options::new(flavor), fmt, args)
}

/// [`format_narrow`] with explicit [`Options`].
pub fn format_narrow_with(
    options: Options,
    fmt: &[u8],
    args: &mut dyn PrintfArgs,
) -> Option<Vec<u8>> {
    Formatter::new(options, args, fmt.len() + 64).run(fmt)
}

/// [`format_wide`] with explicit [`Options`].
pub fn format_wide_with(
    options: Options,
    fmt: &[u16],
    args: &mut dyn PrintfArgs,
) -> Option<Vec<u16>> {
    Formatter::new(options, args, fmt.len() + 64).run(fmt)
}

/// The CRTs count output in an `int`; past that they cannot report success.
const MAX_OUTPUT: usize = i32::MAX as usize;

/// `_ARGMAX`: the most positional arguments a `_p` format may name.
const MAX_POSITIONAL: usize = 100;

/// How a `_p` format names its arguments; the first argument taken decides, and the other
/// way is then an invalid parameter (Microsoft: "positional and non-positional parameters
/// must not be mixed in the same format string").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Undecided,
    Sequential,
    Positional,
}

/// What a `_p` format reads an argument as. An argument named twice must be read the same way
/// both times; the CRTs validate that in their first pass over the format and reject the
/// format as an invalid parameter otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArgKind {
    Unused,
    /// `int` and what promotes to it: `%d`, `%hd`, `%c`, a `*` width or precision.
    Int,
    /// `%lld`, `%I64d`, `%zd` ...
    Int64,
    Double,
    /// `%s`, `%p`, `%n`, `%Z`.
    Pointer,
}

/// msvcrt.dll clamps integer and floating-point precision (`MAXPRECISION`).
const MSVCRT_MAX_PRECISION: i32 = 512;

/// A character of the format and of the output: `u8` for printf, `u16` for wprintf.
trait Unit: Copy {
    const WIDE: bool;
    fn code(self) -> u32;
    fn ascii(b: u8) -> Self;
    /// Narrow text as output units: borrowed as it is when the output is narrow too.
    fn from_narrow(s: &[u8]) -> Cow<'_, [Self]>;
    fn from_wide(s: &[u16]) -> Vec<Self>;
}

impl Unit for u8 {
    const WIDE: bool = false;
    fn code(self) -> u32 {
        self.into()
    }
    fn ascii(b: u8) -> Self {
        b
    }
    fn from_narrow(s: &[u8]) -> Cow<'_, [u8]> {
        Cow::Borrowed(s)
    }
    fn from_wide(s: &[u16]) -> Vec<Self> {
        String::from_utf16_lossy(s).into_bytes()
    }
}

impl Unit for u16 {
    const WIDE: bool = true;
    fn code(self) -> u32 {
        self.into()
    }
    fn ascii(b: u8) -> Self {
        b.into()
    }
    fn from_narrow(s: &[u8]) -> Cow<'_, [u16]> {
        Cow::Owned(String::from_utf8_lossy(s).encode_utf16().collect())
    }
    fn from_wide(s: &[u16]) -> Vec<Self> {
        s.to_vec()
    }
}

/// States of the CRT's format state machine (`state` in the UCRT, `STATE` in output.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Normal,
    Percent,
    Flag,
    Width,
    Dot,
    Precision,
    Size,
    Type,
}

/// Character classes of the same tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Other,
    Percent,
    Dot,
    Star,
    Zero,
    Digit,
    Flag,
    Size,
    Type,
}

/// One transition of the CRT tables (`standard_lookup_table_spectre` and, when
/// validating, `format_validation_lookup_table_spectre`). `None` is the
/// validating table's `invalid` state. Note that in the standard table a
/// character that does not fit (say `%y` or `%5-d`) just returns to the normal
/// state and is printed literally; that is what both DLLs' plain printf does.
fn next_state(class: Class, prev: State, validate: bool) -> Option<State> {
    use State as S;
    let (next, invalid) = match class {
        Class::Other => (S::Normal, !matches!(prev, S::Normal | S::Type)),
        Class::Percent => match prev {
            S::Normal | S::Type => (S::Percent, false),
            S::Percent => (S::Normal, false),
            _ => (S::Normal, true),
        },
        Class::Dot => match prev {
            S::Percent | S::Flag | S::Width => (S::Dot, false),
            S::Normal | S::Type => (S::Normal, false),
            _ => (S::Normal, true),
        },
        Class::Star => match prev {
            S::Percent | S::Flag => (S::Width, false),
            S::Dot => (S::Precision, false),
            S::Normal | S::Type => (S::Normal, false),
            _ => (S::Normal, true),
        },
        Class::Zero => match prev {
            S::Percent | S::Flag => (S::Flag, false),
            S::Width => (S::Width, false),
            S::Dot | S::Precision => (S::Precision, false),
            S::Size => (S::Normal, true),
            S::Normal | S::Type => (S::Normal, false),
        },
        Class::Digit => match prev {
            S::Percent | S::Flag | S::Width => (S::Width, false),
            S::Dot | S::Precision => (S::Precision, false),
            S::Size => (S::Normal, true),
            S::Normal | S::Type => (S::Normal, false),
        },
        Class::Flag => match prev {
            S::Percent | S::Flag => (S::Flag, false),
            S::Normal | S::Type => (S::Normal, false),
            _ => (S::Normal, true),
        },
        Class::Size => match prev {
            S::Normal | S::Type => (S::Normal, false),
            _ => (S::Size, false),
        },
        Class::Type => match prev {
            S::Normal | S::Type => (S::Normal, false),
            _ => (S::Type, false),
        },
    };
    if validate && invalid {
        None
    } else {
        Some(next)
    }
}

/// UCRT length modifiers (`length_modifier`); the UCRT accepts one per conversion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Len {
    #[default]
    None,
    Hh,
    H,
    L,
    Ll,
    J,
    Z,
    T,
    LongDouble,
    I,
    I32,
    I64,
    W,
    Natural,
}

/// One conversion specification. msvcrt accumulates size flags like output.c
/// (`FL_SHORT`, `FL_LONG`, ...); the UCRT keeps a single [`Len`].
#[derive(Clone, Copy, Debug)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: i32,
    /// -1 means "not given".
    precision: i32,
    len: Len,
    short: bool,
    long: bool,
    longlong: bool,
    int64: bool,
    widechar: bool,
    /// `%n$`: the zero-based slot of the argument (the `_p` functions only).
    position: Option<usize>,
}

impl Spec {
    fn new() -> Self {
        Spec {
            left: false,
            plus: false,
            space: false,
            alt: false,
            zero: false,
            width: 0,
            precision: -1,
            len: Len::None,
            short: false,
            long: false,
            longlong: false,
            int64: false,
            widechar: false,
            position: None,
        }
    }

    /// The sign prefix of a signed conversion.
    fn sign(&self, negative: bool) -> Option<u8> {
        if negative {
            Some(b'-')
        } else if self.plus {
            Some(b'+')
        } else if self.space {
            Some(b' ')
        } else {
            None
        }
    }
}

/// What a size character did to the specification.
enum SizeStep {
    Continue,
    /// msvcrt's `I`, `z`, `t` not followed by what they may modify: printed as is.
    Literal,
    /// The UCRT's `F` outside msvcrt-compatibility mode is the `%F` conversion.
    Conversion,
}

fn is_int_conversion(c: u32) -> bool {
    matches!(char::from_u32(c), Some('d' | 'i' | 'o' | 'u' | 'x' | 'X'))
}

struct Formatter<'a, T: Unit> {
    opts: Options,
    args: &'a mut dyn PrintfArgs,
    out: Vec<T>,
    order: Order,
    /// Bit k: positional argument k was named.
    named: u128,
    /// How each positional argument was read.
    kinds: [ArgKind; MAX_POSITIONAL],
}

impl<'a, T: Unit> Formatter<'a, T> {
    fn new(opts: Options, args: &'a mut dyn PrintfArgs, capacity: usize) -> Self {
        Formatter {
            opts,
            args,
            out: Vec::with_capacity(capacity),
            order: Order::Undecided,
            named: 0,
            kinds: [ArgKind::Unused; MAX_POSITIONAL],
        }
    }

    fn ucrt(&self) -> bool {
        self.opts.flavor == Flavor::Ucrt
    }

    fn ucrt_bit(&self, bit: u64) -> bool {
        self.ucrt() && self.opts.ucrt_options & bit != 0
    }

    fn class(&self, c: u32) -> Class {
        if !(0x20..=0x7a).contains(&c) {
            return Class::Other;
        }
        match c as u8 {
            b' ' | b'#' | b'+' | b'-' => Class::Flag,
            b'%' => Class::Percent,
            b'.' => Class::Dot,
            b'*' => Class::Star,
            b'0' => Class::Zero,
            b'1'..=b'9' => Class::Digit,
            b'F' | b'I' | b'L' | b'N' | b'h' | b'j' | b'l' | b't' | b'w' | b'z' => Class::Size,
            b'T' if self.ucrt() => Class::Size,
            // The validating table has no %n: the _s functions reject it.
            b'n' if self.opts.validate_format => Class::Other,
            b'A' | b'C' | b'E' | b'G' | b'S' | b'X' | b'Z' | b'a' | b'c' | b'd' | b'e' | b'f'
            | b'g' | b'i' | b'n' | b'o' | b'p' | b's' | b'u' | b'x' => Class::Type,
            _ => Class::Other,
        }
    }

    fn run(mut self, fmt: &[T]) -> Option<Vec<T>> {
        let mut state = State::Normal;
        let mut spec = Spec::new();
        let mut i = 0;
        while let Some(&unit) = fmt.get(i) {
            if matches!(state, State::Normal | State::Type) {
                // Up to the next '%' every character is literal in both tables.
                let run = fmt[i..]
                    .iter()
                    .position(|u| matches!(u.code(), 0 | 0x25))
                    .unwrap_or(fmt.len() - i);
                if run > 0 {
                    self.push(&fmt[i..i + run])?;
                    state = State::Normal;
                    i += run;
                    continue;
                }
            }
            let c = unit.code();
            if c == 0 {
                break;
            }
            i += 1;
            state = next_state(self.class(c), state, self.opts.validate_format)?;
            match state {
                State::Normal => self.push(&[unit])?,
                State::Percent => {
                    spec = Spec::new();
                    spec.position = self.position(fmt, &mut i)?;
                }
                State::Flag => match c as u8 {
                    b'-' => spec.left = true,
                    b'+' => spec.plus = true,
                    b' ' => spec.space = true,
                    b'#' => spec.alt = true,
                    _ => spec.zero = true,
                },
                State::Width => {
                    if c == u32::from(b'*') {
                        let position = self.position(fmt, &mut i)?;
                        let width = self.take_arg(position, ArgKind::Int)? as i32;
                        if width < 0 {
                            spec.left = true;
                        }
                        // INT_MIN stays negative, as in C, and then pads nothing.
                        spec.width = width.wrapping_abs();
                    } else {
                        spec.width = self.parse_number(fmt, &mut i, spec.width)?;
                    }
                }
                State::Dot => spec.precision = 0,
                State::Precision => {
                    if c == u32::from(b'*') {
                        let position = self.position(fmt, &mut i)?;
                        let precision = self.take_arg(position, ArgKind::Int)? as i32;
                        spec.precision = if precision < 0 { -1 } else { precision };
                    } else {
                        spec.precision = self.parse_number(fmt, &mut i, spec.precision)?;
                    }
                }
                State::Size => match self.size(c as u8, fmt, &mut i, &mut spec)? {
                    SizeStep::Continue => {}
                    SizeStep::Literal => {
                        state = State::Normal;
                        self.push(&[unit])?;
                    }
                    SizeStep::Conversion => {
                        state = State::Type;
                        self.convert(c as u8, &mut spec)?;
                    }
                },
                State::Type => self.convert(c as u8, &mut spec)?,
            }
        }
        if self.opts.validate_format && !matches!(state, State::Normal | State::Type) {
            return None;
        }
        // "All arguments must be used at least once somewhere in the format string."
        if self.named & self.named.wrapping_add(1) != 0 {
            return None;
        }
        Some(self.out)
    }

    /// A `_p` format's `n$` at `*i`, consumed: `Some(None)` when there is none (or the function
    /// is not positional), `None` for an index outside 1..=`_ARGMAX`.
    fn position(&self, fmt: &[T], i: &mut usize) -> Option<Option<usize>> {
        if !self.opts.positional {
            return Some(None);
        }
        let mut k = *i;
        let mut index = 0usize;
        while let Some(d) = fmt
            .get(k)
            .map(|u| u.code())
            .filter(|c| (0x30..=0x39).contains(c))
        {
            index = (index * 10 + (d - 0x30) as usize).min(MAX_POSITIONAL + 1);
            k += 1;
        }
        if k == *i || fmt.get(k).map(|u| u.code()) != Some(u32::from(b'$')) {
            return Some(None);
        }
        if !(1..=MAX_POSITIONAL).contains(&index) {
            return None;
        }
        *i = k + 1;
        Some(Some(index - 1))
    }

    /// The argument of a conversion or a `*`: the next slot, or the named one for `%n$`.
    /// None when a `_p` format mixes the two ways or reads one argument as two kinds.
    fn take_arg(&mut self, position: Option<usize>, kind: ArgKind) -> Option<u64> {
        let order = if position.is_some() {
            Order::Positional
        } else {
            Order::Sequential
        };
        if self.order == Order::Undecided {
            self.order = order;
        } else if self.order != order {
            return None;
        }
        Some(match position {
            Some(k) => {
                match self.kinds[k] {
                    ArgKind::Unused => self.kinds[k] = kind,
                    seen if seen != kind => return None,
                    _ => {}
                }
                self.named |= 1 << k;
                self.args.slot(k)
            }
            None => self.args.next_u64(),
        })
    }

    /// Width and precision digits. output.c accumulates one digit per state
    /// step (so `%*1d` appends to the `*` width, wrapping like `int`); the UCRT
    /// reads the whole number with `strtol` and fails on overflow.
    fn parse_number(&self, fmt: &[T], i: &mut usize, current: i32) -> Option<i32> {
        let digit = |k: usize| {
            fmt.get(k)
                .map(|u| u.code())
                .filter(|c| (0x30..=0x39).contains(c))
                .map(|c| c - 0x30)
        };
        if !self.ucrt() {
            let d = digit(*i - 1)?;
            return Some(current.wrapping_mul(10).wrapping_add(d as i32));
        }
        let mut value: i64 = 0;
        let mut k = *i - 1;
        while let Some(d) = digit(k) {
            value = value * 10 + i64::from(d);
            if value > i64::from(i32::MAX) {
                return None;
            }
            k += 1;
        }
        *i = k;
        Some(value as i32)
    }

    fn size(&self, c: u8, fmt: &[T], i: &mut usize, spec: &mut Spec) -> Option<SizeStep> {
        let peek = |k: usize| {
            fmt.get(*i + k)
                .map(|u| u.code())
                .filter(|&c| c != 0)
                .unwrap_or(0)
        };
        let is = |k: usize, ch: u8| peek(k) == u32::from(ch);
        if self.ucrt() {
            let compat = self.ucrt_bit(UCRT_LEGACY_MSVCRT_COMPATIBILITY);
            match c {
                b'F' if compat => return Some(SizeStep::Continue),
                b'F' => return Some(SizeStep::Conversion),
                b'N' if compat => return Some(SizeStep::Continue),
                // "N length modifier not specifier": invalid parameter.
                b'N' => return None,
                _ => {}
            }
            if spec.len != Len::None {
                return None;
            }
            spec.len = match c {
                b'h' if is(0, b'h') => {
                    *i += 1;
                    Len::Hh
                }
                b'h' => Len::H,
                b'l' if is(0, b'l') => {
                    *i += 1;
                    Len::Ll
                }
                b'l' => Len::L,
                b'I' if is(0, b'3') && is(1, b'2') => {
                    *i += 2;
                    Len::I32
                }
                b'I' if is(0, b'6') && is(1, b'4') => {
                    *i += 2;
                    Len::I64
                }
                // A bare `I` is only a modifier before an integer conversion;
                // otherwise the UCRT ignores it.
                b'I' if is_int_conversion(peek(0)) => Len::I,
                b'I' => Len::None,
                b'L' => Len::LongDouble,
                b'j' => Len::J,
                b'z' => Len::Z,
                b't' => Len::T,
                b'w' => Len::W,
                _ => Len::Natural,
            };
            return Some(SizeStep::Continue);
        }
        match c {
            // Far/near pointers and long double mean nothing on Win64.
            b'F' | b'N' | b'L' => {}
            b'h' => spec.short = true,
            b'l' if is(0, b'l') => {
                *i += 1;
                spec.longlong = true;
            }
            b'l' => spec.long = true,
            b'w' => spec.widechar = true,
            b'j' => spec.int64 = true,
            b'I' => {
                // output.c departs from the table here: `I` defaults to 64 bits
                // on Win64 and is printed literally unless a size or an integer
                // conversion follows (Wine's tests: "%Iq" -> "Iq", "%I0d" -> "I0d").
                spec.int64 = true;
                if is(0, b'6') && is(1, b'4') {
                    *i += 2;
                } else if is(0, b'3') && is(1, b'2') {
                    *i += 2;
                    spec.int64 = false;
                } else if !is_int_conversion(peek(0)) {
                    return Some(SizeStep::Literal);
                }
            }
            // z and t were added to msvcrt.dll like `I`: only before an integer
            // conversion (Wine's tests on Windows: "%zx" -> "1", "%z" -> "z").
            _ if is_int_conversion(peek(0)) => spec.int64 = true,
            _ => return Some(SizeStep::Literal),
        }
        Some(SizeStep::Continue)
    }

    fn convert(&mut self, c: u8, spec: &mut Spec) -> Option<()> {
        match c {
            b'c' | b'C' => self.convert_char(c, spec),
            b's' | b'S' => self.convert_string(c, spec),
            b'Z' => self.convert_counted_string(spec),
            b'a' | b'A' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => self.convert_float(c, spec),
            b'n' => self.store_count(spec),
            _ => self.convert_integer(c, spec),
        }
    }

    /// Whether `%c`/`%s`/`%Z` (and their capitals) take a wide argument.
    fn wide_argument(&self, c: u8, spec: &Spec) -> bool {
        let natural = c == b'c' || c == b's';
        if self.ucrt() {
            // is_wide_character_specifier
            match spec.len {
                Len::L | Len::W => true,
                Len::H => false,
                Len::Natural => T::WIDE,
                _ => (T::WIDE && self.ucrt_bit(UCRT_LEGACY_WIDE_SPECIFIERS)) == natural,
            }
        } else if c == b'Z' {
            spec.widechar
        } else if T::WIDE {
            !(spec.short || (!natural && !spec.long && !spec.widechar))
        } else {
            spec.long || spec.widechar || (!natural && !spec.short)
        }
    }

    fn convert_char(&mut self, c: u8, spec: &mut Spec) -> Option<()> {
        let raw = self.take_arg(spec.position, ArgKind::Int)?;
        // The low byte, so %c with 0 prints a NUL and 0x158 prints 'X'.
        let narrow = [raw as u8];
        let body = if self.wide_argument(c, spec) {
            Cow::Owned(T::from_wide(&[raw as u16]))
        } else {
            T::from_narrow(&narrow)
        };
        // Narrow output of a wide character counts the bytes it became.
        let len = if T::WIDE { 1 } else { body.len() };
        self.emit(spec, &[], &body, len)
    }

    fn convert_string(&mut self, c: u8, spec: &mut Spec) -> Option<()> {
        let addr = self.take_arg(spec.position, ArgKind::Pointer)?;
        let limit = usize::try_from(spec.precision).unwrap_or(usize::MAX);
        if self.wide_argument(c, spec) {
            let mut units = if addr == 0 {
                "(null)".encode_utf16().collect()
            } else {
                self.args.read_wstr(addr)
            };
            units.truncate(limit);
            // Width counts UTF-16 units even when the output is UTF-8.
            self.emit(spec, &[], &T::from_wide(&units), units.len())
        } else {
            let mut bytes = if addr == 0 {
                b"(null)".to_vec()
            } else {
                self.args.read_cstr(addr)
            };
            if T::WIDE {
                // Precision and width count characters, not bytes.
                let text: String = String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(limit)
                    .collect();
                let count = text.chars().count();
                self.emit(spec, &[], &T::from_narrow(text.as_bytes()), count)
            } else {
                bytes.truncate(limit);
                self.emit(spec, &[], &T::from_narrow(&bytes), bytes.len())
            }
        }
    }

    /// `%Z`: a counted `ANSI_STRING` / `UNICODE_STRING`
    /// (`USHORT Length; USHORT MaximumLength; PCHAR Buffer;` at offset 8).
    fn convert_counted_string(&mut self, spec: &mut Spec) -> Option<()> {
        let addr = self.take_arg(spec.position, ArgKind::Pointer)?;
        let wide = self.wide_argument(b'Z', spec);
        let (length, buffer) = if addr == 0 {
            (0, 0)
        } else {
            let header = self.args.read_bytes(addr, 16)?;
            let length = u16::from_le_bytes(header.get(0..2)?.try_into().ok()?);
            let buffer = u64::from_le_bytes(header.get(8..16)?.try_into().ok()?);
            (usize::from(length), buffer)
        };
        if buffer == 0 {
            let null = T::from_narrow(b"(null)");
            return self.emit(spec, &[], &null, null.len());
        }
        if wide {
            let bytes = self.args.read_bytes(buffer, length & !1)?;
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            self.emit(spec, &[], &T::from_wide(&units), units.len())
        } else {
            let bytes = self.args.read_bytes(buffer, length)?;
            let body = T::from_narrow(&bytes);
            let len = if T::WIDE {
                String::from_utf8_lossy(&bytes).chars().count()
            } else {
                bytes.len()
            };
            self.emit(spec, &[], &body, len)
        }
    }

    /// Bytes of an integer argument, or None for a length the UCRT rejects.
    fn integer_size(&self, spec: &Spec) -> Option<usize> {
        if self.ucrt() {
            match spec.len {
                Len::Hh => Some(1),
                Len::H => Some(2),
                Len::None | Len::L | Len::I32 => Some(4),
                Len::Ll | Len::J | Len::Z | Len::T | Len::I | Len::I64 => Some(8),
                // "Invalid integer length modifier"
                Len::LongDouble | Len::W | Len::Natural => None,
            }
        } else if spec.int64 || spec.longlong {
            Some(8)
        } else if spec.short {
            Some(2)
        } else {
            Some(4)
        }
    }

    fn convert_integer(&mut self, c: u8, spec: &mut Spec) -> Option<()> {
        let signed = c == b'd' || c == b'i';
        let size = if c == b'p' {
            // A pointer is 16 uppercase hex digits: the precision is forced,
            // which also turns off the '0' flag below.
            spec.precision = 16;
            8
        } else {
            self.integer_size(spec)?
        };
        let kind = if size == 8 {
            if c == b'p' {
                ArgKind::Pointer
            } else {
                ArgKind::Int64
            }
        } else {
            ArgKind::Int
        };
        let raw = self.take_arg(spec.position, kind)?;
        let value: i128 = match (size, signed) {
            (1, true) => i128::from(raw as i8),
            (1, false) => i128::from(raw as u8),
            (2, true) => i128::from(raw as i16),
            (2, false) => i128::from(raw as u16),
            (4, true) => i128::from(raw as i32),
            (4, false) => i128::from(raw as u32),
            (_, true) => i128::from(raw as i64),
            (_, false) => i128::from(raw),
        };
        let negative = value < 0;
        let number = value.unsigned_abs() as u64;

        let mut precision = spec.precision;
        if precision < 0 {
            precision = 1;
        } else {
            spec.zero = false;
            if !self.ucrt() {
                precision = precision.min(MSVCRT_MAX_PRECISION);
            }
        }
        let precision = precision as usize;
        if precision > MAX_OUTPUT {
            return None;
        }

        let (radix, upper) = match c {
            b'o' => (8, false),
            b'x' => (16, false),
            b'X' | b'p' => (16, true),
            _ => (10, false),
        };
        // The digits, right-aligned after the precision's zeros and octal's '#' zero: on the
        // stack unless a large precision asks for more.
        let count = match radix {
            10 => number.checked_ilog10().map_or(0, |l| l as usize + 1),
            16 => (67 - number.leading_zeros() as usize) / 4,
            _ => (66 - number.leading_zeros() as usize) / 3,
        };
        let mut length = count.max(precision);
        // '#' gives octal a leading zero unless the precision already did.
        if c == b'o' && spec.alt && length == count {
            length += 1;
        }
        let mut stack = [b'0'; 32];
        let mut heap = Vec::new();
        let digits: &mut [u8] = if length <= stack.len() {
            &mut stack[..length]
        } else {
            heap.resize(length, b'0');
            &mut heap
        };
        // A constant radix per call turns the divisions into multiplications and shifts.
        match radix {
            10 => write_digits::<10>(digits, number, upper),
            16 => write_digits::<16>(digits, number, upper),
            _ => write_digits::<8>(digits, number, upper),
        }

        let mut prefix = [0u8; 3];
        let mut prefix_len = 0;
        if let Some(sign) = spec.sign(negative).filter(|_| signed) {
            prefix[0] = sign;
            prefix_len = 1;
        }
        // No "0x" for zero. msvcrt's %p shares the hex path and its '#';
        // the UCRT gives "0x" to x and X only.
        let hex_prefix = matches!(c, b'x' | b'X') || (c == b'p' && !self.ucrt());
        if spec.alt && hex_prefix && number != 0 {
            prefix[prefix_len] = b'0';
            prefix[prefix_len + 1] = if upper { b'X' } else { b'x' };
            prefix_len += 2;
        }
        self.emit_ascii(spec, &prefix[..prefix_len], digits)
    }

    fn convert_float(&mut self, c: u8, spec: &mut Spec) -> Option<()> {
        let ucrt = self.ucrt();
        let lower = c.to_ascii_lowercase();
        let mut precision = spec.precision;
        if precision < 0 {
            // The UCRT prints all 13 hex digits of %a by default (C11); the
            // VC8-era printf layer of msvcrt.dll uses 6 for every conversion.
            precision = if lower == b'a' && ucrt { 13 } else { 6 };
        } else if precision == 0 && lower == b'g' {
            precision = 1;
        } else if !ucrt {
            precision = precision.min(MSVCRT_MAX_PRECISION);
        }
        let precision = precision as usize;
        if precision > MAX_OUTPUT {
            return None;
        }
        let value = f64::from_bits(self.take_arg(spec.position, ArgKind::Double)?);

        let style = FloatStyle {
            msvcrt: !ucrt,
            standard_rounding: self.ucrt_bit(UCRT_STANDARD_ROUNDING),
            legacy_specials: !ucrt || self.ucrt_bit(UCRT_LEGACY_MSVCRT_COMPATIBILITY),
            exponent_digits: if ucrt {
                if self.ucrt_bit(UCRT_LEGACY_THREE_DIGIT_EXPONENTS) {
                    3
                } else {
                    2
                }
            } else if self.opts.two_digit_exponent {
                2
            } else {
                3
            },
        };
        let mut text = style.convert(value, lower, c.is_ascii_uppercase(), precision);
        // The post-processing below is the CRTs' own, in their order. It is
        // applied to the inf/nan words too, so the UCRT really prints "i.nf"
        // for "%#.0f" of infinity.
        if spec.alt && precision == 0 {
            force_decimal_point(&mut text);
        }
        if lower == b'g' && !spec.alt {
            crop_zeroes(&mut text);
        }
        let negative = text.first() == Some(&b'-');
        let text = &text[usize::from(negative)..];
        // The UCRT pads "inf"/"nan" with spaces and gives them no "0x".
        let word = ucrt && matches!(text.first(), Some(b'i' | b'I' | b'n' | b'N'));
        if word {
            spec.zero = false;
        }
        let mut prefix = [0u8; 3];
        let mut prefix_len = 0;
        if let Some(sign) = spec.sign(negative) {
            prefix[0] = sign;
            prefix_len = 1;
        }
        if ucrt && lower == b'a' && !word {
            prefix[prefix_len] = b'0';
            prefix[prefix_len + 1] = if c == b'A' { b'X' } else { b'x' };
            prefix_len += 2;
        }
        self.emit_ascii(spec, &prefix[..prefix_len], text)
    }

    fn store_count(&mut self, spec: &Spec) -> Option<()> {
        let addr = self.take_arg(spec.position, ArgKind::Pointer)?;
        if !PERCENT_N_ENABLED.load(Ordering::Relaxed) {
            return None;
        }
        let size = if self.ucrt() {
            self.integer_size(spec)?
        } else if spec.short {
            2
        } else {
            4
        };
        let count = self.out.len() as u64;
        self.args.store_count(addr, count, size).then_some(())
    }

    /// Padding, prefix (sign, "0x"), leading zeros, text, trailing padding,
    /// in output.c's order. `len` is the length the CRT pads against.
    fn emit(&mut self, spec: &Spec, prefix: &[u8], body: &[T], len: usize) -> Option<()> {
        self.emit_with(spec, prefix, len, |f| f.push(body))
    }

    /// [`Formatter::emit`] of ASCII text (digits, exponents), converted as it is copied.
    fn emit_ascii(&mut self, spec: &Spec, prefix: &[u8], body: &[u8]) -> Option<()> {
        self.emit_with(spec, prefix, body.len(), |f| f.push_ascii(body))
    }

    fn emit_with(
        &mut self,
        spec: &Spec,
        prefix: &[u8],
        len: usize,
        body: impl FnOnce(&mut Self) -> Option<()>,
    ) -> Option<()> {
        let width = usize::try_from(spec.width).unwrap_or(0);
        let padding = width.saturating_sub(len + prefix.len());
        if !spec.left && !spec.zero {
            self.fill(b' ', padding)?;
        }
        self.push_ascii(prefix)?;
        if spec.zero && !spec.left {
            self.fill(b'0', padding)?;
        }
        body(self)?;
        if spec.left {
            self.fill(b' ', padding)?;
        }
        Some(())
    }

    fn push_ascii(&mut self, bytes: &[u8]) -> Option<()> {
        if self.out.len() + bytes.len() > MAX_OUTPUT {
            return None;
        }
        self.out.extend(bytes.iter().map(|&b| T::ascii(b)));
        Some(())
    }

    fn fill(&mut self, b: u8, count: usize) -> Option<()> {
        if self.out.len() + count > MAX_OUTPUT {
            return None;
        }
        self.out.resize(self.out.len() + count, T::ascii(b));
        Some(())
    }

    fn push(&mut self, units: &[T]) -> Option<()> {
        if self.out.len() + units.len() > MAX_OUTPUT {
            return None;
        }
        self.out.extend_from_slice(units);
        Some(())
    }
}

/// Writes `number`'s digits right-aligned at the end of `digits`.
fn write_digits<const RADIX: u64>(digits: &mut [u8], mut number: u64, upper: bool) {
    let mut at = digits.len();
    while number != 0 {
        let d = (number % RADIX) as u8;
        at -= 1;
        digits[at] = match d {
            0..=9 => b'0' + d,
            _ if upper => b'A' + d - 10,
            _ => b'a' + d - 10,
        };
        number /= RADIX;
    }
}

/// `force_decimal_point`: '#' with precision 0 inserts the point after the
/// leading digits (after "0xh" in msvcrt's hex text, which carries its "0x").
fn force_decimal_point(text: &mut Vec<u8>) {
    let mut at = 1;
    while text.get(at).is_some_and(u8::is_ascii_digit) {
        at += 1;
    }
    if text.get(at).is_some_and(|b| b.eq_ignore_ascii_case(&b'x')) {
        at += 2;
    }
    text.insert(at.min(text.len()), b'.');
}

/// `crop_zeroes`: %g without '#' drops trailing fraction zeros and a bare point.
fn crop_zeroes(text: &mut Vec<u8>) {
    let Some(point) = text.iter().position(|&b| b == b'.') else {
        return;
    };
    let stop = text[point..]
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .map_or(text.len(), |k| point + k);
    let mut keep = stop;
    while keep > point + 1 && text[keep - 1] == b'0' {
        keep -= 1;
    }
    if keep == point + 1 {
        keep = point;
    }
    text.drain(keep..stop);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rounding {
    /// Legacy: a dropped '5' always rounds up (msvcrt, UCRT without STANDARD_ROUNDING).
    HalfUp,
    /// IEEE: exact ties go to the even digit.
    HalfEven,
}

/// Decimal significand of a double: value = 0.DIGITS × 10^decpt, like the
/// CRTs' `_strflt`. Empty digits mean zero. For msvcrt's special values the
/// "digits" are the text `1#INF`, `1#IND`, `1#QNAN` or `1#SNAN` with decpt 1:
/// output.c rounds and pads that text exactly like digits, which is where
/// "1.#INF00", "1.#J" and "1.$" come from.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decimal {
    digits: Vec<u8>,
    decpt: i32,
}

impl Decimal {
    /// The exact decimal expansion of a finite, non-negative double.
    fn exact(v: f64) -> Decimal {
        if v == 0.0 {
            return Decimal {
                digits: Vec::new(),
                decpt: 0,
            };
        }
        let bits = v.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if biased == 0 {
            (fraction, -1074)
        } else {
            (fraction | 1 << 52, biased - 1075)
        };
        let e = e + i64::from(m.trailing_zeros());
        // With m odd, m·2^e has no more significant digits than this: an
        // integer below 2^(53+e), or a fraction ending exactly -e places after
        // the point with at most 16 integer digits. Asking Rust's exact
        // formatter for that many leaves nothing to round.
        let bound = if e >= 0 {
            18 + e * 30103 / 100_000
        } else {
            17 - e
        } as usize;
        let text = format!("{:.*e}", bound - 1, v);
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Decimal {
            digits,
            decpt: exponent.parse::<i32>().unwrap_or(0) + 1,
        }
    }

    /// msvcrt's spelling of an infinity or NaN as a significand.
    fn special(v: f64) -> Decimal {
        let mantissa = v.to_bits() & ((1 << 52) - 1);
        let quiet = 1 << 51;
        let text: &[u8] = if mantissa == 0 {
            b"1#INF"
        } else if v.is_sign_negative() && mantissa == quiet {
            // The "indefinite" NaN that 0.0/0.0 produces on x86.
            b"1#IND"
        } else if mantissa & quiet != 0 {
            b"1#QNAN"
        } else {
            b"1#SNAN"
        };
        Decimal {
            digits: text.to_vec(),
            decpt: 1,
        }
    }

    fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The k-th significant digit, '0' outside the stored ones.
    fn digit(&self, k: i64) -> u8 {
        usize::try_from(k)
            .ok()
            .and_then(|k| self.digits.get(k))
            .copied()
            .unwrap_or(b'0')
    }

    /// Keep `keep` significant digits (possibly none), like `_fptostr`:
    /// the carry walks over '9's and bumps any other byte, so "1#IN" + 'F'
    /// becomes "1#J" just as 0.96 becomes 1.0.
    fn round(&mut self, keep: i64, rounding: Rounding) {
        let len = self.digits.len() as i64;
        if keep >= len {
            return;
        }
        if keep < 0 {
            self.digits.clear();
            self.decpt = 0;
            return;
        }
        let k = keep as usize;
        let dropped = self.digits[k];
        let up = match rounding {
            Rounding::HalfUp => dropped >= b'5',
            Rounding::HalfEven => {
                let odd = k > 0 && (self.digits[k - 1] - b'0') % 2 == 1;
                dropped > b'5' || (dropped == b'5' && (len > keep + 1 || odd))
            }
        };
        self.digits.truncate(k);
        if up {
            let mut at = k;
            loop {
                if at == 0 {
                    self.digits.insert(0, b'1');
                    self.decpt += 1;
                    break;
                }
                at -= 1;
                if self.digits[at] == b'9' {
                    self.digits[at] = b'0';
                } else {
                    self.digits[at] += 1;
                    break;
                }
            }
        }
        while self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
        if self.digits.is_empty() {
            self.decpt = 0;
        }
    }
}

/// How a float conversion behaves in the chosen CRT.
struct FloatStyle {
    /// msvcrt.dll: 17 significant digits, "0x" inside the %a text, %a rounds
    /// only digits above 8.
    msvcrt: bool,
    standard_rounding: bool,
    /// `1.#INF` rather than `inf`.
    legacy_specials: bool,
    exponent_digits: usize,
}

impl FloatStyle {
    /// `_cfltcvt` / `__acrt_fp_format`: the text of one conversion with its
    /// '-' still in front. `conv` is lowercase; `caps` asks for E, P, X, INF.
    fn convert(&self, v: f64, conv: u8, caps: bool, precision: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(precision.min(1024) + 32);
        if v.is_sign_negative() {
            out.push(b'-');
        }
        if !v.is_finite() && !self.legacy_specials {
            let word: &str = if v.is_infinite() {
                "inf"
            } else {
                let mantissa = v.to_bits() & ((1 << 52) - 1);
                if mantissa & (1 << 51) == 0 {
                    "nan(snan)"
                } else if v.is_sign_negative() && mantissa == 1 << 51 {
                    "nan(ind)"
                } else {
                    "nan"
                }
            };
            if caps {
                out.extend(word.to_ascii_uppercase().bytes());
            } else {
                out.extend(word.bytes());
            }
            return out;
        }
        let rounding = if self.standard_rounding && v.is_finite() {
            Rounding::HalfEven
        } else {
            Rounding::HalfUp
        };
        if conv == b'a' {
            if self.msvcrt {
                out.extend(if caps { b"0X" } else { b"0x" });
            }
            if v.is_finite() {
                out.extend(self.hex(v.abs(), precision, caps));
            } else {
                // Both CRTs print the %e text and turn "e+000" into "p+0".
                let mut text = Vec::new();
                format_e(
                    &mut text,
                    Decimal::special(v),
                    precision,
                    false,
                    2,
                    rounding,
                );
                if let Some(e) = text.iter().rposition(|&b| b == b'e') {
                    text[e] = if caps { b'P' } else { b'p' };
                    text.truncate(e + 3);
                }
                out.extend(text);
            }
            return out;
        }
        let decimal = if v.is_finite() {
            self.seventeen_digits(v.abs(), conv, precision)
                .unwrap_or_else(|| {
                    let mut d = Decimal::exact(v.abs());
                    if self.msvcrt {
                        // _fltout2 converts to 17 significant digits; everything after
                        // that prints as zeros ("%.20f" of 0.1 is 0.10000000000000001000).
                        d.round(17, Rounding::HalfUp);
                    }
                    d
                })
        } else {
            Decimal::special(v)
        };
        match conv {
            b'e' => format_e(
                &mut out,
                decimal,
                precision,
                caps,
                self.exponent_digits,
                rounding,
            ),
            b'f' => format_f(&mut out, decimal, precision, rounding),
            _ => self.format_g(&mut out, decimal, precision, caps, rounding),
        }
        out
    }

    /// The quick way to the digits a conversion needs: the double's first 17 significant digits,
    /// correctly rounded (the shortest exact-mode work there is), when they decide the output
    /// exactly as the full expansion would. That is when the value has no more than 17
    /// significant digits; for msvcrt, which rounds to 17 digits first, also when it has more than
    /// 18 (with exactly 18 its half-up rounding of the final 5 can differ); for the UCRT, when the
    /// conversion keeps at most 16 digits and the rest do not read as an exact half. None sends
    /// the caller to [`Decimal::exact`].
    fn seventeen_digits(&self, v: f64, conv: u8, precision: usize) -> Option<Decimal> {
        if v == 0.0 {
            return None;
        }
        // The shortest digits that read back as `v` are all of them when the value has that
        // many significant digits: the exact value is then one of the candidates, and the
        // nearest.
        let mut text = AsciiBuffer::<32>::new();
        write!(text, "{v:e}").ok()?;
        let point = text.as_bytes().iter().position(|&b| b == b'e')?;
        let (mantissa, exponent) = text.as_bytes().split_at(point);
        let decpt = std::str::from_utf8(&exponent[1..])
            .ok()?
            .parse::<i32>()
            .ok()?
            + 1;
        let mut shortest: Vec<u8> = mantissa
            .iter()
            .copied()
            .filter(u8::is_ascii_digit)
            .collect();
        while shortest.last() == Some(&b'0') {
            shortest.pop();
        }
        if significant_digits(v, decpt) == Some(shortest.len() as i64) {
            return Some(Decimal {
                digits: shortest,
                decpt,
            });
        }
        let mut text = AsciiBuffer::<32>::new();
        write!(text, "{v:.16e}").ok()?;
        let (mantissa, exponent) = text.as_bytes().split_at(18);
        let mut digits = [0u8; 17];
        digits[0] = mantissa[0];
        digits[1..].copy_from_slice(&mantissa[2..]);
        // A power of ten may be the value rounded up past it, with one more integer digit than
        // the value has: the digit count below would be off by one.
        if digits[1..].iter().all(|&d| d == b'0') && digits[0] == b'1' {
            return None;
        }
        let decpt = std::str::from_utf8(&exponent[1..])
            .ok()?
            .parse::<i32>()
            .ok()?
            + 1;
        let significant = significant_digits(v, decpt);
        let mut decimal = Decimal {
            digits: digits.to_vec(),
            decpt,
        };
        decimal
            .digits
            .truncate(17 - digits.iter().rev().take_while(|&&d| d == b'0').count());
        match significant {
            Some(n) if n <= 17 => return Some(decimal),
            _ if self.msvcrt => return (significant? > 18).then_some(decimal),
            _ => {}
        }
        let keep = match conv {
            b'e' => precision as i64 + 1,
            b'f' => i64::from(decpt) + precision as i64,
            _ => precision as i64,
        };
        if keep > 16 {
            return None;
        }
        if let Ok(k) = usize::try_from(keep) {
            let rest = &digits[k..];
            if rest[0] == b'5' && rest[1..].iter().all(|&d| d == b'0') {
                return None;
            }
        }
        Some(decimal)
    }

    /// `_cftog` / `fp_format_g`: always with a point; the caller crops zeros.
    fn format_g(
        &self,
        out: &mut Vec<u8>,
        mut d: Decimal,
        precision: usize,
        caps: bool,
        r: Rounding,
    ) {
        let p = precision as i64;
        d.round(p, r);
        let magnitude = if d.is_zero() {
            -1
        } else {
            i64::from(d.decpt) - 1
        };
        if magnitude < -4 || magnitude >= p {
            out.extend([d.digit(0), b'.']);
            out.extend((1..p).map(|k| d.digit(k)));
            exponent(out, caps, magnitude, self.exponent_digits);
            return;
        }
        let fraction = if !d.is_zero() {
            p - i64::from(d.decpt)
        } else if self.msvcrt {
            // output.c always shifts in the leading "0." for zero, which the
            // UCRT stopped doing: "%#.3g" of 0 is "0.000" there, "0.00" here.
            p
        } else {
            p - 1
        };
        integer_part(out, &d);
        out.push(b'.');
        out.extend(fraction_part(&d, fraction));
    }

    /// Hexadecimal significand and binary exponent, without sign or "0x".
    fn hex(&self, v: f64, precision: usize, caps: bool) -> Vec<u8> {
        let bits = v.to_bits();
        let biased = (bits >> 52) & 0x7ff;
        let mantissa = bits & ((1 << 52) - 1);
        let mut lead: u8 = if biased == 0 { 0 } else { 1 };
        let exp = match (biased, mantissa) {
            (0, 0) => 0,
            (0, _) => -1022,
            _ => biased as i64 - 1023,
        };
        let nibble = |k: usize| ((mantissa >> (48 - 4 * k)) & 0xf) as u8;
        let keep = precision.min(13);
        let mut nibbles: Vec<u8> = (0..keep).map(nibble).collect();
        if keep < 13 && mantissa != 0 {
            let next = nibble(keep);
            let below = mantissa & ((1u64 << (48 - 4 * keep)) - 1);
            let previous = if keep == 0 { lead } else { nibbles[keep - 1] };
            let up = if self.msvcrt {
                // VC8-era _cftoa rounds only on 9..f; the UCRT's legacy mode
                // rounds on 8 too (Wine's tests: older ucrtbase gave "0x1p+0"
                // for "%.0a" of 1.5).
                next > 8
            } else if self.standard_rounding {
                next > 8 || (next == 8 && (below != 0 || previous % 2 == 1))
            } else {
                next >= 8
            };
            if up {
                let mut carry = true;
                for n in nibbles.iter_mut().rev() {
                    if *n == 15 {
                        *n = 0;
                    } else {
                        *n += 1;
                        carry = false;
                        break;
                    }
                }
                if carry {
                    // Both CRTs bump the leading digit: 0x1.f8 -> "0x2.0".
                    lead += 1;
                }
            }
        }
        let hexit = |n: u8| match n {
            0..=9 => b'0' + n,
            _ if caps => b'A' + n - 10,
            _ => b'a' + n - 10,
        };
        let mut out = vec![b'0' + lead];
        if precision > 0 {
            out.push(b'.');
        }
        out.extend(nibbles.into_iter().map(hexit));
        out.resize(out.len() + (precision - keep), b'0');
        out.push(if caps { b'P' } else { b'p' });
        out.push(if exp < 0 { b'-' } else { b'+' });
        out.extend(exp.unsigned_abs().to_string().bytes());
        out
    }
}

/// `_cftoe` / `fp_format_e`.
fn format_e(
    out: &mut Vec<u8>,
    mut d: Decimal,
    precision: usize,
    caps: bool,
    digits: usize,
    r: Rounding,
) {
    let p = precision as i64;
    d.round(p + 1, r);
    out.push(d.digit(0));
    if p > 0 {
        out.push(b'.');
        out.extend((1..=p).map(|k| d.digit(k)));
    }
    let exp = if d.is_zero() {
        0
    } else {
        i64::from(d.decpt) - 1
    };
    exponent(out, caps, exp, digits);
}

/// `_cftof` / `fp_format_f`.
fn format_f(out: &mut Vec<u8>, mut d: Decimal, precision: usize, r: Rounding) {
    let p = precision as i64;
    d.round(i64::from(d.decpt) + p, r);
    integer_part(out, &d);
    if p > 0 {
        out.push(b'.');
        out.extend(fraction_part(&d, p));
    }
}

fn integer_part(out: &mut Vec<u8>, d: &Decimal) {
    if d.decpt <= 0 {
        out.push(b'0');
    } else {
        out.extend((0..i64::from(d.decpt)).map(|k| d.digit(k)));
    }
}

fn fraction_part(d: &Decimal, count: i64) -> impl Iterator<Item = u8> + '_ {
    let start = i64::from(d.decpt);
    (start..start + count.max(0)).map(|k| d.digit(k))
}

/// `e+05`: at least `digits` exponent digits.
fn exponent(out: &mut Vec<u8>, caps: bool, exp: i64, digits: usize) {
    out.push(if caps { b'E' } else { b'e' });
    out.push(if exp < 0 { b'-' } else { b'+' });
    let mut text = AsciiBuffer::<24>::new();
    let _ = write!(text, "{:0digits$}", exp.unsigned_abs());
    out.extend_from_slice(text.as_bytes());
}

/// How many significant digits the exact decimal expansion of `v` (finite, positive) has, given
/// its decimal point position `decpt` (v = 0.DIGITS × 10^decpt); None for an integer too large
/// to count quickly.
fn significant_digits(v: f64, decpt: i32) -> Option<i64> {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let e = e + i64::from(m.trailing_zeros());
    if e < 0 {
        // An odd multiple of 2^-k ends exactly k places after the point, in a 5.
        return Some(i64::from(decpt) - e);
    }
    if e > 74 {
        return None;
    }
    // m has at most 53 bits, so this fits.
    let mut stripped = u128::from(m >> m.trailing_zeros()) << e;
    while stripped % 10 == 0 {
        stripped /= 10;
    }
    Some(stripped.ilog10() as i64 + 1)
}

/// A fixed-size text buffer for `write!` without allocating.
struct AsciiBuffer<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> AsciiBuffer<N> {
    fn new() -> Self {
        AsciiBuffer {
            bytes: [0; N],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl<const N: usize> std::fmt::Write for AsciiBuffer<N> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The decimal digits of |v| for `_ecvt`/`_fcvt`/`_gcvt`: rounded half up to the number of
/// significant digits `keep` asks for given the decimal point position (first through
/// msvcrt.dll's 17 when `msvcrt`). Returns the digits, trailing zeros dropped, and the position
/// of the decimal point; a value rounded away entirely keeps its position and has no digits.
/// An infinity or NaN is the runtimes' "1#INF"-style text at position 1, rounded like digits.
pub(crate) fn rounded_digits(v: f64, msvcrt: bool, keep: impl Fn(i32) -> i64) -> (Vec<u8>, i32) {
    let mut d = if v.is_finite() {
        Decimal::exact(v.abs())
    } else {
        Decimal::special(v)
    };
    if msvcrt && v.is_finite() {
        d.round(17, Rounding::HalfUp);
    }
    let decpt = d.decpt;
    let keep = keep(decpt);
    if keep < 0 {
        return (Vec::new(), decpt);
    }
    d.round(keep, Rounding::HalfUp);
    if d.is_zero() {
        return (Vec::new(), decpt);
    }
    (d.digits, d.decpt)
}

// The float literals are Wine's test values, kept digit for digit.
#[cfg(test)]
#[allow(clippy::approx_constant, clippy::excessive_precision)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// Serialises the tests that flip PERCENT_N_ENABLED.
    static PERCENT_N_LOCK: Mutex<()> = Mutex::new(());

    #[derive(Clone, Copy)]
    enum A<'s> {
        I(i64),
        U(u64),
        F(f64),
        /// A narrow string placed in fake guest memory.
        S(&'s str),
        /// Raw narrow bytes in fake guest memory.
        B(&'s [u8]),
        /// A UTF-16 string placed in fake guest memory.
        W(&'s str),
        /// Raw UTF-16 units in fake guest memory.
        Wu(&'s [u16]),
    }

    #[derive(Default)]
    struct Mock {
        slots: Vec<u64>,
        next: usize,
        narrow: HashMap<u64, Vec<u8>>,
        wide: HashMap<u64, Vec<u16>>,
        memory: HashMap<u64, Vec<u8>>,
        stored: Vec<(u64, u64, usize)>,
        refuse_store: bool,
    }

    impl Mock {
        fn new(args: &[A]) -> Mock {
            let mut m = Mock::default();
            for (k, a) in args.iter().enumerate() {
                let addr = 0x10_0000 + 0x1000 * k as u64;
                let slot = match *a {
                    A::I(v) => v as u64,
                    A::U(v) => v,
                    A::F(v) => v.to_bits(),
                    A::S(s) => {
                        m.narrow.insert(addr, s.as_bytes().to_vec());
                        addr
                    }
                    A::B(b) => {
                        m.narrow.insert(addr, b.to_vec());
                        addr
                    }
                    A::W(s) => {
                        m.wide.insert(addr, s.encode_utf16().collect());
                        addr
                    }
                    A::Wu(u) => {
                        m.wide.insert(addr, u.to_vec());
                        addr
                    }
                };
                m.slots.push(slot);
            }
            m
        }
    }

    impl PrintfArgs for Mock {
        fn next_u64(&mut self) -> u64 {
            // Like va_arg past the end: whatever is there; tests use 0xdead.
            let v = self.slots.get(self.next).copied().unwrap_or(0xdead);
            self.next += 1;
            v
        }
        fn slot(&mut self, index: usize) -> u64 {
            self.slots.get(index).copied().unwrap_or(0xdead)
        }
        fn read_cstr(&self, addr: u64) -> Vec<u8> {
            self.narrow[&addr].clone()
        }
        fn read_wstr(&self, addr: u64) -> Vec<u16> {
            self.wide[&addr].clone()
        }
        fn store_count(&mut self, addr: u64, count: u64, size: usize) -> bool {
            self.stored.push((addr, count, size));
            !self.refuse_store
        }
        fn read_bytes(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
            let m = self.memory.get(&addr)?;
            m.get(..len).map(<[u8]>::to_vec)
        }
    }

    fn narrow_with(opts: Options, fmt: &str, args: &[A]) -> Option<String> {
        let mut m = Mock::new(args);
        format_narrow_with(opts, fmt.as_bytes(), &mut m)
            .map(|v| String::from_utf8(v).expect("test output is UTF-8"))
    }

    fn wide_with(opts: Options, fmt: &str, args: &[A]) -> Option<String> {
        let fmt: Vec<u16> = fmt.encode_utf16().collect();
        let mut m = Mock::new(args);
        format_wide_with(opts, &fmt, &mut m).map(|v| String::from_utf16(&v).expect("UTF-16"))
    }

    /// msvcrt.dll printf.
    fn ms(fmt: &str, args: &[A]) -> String {
        narrow_with(Options::new(Flavor::Msvcrt), fmt, args).expect("msvcrt format failed")
    }

    /// ucrtbase.dll printf with the default options.
    fn uc(fmt: &str, args: &[A]) -> String {
        narrow_with(Options::new(Flavor::Ucrt), fmt, args).expect("ucrt format failed")
    }

    /// ucrtbase.dll with explicit option bits (Wine's ucrtbase tests use these).
    fn uc_bits(bits: u64, fmt: &str, args: &[A]) -> String {
        let opts = Options {
            ucrt_options: bits,
            ..Options::new(Flavor::Ucrt)
        };
        narrow_with(opts, fmt, args).expect("ucrt format failed")
    }

    fn both(fmt: &str, args: &[A]) -> String {
        let m = ms(fmt, args);
        assert_eq!(m, uc(fmt, args), "msvcrt and ucrt differ for {fmt:?}");
        m
    }

    const IND: f64 = f64::from_bits(0xfff8_0000_0000_0000);
    const QNAN: f64 = f64::from_bits(0x7ff8_0000_0000_0000);
    const SNAN: f64 = f64::from_bits(0x7ff0_0000_0000_0001);

    #[test]
    fn literal_text_and_percent() {
        assert_eq!(both("hello", &[]), "hello");
        assert_eq!(both("%%0", &[]), "%0");
        assert_eq!(both("100%%", &[]), "100%");
        // A '%' inside a specification ends it and prints itself.
        assert_eq!(both("%5%|", &[]), "%|");
        assert_eq!(both("abc%", &[]), "abc");
        assert_eq!(both("a\0b", &[]), "a");
    }

    #[test]
    fn signed_decimal() {
        assert_eq!(both("%d", &[A::I(-42)]), "-42");
        assert_eq!(both("%i", &[A::I(42)]), "42");
        assert_eq!(both("%+d", &[A::I(5)]), "+5");
        assert_eq!(both("% d", &[A::I(5)]), " 5");
        assert_eq!(both("%+ d", &[A::I(1)]), "+1");
        assert_eq!(both("% d", &[A::I(-5)]), "-5");
        assert_eq!(both("%05d", &[A::I(42)]), "00042");
        assert_eq!(both("%05d", &[A::I(-42)]), "-0042");
        assert_eq!(both("%-5d|", &[A::I(42)]), "42   |");
        assert_eq!(both("%5d", &[A::I(-42)]), "  -42");
        assert_eq!(both("%.3d", &[A::I(7)]), "007");
        assert_eq!(both("%.0d", &[A::I(0)]), "");
        assert_eq!(both("%5.0d|", &[A::I(0)]), "     |");
        assert_eq!(both("%08.3d", &[A::I(7)]), "     007");
        assert_eq!(both("%-1.5d", &[A::I(-100)]), "-00100");
        assert_eq!(both("%3d", &[A::I(1234)]), "1234");
        assert_eq!(both("%d", &[A::I(i64::from(i32::MIN))]), "-2147483648");
        // Only the low 32 bits of the slot are an int.
        assert_eq!(both("%d", &[A::U(0x1_0000_0005)]), "5");
        assert_eq!(both("% .80d", &[A::I(1)]).len(), 81);
        assert_eq!(both("%#-+ 08.5d", &[A::I(100)]), "+00100  ");
    }

    #[test]
    fn unsigned_octal_hex() {
        assert_eq!(both("%u", &[A::I(-1)]), "4294967295");
        assert_eq!(both("%o", &[A::I(10)]), "12");
        assert_eq!(both("%#o", &[A::I(8)]), "010");
        assert_eq!(both("%#o", &[A::I(0)]), "0");
        assert_eq!(both("%#.0o", &[A::I(0)]), "0");
        assert_eq!(both("%#08o", &[A::I(1)]), "00000001");
        assert_eq!(both("%x", &[A::I(255)]), "ff");
        assert_eq!(both("%X", &[A::I(255)]), "FF");
        assert_eq!(both("%#x", &[A::I(255)]), "0xff");
        assert_eq!(both("%#X", &[A::I(255)]), "0XFF");
        assert_eq!(both("%#x", &[A::I(0)]), "0");
        assert_eq!(both("%#012x", &[A::I(1)]), "0x0000000001");
        assert_eq!(both("%#012x", &[A::I(0)]), "000000000000");
        assert_eq!(both("%#04.8x", &[A::I(1)]), "0x00000001");
        assert_eq!(both("%#04.8x", &[A::I(0)]), "00000000");
        assert_eq!(both("%#-08.2x", &[A::I(1)]), "0x01    ");
        assert_eq!(both("%#-08.2x", &[A::I(0)]), "00      ");
        assert_eq!(both("%#.0x", &[A::I(1)]), "0x1");
        assert_eq!(both("%#.0x", &[A::I(0)]), "");
        assert_eq!(both("%x", &[A::I(-1)]), "ffffffff");
    }

    /// Wine's msvcrt tests, which pass on Windows.
    #[test]
    fn wine_msvcrt_i64_table() {
        let m100 = A::I(-100);
        assert_eq!(both("%I64d", &[A::U(0xffff_fffe_0000_0001)]), "-8589934591");
        assert_eq!(both("%lld", &[A::U(0xffff_fffe_0000_0001)]), "-8589934591");
        assert_eq!(both("%+8I64d", &[A::I(100)]), "    +100");
        assert_eq!(both("%+.8I64d", &[A::I(100)]), "+00000100");
        assert_eq!(both("%+10.8I64d", &[A::I(100)]), " +00000100");
        assert_eq!(both("%5I64d", &[m100]), " -100");
        assert_eq!(both("%-5I64d", &[m100]), "-100 ");
        assert_eq!(both("%-8.5I64d", &[m100]), "-00100  ");
        assert_eq!(both("%05I64d", &[m100]), "-0100");
        assert_eq!(both("% 8.5I64d", &[m100]), "  -00100");
        assert_eq!(both("%#+21.18I64x", &[m100]), " 0x00ffffffffffffff9c");
        assert_eq!(both("%#.25I64o", &[m100]), "0001777777777777777777634");
        assert_eq!(both("%#+24.20I64o", &[m100]), " 01777777777777777777634");
        assert_eq!(both("%#+18.21I64X", &[m100]), "0X00000FFFFFFFFFFFFFF9C");
        assert_eq!(both("%#+20.24I64o", &[m100]), "001777777777777777777634");
        assert_eq!(
            both("%#+25.22I64u", &[A::I(-1)]),
            "   0018446744073709551615"
        );
        assert_eq!(
            both("%#+30.25I64u", &[A::I(-1)]),
            "     0000018446744073709551615"
        );
        assert_eq!(
            both("%+#25.22I64d", &[A::I(-1)]),
            "  -0000000000000000000001"
        );
        assert_eq!(both("%#-8.5I64o", &[A::I(100)]), "00144   ");
        assert_eq!(both("%I32d", &[A::I(1)]), "1");
        assert_eq!(both("%I64d", &[A::I(i64::MIN)]), "-9223372036854775808");
    }

    #[test]
    fn length_modifiers() {
        assert_eq!(both("%hd", &[A::I(0x12345)]), "9029");
        assert_eq!(both("%hx", &[A::I(0x12345)]), "2345");
        assert_eq!(both("%hd", &[A::I(0xffff)]), "-1");
        assert_eq!(both("%hu", &[A::I(-1)]), "65535");
        assert_eq!(both("%ld", &[A::U(0x1_ffff_ffff)]), "-1");
        assert_eq!(both("%lld", &[A::I(-5)]), "-5");
        assert_eq!(both("%llu", &[A::U(u64::MAX)]), "18446744073709551615");
        assert_eq!(both("%jd", &[A::I(i64::MIN)]), "-9223372036854775808");
        assert_eq!(both("%ju", &[A::U(u64::MAX)]), "18446744073709551615");
        assert_eq!(both("%zu", &[A::U(u64::MAX)]), "18446744073709551615");
        assert_eq!(
            both("%zx %d", &[A::U(u64::MAX), A::I(1)]),
            "ffffffffffffffff 1"
        );
        assert_eq!(both("%td", &[A::I(i64::MIN)]), "-9223372036854775808");
        assert_eq!(both("%Id", &[A::I(-2)]), "-2");
        assert_eq!(
            both("%Ix %d", &[A::U(0x12345678123456), A::I(1)]),
            "12345678123456 1"
        );
        assert_eq!(
            both("%I64x", &[A::U(0xdead_beef_0000_0001)]),
            "deadbeef00000001"
        );
        // hh: a char in the UCRT, a second 'h' (still short) in msvcrt.dll.
        assert_eq!(uc("%hhd", &[A::I(300)]), "44");
        assert_eq!(uc("%hhd", &[A::I(0xff)]), "-1");
        assert_eq!(uc("%hhu", &[A::I(-1)]), "255");
        assert_eq!(uc("%hhx", &[A::I(0x12345)]), "45");
        assert_eq!(ms("%hhd", &[A::I(300)]), "300");
        assert_eq!(ms("%hhx", &[A::I(0x123)]), "123");
        assert_eq!(ms("%hhx", &[A::I(0x12345)]), "2345");
        // msvcrt ignores L, F and N; w is a no-op for integers.
        assert_eq!(ms("%Ld", &[A::I(3)]), "3");
        assert_eq!(ms("%Fd %Nd", &[A::I(123), A::I(456)]), "123 456");
        assert_eq!(ms("%wd", &[A::I(3)]), "3");
        // msvcrt accumulates size flags: the 'h' of "%lhd" still counts.
        assert_eq!(ms("%lhd", &[A::I(0x10001)]), "1");
    }

    #[test]
    fn ucrt_rejects_what_it_cannot_size() {
        let u = Options::new(Flavor::Ucrt);
        assert_eq!(narrow_with(u, "%lhd", &[A::I(1)]), None);
        assert_eq!(narrow_with(u, "%hhhd", &[A::I(1)]), None);
        assert_eq!(narrow_with(u, "%Ld", &[A::I(1)]), None);
        assert_eq!(narrow_with(u, "%wd", &[A::I(1)]), None);
        assert_eq!(narrow_with(u, "%Nd", &[A::I(1)]), None);
        // ...but L is fine on a double and I64 is one modifier.
        assert_eq!(uc("%Lf", &[A::F(1.5)]), "1.500000");
        assert_eq!(uc("%I64d", &[A::I(-1)]), "-1");
        // With msvcrt compatibility F and N are ignored prefixes again.
        assert_eq!(
            uc_bits(
                UCRT_LEGACY_MSVCRT_COMPATIBILITY,
                "%Fd %Nd",
                &[A::I(123), A::I(456)]
            ),
            "123 456"
        );
    }

    /// Characters that are not a conversion are printed as they are by plain
    /// printf in both DLLs; a size prefix with nothing after it vanishes.
    #[test]
    fn unknown_conversions_print_literally() {
        for f in [both, ms, uc] {
            assert_eq!(f("%b", &[]), "b");
            assert_eq!(f("%H", &[A::I(-1)]), "H");
            assert_eq!(f("%_1I64d", &[A::I(100)]), "_1I64d");
            assert_eq!(f("%w0s", &[A::W("wide")]), "0s");
            assert_eq!(f("%w-s", &[A::W("wide")]), "-s");
            assert_eq!(f("%5y|", &[]), "y|");
            assert_eq!(f("%5-d", &[]), "-d");
            assert_eq!(f("%w", &[A::I(-1)]), "");
            assert_eq!(f("%h", &[A::I(-1)]), "");
            assert_eq!(f("%3h", &[]), "");
            assert_eq!(f("%I64D", &[A::I(-1)]), "D");
        }
        // msvcrt.dll only takes I, z and t before an integer conversion.
        assert_eq!(ms("%I", &[A::I(1)]), "I");
        assert_eq!(ms("%Iq", &[A::I(1)]), "Iq");
        assert_eq!(ms("%Ihd", &[A::I(1)]), "Ihd");
        assert_eq!(ms("%I0d", &[A::I(1)]), "I0d");
        assert_eq!(ms("%z", &[A::I(1)]), "z");
        assert_eq!(ms("%t", &[A::I(1)]), "t");
        assert_eq!(ms("%zx", &[A::I(1)]), "1");
        assert_eq!(ms("%tx", &[A::I(1)]), "1");
        assert_eq!(ms("%k%m%q%r%t%v%y%z", &[]), "kmqrtvyz");
        assert_eq!(ms("%j", &[A::I(-1)]), "");
        assert_eq!(ms("%jd", &[A::I(-1)]), "-1");
        assert_eq!(ms("%F", &[A::I(-1)]), "");
        assert_eq!(ms("%N", &[A::I(-1)]), "");
        assert_eq!(ms("%T", &[]), "T");
        // The UCRT drops a bare I and keeps going.
        assert_eq!(uc("%I", &[]), "");
        assert_eq!(uc("%Iq", &[]), "q");
        assert_eq!(uc("%Ihd", &[A::I(0x10005)]), "5");
        assert_eq!(uc("%z", &[]), "");
        assert_eq!(uc("%k%m%q%r%v%y", &[]), "kmqrvy");
    }

    /// The `_s` functions validate the format.
    #[test]
    fn validating_format() {
        for flavor in [Flavor::Msvcrt, Flavor::Ucrt] {
            let v = Options {
                validate_format: true,
                ..Options::new(flavor)
            };
            assert_eq!(
                narrow_with(v, "%d|%5.2f|%%", &[A::I(1), A::F(1.0)]).unwrap(),
                "1| 1.00|%"
            );
            assert_eq!(narrow_with(v, "%y", &[]), None);
            assert_eq!(narrow_with(v, "%5-d", &[A::I(1)]), None);
            assert_eq!(narrow_with(v, "%5%", &[]), None);
            assert_eq!(narrow_with(v, "%..2d", &[A::I(1)]), None);
            assert_eq!(narrow_with(v, "%**d", &[A::I(1), A::I(1)]), None);
            assert_eq!(narrow_with(v, "%l5d", &[A::I(1)]), None);
            assert_eq!(narrow_with(v, "abc%", &[]), None);
            assert_eq!(narrow_with(v, "%l", &[]), None);
            assert_eq!(narrow_with(v, "%n", &[A::U(0x100)]), None);
        }
    }

    #[test]
    fn width_and_precision_from_arguments() {
        assert_eq!(both("%*d", &[A::I(5), A::I(42)]), "   42");
        assert_eq!(both("%*d|", &[A::I(-5), A::I(42)]), "42   |");
        assert_eq!(both("%-*d|", &[A::I(-5), A::I(42)]), "42   |");
        assert_eq!(both("%.*d", &[A::I(4), A::I(42)]), "0042");
        assert_eq!(both("%.*d", &[A::I(-4), A::I(42)]), "42");
        assert_eq!(both("%.*f", &[A::I(-1), A::F(1.5)]), "1.500000");
        assert_eq!(
            both("%*.*f", &[A::I(8), A::I(2), A::F(3.14159)]),
            "    3.14"
        );
        assert_eq!(both("%.*s", &[A::I(1), A::S("foo")]), "f");
        assert_eq!(both("%*s", &[A::I(-5), A::S("foo")]), "foo  ");
        assert_eq!(both("% *2d", &[A::I(0), A::I(7)]), " 7");
        // Digits after '*': msvcrt appends them, the UCRT starts over.
        assert_eq!(ms("%*1d", &[A::I(1), A::I(3)]), "          3");
        assert_eq!(ms("%0*0d", &[A::I(1), A::I(2)]), "0000000002");
        assert_eq!(uc("%0*2d", &[A::I(1), A::I(3)]), "03");
        assert_eq!(uc("%*0d", &[A::I(1), A::I(2)]), "2");
        // strtol overflow is an invalid format in the UCRT.
        let u = Options::new(Flavor::Ucrt);
        assert_eq!(narrow_with(u, "%99999999999d", &[A::I(1)]), None);
    }

    #[test]
    fn characters() {
        assert_eq!(both("%c", &[A::I('a' as i64)]), "a");
        assert_eq!(both("x%cx", &[A::I(0x100 + 'X' as i64)]), "xXx");
        assert_eq!(both("%3c", &[A::I('a' as i64)]), "  a");
        assert_eq!(both("%-3c|", &[A::I('a' as i64)]), "a  |");
        assert_eq!(both("%04c", &[A::I('1' as i64)]), "0001");
        assert_eq!(both("%-04c", &[A::I('1' as i64)]), "1   ");
        assert_eq!(both("a%cb", &[A::I(0)]), "a\0b");
        // Wide characters become UTF-8; the width counts their bytes.
        assert_eq!(both("%C", &[A::I('a' as i64)]), "a");
        assert_eq!(both("%lc", &[A::I(0xe9)]), "é");
        assert_eq!(both("%wc", &[A::I(0x3042)]), "あ");
        assert_eq!(both("a%Cb", &[A::I(0x3042)]), "aあb");
        assert_eq!(both("%4lc|", &[A::I(0xe9)]), "  é|");
        assert_eq!(both("%lc", &[A::I(0xd800)]), "\u{fffd}");
        assert_eq!(both("%hC", &[A::I('z' as i64)]), "z");
    }

    #[test]
    fn strings() {
        assert_eq!(both("%s", &[A::S("abc")]), "abc");
        assert_eq!(both("%5s|", &[A::S("abc")]), "  abc|");
        assert_eq!(both("%-5s|", &[A::S("abc")]), "abc  |");
        assert_eq!(both("%.1s", &[A::S("foo")]), "f");
        assert_eq!(both("%.0s|", &[A::S("foo")]), "|");
        assert_eq!(both("%04s", &[A::S("foo")]), "0foo");
        assert_eq!(both("%s", &[A::U(0)]), "(null)");
        assert_eq!(both("%.3s", &[A::U(0)]), "(nu");
        assert_eq!(both("%8s|", &[A::U(0)]), "  (null)|");
        assert_eq!(both("%s", &[A::S("%%%%")]), "%%%%");
        assert_eq!(both("%Ls", &[A::S("not wide")]), "not wide");
        assert_eq!(both("%hs", &[A::S("narrow")]), "narrow");
        // Wide strings in narrow output: UTF-8, width in UTF-16 units.
        assert_eq!(both("%S", &[A::W("wide")]), "wide");
        assert_eq!(both("%ls", &[A::W("wide")]), "wide");
        assert_eq!(both("%ws", &[A::W("wide")]), "wide");
        assert_eq!(both("%-10ws|", &[A::W("wide")]), "wide      |");
        assert_eq!(both("%10ws", &[A::W("wide")]), "      wide");
        assert_eq!(both("%ls", &[A::W("héllo wörld")]), "héllo wörld");
        assert_eq!(both("%6ls|", &[A::W("é")]), "     é|");
        assert_eq!(both("%.2ls", &[A::W("日本語")]), "日本");
        assert_eq!(both("%ls", &[A::W("😀")]), "😀");
        assert_eq!(both("%ls", &[A::Wu(&[0x41, 0xdc00, 0x42])]), "A\u{fffd}B");
        assert_eq!(both("%S", &[A::U(0)]), "(null)");
        assert_eq!(ms("%#+ -03whlls", &[A::W("wide")]), "wide");
        // Narrow bytes pass through untouched.
        let mut m = Mock::new(&[A::B(b"\xff\xfe")]);
        assert_eq!(
            format_narrow(Flavor::Msvcrt, b"%s", &mut m).unwrap(),
            b"\xff\xfe".to_vec()
        );
    }

    #[test]
    fn natural_width_strings_in_the_ucrt() {
        assert_eq!(uc("%s %Ts", &[A::S("abcd"), A::S("abcd")]), "abcd abcd");
        let u = Options::new(Flavor::Ucrt);
        assert_eq!(
            wide_with(u, "%hs %Ts", &[A::S("abcd"), A::W("ABCD")]).unwrap(),
            "abcd ABCD"
        );
        // Without legacy wide specifiers %s in wprintf is narrow, as ISO C says.
        let iso = Options {
            ucrt_options: 0,
            ..u
        };
        assert_eq!(
            wide_with(iso, "%s %ls", &[A::S("abcd"), A::W("ABCD")]).unwrap(),
            "abcd ABCD"
        );
        assert_eq!(wide_with(iso, "%S", &[A::W("ABCD")]).unwrap(), "ABCD");
    }

    #[test]
    fn counted_strings() {
        let ansi = {
            let mut m = Mock::new(&[A::U(0x5000)]);
            let mut header = vec![3, 0, 8, 0, 0, 0, 0, 0];
            header.extend(0x6000u64.to_le_bytes());
            m.memory.insert(0x5000, header);
            m.memory.insert(0x6000, b"abcdef".to_vec());
            m
        };
        let mut m = ansi;
        assert_eq!(
            format_narrow(Flavor::Msvcrt, b"[%5Z]", &mut m).unwrap(),
            b"[  abc]"
        );

        let mut m = Mock::new(&[A::U(0x5000)]);
        let mut header = vec![4, 0, 8, 0, 0, 0, 0, 0];
        header.extend(0x6000u64.to_le_bytes());
        m.memory.insert(0x5000, header);
        m.memory.insert(0x6000, vec![b'h', 0, b'i', 0, b'!', 0]);
        assert_eq!(
            format_narrow(Flavor::Msvcrt, b"%wZ", &mut m).unwrap(),
            b"hi"
        );
        // The UCRT's narrow %Z takes a UNICODE_STRING (is_wide_character_specifier).
        let mut m2 = Mock::new(&[A::U(0x5000)]);
        m2.memory = m.memory.clone();
        assert_eq!(format_narrow(Flavor::Ucrt, b"%Z", &mut m2).unwrap(), b"hi");

        assert_eq!(both("%Z", &[A::U(0)]), "(null)");
        // Without guest memory access %Z cannot be printed faithfully.
        let mut m = Mock::new(&[A::U(0x7000)]);
        assert_eq!(format_narrow(Flavor::Msvcrt, b"%Z", &mut m), None);
    }

    #[test]
    fn pointers() {
        assert_eq!(both("%p", &[A::U(0x401000)]), "0000000000401000");
        assert_eq!(both("%p", &[A::U(57)]), "0000000000000039");
        assert_eq!(both("%p", &[A::U(0)]), "0000000000000000");
        assert_eq!(
            both("%p", &[A::U(0xffff_8000_dead_beef)]),
            "FFFF8000DEADBEEF"
        );
        assert_eq!(both("%20p|", &[A::U(1)]), "    0000000000000001|");
        assert_eq!(both("%-20p|", &[A::U(1)]), "0000000000000001    |");
        assert_eq!(both("%.4p", &[A::U(1)]), "0000000000000001");
        assert_eq!(both("%+p", &[A::U(1)]), "0000000000000001");
        // msvcrt's %p shares the %X path, '#' included; the '0' flag is lost
        // to the forced precision.
        assert_eq!(ms("%#020p", &[A::U(57)]), "  0X0000000000000039");
        assert_eq!(ms("%#-020p", &[A::U(57)]), "0X0000000000000039  ");
        assert_eq!(ms("%Fp", &[A::U(57)]), "0000000000000039");
        assert_eq!(ms("%Np", &[A::U(57)]), "0000000000000039");
        assert_eq!(ms("%#p", &[A::U(0)]), "0000000000000000");
        assert_eq!(uc("%#020p", &[A::U(57)]), "    0000000000000039");
    }

    #[test]
    fn percent_n_is_refused_by_default() {
        let _guard = PERCENT_N_LOCK.lock().unwrap();
        PERCENT_N_ENABLED.store(false, Ordering::SeqCst);
        for flavor in [Flavor::Msvcrt, Flavor::Ucrt] {
            let mut m = Mock::new(&[A::U(0x100)]);
            assert_eq!(format_narrow(flavor, b"asdf%n", &mut m), None);
            assert!(m.stored.is_empty());
        }
    }

    #[test]
    fn percent_n_when_enabled() {
        let _guard = PERCENT_N_LOCK.lock().unwrap();
        PERCENT_N_ENABLED.store(true, Ordering::SeqCst);
        let run = |flavor, fmt: &str, args: &[A]| {
            let mut m = Mock::new(args);
            let out = format_narrow(flavor, fmt.as_bytes(), &mut m);
            (out, m.stored)
        };
        let (out, stored) = run(Flavor::Msvcrt, "asdf%n!", &[A::U(0x100)]);
        assert_eq!(out.unwrap(), b"asdf!");
        assert_eq!(stored, vec![(0x100, 4, 4)]);
        let (_, stored) = run(Flavor::Msvcrt, "ab%hn%lln", &[A::U(0x100), A::U(0x200)]);
        assert_eq!(stored, vec![(0x100, 2, 2), (0x200, 2, 4)]);
        let (_, stored) = run(
            Flavor::Ucrt,
            "%s%hhn%hn%n%lln%zn",
            &[A::S("héllo"), A::U(1), A::U(2), A::U(3), A::U(4), A::U(5)],
        );
        let sizes: Vec<_> = stored.iter().map(|s| (s.1, s.2)).collect();
        assert_eq!(sizes, vec![(6, 1), (6, 2), (6, 4), (6, 8), (6, 8)]);
        let (out, _) = run(Flavor::Ucrt, "%Ln", &[A::U(1)]);
        assert_eq!(out, None);
        // A refused store stops formatting.
        let mut m = Mock::new(&[A::U(0x100)]);
        m.refuse_store = true;
        assert_eq!(format_narrow(Flavor::Ucrt, b"x%n", &mut m), None);
        // Wide output counts UTF-16 units.
        let fmt: Vec<u16> = "日本%n".encode_utf16().collect();
        let mut m = Mock::new(&[A::U(0x100)]);
        assert!(format_wide(Flavor::Ucrt, &fmt, &mut m).is_some());
        assert_eq!(m.stored, vec![(0x100, 2, 4)]);
        PERCENT_N_ENABLED.store(false, Ordering::SeqCst);
    }

    #[test]
    fn fixed_notation() {
        assert_eq!(both("%f", &[A::F(3.141592653590000)]), "3.141593");
        assert_eq!(both("%.10f", &[A::F(3.141592653590000)]), "3.1415926536");
        assert_eq!(both("%.11f", &[A::F(3.141592653590000)]), "3.14159265359");
        assert_eq!(
            both("%.15f", &[A::F(std::f64::consts::PI)]),
            "3.141592653589793"
        );
        assert_eq!(
            both("%.13f", &[A::F(37.866261574537077)]),
            "37.8662615745371"
        );
        assert_eq!(
            both("%.14f", &[A::F(37.866261574537077)]),
            "37.86626157453708"
        );
        assert_eq!(
            both("%.15f", &[A::F(37.866261574537077)]),
            "37.866261574537077"
        );
        assert_eq!(both("%2.4f", &[A::F(8.6)]), "8.6000");
        assert_eq!(both("%0f", &[A::F(0.6)]), "0.600000");
        assert_eq!(both("%.0f", &[A::F(0.6)]), "1");
        assert_eq!(both("%.0f", &[A::F(0.4)]), "0");
        assert_eq!(both("%#.0f", &[A::F(3.0)]), "3.");
        assert_eq!(both("%.2f", &[A::F(0.001)]), "0.00");
        assert_eq!(both("%.2f", &[A::F(-0.001)]), "-0.00");
        assert_eq!(both("%f", &[A::F(-0.0)]), "-0.000000");
        assert_eq!(both("%f", &[A::F(0.0)]), "0.000000");
        assert_eq!(both("%.1f", &[A::F(9.96)]), "10.0");
        assert_eq!(both("%.1f", &[A::F(0.96)]), "1.0");
        assert_eq!(both("%08.2f", &[A::F(-3.14159)]), "-0003.14");
        assert_eq!(both("%-8.2f|", &[A::F(3.14159)]), "3.14    |");
        assert_eq!(both("%+.1f", &[A::F(2.2)]), "+2.2");
        assert_eq!(both("% .1f", &[A::F(2.7)]), " 2.7");
        assert_eq!(both("%.3f", &[A::F(1e-10)]), "0.000");
        assert_eq!(both("%.2f", &[A::F(2.35)]), "2.35");
        assert_eq!(both("%.1f", &[A::F(2.35)]), "2.4");
        assert_eq!(uc("%F", &[A::F(1.23)]), "1.230000");
        assert_eq!(uc("%f", &[A::F(1e300)]).len(), 308);
    }

    /// The UCRT prints the exact binary value; msvcrt.dll stops after 17
    /// significant digits (Wine's tests on Windows: "%.30f" of 1/3).
    #[test]
    fn precision_beyond_the_double() {
        assert_eq!(uc("%.20f", &[A::F(0.1)]), "0.10000000000000000555");
        assert_eq!(ms("%.20f", &[A::F(0.1)]), "0.10000000000000001000");
        assert_eq!(
            uc("%.30f", &[A::F(1.0 / 3.0)]),
            "0.333333333333333314829616256247"
        );
        assert_eq!(
            ms("%.30f", &[A::F(1.0 / 3.0)]),
            "0.333333333333333310000000000000"
        );
        assert_eq!(
            uc("%.30f", &[A::F(2f64.sqrt())]),
            "1.414213562373095145474621858739"
        );
        assert_eq!(
            ms("%.30f", &[A::F(2f64.sqrt())]),
            "1.414213562373095100000000000000"
        );
        assert_eq!(uc("%.0f", &[A::F(1e23)]), "99999999999999991611392");
        assert_eq!(ms("%.0f", &[A::F(1e23)]), "99999999999999992000000");
        assert_eq!(uc("%.20e", &[A::F(0.1)]), "1.00000000000000005551e-01");
        assert_eq!(ms("%.20e", &[A::F(0.1)]), "1.00000000000000010000e-001");
        let tiny = f64::from_bits(1);
        assert_eq!(uc("%.3e", &[A::F(tiny)]), "4.941e-324");
        let exact = uc("%.1074f", &[A::F(tiny)]);
        assert!(exact.starts_with("0.000"), "{exact}");
        assert!(exact.starts_with(&format!("0.{}494065645841246544176568792", "0".repeat(323))));
        assert!(exact.ends_with("6419718265533447265625"), "{exact}");
        assert_eq!(uc("%.1100f", &[A::F(tiny)]).len(), 1102);
        assert_eq!(ms("%.600f", &[A::F(0.5)]).len(), 514);
        assert_eq!(uc("%.0f", &[A::F(f64::MAX)]).len(), 309);
    }

    /// The 17-digit shortcut must print exactly what the full expansion prints, for every
    /// flavor, rounding, conversion and precision, including the near-ties it has to refuse.
    #[test]
    fn seventeen_digit_shortcut_matches_the_exact_expansion() {
        let mut values = vec![
            0.25,
            0.125,
            0.1,
            1.5,
            2.5,
            1e22,
            1e23,
            9.5,
            0.05,
            1.005,
            2.675,
            5e-324,
            1e300,
            123456789012345680.0,
            0.30000000000000004,
            8.5e15,
            4.35,
            1234567.125,
            1e-7,
            9007199254740993.0,
            0.000244140625,
            3.0517578125e-5,
            99.995,
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = f64::from_bits(seed >> 1);
            if v.is_finite() {
                values.push(v);
            }
            // Short decimals and exact binary fractions, where ties live.
            values.push((seed % 100_000) as f64 / 1000.0);
            values.push((seed % 1_000_000) as f64 / 1024.0);
            values.push(((seed % 1_000_000) as f64) * 1e10);
        }
        let mut quick = 0;
        for msvcrt in [false, true] {
            for standard_rounding in [false, true] {
                let style = FloatStyle {
                    msvcrt,
                    standard_rounding,
                    legacy_specials: msvcrt,
                    exponent_digits: 2,
                };
                let r = if standard_rounding {
                    Rounding::HalfEven
                } else {
                    Rounding::HalfUp
                };
                for &v in &values {
                    let mut exact = Decimal::exact(v);
                    if msvcrt {
                        exact.round(17, Rounding::HalfUp);
                    }
                    for conv in [b'e', b'f', b'g'] {
                        for precision in 0..24 {
                            let precision = if conv == b'g' {
                                precision.max(1)
                            } else {
                                precision
                            };
                            let Some(fast) = style.seventeen_digits(v, conv, precision) else {
                                continue;
                            };
                            quick += 1;
                            let print = |d: Decimal| {
                                let mut out = Vec::new();
                                match conv {
                                    b'e' => format_e(&mut out, d, precision, false, 2, r),
                                    b'f' => format_f(&mut out, d, precision, r),
                                    _ => style.format_g(&mut out, d, precision, false, r),
                                }
                                String::from_utf8(out).unwrap()
                            };
                            assert_eq!(
                                print(fast),
                                print(exact.clone()),
                                "{v:e} %.{precision}{} msvcrt={msvcrt} standard={standard_rounding}",
                                conv as char
                            );
                        }
                    }
                }
            }
        }
        assert!(quick > 50_000, "the shortcut was taken {quick} times");
    }

    #[test]
    fn rounding_of_exact_ties() {
        // Windows 10 2004+ UCRT with STANDARD_ROUNDING: ties to even.
        for (v, want) in [
            (0.5, "0"),
            (1.5, "2"),
            (2.5, "2"),
            (-0.5, "-0"),
            (-2.5, "-2"),
        ] {
            assert_eq!(uc("%.0f", &[A::F(v)]), want, "{v}");
        }
        assert_eq!(uc("%.1f", &[A::F(0.25)]), "0.2");
        assert_eq!(uc("%.1f", &[A::F(0.35)]), "0.3");
        assert_eq!(uc("%.0e", &[A::F(2.5)]), "2e+00");
        assert_eq!(uc("%.2g", &[A::F(0.125)]), "0.12");
        // Legacy: half away from zero, in the UCRT without the bit and in msvcrt.
        for (v, want) in [
            (0.5, "1"),
            (1.5, "2"),
            (2.5, "3"),
            (-0.5, "-1"),
            (-1.5, "-2"),
        ] {
            assert_eq!(uc_bits(0, "%.0f", &[A::F(v)]), want, "{v}");
            assert_eq!(ms("%.0f", &[A::F(v)]), want, "{v}");
        }
        assert_eq!(ms("%.1f", &[A::F(0.25)]), "0.3");
        assert_eq!(ms("%.2g", &[A::F(0.125)]), "0.13");
    }

    #[test]
    fn scientific_notation() {
        assert_eq!(uc("%e", &[A::F(1.0)]), "1.000000e+00");
        assert_eq!(ms("%e", &[A::F(1.0)]), "1.000000e+000");
        assert_eq!(uc("%E", &[A::F(1.23)]), "1.230000E+00");
        assert_eq!(uc("%E", &[A::F(1.23e123)]), "1.230000E+123");
        assert_eq!(ms("%E", &[A::F(1.23e-123)]), "1.230000E-123");
        assert_eq!(uc("%e", &[A::F(0.0)]), "0.000000e+00");
        assert_eq!(ms("%e", &[A::F(-0.0)]), "-0.000000e+000");
        assert_eq!(uc("%.0e", &[A::F(12345.0)]), "1e+04");
        assert_eq!(uc("%#.0e", &[A::F(12345.0)]), "1.e+04");
        assert_eq!(uc("%.2e", &[A::F(9.999)]), "1.00e+01");
        assert_eq!(uc("%e", &[A::F(5e-324)]), "4.940656e-324");
        assert_eq!(ms("%e", &[A::F(1.7976931348623157e308)]), "1.797693e+308");
        assert_eq!(
            ms("%+#23.15e", &[A::F(789456123.0)]),
            "+7.894561230000000e+008"
        );
        assert_eq!(
            ms("%-#23.15e", &[A::F(789456123.0)]),
            "7.894561230000000e+008 "
        );
        assert_eq!(
            ms("%#23.15e", &[A::F(789456123.0)]),
            " 7.894561230000000e+008"
        );
        assert_eq!(ms("%2.4e", &[A::F(8.6)]), "8.6000e+000");
        assert_eq!(ms("% 2.4e", &[A::F(8.6)]), " 8.6000e+000");
        assert_eq!(ms("% 014.4e", &[A::F(8.6)]), " 008.6000e+000");
        assert_eq!(ms("% 2.4e", &[A::F(-8.6)]), "-8.6000e+000");
        assert_eq!(ms("%+2.4e", &[A::F(8.6)]), "+8.6000e+000");
        assert_eq!(uc("%20e", &[A::F(-765.0)]), "       -7.650000e+02");
        assert_eq!(uc("%.20e", &[A::F(123.0)]), "1.23000000000000000000e+02");
        // _set_output_format(_TWO_DIGIT_EXPONENT) and the UCRT's legacy bit.
        let two = Options {
            two_digit_exponent: true,
            ..Options::new(Flavor::Msvcrt)
        };
        assert_eq!(
            narrow_with(two, "%e", &[A::F(1.0)]).unwrap(),
            "1.000000e+00"
        );
        assert_eq!(
            uc_bits(UCRT_LEGACY_THREE_DIGIT_EXPONENTS, "%E", &[A::F(1.23)]),
            "1.230000E+000"
        );
    }

    #[test]
    fn general_notation() {
        assert_eq!(uc("%g", &[A::F(0.0)]), "0");
        assert_eq!(uc("%g", &[A::F(123.0)]), "123");
        assert_eq!(uc("%g", &[A::F(100000.0)]), "100000");
        assert_eq!(uc("%g", &[A::F(1000000.0)]), "1e+06");
        assert_eq!(ms("%g", &[A::F(1000000.0)]), "1e+006");
        assert_eq!(uc("%g", &[A::F(0.0001)]), "0.0001");
        assert_eq!(uc("%g", &[A::F(0.00001)]), "1e-05");
        assert_eq!(uc("%G", &[A::F(0.00001)]), "1E-05");
        assert_eq!(both("%g", &[A::F(0.0005)]), "0.0005");
        assert_eq!(ms("%g", &[A::F(0.00005)]), "5e-005");
        assert_eq!(ms("%g", &[A::F(0.000005)]), "5e-006");
        assert_eq!(ms("%g", &[A::F(999999999999999.0)]), "1e+015");
        assert_eq!(ms("%g", &[A::F(1000000000000000.0)]), "1e+015");
        assert_eq!(both("%.15g", &[A::F(0.0005)]), "0.0005");
        assert_eq!(uc("%.15g", &[A::F(0.00005)]), "5e-05");
        assert_eq!(both("%.15g", &[A::F(999999999999999.0)]), "999999999999999");
        assert_eq!(uc("%.15g", &[A::F(1000000000000000.0)]), "1e+15");
        assert_eq!(both("%2.4g", &[A::F(8.6)]), "8.6");
        assert_eq!(ms("%#1.1g", &[A::F(789456123.0)]), "8.e+008");
        assert_eq!(uc("%.0g", &[A::F(9.8949714229143402e-05)]), "0.0001");
        assert_eq!(uc("%g", &[A::F(9.999999999999999e-5)]), "0.0001");
        assert_eq!(uc("%#g", &[A::F(1.0)]), "1.00000");
        assert_eq!(uc("%#.3g", &[A::F(123.0)]), "123.");
        assert_eq!(uc("%#.20g", &[A::F(123.0)]), "123.00000000000000000");
        assert_eq!(uc("%#.20g", &[A::F(0.0)]), "0.0000000000000000000");
        assert_eq!(ms("%#.20g", &[A::F(0.0)]), "0.00000000000000000000");
        assert_eq!(uc("%.20g", &[A::F(0.1)]), "0.10000000000000000555");
        assert_eq!(ms("%.20g", &[A::F(0.1)]), "0.10000000000000001");
        assert_eq!(uc("%.3g", &[A::F(9.9996)]), "10");
        assert_eq!(uc("%.3g", &[A::F(99960.0)]), "1e+05");
        assert_eq!(uc("%g", &[A::F(-1.5e-7)]), "-1.5e-07");
        assert_eq!(uc("%010g", &[A::F(-1.5)]), "-0000001.5");
        assert_eq!(uc("%g", &[A::F(1e100)]), "1e+100");
    }

    #[test]
    fn ucrt_infinity_and_nan() {
        let fmt = "%f %F %f %e %E %g %G";
        let inf = f64::INFINITY;
        let args = [inf, inf, -inf, inf, inf, inf, inf].map(A::F);
        assert_eq!(uc(fmt, &args), "inf INF -inf inf INF inf INF");
        assert_eq!(uc("%f %F", &[A::F(QNAN), A::F(QNAN)]), "nan NAN");
        assert_eq!(uc("%f %F", &[A::F(IND), A::F(IND)]), "-nan(ind) -NAN(IND)");
        let zero = std::hint::black_box(0.0f64);
        assert_eq!(uc("%f", &[A::F(zero / zero)]), "-nan(ind)");
        assert_eq!(
            uc("%f %E", &[A::F(SNAN), A::F(SNAN)]),
            "nan(snan) NAN(SNAN)"
        );
        assert_eq!(uc("%f", &[A::F(-QNAN)]), "-nan(ind)");
        assert_eq!(
            uc("%f", &[A::F(f64::from_bits(0xfff8_0000_0000_0001))]),
            "-nan"
        );
        assert_eq!(uc("%a", &[A::F(QNAN)]), "nan");
        assert_eq!(uc("%A", &[A::F(QNAN)]), "NAN");
        assert_eq!(uc("%21a", &[A::F(QNAN)]), "                  nan");
        assert_eq!(uc("%20e", &[A::F(IND)]), "           -nan(ind)");
        assert_eq!(uc("%.20g", &[A::F(-inf)]), "-inf");
        assert_eq!(uc("%#.20g", &[A::F(inf)]), "inf");
        // Spaces, never zeros; signs still apply.
        assert_eq!(uc("%010f|", &[A::F(inf)]), "       inf|");
        assert_eq!(uc("%-6f|", &[A::F(-inf)]), "-inf  |");
        assert_eq!(uc("%+f % f", &[A::F(inf), A::F(QNAN)]), "+inf  nan");
        // The UCRT forces the point into the word itself.
        assert_eq!(uc("%#.0f", &[A::F(inf)]), "i.nf");
    }

    /// Wine's ucrtbase tests for `_CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY`.
    #[test]
    fn ucrt_msvcrt_compatible_specials() {
        let c = UCRT_LEGACY_MSVCRT_COMPATIBILITY;
        let c3 = c | UCRT_LEGACY_THREE_DIGIT_EXPONENTS;
        let inf = f64::INFINITY;
        assert_eq!(uc_bits(c, "%f", &[A::F(inf)]), "1.#INF00");
        assert_eq!(uc_bits(c, "%f", &[A::F(QNAN)]), "1.#QNAN0");
        assert_eq!(uc_bits(c, "%f", &[A::F(IND)]), "-1.#IND00");
        assert_eq!(uc_bits(c, "%a", &[A::F(QNAN)]), "0x1.#QNAN00000000p+0");
        assert_eq!(uc_bits(c, "%A", &[A::F(QNAN)]), "0X1.#QNAN00000000P+0");
        assert_eq!(uc_bits(c, "%e", &[A::F(QNAN)]), "1.#QNAN0e+00");
        assert_eq!(uc_bits(c3, "%e", &[A::F(QNAN)]), "1.#QNAN0e+000");
        assert_eq!(uc_bits(c, "%E", &[A::F(QNAN)]), "1.#QNAN0E+00");
        assert_eq!(uc_bits(c, "%g", &[A::F(QNAN)]), "1.#QNAN");
        assert_eq!(uc_bits(c, "%21a", &[A::F(QNAN)]), " 0x1.#QNAN00000000p+0");
        assert_eq!(uc_bits(c, "%20e", &[A::F(QNAN)]), "        1.#QNAN0e+00");
        assert_eq!(uc_bits(c3, "%20e", &[A::F(QNAN)]), "       1.#QNAN0e+000");
        assert_eq!(uc_bits(c, "%20g", &[A::F(QNAN)]), "             1.#QNAN");
        assert_eq!(
            uc_bits(c, "%.21a", &[A::F(QNAN)]),
            "0x1.#QNAN0000000000000000p+0"
        );
        assert_eq!(
            uc_bits(c, "%.20e", &[A::F(QNAN)]),
            "1.#QNAN000000000000000e+00"
        );
        assert_eq!(uc_bits(c, "%.20g", &[A::F(QNAN)]), "1.#QNAN");
        assert_eq!(uc_bits(c, "%#.20g", &[A::F(QNAN)]), "1.#QNAN00000000000000");
        assert_eq!(uc_bits(c, "%.1g", &[A::F(QNAN)]), "1");
        assert_eq!(uc_bits(c, "%.2g", &[A::F(QNAN)]), "1.$");
        assert_eq!(uc_bits(c, "%.3g", &[A::F(QNAN)]), "1.#R");
        assert_eq!(uc_bits(c, "%a", &[A::F(IND)]), "-0x1.#IND000000000p+0");
        assert_eq!(uc_bits(c, "%21a", &[A::F(IND)]), "-0x1.#IND000000000p+0");
        assert_eq!(uc_bits(c, "%20e", &[A::F(IND)]), "       -1.#IND00e+00");
        assert_eq!(uc_bits(c, "%#.20g", &[A::F(IND)]), "-1.#IND000000000000000");
        assert_eq!(uc_bits(c, "%a", &[A::F(inf)]), "0x1.#INF000000000p+0");
        assert_eq!(uc_bits(c, "%20g", &[A::F(inf)]), "              1.#INF");
        assert_eq!(
            uc_bits(c, "%.20e", &[A::F(-inf)]),
            "-1.#INF0000000000000000e+00"
        );
        assert_eq!(
            uc_bits(c, "%#.20g", &[A::F(-inf)]),
            "-1.#INF000000000000000"
        );
    }

    /// msvcrt.dll's spellings (Wine's msvcrt tests, which pass on Windows).
    #[test]
    fn msvcrt_infinity_and_nan() {
        let inf = f64::INFINITY;
        assert_eq!(ms("%lf", &[A::F(IND)]), "-1.#IND00");
        assert_eq!(ms("%lf", &[A::F(QNAN)]), "1.#QNAN0");
        assert_eq!(ms("%lf", &[A::F(inf)]), "1.#INF00");
        assert_eq!(ms("%f", &[A::F(-inf)]), "-1.#INF00");
        assert_eq!(ms("%f", &[A::F(SNAN)]), "1.#SNAN0");
        assert_eq!(ms("%le", &[A::F(IND)]), "-1.#IND00e+000");
        assert_eq!(ms("%le", &[A::F(QNAN)]), "1.#QNAN0e+000");
        assert_eq!(ms("%le", &[A::F(inf)]), "1.#INF00e+000");
        assert_eq!(ms("%E", &[A::F(inf)]), "1.#INF00E+000");
        assert_eq!(ms("%lg", &[A::F(IND)]), "-1.#IND");
        assert_eq!(ms("%lg", &[A::F(QNAN)]), "1.#QNAN");
        assert_eq!(ms("%lg", &[A::F(inf)]), "1.#INF");
        assert_eq!(ms("%G", &[A::F(inf)]), "1.#INF");
        assert_eq!(ms("%010.2lf", &[A::F(IND)]), "-000001.#J");
        assert_eq!(ms("%010.2lf", &[A::F(QNAN)]), "0000001.#R");
        assert_eq!(ms("%010.2lf", &[A::F(inf)]), "0000001.#J");
        assert_eq!(ms("%.2f", &[A::F(inf)]), "1.#J");
        assert_eq!(ms("%.1f", &[A::F(inf)]), "1.$");
        assert_eq!(ms("%.0f", &[A::F(inf)]), "1");
        assert_eq!(ms("%#.0f", &[A::F(inf)]), "1.");
        assert_eq!(ms("%.5f", &[A::F(QNAN)]), "1.#QNAN");
        assert_eq!(ms("%.4e", &[A::F(QNAN)]), "1.#QNBe+000");
        assert_eq!(ms("%.3g", &[A::F(inf)]), "1.#J");
        assert_eq!(ms("%12f|", &[A::F(inf)]), "    1.#INF00|");
        assert_eq!(ms("%-12f|", &[A::F(inf)]), "1.#INF00    |");
        assert_eq!(ms("%+f", &[A::F(inf)]), "+1.#INF00");
        assert_eq!(ms("%a", &[A::F(inf)]), "0x1.#INF00p+0");
        assert_eq!(ms("%A", &[A::F(IND)]), "-0X1.#IND00P+0");
    }

    #[test]
    fn hexadecimal_floating_point_ucrt() {
        // Wine's ucrtbase tests (option bits 0) and the defaults.
        assert_eq!(uc("%a", &[A::F(1.0)]), "0x1.0000000000000p+0");
        assert_eq!(uc("%a", &[A::F(0.0)]), "0x0.0000000000000p+0");
        assert_eq!(uc("%A", &[A::F(0.0)]), "0X0.0000000000000P+0");
        assert_eq!(uc("%a", &[A::F(0.5)]), "0x1.0000000000000p-1");
        assert_eq!(uc("%a", &[A::F(20.0)]), "0x1.4000000000000p+4");
        assert_eq!(uc("%a", &[A::F(-1.0)]), "-0x1.0000000000000p+0");
        assert_eq!(uc("%a", &[A::F(-0.0)]), "-0x0.0000000000000p+0");
        assert_eq!(uc("%a", &[A::F(0.1)]), "0x1.999999999999ap-4");
        assert_eq!(uc("%A", &[A::F(0.1)]), "0X1.999999999999AP-4");
        assert_eq!(uc("%24a", &[A::F(0.1)]), "    0x1.999999999999ap-4");
        assert_eq!(uc("%024a", &[A::F(0.1)]), "0x00001.999999999999ap-4");
        assert_eq!(uc("%+a", &[A::F(0.1)]), "+0x1.999999999999ap-4");
        assert_eq!(uc("%.2a", &[A::F(0.1)]), "0x1.9ap-4");
        assert_eq!(uc("%.20a", &[A::F(0.1)]), "0x1.999999999999a0000000p-4");
        assert_eq!(uc("%.a", &[A::F(0.1e-20)]), "0x1p-70");
        assert_eq!(uc("%a", &[A::F(0.1e-20)]), "0x1.2e3b40a0e9b4fp-70");
        assert_eq!(
            uc("%a", &[A::F(4.9406564584124654e-324)]),
            "0x0.0000000000001p-1022"
        );
        assert_eq!(uc("%a", &[A::F(f64::MAX)]), "0x1.fffffffffffffp+1023");
        assert_eq!(uc("%.1a", &[A::F(f64::MAX)]), "0x2.0p+1023");
        for bits in [0, UCRT_STANDARD_ROUNDING] {
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(-0.5)]), "-0x1p-1");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(1.5)]), "0x2p+0");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(-1.5)]), "-0x2p+0");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(1.99)]), "0x2p+0");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(2.0)]), "0x1p+1");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(9.5)]), "0x1p+3");
            assert_eq!(uc_bits(bits, "%.0a", &[A::F(10.5)]), "0x1p+3");
            assert_eq!(uc_bits(bits, "%#.0a", &[A::F(-1.5)]), "-0x2.p+0");
            assert_eq!(uc_bits(bits, "%#.0a", &[A::F(0.5)]), "0x1.p-1");
            assert_eq!(uc_bits(bits, "%#.1a", &[A::F(1.09375)]), "0x1.2p+0");
        }
        // Exact ties: up in legacy mode, to even with STANDARD_ROUNDING.
        assert_eq!(uc_bits(0, "%#.1a", &[A::F(1.03125)]), "0x1.1p+0");
        assert_eq!(uc_bits(0, "%#.1a", &[A::F(1.15625)]), "0x1.3p+0");
        assert_eq!(uc("%#.1a", &[A::F(1.03125)]), "0x1.0p+0");
        assert_eq!(uc("%#.1a", &[A::F(1.15625)]), "0x1.2p+0");
    }

    /// msvcrt.dll prints %a through VC8's _cftoa: default precision 6, "0x"
    /// as part of the text, rounding only above 8.
    #[test]
    fn hexadecimal_floating_point_msvcrt() {
        assert_eq!(ms("%a", &[A::F(1.0)]), "0x1.000000p+0");
        assert_eq!(ms("%a", &[A::F(0.1)]), "0x1.99999ap-4");
        assert_eq!(ms("%A", &[A::F(-0.1)]), "-0X1.99999AP-4");
        assert_eq!(ms("%.13a", &[A::F(1.0)]), "0x1.0000000000000p+0");
        assert_eq!(ms("%.0a", &[A::F(1.5)]), "0x1p+0");
        assert_eq!(ms("%.0a", &[A::F(1.99)]), "0x2p+0");
        assert_eq!(ms("%#.0a", &[A::F(1.0)]), "0x1.p+0");
        assert_eq!(ms("%a", &[A::F(0.0)]), "0x0.000000p+0");
        assert_eq!(ms("%16a|", &[A::F(1.0)]), "   0x1.000000p+0|");
        assert_eq!(ms("%016a", &[A::F(-1.0)]), "-000x1.000000p+0");
    }

    #[test]
    fn wide_output() {
        let m = Options::new(Flavor::Msvcrt);
        let u = Options::new(Flavor::Ucrt);
        for o in [m, u] {
            let w = |fmt: &str, args: &[A]| wide_with(o, fmt, args).unwrap();
            assert_eq!(w("%s|%c", &[A::W("wide"), A::I(0x3042)]), "wide|あ");
            assert_eq!(w("%S|%C", &[A::S("narrow"), A::I('n' as i64)]), "narrow|n");
            assert_eq!(
                w("%hs|%hc", &[A::S("narrow"), A::I('n' as i64)]),
                "narrow|n"
            );
            assert_eq!(w("%ls|%lc", &[A::W("wide"), A::I(0x3042)]), "wide|あ");
            assert_eq!(w("%ws|%wc", &[A::W("wide"), A::I(0x3042)]), "wide|あ");
            assert_eq!(w("%S", &[A::S("héllo")]), "héllo");
            assert_eq!(w("%7S|", &[A::S("héllo")]), "  héllo|");
            assert_eq!(w("%.2S|", &[A::S("héllo")]), "hé|");
            assert_eq!(w("%S", &[A::B(b"a\xffb")]), "a\u{fffd}b");
            assert_eq!(w("%C", &[A::I(0xe9)]), "\u{fffd}");
            assert_eq!(w("%s", &[A::U(0)]), "(null)");
            assert_eq!(w("%S", &[A::U(0)]), "(null)");
            assert_eq!(
                w("%5d|%-4x|%+.1f", &[A::I(42), A::I(255), A::F(2.3)]),
                "   42|ff  |+2.3"
            );
            assert_eq!(w("%p", &[A::U(0x401000)]), "0000000000401000");
            assert_eq!(w("日本%s語", &[A::W("ü")]), "日本ü語");
            assert_eq!(w("%c", &[A::I(0)]), "\0");
            assert_eq!(w("%I64d", &[A::U(0xffff_fffe_0000_0001)]), "-8589934591");
            assert_eq!(w("%hs", &[A::S("string")]), "string");
            assert_eq!(w("%5.1s|", &[A::W("wide")]), "    w|");
        }
        for o in [m, u] {
            let args = [A::S("hello"), A::S("hello"), A::W("ab"), A::W("wide")];
            let out = wide_with(o, "%7S|%.2S|%-6s|%5.1s|", &args).unwrap();
            assert_eq!(out, "  hello|he|ab    |    w|");
            let args = [A::W("wide"), A::I('z' as i64), A::I(0x3042)];
            assert_eq!(wide_with(o, "%lS|%hC|%lC", &args).unwrap(), "wide|z|あ");
        }
        assert_eq!(wide_with(m, "%e", &[A::F(1.0)]).unwrap(), "1.000000e+000");
        assert_eq!(wide_with(u, "%e", &[A::F(1.0)]).unwrap(), "1.000000e+00");
        assert_eq!(
            wide_with(m, "%f", &[A::F(f64::INFINITY)]).unwrap(),
            "1.#INF00"
        );
        assert_eq!(wide_with(u, "%F", &[A::F(IND)]).unwrap(), "-NAN(IND)");
        // msvcrt's wprintf: an explicit l on S keeps the argument wide.
        assert_eq!(wide_with(m, "%lS", &[A::W("wide")]).unwrap(), "wide");
        assert_eq!(wide_with(m, "%y%Iq", &[]).unwrap(), "yIq");
        assert_eq!(wide_with(u, "%y%Iq", &[]).unwrap(), "yq");
        // A non-ASCII format character ends a specification like any other.
        assert_eq!(wide_with(u, "%é", &[]).unwrap(), "é");
    }

    #[test]
    fn arguments_are_consumed_in_order() {
        let args = [
            A::I(1),
            A::S("two"),
            A::F(3.5),
            A::U(0x4),
            A::I('5' as i64),
            A::W("six"),
            A::I(7),
        ];
        assert_eq!(
            both("%d %s %.1f %p %c %ls %x", &args),
            "1 two 3.5 0000000000000004 5 six 7"
        );
    }

    fn positional(flavor: Flavor, fmt: &str, args: &[A]) -> Option<String> {
        let opts = Options {
            validate_format: true,
            positional: true,
            ..Options::new(flavor)
        };
        narrow_with(opts, fmt, args)
    }

    #[test]
    fn positional_arguments() {
        for flavor in [Flavor::Msvcrt, Flavor::Ucrt] {
            let p = |fmt: &str, args: &[A]| positional(flavor, fmt, args);
            let words = [A::S("November"), A::S("10")];
            assert_eq!(p("%2$s %1$s", &words).as_deref(), Some("10 November"));
            assert_eq!(
                p("%1$d times %1$d is %2$d", &[A::I(10), A::I(100)]).as_deref(),
                Some("10 times 10 is 100")
            );
            assert_eq!(
                p("%3$-*1$.*2$d|", &[A::I(5), A::I(3), A::I(7)]).as_deref(),
                Some("007  |")
            );
            assert_eq!(
                p("%2$.*1$f", &[A::I(2), A::F(2.5)]).as_deref(),
                Some("2.50")
            );
            // Without n$ the _p functions are plain printf.
            assert_eq!(
                p("%*d|%s", &[A::I(3), A::I(1), A::S("x")]).as_deref(),
                Some("  1|x")
            );
            // Mixed, a gap, positions outside 1..=100, `*` without a position.
            // One argument read as two kinds.
            for bad in ["%1$d %1$s", "%1$d %1$f", "%1$d %1$lld", "%1$*1$s"] {
                assert_eq!(p(bad, &[A::I(1)]), None, "{bad}");
            }
            assert_eq!(p("%1$s %1$d", &[A::S("x")]), None);
            assert_eq!(
                p("%1$d %1$x %1$c %1$hd", &[A::I(65)]).as_deref(),
                Some("65 41 A 65")
            );
            for bad in ["%1$d %d", "%d %1$d", "%2$d", "%0$d", "%101$d", "%1$*d"] {
                assert_eq!(p(bad, &[A::I(1), A::I(2)]), None, "{bad}");
            }
            assert_eq!(
                positional(flavor, "%100$d", &[A::I(1)]),
                None,
                "positions 1..99 unused"
            );
        }
        // Plain printf leaves n$ alone: msvcrt prints the unknown `$` literally.
        assert_eq!(ms("%1$d", &[A::I(4)]), "$d");
    }
}
