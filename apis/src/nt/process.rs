//! The process: its PEB, RTL_USER_PROCESS_PARAMETERS and identity.
//!
//! Offsets are those of the x64 PEB and process parameters on Windows 10; programs read them
//! directly (`NtCurrentTeb()->ProcessEnvironmentBlock->ProcessParameters->CommandLine`).

use crate::abi::mem;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

pub mod peb_offset {
    pub const BEING_DEBUGGED: u64 = 0x02;
    pub const IMAGE_BASE: u64 = 0x10;
    pub const LDR: u64 = 0x18;
    pub const PROCESS_PARAMETERS: u64 = 0x20;
    pub const PROCESS_HEAP: u64 = 0x30;
    pub const NUMBER_OF_PROCESSORS: u64 = 0xB8;
    pub const OS_MAJOR: u64 = 0x118;
    pub const OS_MINOR: u64 = 0x11C;
    pub const OS_BUILD: u64 = 0x120;
    pub const OS_PLATFORM_ID: u64 = 0x124;
    pub const IMAGE_SUBSYSTEM: u64 = 0x128;
    pub const IMAGE_SUBSYSTEM_MAJOR: u64 = 0x12C;
    pub const IMAGE_SUBSYSTEM_MINOR: u64 = 0x130;
    pub const SESSION_ID: u64 = 0x2C0;
}
const PEB_SIZE: usize = 0x800;

pub mod params_offset {
    pub const MAXIMUM_LENGTH: u64 = 0x00;
    pub const LENGTH: u64 = 0x04;
    pub const FLAGS: u64 = 0x08;
    pub const STD_INPUT: u64 = 0x20;
    pub const STD_OUTPUT: u64 = 0x28;
    pub const STD_ERROR: u64 = 0x30;
    pub const CURRENT_DIRECTORY: u64 = 0x38;
    pub const DLL_PATH: u64 = 0x50;
    pub const IMAGE_PATH_NAME: u64 = 0x60;
    pub const COMMAND_LINE: u64 = 0x70;
    pub const ENVIRONMENT: u64 = 0x80;
    pub const WINDOW_TITLE: u64 = 0xB0;
    pub const ENVIRONMENT_SIZE: u64 = 0x3F0;
}
const PARAMS_SIZE: usize = 0x440;

/// The OS version the process reports to RtlGetVersion: Windows 10 22H2.
pub const OS_VERSION: (u32, u32, u32) = (10, 0, 19045);

/// What the loader tells the process model about the program before it starts.
pub struct ProcessStart {
    pub image_base: u64,
    /// The image's Windows path (`C:\dir\prog.exe`).
    pub image_path: String,
    /// The exact command line the program sees.
    pub command_line: String,
    pub subsystem: u16,
    pub subsystem_version: (u16, u16),
}

struct Process {
    peb: u64,
    params: u64,
    command_line_a: Vec<u8>,
    image_path: String,
}

static PROCESS: OnceLock<Process> = OnceLock::new();

/// Writes a UNICODE_STRING at `at` for `text`, with the buffer (NUL-terminated) allocated for
/// the lifetime of the process.
pub fn write_unicode_string(at: u64, text: &str) {
    let units: Vec<u16> = text.encode_utf16().chain(Some(0)).collect();
    let buf = mem::alloc_zeroed(units.len() * 2, 8);
    mem::write_slice(buf, &units);
    let len = ((units.len() - 1) * 2) as u16;
    mem::write(at, len);
    mem::write(at + 2, len + 2);
    mem::write(at + 8, buf);
}

/// Creates the PEB and process parameters. Called once, before any guest code runs.
pub fn init(start: ProcessStart) {
    let peb = mem::alloc_zeroed(PEB_SIZE, 4096);
    let params = mem::alloc_zeroed(PARAMS_SIZE, 16);
    use peb_offset as p;
    mem::write(peb + p::IMAGE_BASE, start.image_base);
    mem::write(peb + p::PROCESS_PARAMETERS, params);
    mem::write(peb + p::NUMBER_OF_PROCESSORS, number_of_processors());
    mem::write(peb + p::OS_MAJOR, OS_VERSION.0);
    mem::write(peb + p::OS_MINOR, OS_VERSION.1);
    mem::write(peb + p::OS_BUILD, OS_VERSION.2 as u16);
    mem::write(peb + p::OS_PLATFORM_ID, 2u32); // VER_PLATFORM_WIN32_NT
    mem::write(peb + p::IMAGE_SUBSYSTEM, start.subsystem as u32);
    mem::write(
        peb + p::IMAGE_SUBSYSTEM_MAJOR,
        start.subsystem_version.0 as u32,
    );
    mem::write(
        peb + p::IMAGE_SUBSYSTEM_MINOR,
        start.subsystem_version.1 as u32,
    );
    mem::write(peb + p::SESSION_ID, 1u32);

    use params_offset as q;
    mem::write(params + q::MAXIMUM_LENGTH, PARAMS_SIZE as u32);
    mem::write(params + q::LENGTH, PARAMS_SIZE as u32);
    mem::write(params + q::FLAGS, 1u32); // PROCESS_PARAMETERS_NORMALIZED
    write_unicode_string(params + q::IMAGE_PATH_NAME, &start.image_path);
    write_unicode_string(params + q::COMMAND_LINE, &start.command_line);
    write_unicode_string(params + q::WINDOW_TITLE, &start.image_path);

    let process = Process {
        peb,
        params,
        command_line_a: start.command_line.bytes().chain(Some(0)).collect(),
        image_path: start.image_path,
    };
    if PROCESS.set(process).is_err() {
        panic!("process model initialised twice");
    }
    super::env::publish_block();
    super::shared_data::init();
    // Programs read PEB.ProcessHeap directly (GetProcessHeap inlined), before any heap call.
    crate::kernel32::heapapi::init_process_heap();
    crate::kernel32::consoleapi::route_ctrl_keys();
}

fn get() -> &'static Process {
    PROCESS.get().expect("process model not initialised")
}

pub fn peb() -> u64 {
    PROCESS.get().map_or(0, |p| p.peb)
}

pub fn params() -> u64 {
    get().params
}

/// GetCommandLineW's pointer: the buffer of ProcessParameters.CommandLine.
pub fn command_line_w() -> u64 {
    mem::read::<u64>(params() + params_offset::COMMAND_LINE + 8).unwrap_or(0)
}

/// The command line in the ANSI code page (UTF-8), NUL-terminated, for GetCommandLineA.
pub fn command_line_a() -> &'static [u8] {
    &get().command_line_a
}

pub fn image_path() -> &'static str {
    &get().image_path
}

pub fn image_base() -> u64 {
    mem::read::<u64>(peb() + peb_offset::IMAGE_BASE).unwrap_or(0)
}

pub fn set_process_heap(heap: u64) {
    mem::write(peb() + peb_offset::PROCESS_HEAP, heap);
}

pub fn set_ldr(ldr: u64) {
    mem::write(peb() + peb_offset::LDR, ldr);
}

/// The std handle fields of the process parameters (GetStdHandle reads them).
pub fn std_handle_slot(which: StdHandle) -> u64 {
    params()
        + match which {
            StdHandle::Input => params_offset::STD_INPUT,
            StdHandle::Output => params_offset::STD_OUTPUT,
            StdHandle::Error => params_offset::STD_ERROR,
        }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdHandle {
    Input,
    Output,
    Error,
}

/// The process id (the Linux pid), asked for once: GetCurrentProcessId is called often.
pub fn current_process_id() -> u32 {
    static PID: OnceLock<u32> = OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// The Windows thread id of the calling guest thread: its Linux tid, cached in the TEB's
/// ClientId so asking costs no system call.
pub fn current_thread_id() -> u32 {
    crate::abi::cpu::read_u64(super::teb::offset::CLIENT_ID_THREAD) as u32
}

/// The processors the process may use, asked once: the host's answer reads cgroup files.
pub fn number_of_processors() -> u32 {
    static COUNT: OnceLock<u32> = OnceLock::new();
    *COUNT.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32))
}

/// The host CPUs the process started with: Windows processor `i` is the `i`-th of them. A
/// winrun child numbers them as its parent does (`inherit_host_cpus`), whatever its parent
/// restricts it to later.
static HOST_CPUS: OnceLock<Vec<usize>> = OnceLock::new();

fn host_cpus() -> &'static [usize] {
    HOST_CPUS.get_or_init(|| crate::abi::host::allowed_cpus(current_process_id()))
}

/// Takes the parent's processor numbering (a list of host CPUs), before anything asks.
pub fn inherit_host_cpus(cpus: Vec<usize>) {
    if !cpus.is_empty() {
        let _ = HOST_CPUS.set(cpus);
    }
}

/// The processor numbering as `inherit_host_cpus` takes it: host CPUs, comma-separated.
pub fn host_cpu_list() -> String {
    let cpus: Vec<String> = host_cpus().iter().map(usize::to_string).collect();
    cpus.join(",")
}

/// The mask of every processor the system has for the process (GetProcessAffinityMask's system
/// mask).
pub fn system_affinity_mask() -> u64 {
    let n = host_cpus().len().min(64);
    if n == 64 { u64::MAX } else { (1u64 << n) - 1 }
}

/// The processor the calling thread runs on (GetCurrentProcessorNumber).
pub fn current_processor() -> u32 {
    let cpu = crate::abi::host::current_cpu();
    let cpus = host_cpus();
    cpus.iter()
        .position(|&c| c == cpu)
        .unwrap_or(cpu % cpus.len().max(1)) as u32
}

/// SetProcessAffinityMask's mask; 0: as the process started.
static AFFINITY: AtomicU64 = AtomicU64::new(0);

/// The process's affinity mask: the processors its threads may run on (all it started with,
/// until SetProcessAffinityMask; a pinned main thread does not change it).
pub fn affinity_mask() -> u64 {
    match AFFINITY.load(Ordering::SeqCst) {
        0 => system_affinity_mask(),
        set => set,
    }
}

/// SetProcessAffinityMask: every thread of the process (and those it starts later, which
/// inherit it) runs only on the processors of `mask`, a non-empty subset of the system mask.
pub fn set_affinity_mask(mask: u64) -> Result<(), crate::abi::Win32Error> {
    if mask == 0 || mask & !system_affinity_mask() != 0 {
        return Err(crate::abi::Win32Error::INVALID_PARAMETER);
    }
    AFFINITY.store(mask, Ordering::SeqCst);
    super::thread::reset_affinities();
    let cpus = cpus_of(mask);
    let tasks =
        std::fs::read_dir("/proc/self/task").map_err(|_| crate::abi::Win32Error::ACCESS_DENIED)?;
    for tid in tasks.filter_map(|t| t.ok()?.file_name().to_str()?.parse::<u32>().ok()) {
        // A thread that ended meanwhile is no error.
        let _ = crate::abi::host::set_allowed_cpus(tid, &cpus);
    }
    Ok(())
}

/// The host CPUs of the Windows processors in `mask`.
pub fn cpus_of(mask: u64) -> Vec<usize> {
    host_cpus()
        .iter()
        .take(64)
        .enumerate()
        .filter(|&(i, _)| mask & (1 << i) != 0)
        .map(|(_, &c)| c)
        .collect()
}

/// The mask of the Windows processors that are host CPUs in `cpus` (others count for nothing).
pub fn mask_of(cpus: &[usize]) -> u64 {
    host_cpus()
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, c)| cpus.contains(c))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// Ends the process now with `code` (Windows exit codes are 32-bit; Linux keeps the low 8 bits).
pub fn flush_and_exit(code: u32) -> ! {
    super::console::restore_terminal();
    super::file::delete_open_temporaries();
    super::child::report_exit(code);
    std::process::exit(code as i32)
}
