//! The loaded modules, as the APIs see them. The PE loader lives in the `winrun` binary; it
//! registers itself here so that LoadLibrary, GetProcAddress and friends use the same code that
//! bound the program's imports.

use crate::abi::Win32Error;
use std::sync::OnceLock;

/// What GetProcAddress asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcName {
    Name(String),
    Ordinal(u16),
}

pub trait Loader: Sync {
    /// LoadLibrary: loads (or references again) a DLL, running its DllMain; returns its HMODULE.
    fn load_library(&self, name: &str) -> Result<u64, Win32Error>;
    /// GetModuleHandle: an already loaded module, or the program itself for `None`.
    fn module_handle(&self, name: Option<&str>) -> Result<u64, Win32Error>;
    /// The module containing `address` (GetModuleHandleEx with FROM_ADDRESS).
    fn module_from_address(&self, address: u64) -> Result<u64, Win32Error>;
    /// GetProcAddress, through the same binder as static imports (shims, relay, forwarders).
    fn proc_address(&self, module: u64, name: &ProcName) -> Result<u64, Win32Error>;
    /// The module's Windows path (GetModuleFileName).
    fn module_file_name(&self, module: u64) -> Result<String, Win32Error>;
    /// FreeLibrary: drops a reference, detaching and unmapping at zero.
    fn free_library(&self, module: u64) -> Result<(), Win32Error>;
    /// On a new guest thread whose TEB is in place, before its start routine: the signal stack,
    /// static-TLS blocks for every module with a .tls section, then TLS callbacks and
    /// DllMain(DLL_THREAD_ATTACH) of the loaded DLLs.
    fn thread_attach(&self);
    /// On a guest thread that is ending: DllMain(DLL_THREAD_DETACH) and TLS callbacks in reverse
    /// order, then its static-TLS blocks are freed.
    fn thread_detach(&self);
    /// DisableThreadLibraryCalls: no thread notifications for `module` from now on.
    fn disable_thread_calls(&self, module: u64) -> Result<(), Win32Error>;
    /// `module+0xoffset (export+0xoffset)` for an address in a loaded module (the nearest named
    /// export below it, when there is one), or the bare address: for crash reports.
    fn describe_address(&self, address: u64) -> String;
    /// The exception directory (.pdata) of the image containing `address`: (image base, address
    /// of its RUNTIME_FUNCTION table, entry count). `None` outside images with one.
    fn function_table(&self, address: u64) -> Option<(u64, u64, u32)>;
    /// Ends the process: DLL_PROCESS_DETACH in reverse load order, then exit with `code`.
    fn exit_process(&self, code: u32) -> !;
}

static LOADER: OnceLock<&'static dyn Loader> = OnceLock::new();

/// Registers the loader. Called once by the `winrun` binary before guest code runs.
pub fn set_loader(loader: &'static dyn Loader) {
    if LOADER.set(loader).is_err() {
        panic!("loader registered twice");
    }
}

pub fn loader() -> &'static dyn Loader {
    *LOADER.get().expect("no loader registered")
}
