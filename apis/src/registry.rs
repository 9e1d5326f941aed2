//! The builtin DLLs and their exports, as the `dll!` spec of each DLL module declares them, and
//! the API-set table that maps `api-ms-win-*` names onto them.

use crate::abi::Addr;
use std::sync::OnceLock;

/// How far an export is implemented (printed by `winrun apis`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Implemented,
    /// Works for the common cases; takes a path it does not support with a `warn!`.
    Partial,
    /// Declared so programs that import it load; calling it reports "unimplemented" and exits.
    Stub,
}

#[derive(Clone, Copy, Debug)]
pub enum ExportKind {
    /// `entry` is the plain Win64 function, `relay` the one that also logs the call.
    Function {
        entry: Addr,
        relay: Addr,
    },
    /// The address of real storage (msvcrt `_iob`, `__argc` ...).
    Data(Addr),
    /// "DLL.Function" in another builtin DLL.
    Forward(&'static str),
    Stub,
}

#[derive(Debug)]
pub struct Export {
    pub name: &'static str,
    /// 0 when the export has no fixed ordinal.
    pub ordinal: u16,
    /// The SDK header family (`fileapi`): relay filters and `winrun apis` group by it.
    pub family: &'static str,
    pub status: Status,
    pub kind: ExportKind,
}

pub struct Dll {
    /// The canonical file name, as Windows spells it ("KERNEL32.dll").
    pub name: &'static str,
    pub id: u8,
    pub exports: &'static [Export],
    /// Export indices sorted by name, built on first lookup.
    by_name: OnceLock<Vec<u16>>,
}

impl Dll {
    pub const fn new(name: &'static str, id: u8, exports: &'static [Export]) -> Self {
        Dll {
            name,
            id,
            exports,
            by_name: OnceLock::new(),
        }
    }

    /// The export called `name` (exact, case-sensitive as on Windows).
    pub fn export(&self, name: &str) -> Option<&'static Export> {
        let exports = self.exports;
        let index = self.by_name.get_or_init(|| {
            let mut v: Vec<u16> = (0..exports.len() as u16).collect();
            v.sort_by_key(|&i| exports[i as usize].name);
            v
        });
        index
            .binary_search_by(|&i| exports[i as usize].name.cmp(name))
            .ok()
            .map(|i| &exports[index[i] as usize])
    }

    /// The export with ordinal `ordinal`.
    pub fn export_by_ordinal(&self, ordinal: u16) -> Option<&'static Export> {
        self.exports
            .iter()
            .find(|e| e.ordinal == ordinal && ordinal != 0)
    }

    /// The file name without ".dll", lowercase: how relay lines and filters name the DLL.
    pub fn short_name(&self) -> String {
        base_name(self.name)
    }
}

/// "KERNEL32.dll" → "kernel32"; "C:\\x\\foo.DLL" → "foo".
pub fn base_name(name: &str) -> String {
    let file = name.rsplit(['\\', '/']).next().unwrap_or(name);
    let lower = file.to_ascii_lowercase();
    lower.strip_suffix(".dll").unwrap_or(&lower).to_string()
}

/// Every builtin DLL, in id order (ids are fixed per DLL and may leave gaps).
/// Every builtin DLL, in id order (ids are fixed per DLL, so the list may have gaps).
pub static DLLS: &[&Dll] = &[
    &crate::kernel32::DLL,
    &crate::ntdll::DLL,
    &crate::msvcrt::DLL,
    &crate::ucrtbase::DLL,
    &crate::shell32::DLL,
    &crate::ws2_32::DLL,
    &crate::bcrypt::DLL,
    &crate::bcryptprimitives::DLL,
    &crate::advapi32::DLL,
    &crate::user32::DLL,
    &crate::shlwapi::DLL,
    &crate::ole32::DLL,
    &crate::oleaut32::DLL,
    &crate::version::DLL,
    &crate::vcruntime140::DLL,
    &crate::winmm::DLL,
    &crate::dbghelp::DLL,
    &crate::userenv::DLL,
];

/// API sets: a name prefix (lowercase, without the version suffix) and the builtin DLL that
/// implements the set. Longest prefix wins.
const API_SETS: &[(&str, &str)] = &[
    ("api-ms-win-crt-", "ucrtbase"),
    ("api-ms-win-core-rtlsupport-", "ntdll"),
    ("api-ms-win-core-", "kernel32"),
    ("ext-ms-win-", "kernel32"),
];

/// Builtin DLLs that answer for other names (kernelbase holds what kernel32 forwards to it).
const ALIASES: &[(&str, &str)] = &[
    ("kernelbase", "kernel32"),
    ("msvcrt40", "msvcrt"),
    // combase.dll holds the COM memory and apartment calls ole32 exports.
    ("combase", "ole32"),
    // vcruntime140_1.dll holds __CxxFrameHandler4, which vcruntime140 implements too.
    ("vcruntime140_1", "vcruntime140"),
];

/// The builtin DLL that provides `name` (any case, with or without ".dll", a path, or an API set).
pub fn find_dll(name: &str) -> Option<&'static Dll> {
    let base = base_name(name);
    let target = API_SETS
        .iter()
        .filter(|(prefix, _)| base.starts_with(prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, dll)| *dll)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == base).map(|(_, d)| *d))
        .unwrap_or(&base);
    DLLS.iter().copied().find(|d| d.short_name() == target)
}

/// Declares a DLL's exports: its whole `.spec` in one place.
///
/// ```ignore
/// crate::dll! {
///     name: "KERNEL32.dll", id: 0;
///     fn errhandlingapi: GetLastError, SetLastError;
///     partial libloaderapi: LoadLibraryExW;
///     data crt: _iob;
///     forward: AddVectoredExceptionHandler = "ntdll.RtlAddVectoredExceptionHandler";
///     stub: AddConsoleAliasA, Beep;
/// }
/// ```
///
/// `fn` entries are implemented, `partial` ones work for common cases; each names the family
/// module holding the `#[dllexport]` functions. `Name @ 7` gives an ordinal; `Name as "x"` an
/// export name that is not a Rust identifier.
#[macro_export]
macro_rules! dll {
    (name: $dll:literal, id: $id:literal; $($body:tt)*) => {
        pub const ID: u8 = $id;
        pub static DLL: $crate::registry::Dll =
            $crate::registry::Dll::new($dll, $id, &$crate::dll!(@exports $id [] $($body)*));
    };
    (@exports $id:literal [$($out:expr,)*]) => { [$($out,)*] };
    (@exports $id:literal [$($out:expr,)*]
        fn $family:ident : $($f:ident $(@ $ord:literal)? $(as $ename:literal)?),+ ; $($rest:tt)*) => {
        $crate::dll!(@exports $id [$($out,)* $(
            $crate::dll!(@fn $id, $family, $f, $crate::registry::Status::Implemented, $($ord)?, $($ename)?),
        )+] $($rest)*)
    };
    (@exports $id:literal [$($out:expr,)*]
        partial $family:ident : $($f:ident $(@ $ord:literal)? $(as $ename:literal)?),+ ; $($rest:tt)*) => {
        $crate::dll!(@exports $id [$($out,)* $(
            $crate::dll!(@fn $id, $family, $f, $crate::registry::Status::Partial, $($ord)?, $($ename)?),
        )+] $($rest)*)
    };
    (@exports $id:literal [$($out:expr,)*]
        data $family:ident : $($f:ident $(as $ename:literal)?),+ ; $($rest:tt)*) => {
        $crate::dll!(@exports $id [$($out,)* $(
            $crate::registry::Export {
                name: $crate::dll!(@name $f, $($ename)?),
                ordinal: 0,
                family: stringify!($family),
                status: $crate::registry::Status::Implemented,
                kind: $crate::registry::ExportKind::Data(
                    $crate::abi::Addr(&raw const $family::$f as *const ())),
            },
        )+] $($rest)*)
    };
    (@exports $id:literal [$($out:expr,)*]
        forward : $($f:ident $(as $ename:literal)? = $target:literal),+ ; $($rest:tt)*) => {
        $crate::dll!(@exports $id [$($out,)* $(
            $crate::registry::Export {
                name: $crate::dll!(@name $f, $($ename)?),
                ordinal: 0,
                family: "forward",
                status: $crate::registry::Status::Implemented,
                kind: $crate::registry::ExportKind::Forward($target),
            },
        )+] $($rest)*)
    };
    (@exports $id:literal [$($out:expr,)*]
        stub : $($f:ident $(@ $ord:literal)? $(as $ename:literal)?),+ ; $($rest:tt)*) => {
        $crate::dll!(@exports $id [$($out,)* $(
            $crate::registry::Export {
                name: $crate::dll!(@name $f, $($ename)?),
                ordinal: $crate::dll!(@ord $($ord)?),
                family: "stub",
                status: $crate::registry::Status::Stub,
                kind: $crate::registry::ExportKind::Stub,
            },
        )+] $($rest)*)
    };
    (@fn $id:literal, $family:ident, $f:ident, $status:expr, $($ord:literal)?, $($ename:literal)?) => {
        $crate::registry::Export {
            name: $crate::dll!(@name $f, $($ename)?),
            ordinal: $crate::dll!(@ord $($ord)?),
            family: stringify!($family),
            status: $status,
            kind: $crate::registry::ExportKind::Function {
                entry: $crate::abi::Addr($family::$f::entry as *const ()),
                relay: $crate::abi::Addr($family::$f::relay::<$id> as *const ()),
            },
        }
    };
    (@name $f:ident, $ename:literal) => { $ename };
    (@name $f:ident, ) => { stringify!($f) };
    (@ord $ord:literal) => { $ord };
    (@ord) => { 0 };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each export is declared once: a name (or ordinal) listed twice would make lookups
    /// depend on sort order.
    #[test]
    fn every_export_is_declared_once() {
        for dll in DLLS {
            let mut names: Vec<&str> = dll.exports.iter().map(|e| e.name).collect();
            names.sort_unstable();
            for pair in names.windows(2) {
                assert_ne!(pair[0], pair[1], "{} declares {} twice", dll.name, pair[0]);
            }
            let mut ordinals: Vec<u16> = dll
                .exports
                .iter()
                .map(|e| e.ordinal)
                .filter(|&o| o != 0)
                .collect();
            ordinals.sort_unstable();
            for pair in ordinals.windows(2) {
                assert_ne!(
                    pair[0], pair[1],
                    "{} declares ordinal {} twice",
                    dll.name, pair[0]
                );
            }
        }
    }

    /// Relay lines name a DLL by its id, so no two DLLs share one.
    #[test]
    fn dll_ids_ascend_without_repeats() {
        for pair in DLLS.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} and {} out of id order",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn api_sets_resolve_to_their_host_dll() {
        assert_eq!(
            find_dll("api-ms-win-crt-stdio-l1-1-0.dll").map(|d| d.name),
            Some("ucrtbase.dll")
        );
        assert_eq!(
            find_dll("API-MS-WIN-CORE-SYNCH-L1-2-0").map(|d| d.name),
            Some("KERNEL32.dll")
        );
        assert_eq!(
            find_dll("kernelbase.dll").map(|d| d.name),
            Some("KERNEL32.dll")
        );
        assert_eq!(
            find_dll(r"C:\windows\system32\MSVCRT.DLL").map(|d| d.name),
            Some("msvcrt.dll")
        );
        assert!(find_dll("nosuch.dll").is_none());
    }
}
