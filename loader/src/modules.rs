//! The loaded modules: the program, the native DLLs it brings, and the builtin DLLs it uses.
//! Loading, binding, initialisation order, the PEB loader list and the `Loader` interface the
//! APIs use (LoadLibrary, GetProcAddress ...) all live here, so static imports and dynamic
//! lookups go through one path.

use crate::bind;
use crate::pe::exports::{ExportTarget, Exports};
use crate::pe::imports::{ImportName, ImportedDll};
use crate::pe::tls::TlsTemplate;
use crate::pe::{self, Headers, LoadError};
use apis::abi::{Win32Error, call::call, mem};
use apis::nt::modules::{Loader, ProcName};
use apis::nt::path;
use apis::registry::{self, Dll};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

const DLL_PROCESS_DETACH: u64 = 0;
const DLL_PROCESS_ATTACH: u64 = 1;
const DLL_THREAD_ATTACH: u64 = 2;
const DLL_THREAD_DETACH: u64 = 3;

pub enum Kind {
    Builtin(&'static Dll),
    Native(Box<Native>),
}

pub struct Native {
    pub headers: Headers,
    pub exports: Exports,
    pub tls: Option<TlsTemplate>,
    pub tls_index: Option<u32>,
    pub imports: Vec<ImportedDll>,
    pub delay_imports: Vec<ImportedDll>,
}

pub struct Module {
    /// The file name as Windows would report it ("greet.dll", "KERNEL32.dll").
    pub name: String,
    pub host_path: Option<PathBuf>,
    pub win_path: String,
    pub base: u64,
    pub size: u64,
    pub is_exe: bool,
    pub kind: Kind,
    pub refs: u32,
    /// Process attach has run (or, for the program, is not needed).
    pub attached: bool,
    /// DisableThreadLibraryCalls was called: no DLL_THREAD_ATTACH/DETACH.
    pub no_thread_calls: bool,
}

impl Module {
    pub fn native(&self) -> Option<&Native> {
        match &self.kind {
            Kind::Native(n) => Some(n),
            Kind::Builtin(_) => None,
        }
    }

    fn matches(&self, name: &str) -> bool {
        let want = registry::base_name(name);
        registry::base_name(&self.name) == want
            || matches!(self.kind, Kind::Builtin(d) if registry::find_dll(name).is_some_and(|f| std::ptr::eq(f, d)))
    }
}

#[derive(Default)]
pub struct Modules {
    pub list: Vec<Module>,
    /// Indices into `list` in the order their DllMain ran.
    init_order: Vec<usize>,
    /// The directory of the program, searched first for DLLs.
    app_dir: PathBuf,
    /// Next static TLS index.
    next_tls_index: u32,
    /// The PEB_LDR_DATA block.
    ldr: u64,
}

static MODULES: Mutex<Option<Modules>> = Mutex::new(None);

/// `--override DLL=native|builtin`: which implementation of a DLL wins when both exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DllOverride {
    /// The native DLL found for the program, else the builtin.
    Native,
    /// The builtin only; a native DLL of that name is never loaded.
    Builtin,
}

static OVERRIDES: OnceLock<Vec<(String, DllOverride)>> = OnceLock::new();

/// Sets the overrides (DLL names in any spelling). Called once, before anything is bound.
pub fn set_overrides(overrides: &[(String, DllOverride)]) {
    let keyed = overrides
        .iter()
        .map(|(dll, o)| (registry::base_name(dll), *o))
        .collect();
    let _ = OVERRIDES.set(keyed);
}

fn dll_override(name: &str) -> Option<DllOverride> {
    let base = registry::base_name(name);
    // The last override of a DLL wins, as with repeated options elsewhere.
    OVERRIDES
        .get()?
        .iter()
        .rev()
        .find(|(dll, _)| *dll == base)
        .map(|(_, o)| *o)
}

pub fn lock() -> MutexGuard<'static, Option<Modules>> {
    MODULES.lock().unwrap_or_else(|e| e.into_inner())
}

fn with<R>(f: impl FnOnce(&mut Modules) -> R) -> R {
    let mut guard = lock();
    f(guard.as_mut().expect("module list initialised"))
}

/// Reads and maps a PE file, without binding it.
pub fn map_file(path: &Path) -> Result<(Headers, pe::map::MappedImage), LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let headers = pe::parse_headers(path, &bytes)?;
    let image = pe::map::map_image(path, &bytes, &headers)?;
    Ok((headers, image))
}

/// Reads the tables of a mapped image.
fn read_tables(
    path: &Path,
    image: &pe::map::MappedImage,
    headers: Headers,
) -> Result<Native, LoadError> {
    let corrupt = |why: String| LoadError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    Ok(Native {
        exports: pe::exports::exports(image, &headers).map_err(corrupt)?,
        tls: pe::tls::tls(image, &headers).map_err(corrupt)?,
        imports: pe::imports::imports(image, &headers).map_err(corrupt)?,
        delay_imports: pe::imports::delay_imports(image, &headers).map_err(corrupt)?,
        tls_index: None,
        headers,
    })
}

/// Registers the program's mapped image as the first module.
pub fn init(
    exe_path: &Path,
    headers: Headers,
    image: pe::map::MappedImage,
) -> Result<(), LoadError> {
    let native = read_tables(exe_path, &image, headers)?;
    let app_dir = exe_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let module = Module {
        name: file_name(exe_path),
        host_path: Some(exe_path.to_path_buf()),
        win_path: path::host_to_windows(exe_path),
        base: image.base,
        size: image.size,
        is_exe: true,
        kind: Kind::Native(Box::new(native)),
        refs: 1,
        attached: true,
        no_thread_calls: false,
    };
    let mut guard = lock();
    let m = guard.insert(Modules {
        app_dir,
        ..Default::default()
    });
    m.ldr = crate::ldr::create();
    apis::nt::process::set_ldr(m.ldr);
    crate::ldr::append(m.ldr, &module);
    m.list.push(module);
    PENDING_IMAGES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((0, image));
    Ok(())
}

/// Images mapped but not yet protected (they stay writable until their imports are bound).
static PENDING_IMAGES: Mutex<Vec<(usize, pe::map::MappedImage)>> = Mutex::new(Vec::new());

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl Modules {
    pub fn find(&self, name: &str) -> Option<usize> {
        self.list.iter().position(|m| m.matches(name))
    }

    pub fn by_base(&self, base: u64) -> Option<usize> {
        self.list.iter().position(|m| m.base == base)
    }

    /// The builtin module for `dll`, creating its stand-in image on first use.
    fn builtin(&mut self, dll: &'static Dll) -> usize {
        if let Some(i) = self
            .list
            .iter()
            .position(|m| matches!(m.kind, Kind::Builtin(d) if std::ptr::eq(d, dll)))
        {
            return i;
        }
        let base = crate::ldr::builtin_image();
        let module = Module {
            name: dll.name.to_string(),
            host_path: None,
            win_path: format!("C:\\windows\\system32\\{}", dll.name.to_ascii_lowercase()),
            base,
            size: crate::ldr::BUILTIN_IMAGE_SIZE,
            is_exe: false,
            kind: Kind::Builtin(dll),
            refs: 1,
            attached: true,
            no_thread_calls: false,
        };
        crate::ldr::append(self.ldr, &module);
        self.list.push(module);
        self.list.len() - 1
    }

    /// Where a native DLL named `name` would be found: the program's directory, then the current
    /// directory, then PATH. Names compare case-insensitively, as on NTFS.
    pub fn search(&self, name: &str) -> Result<PathBuf, String> {
        if path::confined() {
            return self.search_confined(name);
        }
        let as_path = path::windows_to_host(name);
        if name.contains(['\\', '/']) {
            return if as_path.is_file() {
                Ok(as_path)
            } else {
                Err(as_path.display().to_string())
            };
        }
        let mut dirs = vec![self.app_dir.clone()];
        if let Ok(cwd) = std::env::current_dir() {
            dirs.push(cwd);
        }
        if let Some(p) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&p));
        }
        let mut file = name.to_string();
        if !file.contains('.') {
            file.push_str(".dll");
        }
        for d in &dirs {
            if let Some(found) = find_case_insensitive(d, &file) {
                return Ok(found);
            }
        }
        Err(dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", "))
    }
}

impl Modules {
    /// `search` under `--root`: the same directories, as the program sees them (its own, its
    /// current directory, its PATH), each name resolved inside the root the way file opens
    /// resolve it, so no `..`, symlink or host PATH entry reaches a DLL outside the root.
    fn search_confined(&self, name: &str) -> Result<PathBuf, String> {
        let mut file = name.to_string();
        if !name.contains(['\\', '/']) && !file.contains('.') {
            file.push_str(".dll");
        }
        let mut dirs = Vec::new();
        if !name.contains(['\\', '/']) {
            dirs.push(path::host_to_windows(&self.app_dir));
            dirs.push(path::current_dir());
            let var: Vec<u16> = "PATH".encode_utf16().collect();
            if let Some(value) = apis::nt::env::get(&var) {
                let value = String::from_utf16_lossy(&value);
                dirs.extend(value.split(';').filter(|d| !d.is_empty()).map(String::from));
            }
        }
        let candidates: Vec<String> = if dirs.is_empty() {
            vec![file]
        } else {
            dirs.iter()
                .map(|d| format!("{}\\{file}", d.trim_end_matches(['\\', '/'])))
                .collect()
        };
        candidates
            .iter()
            .find_map(|c| confined_file(c))
            .ok_or_else(|| candidates.join(", "))
    }
}

/// The host path of the regular file the Windows name `name` reaches inside the root.
fn confined_file(name: &str) -> Option<PathBuf> {
    let path::Target::File(p) = path::resolve(name).ok()? else {
        return None;
    };
    let p = path::locate(&p);
    let fd = apis::nt::fs::open(&p, libc::O_PATH, 0).ok()?;
    let fd_path = PathBuf::from(format!(
        "/proc/self/fd/{}",
        std::os::fd::AsRawFd::as_raw_fd(&fd)
    ));
    // The descriptor's own name is where openat2 resolved it, inside the root.
    let real = std::fs::read_link(&fd_path).ok()?;
    std::fs::metadata(&fd_path)
        .ok()
        .filter(|m| m.is_file())
        .map(|_| real)
}

fn find_case_insensitive(dir: &Path, file: &str) -> Option<PathBuf> {
    let exact = dir.join(file);
    if exact.is_file() {
        return Some(exact);
    }
    let want = file.to_lowercase();
    std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
        (e.file_name().to_string_lossy().to_lowercase() == want && e.path().is_file())
            .then(|| e.path())
    })
}

/// Loads `name` (builtin or native, with its dependencies), binding its imports; returns its
/// index. Process-attach notifications are left pending: run `initialize_pending` after the
/// module lock is released.
pub fn load(m: &mut Modules, name: &str, needed_by: &str) -> Result<usize, LoadError> {
    if let Some(i) = m.find(name) {
        return Ok(i);
    }
    let choice = dll_override(name);
    let builtin = registry::find_dll(name);
    if let Some(dll) = builtin.filter(|_| choice != Some(DllOverride::Native)) {
        return Ok(m.builtin(dll));
    }
    let searched = match choice {
        Some(DllOverride::Builtin) => Err(format!(
            "no directory: --override {}=builtin",
            registry::base_name(name)
        )),
        _ => m.search(name),
    };
    let host = match searched {
        Ok(host) => host,
        Err(searched) => {
            // `--override DLL=native` falls back to the builtin, as Wine's "n,b" does; a DLL
            // only shims provide comes last.
            let fallback =
                builtin.or_else(|| crate::preload::active().and_then(|p| p.provided(name)));
            if let Some(dll) = fallback {
                return Ok(m.builtin(dll));
            }
            return Err(LoadError::DllNotFound {
                dll: name.to_string(),
                needed_by: needed_by.to_string(),
                searched,
            });
        }
    };
    let (headers, image) = map_file(&host)?;
    let native = read_tables(&host, &image, headers)?;
    let module = Module {
        name: file_name(&host),
        win_path: path::host_to_windows(&host),
        host_path: Some(host),
        base: image.base,
        size: image.size,
        is_exe: false,
        kind: Kind::Native(Box::new(native)),
        refs: 1,
        attached: false,
        no_thread_calls: false,
    };
    crate::ldr::append(m.ldr, &module);
    m.list.push(module);
    let index = m.list.len() - 1;
    PENDING_IMAGES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((index, image));
    bind_module(m, index)?;
    Ok(index)
}

/// Binds the imports of module `index` (loading what they need), then protects its image.
/// Delay-load imports are left alone, as Windows' loader leaves them: the program's own
/// delay-load helper resolves each on first call through LoadLibrary and GetProcAddress.
pub fn bind_module(m: &mut Modules, index: usize) -> Result<(), LoadError> {
    let native = m.list[index]
        .native()
        .expect("only native modules are bound");
    let imports = native.imports.clone();
    let me = m.list[index].name.clone();
    let base = m.list[index].base;
    for dll in &imports {
        let target = load(m, &dll.dll, &me)?;
        for import in &dll.imports {
            let addr = bind::resolve(m, target, &import.name, &dll.dll);
            mem::write(base + import.iat_rva as u64, addr);
        }
    }
    let image = {
        let mut pending = PENDING_IMAGES.lock().unwrap_or_else(|e| e.into_inner());
        let at = pending.iter().position(|(i, _)| *i == index);
        at.map(|at| pending.remove(at).1)
    };
    if let Some(image) = image {
        let module = &m.list[index];
        let path = module.host_path.clone().unwrap_or_default();
        let headers = &module.native().expect("native").headers;
        let pages = pe::map::protect(image, headers).map_err(|why| LoadError::Corrupt {
            path: path.clone(),
            why,
        })?;
        apis::kernel32::memoryapi::register_image(module.base, pages);
    }
    assign_tls(m, index);
    Ok(())
}

/// Gives a module with static TLS its index and this thread's block.
fn assign_tls(m: &mut Modules, index: usize) {
    let next = m.next_tls_index;
    let Kind::Native(native) = &mut m.list[index].kind else {
        return;
    };
    let Some(tls) = &native.tls else {
        return;
    };
    native.tls_index = Some(next);
    mem::write(tls.index_va, next);
    m.next_tls_index += 1;
    crate::thread::add_tls_block(next, tls);
}

/// Runs process attach (TLS callbacks, then DllMain) for loaded DLLs that have not had it,
/// dependencies first. Called without the module lock held: DllMain may call LoadLibrary.
pub fn initialize_pending() -> Result<(), LoadError> {
    loop {
        // The first module whose dependencies are all attached.
        let next = with(|m| {
            let ready = (0..m.list.len()).find(|&i| {
                let module = &m.list[i];
                !module.attached
                    && module.native().is_some_and(|n| {
                        n.imports
                            .iter()
                            .all(|d| m.find(&d.dll).is_none_or(|j| j == i || m.list[j].attached))
                    })
            });
            // A cycle: attach in load order, as Windows does.
            let next = ready.or_else(|| (0..m.list.len()).find(|&i| !m.list[i].attached))?;
            m.list[next].attached = true;
            m.init_order.push(next);
            let module = &m.list[next];
            let native = module.native().expect("only native modules attach");
            let callbacks = native
                .tls
                .as_ref()
                .map(|t| t.callbacks.clone())
                .unwrap_or_default();
            let entry = (native.headers.entry_rva != 0)
                .then(|| module.base + native.headers.entry_rva as u64);
            Some((
                module.base,
                callbacks,
                entry,
                module.host_path.clone().unwrap_or_default(),
            ))
        });
        let Some((base, callbacks, entry, path)) = next else {
            return Ok(());
        };
        for cb in callbacks {
            call(cb, &[base, DLL_PROCESS_ATTACH, 0]);
        }
        if let Some(entry) = entry
            && call(entry, &[base, DLL_PROCESS_ATTACH, 0]) as u32 == 0
        {
            return Err(LoadError::DllInitFailed { path });
        }
    }
}

/// The address the program's TLS callbacks and entry point need.
pub fn exe_entry() -> (u64, Vec<u64>, u64) {
    with(|m| {
        let exe = &m.list[0];
        let native = exe.native().expect("the program is native");
        (
            exe.base,
            native
                .tls
                .as_ref()
                .map(|t| t.callbacks.clone())
                .unwrap_or_default(),
            exe.base + native.headers.entry_rva as u64,
        )
    })
}

static EXITING: AtomicBool = AtomicBool::new(false);

/// The loader interface the APIs call.
pub struct ProcessLoader;

fn ensure_dll_suffix(name: &str) -> String {
    let base = name.rsplit(['\\', '/']).next().unwrap_or(name);
    if base.contains('.') {
        name.trim_end_matches('.').to_string()
    } else {
        format!("{name}.dll")
    }
}

/// The thread notifications due on a thread that starts or ends: per module (the program first,
/// then DLLs in initialisation order), its base, TLS callbacks and DllMain.
fn thread_notifications(m: &Modules) -> Vec<(u64, Vec<u64>, Option<u64>)> {
    std::iter::once(0)
        .chain(m.init_order.iter().copied())
        .filter_map(|i| {
            let module = &m.list[i];
            let native = module.native()?;
            if module.no_thread_calls || module.base == 0 {
                return None;
            }
            let callbacks = native
                .tls
                .as_ref()
                .map(|t| t.callbacks.clone())
                .unwrap_or_default();
            let entry = (!module.is_exe && native.headers.entry_rva != 0)
                .then(|| module.base + native.headers.entry_rva as u64);
            Some((module.base, callbacks, entry))
        })
        .collect()
}

impl Loader for ProcessLoader {
    fn thread_attach(&self) {
        crate::fault::install_thread_stack();
        crate::thread::create_tls_array();
        let notifications = with(|m| {
            for module in &m.list {
                if let Some((index, tls)) = module
                    .native()
                    .and_then(|n| Some((n.tls_index?, n.tls.as_ref()?)))
                {
                    crate::thread::add_tls_block(index, tls);
                }
            }
            thread_notifications(m)
        });
        for (base, callbacks, entry) in notifications {
            for cb in callbacks {
                call(cb, &[base, DLL_THREAD_ATTACH, 0]);
            }
            if let Some(entry) = entry {
                call(entry, &[base, DLL_THREAD_ATTACH, 0]);
            }
        }
    }

    fn thread_detach(&self) {
        let notifications = with(|m| thread_notifications(m));
        for (base, callbacks, entry) in notifications.into_iter().rev() {
            if let Some(entry) = entry {
                call(entry, &[base, DLL_THREAD_DETACH, 0]);
            }
            for cb in callbacks {
                call(cb, &[base, DLL_THREAD_DETACH, 0]);
            }
        }
        with(|m| {
            let blocks: Vec<(u32, &TlsTemplate)> = m
                .list
                .iter()
                .filter_map(|x| {
                    let n = x.native()?;
                    Some((n.tls_index?, n.tls.as_ref()?))
                })
                .collect();
            crate::thread::free_tls(&blocks);
        });
        crate::fault::remove_thread_stack();
    }

    fn disable_thread_calls(&self, module: u64) -> Result<(), Win32Error> {
        with(|m| {
            let i = m.by_base(module).ok_or(Win32Error::MOD_NOT_FOUND)?;
            m.list[i].no_thread_calls = true;
            Ok(())
        })
    }

    fn load_library(&self, name: &str) -> Result<u64, Win32Error> {
        let name = ensure_dll_suffix(name);
        let result = with(|m| {
            if let Some(i) = m.find(&name) {
                m.list[i].refs += 1;
                return Ok(m.list[i].base);
            }
            let exe_name = m.list[0].name.clone();
            load(m, &name, &exe_name).map(|i| m.list[i].base)
        });
        match result {
            Ok(base) => {
                initialize_pending().map_err(|e| {
                    tracing::warn!(target: "loader", "LoadLibrary({name}): {e}");
                    Win32Error::DLL_INIT_FAILED
                })?;
                Ok(base)
            }
            Err(LoadError::DllNotFound { .. }) | Err(LoadError::Unreadable { .. }) => {
                Err(Win32Error::MOD_NOT_FOUND)
            }
            Err(e) => {
                tracing::warn!(target: "loader", "LoadLibrary({name}): {e}");
                Err(Win32Error::BAD_EXE_FORMAT)
            }
        }
    }

    fn module_handle(&self, name: Option<&str>) -> Result<u64, Win32Error> {
        with(|m| match name {
            None => Ok(m.list[0].base),
            Some(n) => {
                let n = ensure_dll_suffix(n);
                m.find(&n)
                    .map(|i| m.list[i].base)
                    .ok_or(Win32Error::MOD_NOT_FOUND)
            }
        })
    }

    fn module_from_address(&self, address: u64) -> Result<u64, Win32Error> {
        with(|m| {
            m.list
                .iter()
                .find(|x| address >= x.base && address < x.base + x.size)
                .map(|x| x.base)
                .ok_or(Win32Error::MOD_NOT_FOUND)
        })
    }

    fn describe_address(&self, address: u64) -> String {
        describe_address(address)
    }

    fn function_table(&self, address: u64) -> Option<(u64, u64, u32)> {
        with(|m| {
            let module = m
                .list
                .iter()
                .find(|x| address >= x.base && address < x.base + x.size)?;
            let (rva, size) = module.native()?.headers.dir(pe::dir::EXCEPTION);
            (rva != 0 && size >= 12).then(|| (module.base, module.base + rva as u64, size / 12))
        })
    }

    fn proc_address(&self, module: u64, name: &ProcName) -> Result<u64, Win32Error> {
        let name = match name {
            ProcName::Name(n) => ImportName::Name(n.clone()),
            ProcName::Ordinal(o) => ImportName::Ordinal(*o),
        };
        with(|m| {
            let index = if module == 0 {
                Some(0)
            } else {
                m.by_base(module)
            }
            .ok_or(Win32Error::MOD_NOT_FOUND)?;
            bind::lookup(m, index, &name).ok_or(Win32Error::PROC_NOT_FOUND)
        })
    }

    fn module_file_name(&self, module: u64) -> Result<String, Win32Error> {
        with(|m| {
            let index = if module == 0 {
                Some(0)
            } else {
                m.by_base(module)
            }
            .ok_or(Win32Error::MOD_NOT_FOUND)?;
            Ok(m.list[index].win_path.clone())
        })
    }

    fn free_library(&self, module: u64) -> Result<(), Win32Error> {
        let detach = with(|m| -> Result<_, Win32Error> {
            let i = m.by_base(module).ok_or(Win32Error::MOD_NOT_FOUND)?;
            let module = &mut m.list[i];
            if module.is_exe || matches!(module.kind, Kind::Builtin(_)) {
                return Ok(None);
            }
            module.refs = module.refs.saturating_sub(1);
            if module.refs > 0 {
                return Ok(None);
            }
            // The last reference: detach, then unmap. The module stays listed (unmapped) so a
            // stale HMODULE fails cleanly instead of matching a new module at the same address.
            m.init_order.retain(|&j| j != i);
            let module = &mut m.list[i];
            module.attached = false;
            let entry = module
                .native()
                .filter(|n| n.headers.entry_rva != 0)
                .map(|n| module.base + n.headers.entry_rva as u64);
            Ok(Some((module.base, module.size, entry, i)))
        })?;
        if let Some((base, size, entry, index)) = detach {
            if let Some(entry) = entry {
                call(entry, &[base, DLL_PROCESS_DETACH, 0]);
            }
            with(|m| {
                crate::ldr::remove(m.ldr, base);
                let module = &mut m.list[index];
                module.name = format!("<unloaded {}>", module.name);
                module.base = 0;
                module.size = 0;
            });
            apis::kernel32::memoryapi::unregister_image(base);
            pe::map::unmap(base, size);
        }
        Ok(())
    }

    fn exit_process(&self, code: u32) -> ! {
        if EXITING.swap(true, Ordering::SeqCst) {
            // ExitProcess from a DllMain during exit: end at once.
            apis::nt::process::flush_and_exit(code);
        }
        let detach: Vec<(u64, Option<u64>, Vec<u64>)> = with(|m| {
            m.init_order
                .iter()
                .rev()
                .filter_map(|&i| {
                    let module = &m.list[i];
                    let native = module.native()?;
                    let entry = (native.headers.entry_rva != 0)
                        .then(|| module.base + native.headers.entry_rva as u64);
                    let callbacks = native
                        .tls
                        .as_ref()
                        .map(|t| t.callbacks.clone())
                        .unwrap_or_default();
                    Some((module.base, entry, callbacks))
                })
                .collect()
        });
        let (exe_base, exe_callbacks, _) = exe_entry();
        for cb in exe_callbacks {
            call(cb, &[exe_base, DLL_PROCESS_DETACH, 1]);
        }
        for (base, entry, callbacks) in detach {
            // lpReserved is non-NULL: the process is terminating.
            if let Some(entry) = entry {
                call(entry, &[base, DLL_PROCESS_DETACH, 1]);
            }
            for cb in callbacks {
                call(cb, &[base, DLL_PROCESS_DETACH, 1]);
            }
        }
        // msvcrt.dll and ucrtbase flush their streams on process detach.
        apis::crt::stdio::flush_all();
        apis::nt::process::flush_and_exit(code)
    }
}

/// Resolves a forwarder "DLL.Name" or "DLL.#7" from a module.
pub fn resolve_forward(m: &mut Modules, forward: &str, from: &str) -> Option<u64> {
    let (dll, func) = forward.rsplit_once('.')?;
    let target = load(m, &format!("{dll}.dll"), from).ok()?;
    let name = match func.strip_prefix('#') {
        Some(o) => ImportName::Ordinal(o.parse().ok()?),
        None => ImportName::Name(func.to_string()),
    };
    bind::lookup(m, target, &name)
}

/// The export of a native module, resolved to an address (forwarders followed).
pub fn native_export(m: &mut Modules, index: usize, name: &ImportName) -> Option<u64> {
    let module = &m.list[index];
    let native = module.native()?;
    let target = match name {
        ImportName::Name(n) => native.exports.by_name(n),
        ImportName::Ordinal(o) => native.exports.by_ordinal(*o),
    }?
    .clone();
    match target {
        ExportTarget::Rva(rva) => Some(module.base + rva as u64),
        ExportTarget::Forward(f) => {
            let from = module.name.clone();
            resolve_forward(m, &f, &from)
        }
    }
}

/// `module+0xoffset` for an address in a loaded module, or the bare address. Used by the fault
/// handler, so it never waits for the module lock.
pub fn describe_address(address: u64) -> String {
    let Ok(guard) = MODULES.try_lock() else {
        return format!("{address:#x}");
    };
    guard
        .as_ref()
        .and_then(|m| {
            m.list
                .iter()
                .find(|x| address >= x.base && address < x.base + x.size)
        })
        .map_or_else(
            || format!("{address:#x} (outside the program's modules)"),
            |x| {
                let offset = address - x.base;
                let export = x
                    .native()
                    .and_then(|n| n.exports.nearest_below(offset as u32));
                match export {
                    Some((name, rva)) if offset == rva as u64 => {
                        format!("{}+{offset:#x} ({name})", x.name)
                    }
                    Some((name, rva)) => {
                        format!("{}+{offset:#x} ({name}+{:#x})", x.name, offset - rva as u64)
                    }
                    None => format!("{}+{offset:#x}", x.name),
                }
            },
        )
}

/// Whether `address` lies in a native (PE) module, for the fault handler: never waits for the
/// module lock (answers no when it is taken).
pub fn is_guest_code(address: u64) -> bool {
    let Ok(guard) = MODULES.try_lock() else {
        return false;
    };
    guard.as_ref().is_some_and(|m| {
        m.list
            .iter()
            .any(|x| x.native().is_some() && address >= x.base && address < x.base + x.size)
    })
}
