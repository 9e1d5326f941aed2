//! The process environment: the host's variables plus the ones Windows programs rely on, shaped
//! the Windows way (`PATH` with `C:\` entries joined by `;`). Names compare case-insensitively.
//!
//! The variables live here; the PEB's `ProcessParameters->Environment` block is republished after
//! every change, so programs that read it directly see the current values.

use crate::abi::mem;
use std::sync::Mutex;

struct Env {
    vars: Vec<(Vec<u16>, Vec<u16>)>,
}

static ENV: Mutex<Env> = Mutex::new(Env { vars: Vec::new() });

fn lock() -> std::sync::MutexGuard<'static, Env> {
    ENV.lock().unwrap_or_else(|e| e.into_inner())
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn upper(u: u16) -> u16 {
    if (b'a' as u16..=b'z' as u16).contains(&u) {
        u - 32
    } else {
        u
    }
}

/// Case-insensitive comparison of variable names (ASCII folding, like RtlCompareUnicodeString
/// for the names programs use).
pub fn names_equal(a: &[u16], b: &[u16]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| upper(x) == upper(y))
}

/// The profile directory of a user whose host home is `home`: that home, as a Windows path.
fn profile_of(home: Option<String>) -> String {
    let home = home.unwrap_or_else(|| "/root".into());
    super::path::host_to_windows(std::path::Path::new(&home))
}

/// The user's profile directory, USERPROFILE as the process starts. Windows keeps it with the
/// account, not in the environment, so a program changing USERPROFILE does not move it.
pub fn profile_directory() -> String {
    profile_of(std::env::var("HOME").ok())
}

/// The Windows-shaped variables added to (or replacing) the host's.
fn windows_variables(host: &[(String, String)]) -> Vec<(String, String)> {
    let get = |name: &str| host.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let user = get("USER")
        .or_else(|| get("LOGNAME"))
        .unwrap_or_else(|| "user".into());
    let tmp = get("TMPDIR").unwrap_or_else(|| "/tmp".into());
    let win = super::path::host_to_windows;
    let path = get("PATH")
        .unwrap_or_default()
        .split(':')
        .filter(|p| !p.is_empty())
        .map(|p| win(std::path::Path::new(p)))
        .collect::<Vec<_>>()
        .join(";");
    let host_name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_ascii_uppercase())
        .unwrap_or_else(|_| "WINRUN".into());
    let home_w = profile_of(get("HOME"));
    vec![
        ("PATH".into(), path),
        ("TEMP".into(), win(std::path::Path::new(&tmp))),
        ("TMP".into(), win(std::path::Path::new(&tmp))),
        ("USERPROFILE".into(), home_w.clone()),
        ("HOMEDRIVE".into(), "C:".into()),
        ("HOMEPATH".into(), home_w[2..].to_string()),
        ("APPDATA".into(), format!("{home_w}\\AppData\\Roaming")),
        ("LOCALAPPDATA".into(), format!("{home_w}\\AppData\\Local")),
        ("ProgramData".into(), "C:\\ProgramData".into()),
        ("SystemDrive".into(), "C:".into()),
        ("SystemRoot".into(), "C:\\windows".into()),
        ("windir".into(), "C:\\windows".into()),
        ("COMSPEC".into(), "C:\\windows\\system32\\cmd.exe".into()),
        ("PATHEXT".into(), ".COM;.EXE;.BAT;.CMD".into()),
        ("COMPUTERNAME".into(), host_name),
        ("USERNAME".into(), user),
        (
            "NUMBER_OF_PROCESSORS".into(),
            super::process::number_of_processors().to_string(),
        ),
        ("PROCESSOR_ARCHITECTURE".into(), "AMD64".into()),
        ("OS".into(), "Windows_NT".into()),
    ]
}

/// Fills the environment from the host's. Called once at startup, before `process::init`. A
/// winrun parent passes an environment that is already Windows-shaped (`windows_shaped`): it is
/// taken as it is.
pub fn init_from_host(windows_shaped: bool) {
    let host: Vec<(String, String)> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .filter(|(k, _)| !super::child::is_channel_variable(k))
        .collect();
    let added = if windows_shaped {
        Vec::new()
    } else {
        windows_variables(&host)
    };
    let mut env = lock();
    env.vars.clear();
    for (name, value) in host.iter().cloned().chain(added) {
        set_locked(&mut env, wide(&name), Some(wide(&value)));
    }
}

fn set_locked(env: &mut Env, name: Vec<u16>, value: Option<Vec<u16>>) {
    let existing = env.vars.iter().position(|(n, _)| names_equal(n, &name));
    match (existing, value) {
        (Some(i), Some(v)) => env.vars[i].1 = v,
        (Some(i), None) => {
            env.vars.remove(i);
        }
        (None, Some(v)) => env.vars.push((name, v)),
        (None, None) => {}
    }
}

/// The value of variable `name`.
pub fn get(name: &[u16]) -> Option<Vec<u16>> {
    lock()
        .vars
        .iter()
        .find(|(n, _)| names_equal(n, name))
        .map(|(_, v)| v.clone())
}

/// Sets (or with `None` deletes) variable `name`, then republishes the PEB block.
pub fn set(name: &[u16], value: Option<&[u16]>) {
    let mut env = lock();
    set_locked(&mut env, name.to_vec(), value.map(<[u16]>::to_vec));
    publish_locked(&mut env);
}

/// The environment as a Windows block: `name=value\0` entries sorted by name (as Windows keeps
/// them), then a final `\0`.
pub fn block() -> Vec<u16> {
    block_of(&lock())
}

fn block_of(env: &Env) -> Vec<u16> {
    let mut vars: Vec<&(Vec<u16>, Vec<u16>)> = env.vars.iter().collect();
    vars.sort_by(|a, b| {
        a.0.iter()
            .map(|&u| upper(u))
            .cmp(b.0.iter().map(|&u| upper(u)))
    });
    let mut out = Vec::new();
    for (n, v) in vars {
        out.extend_from_slice(n);
        out.push(b'=' as u16);
        out.extend_from_slice(v);
        out.push(0);
    }
    if out.is_empty() {
        out.push(0);
    }
    out.push(0);
    out
}

/// All variables as (name, value) strings, in block order (for the C runtime's `_environ`).
pub fn vars() -> Vec<(String, String)> {
    let block = block();
    block
        .split(|&u| u == 0)
        .filter(|e| !e.is_empty())
        .filter_map(|e| {
            let s = String::from_utf16_lossy(e);
            // Names may start with '=' (per-drive current directories), so split after it.
            let at = s[1..].find('=')? + 1;
            Some((s[..at].to_string(), s[at + 1..].to_string()))
        })
        .collect()
}

/// Publishes the block into the process parameters.
pub fn publish_block() {
    publish_locked(&mut lock());
}

fn publish_locked(env: &mut Env) {
    if super::process::peb() == 0 {
        return;
    }
    let params = super::process::params();
    let block = block_of(env);
    let size = block.len() * 2;
    let addr = mem::alloc_zeroed(size, 16);
    mem::write_slice(addr, &block);
    mem::write(params + super::process::params_offset::ENVIRONMENT, addr);
    mem::write(
        params + super::process::params_offset::ENVIRONMENT_SIZE,
        size as u64,
    );
    // The previous block is not freed: a program may still hold the pointer it read from the
    // PEB. Changes are rare, blocks small.
}
