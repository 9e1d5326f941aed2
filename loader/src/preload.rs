//! Shims: Linux libraries named by `--preload` and `WINRUN_PRELOAD` that replace or wrap single
//! exports (DESIGN §9, the ABI in the `shims` crate). They are all loaded and checked before any
//! import is bound; one bad entry refuses the whole set, so a program never runs half-shimmed.
//!
//! Several shims replacing one function form a chain in preload order: the import is bound to
//! the first shim's replacement, whose `next` is the second's, and the last one's `next` is what
//! the import would have been bound to without shims (builtin, native export, or the
//! "unimplemented" stub). The binder asks this module only when shims are loaded, and only
//! while binding: calls go straight to the replacement.

use crate::pe::imports::ImportName;
use apis::registry::{self, Dll, Export, ExportKind, Status};
use shims::{ABI_VERSION, ENTRY_SYMBOL, LogFn, NextSlot, PROVIDE, ShimEntry, ShimTable};
use std::collections::{HashMap, HashSet};
use std::ffi::{CStr, c_char};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::Ordering;

/// Why a shim set was refused.
#[derive(Debug, thiserror::Error)]
pub enum ShimError {
    #[error("shim {path}: cannot load: {why}")]
    Load { path: String, why: String },
    #[error("shim {path}: not a winrun shim (it exports no `{ENTRY_SYMBOL}` function)")]
    NoEntry { path: String },
    #[error(
        "shim {path}: built for shim ABI version {found}, but this winrun reads version \
         {ABI_VERSION}; rebuild it against this winrun's shims crate"
    )]
    Version { path: String, found: u32 },
    #[error("shim {path}: malformed table: {why}")]
    Table { path: String, why: String },
    #[error("shim {shim} ({path}): entry {entry}: {why}")]
    Entry {
        shim: String,
        path: String,
        entry: String,
        why: String,
    },
}

/// More entries than any real shim has: the table is corrupt.
const MAX_ENTRIES: u32 = 4096;

struct Shim {
    name: String,
    /// Kept loaded for the life of the process: replacements are bound into import tables.
    _library: libloading::Library,
}

/// One replacement in a chain.
struct Link {
    shim: usize,
    replacement: u64,
    next: &'static NextSlot,
}

/// A replaced function: by name, or by ordinal when the entry gives no name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Function {
    Name(String),
    Ordinal(u16),
}

pub struct Preload {
    shims: Vec<Shim>,
    /// (DLL key, function) → its replacements, the first preloaded first.
    chains: HashMap<(String, Function), Vec<Link>>,
    /// Ordinals that entries gave beside a name: (DLL key, ordinal) → name.
    ordinal_names: HashMap<(String, u16), String>,
    /// DLLs that only shims provide, as builtin DLLs of stubs (made on first use).
    provided: HashMap<String, &'static Dll>,
}

static PRELOAD: OnceLock<Preload> = OnceLock::new();

/// The loaded shims; `None` when there are none (the binder then does nothing extra).
pub fn active() -> Option<&'static Preload> {
    PRELOAD.get()
}

/// How shims and the binder name a DLL: the builtin's short name for builtin DLLs and their
/// aliases and API sets ("kernel32"), otherwise the lowercase file name without ".dll".
pub fn dll_key(name: &str) -> String {
    registry::find_dll(name).map_or_else(|| registry::base_name(name), |d| d.short_name())
}

/// The shim libraries to load: the command line's first, then WINRUN_PRELOAD's (colon-separated,
/// like LD_PRELOAD).
pub fn requested(from_command_line: &[PathBuf]) -> Vec<PathBuf> {
    let mut all = from_command_line.to_vec();
    if let Some(env) = std::env::var_os("WINRUN_PRELOAD") {
        all.extend(std::env::split_paths(&env).filter(|p| !p.as_os_str().is_empty()));
    }
    all
}

/// Loads and checks every shim in `paths`, then makes them active. `native_dll_exists` says
/// whether a native DLL of that name would be found for the program.
pub fn load_all(
    paths: &[PathBuf],
    native_dll_exists: impl Fn(&str) -> bool,
) -> Result<(), ShimError> {
    if paths.is_empty() {
        return Ok(());
    }
    let mut preload = Preload {
        shims: Vec::new(),
        chains: HashMap::new(),
        ordinal_names: HashMap::new(),
        provided: HashMap::new(),
    };
    // Entries whose DLL must exist: checked once every shim's `provide` entries are known.
    let mut needs_dll: Vec<(String, String, String, String)> = Vec::new();
    let mut provided_names: HashMap<String, String> = HashMap::new();
    for path in paths {
        let shown = path.display().to_string();
        let (library, table) = open(path)?;
        let name = c_string(table.name).ok_or_else(|| ShimError::Table {
            path: shown.clone(),
            why: "the shim's name is missing or not UTF-8".into(),
        })?;
        // A count this large is garbage (no shim replaces a thousand functions), not a table
        // to read entries past the end of.
        if table.entry_count > MAX_ENTRIES {
            return Err(ShimError::Table {
                path: shown,
                why: format!("{} entries (at most {MAX_ENTRIES})", table.entry_count),
            });
        }
        if table.entry_count > 0 && table.entries.is_null() {
            return Err(ShimError::Table {
                path: shown,
                why: format!("{} entries but no entry array", table.entry_count),
            });
        }
        let index = preload.shims.len();
        let entries: &[ShimEntry] = if table.entry_count == 0 {
            &[]
        } else {
            // SAFETY: the library's table says `entries` points at `entry_count` entries; the
            // library stays loaded for the life of the process (kept in `Shim`, never dropped
            // once active), so the slice is valid for 'static.
            unsafe { std::slice::from_raw_parts(table.entries, table.entry_count as usize) }
        };
        let mut seen = HashSet::new();
        for (number, entry) in entries.iter().enumerate() {
            let fail = |entry: String, why: String| ShimError::Entry {
                shim: name.clone(),
                path: shown.clone(),
                entry,
                why,
            };
            let e = read_entry(entry).map_err(|why| fail(format!("#{number}"), why))?;
            let key = dll_key(&e.dll);
            let display = format!("{}!{}", e.dll, e.function_display());
            if !seen.insert((key.clone(), e.function.clone())) {
                return Err(fail(display, "listed twice in this shim".into()));
            }
            if let (Some(dll), Function::Name(f)) = (registry::find_dll(&e.dll), &e.function)
                && dll.export(f).is_none()
                && let Some(similar) = dll.exports.iter().find(|x| x.name.eq_ignore_ascii_case(f))
            {
                return Err(fail(
                    display,
                    format!(
                        "{} has no export {f}; did you mean {}?",
                        dll.name, similar.name
                    ),
                ));
            }
            if e.flags & PROVIDE != 0 {
                provided_names.entry(key.clone()).or_insert(e.dll.clone());
            } else if registry::find_dll(&e.dll).is_none() {
                needs_dll.push((name.clone(), shown.clone(), display, e.dll.clone()));
            }
            if let (Function::Name(f), Some(ordinal)) = (&e.function, e.ordinal) {
                preload
                    .ordinal_names
                    .entry((key.clone(), ordinal))
                    .or_insert_with(|| f.clone());
            }
            preload
                .chains
                .entry((key, e.function))
                .or_default()
                .push(Link {
                    shim: index,
                    replacement: e.replacement,
                    next: e.next,
                });
        }
        if !table.log.is_null() {
            // SAFETY: non-null, and the table's `log` points at the library's static slot.
            let slot = unsafe { &*table.log };
            slot.context.store(index, Ordering::Relaxed);
            slot.function
                .store(shim_log as LogFn as usize, Ordering::Release);
        }
        preload.shims.push(Shim {
            name,
            _library: library,
        });
    }
    for (shim, path, entry, dll) in needs_dll {
        if !provided_names.contains_key(&dll_key(&dll)) && !native_dll_exists(&dll) {
            return Err(ShimError::Entry {
                shim,
                path,
                entry,
                why: format!(
                    "no DLL {dll}: winrun has no builtin of that name and the program has none \
                     beside it (mark the entry `provide` if the shim provides the DLL)"
                ),
            });
        }
    }
    for (key, spelled) in provided_names {
        if registry::find_dll(&spelled).is_none() {
            let dll = provided_dll(&preload, &key, &spelled);
            preload.provided.insert(key, dll);
        }
    }
    for shim in &preload.shims {
        tracing::info!(target: "shim", "loaded shim {}", shim.name);
    }
    let _ = PRELOAD.set(preload);
    Ok(())
}

/// Opens the library and returns its table, with the ABI version checked.
fn open(path: &Path) -> Result<(libloading::Library, &'static ShimTable), ShimError> {
    let shown = path.display().to_string();
    // A bare name would make dlopen search the system's library path; a file that is here is
    // meant (as `./name`).
    let target = if path.exists() {
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    // SAFETY: loading a library runs its initialisers; the user asked for this library to be
    // injected into the program, which is the point of a shim.
    let library = unsafe { libloading::Library::new(&target) }.map_err(|e| ShimError::Load {
        path: shown.clone(),
        // dlerror()'s text ("...: cannot open shared object file: No such file or directory").
        why: std::error::Error::source(&e).map_or_else(|| e.to_string(), |s| s.to_string()),
    })?;
    // SAFETY: the symbol's type is the ABI's `const struct winrun_shim *winrun_shim(void)`.
    let entry =
        unsafe { library.get::<extern "C" fn() -> *const ShimTable>(ENTRY_SYMBOL.as_bytes()) }
            .map_err(|_| ShimError::NoEntry {
                path: shown.clone(),
            })?;
    let table = entry();
    if table.is_null() {
        return Err(ShimError::Table {
            path: shown,
            why: format!("{ENTRY_SYMBOL}() returned NULL"),
        });
    }
    // SAFETY: `abi_version` is the first field of every version of the table, so it can be read
    // before the version is known; the table is static data of the loaded library.
    let found = unsafe { std::ptr::read(table.cast::<u32>()) };
    if found != ABI_VERSION {
        return Err(ShimError::Version { path: shown, found });
    }
    // SAFETY: a version-1 table, static data of a library that stays loaded while active.
    Ok((library, unsafe { &*table }))
}

/// A NUL-terminated UTF-8 string of the table; `None` when null or not UTF-8.
fn c_string(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-null, and the ABI makes every string of the table NUL-terminated static data.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str().ok().map(str::to_string)
}

struct EntryFields {
    dll: String,
    function: Function,
    ordinal: Option<u16>,
    flags: u32,
    replacement: u64,
    next: &'static NextSlot,
}

impl EntryFields {
    fn function_display(&self) -> String {
        match &self.function {
            Function::Name(n) => n.clone(),
            Function::Ordinal(o) => format!("#{o}"),
        }
    }
}

fn read_entry(entry: &ShimEntry) -> Result<EntryFields, String> {
    let dll = c_string(entry.dll).ok_or("the DLL name is missing or not UTF-8")?;
    if dll.is_empty() || dll.contains(['/', '\\', '!']) {
        return Err(format!("{dll:?} is not a DLL name"));
    }
    let ordinal = match entry.ordinal {
        0 => None,
        o => Some(u16::try_from(o).map_err(|_| format!("{dll}: ordinal {o} is out of range"))?),
    };
    let function = match (entry.function.is_null(), ordinal) {
        (true, Some(o)) => Function::Ordinal(o),
        (true, None) => return Err(format!("{dll}: neither a function name nor an ordinal")),
        (false, _) => {
            let name = c_string(entry.function)
                .ok_or_else(|| format!("{dll}: the function name is not UTF-8"))?;
            if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c == '!') {
                return Err(format!("{dll}!{name:?} is not a function name"));
            }
            Function::Name(name)
        }
    };
    let what = match &function {
        Function::Name(n) => format!("{dll}!{n}"),
        Function::Ordinal(o) => format!("{dll}!#{o}"),
    };
    if entry.flags & !PROVIDE != 0 {
        return Err(format!(
            "{what}: unknown flags {:#x}",
            entry.flags & !PROVIDE
        ));
    }
    if entry.replacement.is_null() {
        return Err(format!("{what}: no replacement function"));
    }
    if entry.next.is_null() {
        return Err(format!("{what}: no `next` slot"));
    }
    Ok(EntryFields {
        dll,
        function,
        ordinal,
        flags: entry.flags,
        replacement: entry.replacement as u64,
        // SAFETY: non-null, and the slot is static data of the library, which stays loaded.
        next: unsafe { &*entry.next },
    })
}

/// A builtin-like DLL for a DLL only shims provide: every replaced function is a declared stub,
/// which the shims' chains then replace.
fn provided_dll(preload: &Preload, key: &str, spelled: &str) -> &'static Dll {
    let file = if spelled.contains('.') {
        spelled.to_string()
    } else {
        format!("{spelled}.dll")
    };
    let ordinal_of = |name: &str| {
        preload
            .ordinal_names
            .iter()
            .find(|((k, _), n)| k == key && n.as_str() == name)
            .map_or(0, |((_, o), _)| *o)
    };
    let exports: Vec<Export> = preload
        .chains
        .keys()
        .filter(|(k, _)| k == key)
        .map(|(_, f)| {
            let (name, ordinal) = match f {
                Function::Name(n) => (n.clone(), ordinal_of(n)),
                Function::Ordinal(o) => (format!("#{o}"), *o),
            };
            Export {
                name: Box::leak(name.into_boxed_str()),
                ordinal,
                family: "shim",
                status: Status::Stub,
                kind: ExportKind::Stub,
            }
        })
        .collect();
    Box::leak(Box::new(Dll::new(
        Box::leak(file.into_boxed_str()),
        u8::MAX,
        Box::leak(exports.into_boxed_slice()),
    )))
}

impl Preload {
    /// The chain replacing `name` of the DLL `key`. `builtin_name` is the export's name when the
    /// import is by ordinal into a DLL that knows the name.
    fn chain(&self, key: &str, name: &ImportName, builtin_name: Option<&str>) -> Option<&[Link]> {
        let function = match (name, builtin_name) {
            (ImportName::Name(n), _) => Function::Name(n.clone()),
            (ImportName::Ordinal(_), Some(n)) => Function::Name(n.to_string()),
            (ImportName::Ordinal(o), None) => {
                match self.ordinal_names.get(&(key.to_string(), *o)) {
                    Some(n) => Function::Name(n.clone()),
                    None => Function::Ordinal(*o),
                }
            }
        };
        self.chains
            .get(&(key.to_string(), function))
            .map(Vec::as_slice)
    }

    /// Where an import of `name` from DLL `key` is bound when shims replace it: the first
    /// replacement, after storing each shim's `next` (the last one's is `unshimmed()`).
    pub fn bind(
        &self,
        key: &str,
        name: &ImportName,
        builtin_name: Option<&str>,
        unshimmed: impl FnOnce() -> u64,
    ) -> Option<u64> {
        let chain = self.chain(key, name, builtin_name)?;
        let mut next = unshimmed();
        for link in chain.iter().rev() {
            link.next.set(next as usize);
            next = link.replacement;
        }
        Some(next)
    }

    /// The names of the shims replacing `name` of DLL `key`, in chain order (for `winrun check`).
    pub fn takers(&self, key: &str, name: &ImportName, builtin_name: Option<&str>) -> Vec<&str> {
        self.chain(key, name, builtin_name)
            .unwrap_or_default()
            .iter()
            .map(|l| self.shims[l.shim].name.as_str())
            .collect()
    }

    /// The DLL shims provide under `name`, when neither winrun nor the program has one.
    pub fn provided(&self, name: &str) -> Option<&'static Dll> {
        self.provided.get(&dll_key(name)).copied()
    }
}

/// The logging function shims call (their `log!`): a `tracing` event, target `shim`.
extern "C" fn shim_log(context: usize, level: u32, message: *const u8, len: usize) {
    if message.is_null() {
        return;
    }
    // SAFETY: the SDK passes a live UTF-8 buffer of `len` bytes (checked lossily here).
    let bytes = unsafe { std::slice::from_raw_parts(message, len) };
    let text = String::from_utf8_lossy(bytes);
    let shim = PRELOAD
        .get()
        .and_then(|p| p.shims.get(context))
        .map_or("?", |s| s.name.as_str());
    match level {
        1 => tracing::error!(target: "shim", shim, "{text}"),
        2 => tracing::warn!(target: "shim", shim, "{text}"),
        3 => tracing::info!(target: "shim", shim, "{text}"),
        4 => tracing::debug!(target: "shim", shim, "{text}"),
        _ => tracing::trace!(target: "shim", shim, "{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::dll_key;

    #[test]
    fn dll_keys_follow_the_loader_names() {
        for (name, key) in [
            ("KERNEL32.dll", "kernel32"),
            ("kernel32", "kernel32"),
            ("kernelbase.dll", "kernel32"),
            ("api-ms-win-core-sysinfo-l1-1-0.dll", "kernel32"),
            ("api-ms-win-crt-time-l1-1-0", "ucrtbase"),
            ("WS2_32.dll", "ws2_32"),
            ("C:\\app\\Greet.DLL", "greet"),
        ] {
            assert_eq!(dll_key(name), key, "{name}");
        }
    }
}
