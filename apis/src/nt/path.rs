//! Windows paths → host paths (DESIGN §6), the one module every file API resolves names through.
//!
//! - Drives: `C:` and `Z:` are the host root `/`; `--drive X=/dir` maps more letters; with
//!   `--root DIR`, `C:` is DIR, `Z:` is gone, and every drive is a confinement root (see `fs`).
//! - Names become full paths by `GetFullPathNameW`'s rules: relative and drive-relative names
//!   against the current directory, rooted names on the current drive, both separators, `.` and
//!   `..` collapsed, trailing dots and spaces of the last component dropped, `\\?\` taken
//!   verbatim, `\\.\` for devices, DOS device names (`NUL`, `CON`, also `nul.txt`, anywhere).
//! - Lookups are case-insensitive like NTFS: the exact name is tried first (the caller's own
//!   syscall), and only when that misses does `locate` scan directories with case folding,
//!   through a cache that a directory's change time invalidates.

use super::fs;
use crate::abi::{Win32Error, Win32Result};
use std::collections::HashMap;
use std::ffi::{CStr, CString, OsString};
use std::io;
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::SystemTime;

/// A mapped drive letter.
pub struct Drive {
    /// The host directory the drive's root stands for.
    pub host: PathBuf,
    /// Under `--root`: the directory opened once, the root every lookup is confined to.
    pub confined: Option<OwnedFd>,
}

static DRIVES: OnceLock<Vec<Option<Drive>>> = OnceLock::new();

fn default_drives() -> Vec<Option<Drive>> {
    let mut drives: Vec<Option<Drive>> = (0..26).map(|_| None).collect();
    for letter in [b'C', b'Z'] {
        drives[(letter - b'A') as usize] = Some(Drive {
            host: PathBuf::from("/"),
            confined: None,
        });
    }
    drives
}

/// Sets up the drives from the command line, once, before the program starts: `extra` maps
/// letters to host directories; `root` confines the program (C: becomes it, Z: is dropped, and
/// every mapped drive resolves names with `RESOLVE_IN_ROOT`).
pub fn configure(extra: &[(char, PathBuf)], root: Option<&Path>) -> Result<(), String> {
    let mut drives = default_drives();
    if let Some(root) = root {
        drives[(b'Z' - b'A') as usize] = None;
        drives[(b'C' - b'A') as usize] = Some(Drive {
            host: root.to_path_buf(),
            confined: None,
        });
    }
    for (letter, dir) in extra {
        let up = letter.to_ascii_uppercase();
        if !up.is_ascii_uppercase() {
            return Err(format!("--drive {letter}: not a drive letter"));
        }
        drives[(up as u8 - b'A') as usize] = Some(Drive {
            host: dir.clone(),
            confined: None,
        });
    }
    for d in drives.iter_mut().flatten() {
        d.host = std::fs::canonicalize(&d.host)
            .map_err(|e| format!("drive directory {}: {e}", d.host.display()))?;
        if !d.host.is_dir() {
            return Err(format!("{} is not a directory", d.host.display()));
        }
        if root.is_some() {
            d.confined = Some(
                fs::open_root(&d.host).map_err(|e| format!("opening {}: {e}", d.host.display()))?,
            );
        }
    }
    DRIVES
        .set(drives)
        .map_err(|_| "drives configured twice".to_string())
}

fn drives() -> &'static [Option<Drive>] {
    DRIVES.get_or_init(default_drives)
}

/// The drive `letter` (`'C'`, any case), if mapped.
pub fn drive(letter: u8) -> Option<&'static Drive> {
    let i = letter.to_ascii_uppercase().checked_sub(b'A')? as usize;
    drives().get(i)?.as_ref()
}

/// Bit n set for each mapped drive (GetLogicalDrives).
pub fn drive_mask() -> u32 {
    drives()
        .iter()
        .enumerate()
        .filter(|(_, d)| d.is_some())
        .fold(0, |m, (i, _)| m | 1 << i)
}

/// Whether the program runs confined (`--root`).
pub fn confined() -> bool {
    drives().iter().flatten().any(|d| d.confined.is_some())
}

/// A host file named by a Windows path: a mapped drive and the path below its root.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HostPath {
    /// The drive letter, uppercase.
    pub drive: u8,
    /// Relative to the drive's root; empty for the root itself.
    pub rel: PathBuf,
}

impl HostPath {
    pub fn drive(&self) -> &'static Drive {
        drive(self.drive).expect("a HostPath names a mapped drive")
    }
    /// The host path (root joined with `rel`).
    pub fn full(&self) -> PathBuf {
        let root = &self.drive().host;
        if self.rel.as_os_str().is_empty() {
            root.clone()
        } else {
            root.join(&self.rel)
        }
    }
    /// Calls `f` with the host path (`full`) as a C string, built on the stack when it is short.
    pub fn with_c_path<R>(&self, f: impl FnOnce(&CStr) -> io::Result<R>) -> io::Result<R> {
        use std::os::unix::ffi::OsStrExt;
        let root = self.drive().host.as_os_str().as_bytes();
        let rel = self.rel.as_os_str().as_bytes();
        let mut buf = [0u8; 512];
        let sep = usize::from(!root.ends_with(b"/"));
        let len = root.len() + sep + rel.len();
        if rel.is_empty() || len >= buf.len() {
            let path = CString::new(self.full().into_os_string().into_vec())?;
            return f(&path);
        }
        buf[..root.len()].copy_from_slice(root);
        buf[root.len()] = b'/';
        buf[root.len() + sep..len].copy_from_slice(rel);
        f(CStr::from_bytes_with_nul(&buf[..=len]).map_err(|_| io::ErrorKind::InvalidInput)?)
    }
    /// `with_c_path` for std's functions, which take a `Path`.
    pub fn with_full<R>(&self, f: impl FnOnce(&Path) -> io::Result<R>) -> io::Result<R> {
        use std::os::unix::ffi::OsStrExt;
        self.with_c_path(|c| f(Path::new(std::ffi::OsStr::from_bytes(c.to_bytes()))))
    }
    pub fn parent(&self) -> Option<HostPath> {
        let parent = self.rel.parent()?;
        Some(HostPath {
            drive: self.drive,
            rel: parent.to_path_buf(),
        })
    }
    pub fn file_name(&self) -> Option<&std::ffi::OsStr> {
        self.rel.file_name()
    }
    /// The Windows form, `C:\dir\name`.
    pub fn windows(&self) -> String {
        let mut out = format!("{}:\\", self.drive as char);
        out.push_str(&self.rel.to_string_lossy().replace('/', "\\"));
        out
    }
}

/// A DOS device reached by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    Nul,
    /// `CON`: input or output depending on the access asked for.
    Con,
    ConIn,
    ConOut,
    /// AUX, PRN, COMn, LPTn: names Windows reserves, with no device behind them here.
    Absent,
}

/// What a Windows name refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    File(HostPath),
    Device(Device),
}

fn is_sep(c: char) -> bool {
    c == '\\' || c == '/'
}

/// The DOS device a path's last component names, with the Windows 10 rules: the base name
/// before any extension, trailing spaces ignored (`nul.txt`, `NUL `, `c:\x\con`).
fn dos_device(component: &str) -> Option<Device> {
    let base = component.split('.').next().unwrap_or("");
    let base = base.trim_end_matches(' ').to_ascii_uppercase();
    match base.as_str() {
        "NUL" => Some(Device::Nul),
        "CON" => Some(Device::Con),
        "AUX" | "PRN" => Some(Device::Absent),
        _ => {
            let b = base.as_bytes();
            (b.len() == 4
                && (base.starts_with("COM") || base.starts_with("LPT"))
                && (b'1'..=b'9').contains(&b[3]))
            .then_some(Device::Absent)
        }
    }
}

/// The current directory, Windows form, no trailing backslash except at a root (`C:\`).
static CWD: RwLock<String> = RwLock::new(String::new());

/// The process's current directory (`C:\dir`); starts as the host's current directory.
pub fn current_dir() -> String {
    {
        let cwd = CWD.read().unwrap_or_else(|e| e.into_inner());
        if !cwd.is_empty() {
            return cwd.clone();
        }
    }
    let host = std::env::current_dir().unwrap_or_else(|_| "/".into());
    // A host directory outside every drive (a confined program started elsewhere) leaves the
    // program at the root of C:.
    let start = windows_of(&host).unwrap_or_else(|| "C:\\".into());
    let mut cwd = CWD.write().unwrap_or_else(|e| e.into_inner());
    if cwd.is_empty() {
        *cwd = start;
    }
    cwd.clone()
}

/// Makes `dir` (a Windows name) the current directory: it must be an existing directory.
pub fn set_current_dir(dir: &str) -> Win32Result<()> {
    let mut full = full_path(dir)?;
    let Target::File(host) = resolve_full(&full)? else {
        return Err(Win32Error::DIRECTORY);
    };
    let host = locate(&host);
    let meta = fs::metadata(&host).map_err(|e| not_found_error(&host, e))?;
    if !meta.is_dir() {
        return Err(Win32Error::DIRECTORY);
    }
    if full.len() > 3 && full.ends_with('\\') {
        full.pop();
    }
    // Keep the host's idea in step, for whatever runs relative to it (DLL search, children);
    // not when confined, where the host path may lead through a symlink out of the root.
    if !confined() {
        let _ = std::env::set_current_dir(host.full());
    }
    *CWD.write().unwrap_or_else(|e| e.into_inner()) = full;
    Ok(())
}

/// The error for a name that did not resolve: ERROR_FILE_NOT_FOUND when its directory exists,
/// ERROR_PATH_NOT_FOUND when the directory itself is missing.
pub fn not_found_error(p: &HostPath, e: std::io::Error) -> Win32Error {
    match e.raw_os_error() {
        Some(libc::ENOENT) => match p.parent() {
            Some(parent) if !fs::metadata(&parent).is_ok_and(|m| m.is_dir()) => {
                Win32Error::PATH_NOT_FOUND
            }
            _ => Win32Error::FILE_NOT_FOUND,
        },
        Some(libc::ENOTDIR) => Win32Error::PATH_NOT_FOUND,
        _ => Win32Error::from(e),
    }
}

/// The root of the current directory: `C:\` or `\\server\share\`.
fn current_root(cwd: &str) -> String {
    if cwd.len() >= 2 && cwd.as_bytes()[1] == b':' {
        format!("{}\\", &cwd[..2])
    } else {
        "C:\\".into()
    }
}

/// `GetFullPathNameW`: the absolute, normalised form of `name`.
pub fn full_path(name: &str) -> Win32Result<String> {
    if name.is_empty() {
        return Err(Win32Error::INVALID_NAME);
    }
    let chars: Vec<char> = name.chars().collect();
    let ends_with_sep = chars.last().is_some_and(|&c| is_sep(c));
    let (root, rest): (String, String) = if chars.len() >= 2 && is_sep(chars[0]) && is_sep(chars[1])
    {
        // `\\.\device` or `\\server\share`: the first one (device) or two (UNC) components form
        // the root that `..` cannot climb out of.
        let body: String = chars[2..].iter().collect();
        let device = body.starts_with(['.', '?']) && body[1..].starts_with(is_sep);
        let mut parts = body.split(is_sep);
        if device {
            let kind = parts.next().unwrap_or(".");
            let dev = parts.next().unwrap_or("");
            (
                format!(r"\\{kind}\{dev}\"),
                parts.collect::<Vec<_>>().join("\\"),
            )
        } else {
            let server = parts.next().unwrap_or("");
            let share = parts.next().unwrap_or("");
            (
                format!(r"\\{server}\{share}\"),
                parts.collect::<Vec<_>>().join("\\"),
            )
        }
    } else if chars.len() >= 2 && chars[1] == ':' && chars[0].is_ascii_alphabetic() {
        let letter = chars[0].to_ascii_uppercase();
        let after: String = chars[2..].iter().collect();
        if after.starts_with(is_sep) {
            (format!("{letter}:\\"), after)
        } else {
            // Drive-relative: against that drive's current directory, which is the current
            // directory for the current drive and the `=X:` variable (or the root) for others.
            let cwd = current_dir();
            let base = if cwd.as_bytes()[0].to_ascii_uppercase() == letter as u8 {
                cwd
            } else {
                let var: Vec<u16> = format!("={letter}:").encode_utf16().collect();
                super::env::get(&var)
                    .map(|v| String::from_utf16_lossy(&v))
                    .unwrap_or_else(|| format!("{letter}:\\"))
            };
            (
                format!("{letter}:\\"),
                format!("{}\\{after}", &base[3.min(base.len())..]),
            )
        }
    } else if chars.first().is_some_and(|&c| is_sep(c)) {
        (current_root(&current_dir()), name.to_string())
    } else {
        let cwd = current_dir();
        let root = current_root(&cwd);
        let below = cwd[root.len().min(cwd.len())..].to_string();
        (root, format!("{below}\\{name}"))
    };

    let mut parts: Vec<&str> = Vec::new();
    for part in rest.split(is_sep) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    if !ends_with_sep && let Some(last) = parts.pop() {
        let last = last.trim_end_matches(['.', ' ']);
        if let Some(dev) = dos_device(last)
            && dev != Device::Absent
            && !root.starts_with(r"\\")
        {
            let base = last.split('.').next().unwrap_or("");
            return Ok(format!(r"\\.\{}", base.trim_end_matches(' ')));
        }
        if !last.is_empty() {
            parts.push(last);
        }
    }
    let mut out = root;
    out.push_str(&parts.join("\\"));
    if ends_with_sep && !parts.is_empty() {
        out.push('\\');
    }
    if parts.is_empty() && !ends_with_sep && out.starts_with(r"\\") {
        // `\\.\NUL`, `\\server\share`: no trailing separator was asked for.
        out.pop();
    }
    Ok(out)
}

/// Characters NTFS refuses in a name.
fn invalid_name(component: &str) -> bool {
    component
        .chars()
        .any(|c| (c as u32) < 32 || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
}

/// What `name` (any Windows form) refers to. The host path has the case the name gave; see
/// `locate` for the case-insensitive match.
pub fn resolve(name: &str) -> Win32Result<Target> {
    if name.is_empty() {
        return Err(Win32Error::PATH_NOT_FOUND);
    }
    if let Some(p) = resolve_plain(name) {
        return Ok(Target::File(p));
    }
    if name.starts_with(r"\\?\") {
        // Opening takes `\\?\` names as they are, without normalising.
        return resolve_full(name);
    }
    let full = full_path(name)?;
    resolve_full(&full)
}

/// `resolve` for the names programs pass nearly always — `C:\dir\file`, `\dir\file` and
/// `dir\file` whose components need no normalising (no `.`, `..`, trailing dot or space, no
/// character NTFS refuses, no device name) — in one pass and one allocation. `None` sends any
/// other name down the general path, which gives the same answer for these.
fn resolve_plain(name: &str) -> Option<HostPath> {
    let b = name.as_bytes();
    let cwd;
    let (letter, below, rest) = if b.len() >= 2 && b[1] == b':' {
        if !b[0].is_ascii_alphabetic() || !b.get(2).is_some_and(|&c| is_sep(c as char)) {
            return None;
        }
        (b[0].to_ascii_uppercase(), "", &name[2..])
    } else {
        if b.len() >= 2 && is_sep(b[0] as char) && is_sep(b[1] as char) {
            return None;
        }
        cwd = CWD.read().unwrap_or_else(|e| e.into_inner());
        let c = cwd.as_bytes();
        if c.len() < 3 || c[1] != b':' || c[2] != b'\\' {
            return None;
        }
        let below = if b.first().is_some_and(|&c| is_sep(c as char)) {
            ""
        } else {
            &cwd[3..]
        };
        (c[0].to_ascii_uppercase(), below, name)
    };
    drive(letter)?;
    let mut rel = Vec::with_capacity(below.len() + rest.len());
    let mut last = 0..0;
    for (part, slash_too) in [(below.as_bytes(), false), (rest.as_bytes(), true)] {
        for component in part.split(|&c| c == b'\\' || c == b'/' && slash_too) {
            if component.is_empty() {
                continue;
            }
            if component.ends_with(b".")
                || component.ends_with(b" ")
                || component.len() > MAX_COMPONENT
                || component.iter().any(|&c| refused_byte(c))
            {
                return None;
            }
            if !rel.is_empty() {
                rel.push(b'/');
            }
            last = rel.len()..rel.len() + component.len();
            rel.extend_from_slice(component);
        }
    }
    // `dos_device`'s NUL and CON, the names the general path turns into devices.
    let base = rel[last].split(|&c| c == b'.').next().unwrap_or(b"");
    let base = base.trim_ascii_end();
    let device = base.eq_ignore_ascii_case(b"nul") || base.eq_ignore_ascii_case(b"con");
    if device || rest.is_empty() {
        return None;
    }
    Some(HostPath {
        drive: letter,
        rel: PathBuf::from(OsString::from_vec(rel)),
    })
}

/// Whether `invalid_name` refuses a name with this byte of UTF-8 in it (bytes of multi-byte
/// characters never are).
fn refused_byte(c: u8) -> bool {
    const BELOW_64: u64 = ((1 << 32) - 1)
        | (1 << b'<')
        | (1 << b'>')
        | (1 << b':')
        | (1 << b'"')
        | (1 << b'?')
        | (1 << b'*');
    if c < 64 {
        (BELOW_64 >> c) & 1 != 0
    } else {
        c == b'|'
    }
}

/// The longest file name component NTFS takes, in UTF-16 units.
const MAX_COMPONENT: usize = 255;

/// `resolve` for a name already in full form.
pub fn resolve_full(full: &str) -> Win32Result<Target> {
    let (drive_path, verbatim) = if let Some(rest) = full.strip_prefix(r"\\?\") {
        if rest.len() >= 4 && rest[..4].eq_ignore_ascii_case("UNC\\") {
            return Err(Win32Error::BAD_NETPATH);
        }
        (rest, true)
    } else if let Some(rest) = full.strip_prefix(r"\\.\") {
        let dev = rest.trim_end_matches('\\');
        if dev.eq_ignore_ascii_case("CONIN$") {
            return Ok(Target::Device(Device::ConIn));
        }
        if dev.eq_ignore_ascii_case("CONOUT$") {
            return Ok(Target::Device(Device::ConOut));
        }
        if !dev.contains('\\')
            && let Some(d) = dos_device(dev)
        {
            return Ok(Target::Device(d));
        }
        (rest, false)
    } else if full.starts_with(r"\\") {
        return Err(Win32Error::BAD_NETPATH);
    } else {
        (full, false)
    };
    let b = drive_path.as_bytes();
    if b.len() < 2 || b[1] != b':' || !b[0].is_ascii_alphabetic() {
        return Err(if verbatim {
            Win32Error::INVALID_NAME
        } else {
            Win32Error::FILE_NOT_FOUND
        });
    }
    let letter = b[0].to_ascii_uppercase();
    if drive(letter).is_none() {
        return Err(Win32Error::PATH_NOT_FOUND);
    }
    let below = &drive_path[2..];
    let mut rel = PathBuf::new();
    for part in below.split(if verbatim { |c| c == '\\' } else { is_sep }) {
        if part.is_empty() || (!verbatim && part == ".") {
            continue;
        }
        // NTFS names are at most 255 UTF-16 units (Go's runtime relies on the error to tell
        // that long paths are enabled).
        if invalid_name(part)
            || part.len() > MAX_COMPONENT && part.encode_utf16().count() > MAX_COMPONENT
        {
            return Err(Win32Error::INVALID_NAME);
        }
        if part == ".." {
            // Only a verbatim name keeps `..`; it stays inside the drive all the same.
            rel.pop();
            continue;
        }
        rel.push(part);
    }
    Ok(Target::File(HostPath { drive: letter, rel }))
}

/// Simple case folding as NTFS's upcase table does it: one character to one.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// `fold` of one character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Orders names as `fold` compares them, without building the folded strings: byte by byte
/// while both are ASCII, character by character from the first that is not.
pub fn fold_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < x.len() && i < y.len() && x[i].is_ascii() && y[i].is_ascii() {
        match x[i].to_ascii_uppercase().cmp(&y[i].to_ascii_uppercase()) {
            std::cmp::Ordering::Equal => i += 1,
            other => return other,
        }
    }
    // Everything before `i` is ASCII, so `i` is a character boundary of both.
    a[i..]
        .chars()
        .map(fold_char)
        .cmp(b[i..].chars().map(fold_char))
}

/// A sort key for `fold_cmp` order: the name's first eight bytes, ASCII letters uppercased, big
/// endian, up to its first non-ASCII byte, and how many bytes it holds. Two keys that differ
/// at a byte both hold order their names as `fold_cmp` does; otherwise only `fold_cmp` can tell.
pub fn fold_prefix(name: &str) -> (u64, u32) {
    let mut key = [0u8; 8];
    let mut known = 0;
    for (slot, &b) in key.iter_mut().zip(name.as_bytes()) {
        if !b.is_ascii() {
            break;
        }
        *slot = b.to_ascii_uppercase();
        known += 1;
    }
    (u64::from_be_bytes(key), known)
}

/// Folded name → real name, per directory, valid while the directory's change time holds.
struct DirCache {
    changed: SystemTime,
    names: HashMap<String, OsString>,
}

static CASE_CACHE: Mutex<Option<HashMap<HostPath, DirCache>>> = Mutex::new(None);

/// The real name of the entry of `dir` that matches `name` without regard to case.
fn find_folded(dir: &HostPath, name: &str) -> Option<OsString> {
    let changed = fs::metadata(dir).ok()?.modified().ok()?;
    let want = fold(name);
    let mut guard = CASE_CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(HashMap::new);
    let fresh = cache.get(dir).is_some_and(|c| c.changed == changed);
    if !fresh {
        let names = fs::read_dir_names(dir)
            .ok()?
            .into_iter()
            .map(|n| (fold(&n.to_string_lossy()), n))
            .collect();
        cache.insert(dir.clone(), DirCache { changed, names });
    }
    cache.get(dir)?.names.get(&want).cloned()
}

/// Records a file winrun itself has just created, so that the next case-insensitive lookup in
/// its directory finds the cache current instead of reading the whole directory again: creating
/// n files in one directory stays linear. The create's own lookup has just refreshed the cache,
/// so a change someone else makes in that same moment is the only one that can go unseen (until
/// the directory changes again).
pub fn note_created(p: &HostPath) {
    let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
        return;
    };
    let Ok(changed) = fs::metadata(&dir).and_then(|m| m.modified()) else {
        return;
    };
    let mut guard = CASE_CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(cache) = guard.as_mut().and_then(|c| c.get_mut(&dir)) {
        cache
            .names
            .insert(fold(&name.to_string_lossy()), name.to_owned());
        cache.changed = changed;
    }
}

/// The existing file `p` names, matching each component case-insensitively where the exact name
/// does not exist. Components past the first that matches nothing keep their given case, so the
/// result is also the right name for a file about to be created.
pub fn locate(p: &HostPath) -> HostPath {
    if fs::symlink_metadata(p).is_ok() {
        return p.clone();
    }
    let mut out = HostPath {
        drive: p.drive,
        rel: PathBuf::new(),
    };
    let mut parts = p.rel.iter();
    for part in parts.by_ref() {
        let exact = HostPath {
            drive: p.drive,
            rel: out.rel.join(part),
        };
        if fs::symlink_metadata(&exact).is_ok() {
            out = exact;
            continue;
        }
        match find_folded(&out, &part.to_string_lossy()) {
            Some(real) => out.rel.push(real),
            None => {
                out.rel.push(part);
                break;
            }
        }
    }
    for part in parts {
        out.rel.push(part);
    }
    out
}

/// Whether `name` matches the wildcard `pattern` the way FindFirstFile matches: case-insensitive,
/// `*` any run, `?` one character, and a `.` followed by nothing but `*` also matching the end
/// of a name without an extension (`*.*` matches `README`), `*.` only names without a dot.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    wildcard_match_case(pattern, name, false)
}

/// `wildcard_match`, with the case of letters mattering when `case_sensitive`.
pub fn wildcard_match_case(pattern: &str, name: &str, case_sensitive: bool) -> bool {
    if pattern == "*" || pattern == "*.*" {
        return true;
    }
    let chars = |s: &str| -> Vec<char> {
        if case_sensitive {
            s.chars().collect()
        } else {
            fold(s).chars().collect()
        }
    };
    let p = chars(pattern);
    let n = chars(name);
    if p == ['*', '.'] {
        return !n.contains(&'.');
    }
    fn m(p: &[char], n: &[char]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some(('*', rest)) => {
                let rest_start = rest.iter().position(|&c| c != '*').unwrap_or(rest.len());
                let rest = &rest[rest_start..];
                (0..=n.len()).any(|i| m(rest, &n[i..]))
            }
            Some(('?', rest)) => !n.is_empty() && m(rest, &n[1..]),
            Some(('.', rest)) if n.is_empty() && rest.iter().all(|&c| c == '*') => true,
            Some((&c, rest)) => n.first() == Some(&c) && m(rest, &n[1..]),
        }
    }
    m(&p, &n)
}

/// The Windows form of a host path: `/tmp/a.txt` → `C:\tmp\a.txt`, on the drive whose root is
/// the longest prefix of the path (C: wins ties). Relative paths are made absolute against the
/// host's current directory. A path outside every drive (confined programs) keeps its host
/// components under `C:\`.
pub fn host_to_windows(path: &Path) -> String {
    windows_of(path).unwrap_or_else(|| {
        let clean = clean_absolute(path);
        HostPath {
            drive: b'C',
            rel: clean.strip_prefix("/").unwrap_or(&clean).to_path_buf(),
        }
        .windows()
    })
}

/// `path` made absolute (against the host's current directory), `..` and `.` resolved.
fn clean_absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut clean = PathBuf::from("/");
    for part in abs.components() {
        match part {
            std::path::Component::Normal(p) => clean.push(p),
            std::path::Component::ParentDir => {
                clean.pop();
            }
            _ => {}
        }
    }
    clean
}

/// The Windows name of a host path on the drive whose root is its longest prefix (C: wins
/// ties); `None` when no drive holds it.
fn windows_of(path: &Path) -> Option<String> {
    let clean = clean_absolute(path);
    let (letter, rel) = drives()
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let d = d.as_ref()?;
            let rel = clean.strip_prefix(&d.host).ok()?;
            Some((i, rel, d.host.as_os_str().len()))
        })
        .max_by_key(|&(i, _, len)| (len, i == 2))
        .map(|(i, rel, _)| (b'A' + i as u8, rel.to_path_buf()))?;
    Some(HostPath { drive: letter, rel }.windows())
}

/// The host path for a Windows path (best effort, for the loader's own lookups): unmapped or
/// device names come back with separators turned into `/`.
pub fn windows_to_host(path: &str) -> PathBuf {
    match resolve(path) {
        Ok(Target::File(p)) => locate(&p).full(),
        _ => PathBuf::from(path.replace('\\', "/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tests that set the process-wide current directory take this first.
    static CWD_TESTS: Mutex<()> = Mutex::new(());

    fn set_cwd(dir: &str) -> std::sync::MutexGuard<'static, ()> {
        let guard = CWD_TESTS.lock().unwrap_or_else(|e| e.into_inner());
        *CWD.write().unwrap() = dir.to_string();
        guard
    }

    #[test]
    fn host_paths_become_drive_c() {
        assert_eq!(host_to_windows(Path::new("/tmp/a.txt")), r"C:\tmp\a.txt");
        assert_eq!(host_to_windows(Path::new("/")), r"C:\");
        assert_eq!(host_to_windows(Path::new("/a/b/../c")), r"C:\a\c");
    }

    #[test]
    fn full_path_rules() {
        let _cwd = set_cwd(r"C:\work\dir");
        let f = |n: &str| full_path(n).unwrap();
        assert_eq!(f(r"C:\a\b\..\c"), r"C:\a\c");
        assert_eq!(f(r"c:/a//b/./c"), r"C:\a\b\c");
        assert_eq!(f(r"C:\a\..\..\.."), r"C:\");
        assert_eq!(f("x.txt"), r"C:\work\dir\x.txt");
        assert_eq!(f(r"..\y"), r"C:\work\y");
        assert_eq!(f(r"\etc\hosts"), r"C:\etc\hosts");
        assert_eq!(f("/etc/hosts"), r"C:\etc\hosts");
        assert_eq!(f("C:sub"), r"C:\work\dir\sub");
        assert_eq!(f(r"C:\a\name. . ."), r"C:\a\name");
        assert_eq!(f(r"C:\a\dir\"), r"C:\a\dir\");
        assert_eq!(f("."), r"C:\work\dir");
        assert_eq!(f(r"\\?\C:\a\..\b"), r"\\?\C:\b");
        assert_eq!(f(r"\\server\share\a\..\b"), r"\\server\share\b");
        assert_eq!(f(r"\\.\C:\a\..\b"), r"\\.\C:\b");
        assert_eq!(f("nul"), r"\\.\nul");
        assert_eq!(f(r"C:\dir\NUL.txt"), r"\\.\NUL");
        assert_eq!(full_path(""), Err(Win32Error::INVALID_NAME));
    }

    #[test]
    fn names_resolve_to_drives_and_devices() {
        let _cwd = set_cwd(r"C:\work");
        let file = |n: &str| match resolve(n).unwrap() {
            Target::File(p) => p.full(),
            t => panic!("{n}: {t:?}"),
        };
        assert_eq!(file(r"C:\tmp\a.txt"), PathBuf::from("/tmp/a.txt"));
        assert_eq!(file(r"z:/tmp"), PathBuf::from("/tmp"));
        assert_eq!(file(r"\\?\C:\x"), PathBuf::from("/x"));
        assert_eq!(file(r"dir\f.txt"), PathBuf::from("/work/dir/f.txt"));
        assert_eq!(resolve("NUL").unwrap(), Target::Device(Device::Nul));
        assert_eq!(
            resolve("conout$").unwrap(),
            Target::File(HostPath {
                drive: b'C',
                rel: "work/conout$".into()
            })
        );
        assert_eq!(
            resolve(r"\\.\CONOUT$").unwrap(),
            Target::Device(Device::ConOut)
        );
        assert_eq!(resolve(r"\\server\share\x"), Err(Win32Error::BAD_NETPATH));
        assert_eq!(resolve(r"\\?\UNC\server\x"), Err(Win32Error::BAD_NETPATH));
        assert_eq!(resolve(r"Q:\x"), Err(Win32Error::PATH_NOT_FOUND));
        assert_eq!(resolve(r"C:\a?b"), Err(Win32Error::INVALID_NAME));
    }

    #[test]
    fn plain_names_resolve_as_the_general_rules_do() {
        for cwd in [r"C:\work\dir", r"C:\"] {
            let _cwd = set_cwd(cwd);
            for name in [
                r"C:\tmp\a.txt",
                r"c:/tmp//a.txt",
                r"C:\tmp\dir\",
                r"C:\",
                r"Z:\x",
                r"\etc\hosts",
                "/etc/hosts",
                "/",
                "x.txt",
                r"sub\x.txt",
                "sub/",
                "config.sys",
                "aux",
                r"C:\a\nul .txt",
                r"C:\a\Con",
                r"C:\a\nul\b",
                r"C:\a\..\b",
                r"C:\a\.\b",
                r"C:\a\b.",
                r"C:\a\b ",
                r"C:\a\b?",
                r"C:\a\b:c",
                "C:rel",
                r"Q:\x",
                r"\\?\C:\x",
                r"\\.\C:\x",
                r"\\server\share\x",
                "1:x",
            ] {
                if let Some(p) = resolve_plain(name) {
                    let general = resolve_full(&full_path(name).unwrap());
                    assert_eq!(general, Ok(Target::File(p)), "{name} in {cwd}");
                }
            }
            for name in [r"C:\tmp\a.txt", "/etc/hosts", r"sub\x.txt", "config.sys"] {
                assert!(
                    resolve_plain(name).is_some(),
                    "{name} takes the direct path"
                );
            }
        }
    }

    #[test]
    fn folded_order_matches_comparing_folded_names() {
        let names = [
            "a",
            "B",
            "b",
            "Ab",
            "aB",
            "é",
            "É",
            "z",
            "Zé",
            "zÉ",
            "_",
            "",
            "a.b",
            "ÿ",
            "ß",
            "f00012",
            "F00012x",
            "longer than eight",
            "LONGER THAN EIGHT!",
            "ı",
            "@",
            "J",
        ];
        for a in names {
            for b in names {
                assert_eq!(fold_cmp(a, b), fold(a).cmp(&fold(b)), "{a} vs {b}");
                let ((ka, na), (kb, nb)) = (fold_prefix(a), fold_prefix(b));
                if (ka ^ kb).leading_zeros() / 8 < na.min(nb) {
                    assert_eq!(ka.cmp(&kb), fold_cmp(a, b), "keys of {a} vs {b}");
                }
            }
        }
    }

    #[test]
    fn wildcards_match_the_dos_way() {
        assert!(wildcard_match("*.*", "README"));
        assert!(wildcard_match("*.*", "a.b.c"));
        assert!(wildcard_match("*.*", "."));
        assert!(wildcard_match("*.*", ".."));
        assert!(wildcard_match("*.TXT", "notes.txt"));
        assert!(!wildcard_match("*.txt", "notes.txt.bak"));
        assert!(wildcard_match("a?c", "ABC"));
        assert!(!wildcard_match("a?c", "ac"));
        assert!(wildcard_match("*.", "noext"));
        assert!(!wildcard_match("*.", "has.ext"));
        assert!(wildcard_match("file.*", "file"));
        assert!(wildcard_match("*", ".hidden"));
    }

    #[test]
    fn lookup_folds_case_only_when_needed() {
        let base = std::env::temp_dir().join(format!("winrun-path-{}", std::process::id()));
        std::fs::create_dir_all(base.join("MixedDir")).unwrap();
        std::fs::write(base.join("MixedDir/File.TXT"), b"x").unwrap();
        let win = host_to_windows(&base);
        let Target::File(p) = resolve(&format!(r"{win}\mixeddir\FILE.txt")).unwrap() else {
            panic!()
        };
        assert_eq!(locate(&p).full(), base.join("MixedDir/File.TXT"));
        let Target::File(p) = resolve(&format!(r"{win}\MIXEDDIR\new.txt")).unwrap() else {
            panic!()
        };
        assert_eq!(locate(&p).full(), base.join("MixedDir/new.txt"));
        // A change to the directory invalidates what the cache knew.
        std::fs::rename(base.join("MixedDir/File.TXT"), base.join("MixedDir/Other")).unwrap();
        let Target::File(p) = resolve(&format!(r"{win}\mixeddir\other")).unwrap() else {
            panic!()
        };
        assert_eq!(locate(&p).full(), base.join("MixedDir/Other"));
        std::fs::remove_dir_all(&base).unwrap();
    }
}
