//! The registry: two hives (the machine's, HKEY_LOCAL_MACHINE, and the user's,
//! HKEY_CURRENT_USER) kept in memory and persisted one file per hive under the user's data
//! directory, so values a program writes are there in the next run.
//!
//! A hive is loaded on first use: from its file when there is one, otherwise from the keys
//! programs expect a Windows 10 machine to have. Every change rewrites the hive's file
//! atomically (a temporary file renamed over the old one), so a crash never leaves half a hive.
//!
//! Key names compare case-insensitively and keep the case they were created with; subkeys
//! enumerate in name order (as on Windows), values in the order they were first set.

use crate::abi::Win32Error;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// The hives winrun keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hive {
    Machine = 0,
    User = 1,
}

impl Hive {
    fn file_name(self) -> &'static str {
        match self {
            Hive::Machine => "machine.reg",
            Hive::User => "user.reg",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub name: String,
    pub kind: u32,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug, Default)]
pub struct Key {
    pub name: String,
    /// Sorted by `fold(name)`.
    pub subkeys: Vec<Key>,
    pub values: Vec<Value>,
    /// FILETIME of the last change to the key's values or subkey list.
    pub last_write: u64,
}

/// Case-insensitive form of a key or value name.
pub fn fold(name: &str) -> String {
    name.to_uppercase()
}

impl Key {
    fn new(name: &str) -> Self {
        Key {
            name: name.to_string(),
            last_write: crate::kernel32::sysinfoapi::filetime_now(),
            ..Default::default()
        }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        let folded = fold(name);
        self.subkeys
            .binary_search_by(|k| fold(&k.name).cmp(&folded))
    }

    pub fn subkey(&self, name: &str) -> Option<&Key> {
        self.position(name).ok().map(|i| &self.subkeys[i])
    }

    fn subkey_mut(&mut self, name: &str) -> Option<&mut Key> {
        self.position(name).ok().map(|i| &mut self.subkeys[i])
    }

    /// The descendant at `path` (components relative to this key).
    pub fn find(&self, path: &[String]) -> Option<&Key> {
        path.iter().try_fold(self, |k, c| k.subkey(c))
    }

    pub fn find_mut(&mut self, path: &[String]) -> Option<&mut Key> {
        path.iter().try_fold(self, |k, c| k.subkey_mut(c))
    }

    /// The child `name`, created when missing (which counts as a change of this key); `true`
    /// when it was created.
    fn child_or_create(&mut self, name: &str) -> (&mut Key, bool) {
        if self.position(name).is_err() {
            self.last_write = crate::kernel32::sysinfoapi::filetime_now();
        }
        self.child_entry(name)
    }

    /// The child `name`, created when missing, leaving this key's last-write time alone.
    fn child_entry(&mut self, name: &str) -> (&mut Key, bool) {
        match self.position(name) {
            Ok(i) => (&mut self.subkeys[i], false),
            Err(i) => {
                self.subkeys.insert(i, Key::new(name));
                (&mut self.subkeys[i], true)
            }
        }
    }

    pub fn value(&self, name: &str) -> Option<&Value> {
        let folded = fold(name);
        self.values.iter().find(|v| fold(&v.name) == folded)
    }

    pub fn set_value(&mut self, name: &str, kind: u32, data: Vec<u8>) {
        let folded = fold(name);
        match self.values.iter_mut().find(|v| fold(&v.name) == folded) {
            Some(v) => {
                v.kind = kind;
                v.data = data;
            }
            None => self.values.push(Value {
                name: name.to_string(),
                kind,
                data,
            }),
        }
        self.last_write = crate::kernel32::sysinfoapi::filetime_now();
    }

    /// Removes value `name`; `false` when there is none.
    pub fn delete_value(&mut self, name: &str) -> bool {
        let folded = fold(name);
        let before = self.values.len();
        self.values.retain(|v| fold(&v.name) != folded);
        let removed = self.values.len() != before;
        if removed {
            self.last_write = crate::kernel32::sysinfoapi::filetime_now();
        }
        removed
    }
}

/// The loaded hives. One lock for the whole registry: programs touch it rarely.
pub struct Registry {
    hives: [Option<Key>; 2],
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    hives: [None, None],
});

/// The registry, locked.
pub fn lock() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where the hive files live: `$WINRUN_DATA_DIR/registry`, else
/// `$XDG_DATA_HOME/winrun/registry`, else `~/.local/share/winrun/registry`.
fn directory() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = var("WINRUN_DATA_DIR")
        .map(PathBuf::from)
        .or_else(|| var("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("winrun")))
        .or_else(|| var("HOME").map(|h| PathBuf::from(h).join(".local/share/winrun")))?;
    Some(base.join("registry"))
}

impl Registry {
    /// The root key of `hive`, loading it on first use.
    pub fn root(&mut self, hive: Hive) -> &mut Key {
        self.hives[hive as usize].get_or_insert_with(|| load(hive))
    }

    /// The key at `path` in `hive`.
    pub fn find(&mut self, hive: Hive, path: &[String]) -> Option<&mut Key> {
        self.root(hive).find_mut(path)
    }

    /// Creates the keys along `path` that are missing; `true` when the last one was created.
    pub fn create(&mut self, hive: Hive, path: &[String]) -> bool {
        let mut key = self.root(hive);
        let mut created = false;
        for component in path {
            (key, created) = key.child_or_create(component);
        }
        created
    }

    /// Removes the key at `path` (which must have no subkeys).
    pub fn delete(&mut self, hive: Hive, path: &[String]) -> Result<(), Win32Error> {
        let (name, parent) = path.split_last().ok_or(Win32Error::ACCESS_DENIED)?;
        let parent = self.find(hive, parent).ok_or(Win32Error::FILE_NOT_FOUND)?;
        let index = parent
            .position(name)
            .map_err(|_| Win32Error::FILE_NOT_FOUND)?;
        if !parent.subkeys[index].subkeys.is_empty() {
            return Err(Win32Error::ACCESS_DENIED);
        }
        parent.subkeys.remove(index);
        parent.last_write = crate::kernel32::sysinfoapi::filetime_now();
        Ok(())
    }

    /// Writes `hive` to its file. A registry that cannot be saved still works for this process,
    /// as a volatile one; the failure is logged.
    pub fn save(&mut self, hive: Hive) {
        let Some(dir) = directory() else {
            tracing::warn!(target: "advapi32::winreg", "no HOME: the registry is not saved");
            return;
        };
        let text = serialize(self.root(hive));
        let file = dir.join(hive.file_name());
        let temp = dir.join(format!("{}.{}.tmp", hive.file_name(), std::process::id()));
        let result = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&temp, text))
            .and_then(|()| std::fs::rename(&temp, &file));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&temp);
            tracing::warn!(target: "advapi32::winreg", "cannot save {}: {e}", file.display());
        }
    }
}

fn load(hive: Hive) -> Key {
    let saved = directory().and_then(|d| std::fs::read_to_string(d.join(hive.file_name())).ok());
    match saved.as_deref().map(parse) {
        Some(Some(root)) => root,
        Some(None) => {
            tracing::warn!(target: "advapi32::winreg", "{} is damaged; starting from the defaults", hive.file_name());
            defaults(hive)
        }
        None => defaults(hive),
    }
}

// The file format: a header line, then one line per key and per value (after its key):
//   key <last-write> <path>          path components joined by '\', "" for the root
//   value <type> <hex data> <name>
// Paths and names are escaped: '%', control characters and trailing spaces as %XX of UTF-8.

const HEADER: &str = "winrun registry 1";

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '%' || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn serialize(root: &Key) -> String {
    fn walk(key: &Key, path: &str, out: &mut String) {
        out.push_str(&format!("key {} {}\n", key.last_write, escape(path)));
        for v in &key.values {
            let hex: String = v.data.iter().map(|b| format!("{b:02x}")).collect();
            out.push_str(&format!("value {} {} {}\n", v.kind, hex, escape(&v.name)));
        }
        for sub in &key.subkeys {
            let child = if path.is_empty() {
                sub.name.clone()
            } else {
                format!("{path}\\{}", sub.name)
            };
            walk(sub, &child, out);
        }
    }
    let mut out = format!("{HEADER}\n");
    walk(root, "", &mut out);
    out
}

fn parse(text: &str) -> Option<Key> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut root = Key::default();
    let mut current: Vec<String> = Vec::new();
    for line in lines {
        let (tag, rest) = line.split_once(' ')?;
        match tag {
            "key" => {
                let (time, path) = rest.split_once(' ').unwrap_or((rest, ""));
                let path = unescape(path)?;
                current = path
                    .split('\\')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                let mut key = &mut root;
                for c in &current {
                    key = key.child_entry(c).0;
                }
                key.last_write = time.parse().ok()?;
            }
            "value" => {
                let mut parts = rest.splitn(3, ' ');
                let kind = parts.next()?.parse().ok()?;
                let hex = parts.next()?;
                let name = unescape(parts.next().unwrap_or(""))?;
                let data = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
                    .collect::<Option<Vec<u8>>>()?;
                let key = root.find_mut(&current)?;
                key.values.push(Value { name, kind, data });
            }
            _ => return None,
        }
    }
    Some(root)
}

/// REG_SZ data: UTF-16 with its terminating NUL.
pub fn sz(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

use windows_sys::Win32::System::Registry::{REG_BINARY, REG_DWORD, REG_SZ};

/// The keys a fresh Windows 10 22H2 installation has that programs read.
fn defaults(hive: Hive) -> Key {
    let mut root = Key::default();
    let mut put = |path: &str, values: &[(&str, u32, Vec<u8>)]| {
        let mut key = &mut root;
        for c in path.split('\\') {
            key = key.child_or_create(c).0;
        }
        for (name, kind, data) in values {
            key.set_value(name, *kind, data.clone());
        }
    };
    let dword = |v: u32| v.to_le_bytes().to_vec();
    match hive {
        Hive::Machine => {
            put(
                r"SOFTWARE\Microsoft\Windows NT\CurrentVersion",
                &[
                    ("ProductName", REG_SZ, sz("Windows 10 Pro")),
                    ("EditionID", REG_SZ, sz("Professional")),
                    ("InstallationType", REG_SZ, sz("Client")),
                    ("CurrentVersion", REG_SZ, sz("6.3")),
                    ("CurrentBuild", REG_SZ, sz("19045")),
                    ("CurrentBuildNumber", REG_SZ, sz("19045")),
                    ("CurrentMajorVersionNumber", REG_DWORD, dword(10)),
                    ("CurrentMinorVersionNumber", REG_DWORD, dword(0)),
                    ("DisplayVersion", REG_SZ, sz("22H2")),
                    ("ReleaseId", REG_SZ, sz("2009")),
                    ("UBR", REG_DWORD, dword(0)),
                    ("SystemRoot", REG_SZ, sz(r"C:\windows")),
                    ("RegisteredOwner", REG_SZ, sz("")),
                    ("RegisteredOrganization", REG_SZ, sz("")),
                ],
            );
            put(
                r"SOFTWARE\Microsoft\Windows\CurrentVersion",
                &[
                    ("ProgramFilesDir", REG_SZ, sz(r"C:\Program Files")),
                    (
                        "CommonFilesDir",
                        REG_SZ,
                        sz(r"C:\Program Files\Common Files"),
                    ),
                ],
            );
            put(r"SOFTWARE\Classes", &[]);
            put(
                r"SYSTEM\CurrentControlSet\Control\Session Manager\Environment",
                &[
                    ("OS", REG_SZ, sz("Windows_NT")),
                    ("PROCESSOR_ARCHITECTURE", REG_SZ, sz("AMD64")),
                ],
            );
            let (tz, _) = crate::kernel32::timezoneapi::host_time_zone();
            let name = |w: &[u16; 32]| {
                let end = w.iter().position(|&c| c == 0).unwrap_or(32);
                String::from_utf16_lossy(&w[..end])
            };
            let standard = name(&tz.StandardName);
            let daylight = name(&tz.DaylightName);
            let system_time = |st: &windows_sys::Win32::Foundation::SYSTEMTIME| {
                [
                    st.wYear,
                    st.wMonth,
                    st.wDayOfWeek,
                    st.wDay,
                    st.wHour,
                    st.wMinute,
                    st.wSecond,
                    st.wMilliseconds,
                ]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<u8>>()
            };
            put(
                r"SYSTEM\CurrentControlSet\Control\TimeZoneInformation",
                &[
                    ("Bias", REG_DWORD, dword(tz.Bias as u32)),
                    ("StandardBias", REG_DWORD, dword(tz.StandardBias as u32)),
                    ("DaylightBias", REG_DWORD, dword(tz.DaylightBias as u32)),
                    ("StandardName", REG_SZ, sz(&standard)),
                    ("DaylightName", REG_SZ, sz(&daylight)),
                    ("StandardStart", REG_BINARY, system_time(&tz.StandardDate)),
                    ("DaylightStart", REG_BINARY, system_time(&tz.DaylightDate)),
                    ("TimeZoneKeyName", REG_SZ, sz(&standard)),
                    ("DynamicDaylightTimeDisabled", REG_DWORD, dword(0)),
                ],
            );
            // REG_TZI_FORMAT: the three biases, then the standard and daylight dates.
            let mut tzi = Vec::new();
            tzi.extend(tz.Bias.to_le_bytes());
            tzi.extend(tz.StandardBias.to_le_bytes());
            tzi.extend(tz.DaylightBias.to_le_bytes());
            tzi.extend(system_time(&tz.StandardDate));
            tzi.extend(system_time(&tz.DaylightDate));
            put(
                &format!(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Time Zones\{standard}"),
                &[
                    ("Display", REG_SZ, sz(&standard)),
                    ("Std", REG_SZ, sz(&standard)),
                    ("Dlt", REG_SZ, sz(&daylight)),
                    ("TZI", REG_BINARY, tzi),
                ],
            );
        }
        Hive::User => {
            put(r"Software\Classes", &[]);
            put(
                r"Environment",
                &[("TEMP", REG_SZ, sz(r"%USERPROFILE%\AppData\Local\Temp"))],
            );
            put(r"Control Panel\International", &[]);
            put(r"Console", &[]);
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hive_survives_serialization() {
        let mut root = Key::default();
        root.child_or_create("Software")
            .0
            .child_or_create("odd % name\nline")
            .0
            .set_value("v a\\l", 7, vec![0, 1, 0xff]);
        root.set_value("", REG_SZ, sz("default"));
        let text = serialize(&root);
        let back = parse(&text).expect("parses");
        assert_eq!(serialize(&back), text);
        let key = back
            .find(&["SOFTWARE".into(), "ODD % NAME\nLINE".into()])
            .unwrap();
        assert_eq!(key.name, "odd % name\nline");
        assert_eq!(key.value("V A\\L").unwrap().data, vec![0, 1, 0xff]);
        assert!(parse("not a hive").is_none());
    }

    #[test]
    fn subkeys_stay_sorted_case_insensitively() {
        let mut root = Key::default();
        for name in ["b", "C", "a"] {
            root.child_or_create(name);
        }
        let names: Vec<&str> = root.subkeys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "C"]);
        assert!(root.subkey("c").is_some());
    }
}
