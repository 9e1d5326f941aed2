//! Child processes (DESIGN §7): a PE child runs under a new winrun (this same binary, with the
//! same drive options) and receives the exact command line; a Linux program is exec'd with its
//! arguments split by the Windows rules; `cmd /c` runs through /bin/sh (see `cmd`).
//!
//! What a winrun child needs from its parent travels in environment variables that the child
//! reads once at startup and never shows to its program:
//! `WINRUN_CHILD_CMDLINE` the command line, `WINRUN_CHILD_HANDLES` the inherited handles
//! (`handle=fd,...`, the descriptors left open across exec), `WINRUN_CHILD_EXIT_FD` a pipe for
//! the full 32-bit exit code (Linux keeps only 8 bits), `WINRUN_CHILD_RESUME_FD` a pipe the child
//! reads before running any guest code (CREATE_SUSPENDED: ResumeThread closes the other end),
//! `WINRUN_CHILD_ENV`, set when the environment is already Windows-shaped, and
//! `WINRUN_CHILD_CPUS`, the host CPUs the parent numbers as processors 0, 1 ... (processor
//! numbers are system-wide on Windows).

use super::file::FileObject;
use super::path::{self, HostPath, Target};
use super::sync::{self, Locked, WaitQueue, Waitable};
use super::thread::ThreadObject;
use crate::abi::handles::{HANDLES, Object};
use crate::abi::host::{self, ChildStatus};
use crate::abi::{Handle, Win32Error, Win32Result};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Read;
use std::os::fd::{AsRawFd, OwnedFd, RawFd};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// GetExitCodeProcess's answer while the process runs.
pub const STILL_ACTIVE: u32 = 259;

/// A process: a child this process started, or this process itself (OpenProcess of its own id).
pub struct ProcessObject {
    pub pid: u32,
    exited: AtomicBool,
    code: AtomicU32,
    /// The affinity mask SetProcessAffinityMask gave a child; 0 until then.
    affinity: AtomicU64,
    life: Mutex<Life>,
    queue: WaitQueue,
}

#[derive(Default)]
struct Life {
    /// The child was reaped: its pid may belong to another process now.
    reaped: bool,
    /// The exit code TerminateProcess asked for.
    terminated_with: Option<u32>,
    /// The write end of the pipe a suspended child waits on.
    resume: Option<OwnedFd>,
}

impl Object for ProcessObject {
    fn type_name(&self) -> &'static str {
        "Process"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for ProcessObject {
    fn queue(&self) -> &WaitQueue {
        &self.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.exited.load(Ordering::Acquire)
    }
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        false
    }
}

static CHILDREN: Mutex<Option<HashMap<u32, Weak<ProcessObject>>>> = Mutex::new(None);

impl ProcessObject {
    fn new(pid: u32) -> Self {
        ProcessObject {
            pid,
            exited: AtomicBool::new(false),
            code: AtomicU32::new(STILL_ACTIVE),
            affinity: AtomicU64::new(0),
            life: Mutex::new(Life::default()),
            queue: WaitQueue::default(),
        }
    }

    fn life(&self) -> std::sync::MutexGuard<'_, Life> {
        self.life.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The object standing for this process.
    pub fn current() -> Arc<ProcessObject> {
        static CURRENT: OnceLock<Arc<ProcessObject>> = OnceLock::new();
        CURRENT
            .get_or_init(|| Arc::new(ProcessObject::new(super::process::current_process_id())))
            .clone()
    }

    fn is_current(&self) -> bool {
        self.pid == super::process::current_process_id()
    }

    /// A child of this process by id, while a handle to it is open.
    pub fn child(pid: u32) -> Option<Arc<ProcessObject>> {
        let children = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
        children.as_ref()?.get(&pid)?.upgrade()
    }

    /// STILL_ACTIVE while the process runs, then its exit code.
    pub fn exit_code(&self) -> u32 {
        self.code.load(Ordering::Acquire)
    }

    pub fn has_exited(&self) -> bool {
        self.exited.load(Ordering::Acquire)
    }

    /// Ends the process with `code`. A process that has already ended cannot be terminated
    /// (ERROR_ACCESS_DENIED, as on Windows).
    pub fn terminate(&self, code: u32) -> Win32Result<()> {
        if self.is_current() {
            super::process::flush_and_exit(code);
        }
        let mut life = self.life();
        if life.reaped || self.has_exited() {
            return Err(Win32Error::ACCESS_DENIED);
        }
        life.terminated_with = Some(code);
        life.resume = None;
        host::kill(self.pid as i32, libc::SIGKILL)
    }

    /// The processors the process may run on (GetProcessAffinityMask): for a child, the mask
    /// it was given, or else those its threads may run on now.
    pub fn affinity_mask(&self) -> u64 {
        if self.is_current() {
            return super::process::affinity_mask();
        }
        match self.affinity.load(Ordering::SeqCst) {
            0 => {
                let life = self.life();
                let cpus: Vec<usize> = if life.reaped {
                    Vec::new()
                } else {
                    self.host_threads().flat_map(host::allowed_cpus).collect()
                };
                match super::process::mask_of(&cpus) {
                    0 => super::process::system_affinity_mask(),
                    mask => mask,
                }
            }
            mask => mask,
        }
    }

    /// SetProcessAffinityMask: every thread of the process runs only on the processors of
    /// `mask`, a non-empty subset of the system mask. A child that has ended cannot be changed
    /// (ERROR_ACCESS_DENIED, STATUS_PROCESS_IS_TERMINATING).
    pub fn set_affinity_mask(&self, mask: u64) -> Win32Result<()> {
        if self.is_current() {
            return super::process::set_affinity_mask(mask);
        }
        if mask == 0 || mask & !super::process::system_affinity_mask() != 0 {
            return Err(Win32Error::INVALID_PARAMETER);
        }
        // Under the `life` lock the pid is not reaped, so it is still the child's.
        let life = self.life();
        if life.reaped || self.has_exited() {
            return Err(Win32Error::ACCESS_DENIED);
        }
        let cpus = super::process::cpus_of(mask);
        for tid in self.host_threads() {
            // A thread that ended meanwhile is no error.
            let _ = host::set_allowed_cpus(tid, &cpus);
        }
        self.affinity.store(mask, Ordering::SeqCst);
        Ok(())
    }

    /// The host thread ids of a child (its `/proc` task list).
    fn host_threads(&self) -> impl Iterator<Item = u32> {
        std::fs::read_dir(format!("/proc/{}/task", self.pid))
            .into_iter()
            .flatten()
            .filter_map(|t| t.ok()?.file_name().to_str()?.parse::<u32>().ok())
    }

    /// ResumeThread on the child's main thread: the previous suspend count.
    pub fn resume(&self) -> u32 {
        self.life().resume.take().map_or(0, |_| 1)
    }

    /// Waits for the child in a helper thread and signals the object when it ends. The child is
    /// reaped under the `life` lock, so `terminate` never signals a recycled pid.
    fn watch(self: &Arc<Self>, exit_pipe: Option<OwnedFd>) {
        let me = self.clone();
        let spawned = std::thread::Builder::new()
            .name("winrun-child-wait".into())
            .stack_size(64 * 1024)
            .spawn(move || {
                host::wait_exited(me.pid as i32);
                let code = {
                    let mut life = me.life();
                    let status = host::reap(me.pid as i32);
                    life.reaped = true;
                    life.resume = None;
                    let reported = exit_pipe.and_then(|fd| {
                        let n = host::bytes_readable(fd.as_raw_fd()).unwrap_or(0);
                        let mut buf = [0u8; 4];
                        (n >= 4 && std::fs::File::from(fd).read_exact(&mut buf).is_ok())
                            .then(|| u32::from_le_bytes(buf))
                    });
                    match (status, life.terminated_with) {
                        (ChildStatus::Signaled(libc::SIGKILL), Some(code)) => code,
                        (ChildStatus::Exited(_), _) if reported.is_some() => reported.unwrap_or(0),
                        (ChildStatus::Exited(code), _) => code as u32,
                        // A Linux signal has no Windows exit code; the shell's convention.
                        (ChildStatus::Signaled(sig), _) => 128 + sig as u32,
                    }
                };
                me.code.store(code, Ordering::Release);
                let locked = sync::lock();
                me.exited.store(true, Ordering::Release);
                sync::wake_waiters(&locked, &*me);
            });
        if let Err(e) = spawned {
            tracing::error!(target: "kernel32::processthreadsapi", "cannot watch child {}: {e}", self.pid);
        }
    }
}

/// The main thread of a child process, as PROCESS_INFORMATION.hThread: signaled when the
/// process ends; ResumeThread starts a suspended child.
pub struct ChildThread {
    pub process: Arc<ProcessObject>,
}

impl Object for ChildThread {
    fn type_name(&self) -> &'static str {
        "Thread"
    }
    fn waitable(&self) -> Option<&dyn Waitable> {
        Some(self)
    }
}

impl Waitable for ChildThread {
    fn queue(&self) -> &WaitQueue {
        &self.process.queue
    }
    fn is_signaled(&self, _: &Locked, _: &ThreadObject) -> bool {
        self.process.has_exited()
    }
    fn acquire(&self, _: &Locked, _: &Arc<dyn Object>, _: &Arc<ThreadObject>) -> bool {
        false
    }
}

/// Kill-on-close job objects: their processes end when the last handle closes or when this
/// process ends.
pub struct JobObject {
    processes: Mutex<Vec<Arc<ProcessObject>>>,
    pub kill_on_close: AtomicBool,
}

static KILL_ON_CLOSE_JOBS: Mutex<Vec<Weak<JobObject>>> = Mutex::new(Vec::new());

impl Object for JobObject {
    fn type_name(&self) -> &'static str {
        "Job"
    }
}

impl JobObject {
    pub fn new() -> Arc<JobObject> {
        let job = Arc::new(JobObject {
            processes: Mutex::new(Vec::new()),
            kill_on_close: AtomicBool::new(false),
        });
        let mut jobs = KILL_ON_CLOSE_JOBS.lock().unwrap_or_else(|e| e.into_inner());
        jobs.retain(|j| j.strong_count() > 0);
        jobs.push(Arc::downgrade(&job));
        job
    }

    pub fn assign(&self, process: &Arc<ProcessObject>) {
        self.processes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(process.clone());
    }

    /// Ends every process of the job (this one last, when it is a member).
    pub fn terminate_all(&self, code: u32) {
        let processes =
            std::mem::take(&mut *self.processes.lock().unwrap_or_else(|e| e.into_inner()));
        for p in processes.iter().filter(|p| !p.is_current()) {
            let _ = p.terminate(code);
        }
        if processes.iter().any(|p| p.is_current()) {
            super::process::flush_and_exit(code);
        }
    }

    /// KILL_ON_JOB_CLOSE ends the members (with exit code 0).
    fn kill_all(&self) {
        let processes =
            std::mem::take(&mut *self.processes.lock().unwrap_or_else(|e| e.into_inner()));
        for p in processes.iter().filter(|p| !p.is_current()) {
            let _ = p.terminate(0);
        }
    }
}

impl Drop for JobObject {
    fn drop(&mut self) {
        if self.kill_on_close.load(Ordering::Relaxed) {
            self.kill_all();
        }
    }
}

/// What this winrun was started with that a winrun child must get too (drives, root, shims).
static WINRUN_OPTIONS: OnceLock<Vec<OsString>> = OnceLock::new();

/// Records the options winrun children are started with (absolute paths).
pub fn set_winrun_options(options: Vec<OsString>) {
    let _ = WINRUN_OPTIONS.set(options);
}

/// What a winrun child learned from its parent.
#[derive(Default)]
pub struct FromParent {
    pub command_line: Option<String>,
    pub windows_env: bool,
    handles: Vec<(Handle, RawFd)>,
    resume_fd: Option<RawFd>,
}

const CMDLINE_VAR: &str = "WINRUN_CHILD_CMDLINE";
const HANDLES_VAR: &str = "WINRUN_CHILD_HANDLES";
const EXIT_FD_VAR: &str = "WINRUN_CHILD_EXIT_FD";
const RESUME_FD_VAR: &str = "WINRUN_CHILD_RESUME_FD";
const ENV_VAR: &str = "WINRUN_CHILD_ENV";
const CPUS_VAR: &str = "WINRUN_CHILD_CPUS";

/// Whether an environment variable is one of the parent-to-child channel's.
pub fn is_channel_variable(name: &str) -> bool {
    name.starts_with("WINRUN_CHILD_")
}

static EXIT_FD: OnceLock<RawFd> = OnceLock::new();

fn channel_fd(value: &str) -> Option<RawFd> {
    let fd = value.parse::<RawFd>().ok().filter(|&fd| fd > 2)?;
    // Descriptors passed down stay private to this process: no grandchild inherits them.
    host::set_cloexec(fd, true).ok()?;
    Some(fd)
}

/// Reads what the parent passed (nothing when winrun was started by hand). Called once at
/// startup, before the environment and the handle table are set up.
pub fn from_parent() -> FromParent {
    let var = |name: &str| std::env::var(name).ok();
    let mut out = FromParent {
        command_line: var(CMDLINE_VAR),
        windows_env: var(ENV_VAR).is_some(),
        ..FromParent::default()
    };
    if let Some(fd) = var(EXIT_FD_VAR).as_deref().and_then(channel_fd) {
        let _ = EXIT_FD.set(fd);
    }
    out.resume_fd = var(RESUME_FD_VAR).as_deref().and_then(channel_fd);
    if let Some(list) = var(CPUS_VAR) {
        super::process::inherit_host_cpus(list.split(',').filter_map(|c| c.parse().ok()).collect());
    }
    for item in var(HANDLES_VAR).unwrap_or_default().split(',') {
        let Some((h, fd)) = item.split_once('=') else {
            continue;
        };
        if let (Ok(h), Some(fd)) = (h.parse::<u64>(), channel_fd(fd)) {
            out.handles.push((Handle(h), fd));
        }
    }
    out
}

impl FromParent {
    /// Puts the inherited handles into the table under their parent's values.
    pub fn install_handles(&self) {
        for &(h, fd) in &self.handles {
            if let Some(fd) = host::adopt_inherited_fd(fd) {
                let _ = HANDLES.insert_at(h, Arc::new(FileObject::owned(fd)), true);
            }
        }
    }

    /// Blocks until the parent resumes a child created suspended.
    pub fn wait_until_resumed(&self) {
        if let Some(fd) = self.resume_fd {
            let mut byte = [0u8; 1];
            let _ = host::read(fd, byte.as_mut_ptr() as u64, 1);
        }
    }
}

/// Sends `sig` to every child process still running that a handle is open to: a console
/// control event reaches all the processes of the console.
pub fn signal_children(sig: i32) {
    let children: Vec<Arc<ProcessObject>> = CHILDREN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(|all| all.values().filter_map(Weak::upgrade).collect())
        .unwrap_or_default();
    for child in children {
        // Under the `life` lock, as in `terminate`: a reaped child's pid may be another's now.
        let life = child.life();
        if !life.reaped && !child.has_exited() {
            let _ = host::kill(child.pid as i32, sig);
        }
    }
}

/// Tells a winrun parent the full exit code (called as the process ends).
pub fn report_exit(code: u32) {
    if let Some(&fd) = EXIT_FD.get() {
        let bytes = code.to_le_bytes();
        let _ = host::write(fd, bytes.as_ptr() as u64, bytes.len());
    }
    for job in KILL_ON_CLOSE_JOBS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter_map(Weak::upgrade)
    {
        if job.kill_on_close.load(Ordering::Relaxed) {
            job.kill_all();
        }
    }
}

/// What CreateProcess runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Image {
    /// A Windows program: runs under winrun.
    Pe(PathBuf),
    /// A Linux program (ELF, or a script with `#!`): exec'd.
    Native(PathBuf),
    /// The command interpreter: its `/c` command runs through /bin/sh.
    Cmd,
}

fn has_extension(name: &str) -> bool {
    let base = name.rsplit(['\\', '/']).next().unwrap_or(name);
    base.contains('.')
}

fn is_cmd(name: &str) -> bool {
    let base = name.rsplit(['\\', '/']).next().unwrap_or(name);
    base.eq_ignore_ascii_case("cmd") || base.eq_ignore_ascii_case("cmd.exe")
}

/// What kind of program the host file `p` is; `None` when it does not exist.
fn classify(p: &HostPath) -> Option<Win32Result<Image>> {
    let found = path::locate(p);
    let full = found.full();
    let meta = std::fs::metadata(&full).ok()?;
    if meta.is_dir() {
        return Some(Err(Win32Error::ACCESS_DENIED));
    }
    let mut magic = [0u8; 4];
    let read = std::fs::File::open(&full).and_then(|mut f| f.read(&mut magic));
    Some(match read {
        Ok(n) if n >= 2 && &magic[..2] == b"MZ" => Ok(Image::Pe(full)),
        Ok(4) if &magic == b"\x7fELF" => Ok(Image::Native(full)),
        Ok(n) if n >= 2 && &magic[..2] == b"#!" => Ok(Image::Native(full)),
        Ok(_) => Err(Win32Error::BAD_EXE_FORMAT),
        Err(e) => Err(e.into()),
    })
}

/// The candidates for a name: with `.exe` appended when it has no extension (as CreateProcess
/// does), then the name itself (Linux programs have no extension).
fn candidates(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !has_extension(name) {
        out.push(format!("{name}.exe"));
    }
    out.push(name.to_string());
    out
}

fn classify_name(name: &str) -> Option<Win32Result<Image>> {
    match path::resolve(name) {
        Ok(Target::File(p)) => classify(&p),
        _ => None,
    }
}

/// The first blank-separated token of a command line (quotes delimit it, without escapes).
pub fn program_token(command_line: &str) -> &str {
    let line = command_line.trim_start_matches([' ', '\t']);
    if let Some(rest) = line.strip_prefix('"') {
        return rest.split('"').next().unwrap_or("");
    }
    line.split([' ', '\t']).next().unwrap_or("")
}

/// Finds the program CreateProcess runs: `application` as given, or the first token of the
/// command line searched for in the application's directory, the current directory, the
/// Windows directories and PATH.
pub fn find_image(application: Option<&str>, command_line: &str) -> Win32Result<Image> {
    if let Some(app) = application {
        if is_cmd(app) {
            return Ok(Image::Cmd);
        }
        return match path::resolve(app)? {
            Target::File(p) => classify(&p).unwrap_or_else(|| {
                Err(path::not_found_error(
                    &p,
                    std::io::Error::from_raw_os_error(libc::ENOENT),
                ))
            }),
            Target::Device(_) => Err(Win32Error::ACCESS_DENIED),
        };
    }
    let name = program_token(command_line);
    if name.is_empty() {
        return Err(Win32Error::PATH_NOT_FOUND);
    }
    if is_cmd(name) {
        return Ok(Image::Cmd);
    }
    if name.contains(['\\', '/', ':']) {
        for c in candidates(name) {
            if let Some(found) = classify_name(&c) {
                return found;
            }
        }
        return match path::resolve(name)? {
            Target::File(p) => Err(path::not_found_error(
                &p,
                std::io::Error::from_raw_os_error(libc::ENOENT),
            )),
            Target::Device(_) => Err(Win32Error::FILE_NOT_FOUND),
        };
    }
    search(name).unwrap_or(Err(Win32Error::FILE_NOT_FOUND))
}

/// Looks for a bare program name in CreateProcess's search order.
pub fn search(name: &str) -> Option<Win32Result<Image>> {
    let image_path = super::process::image_path();
    let app_dir = image_path
        .rsplit_once('\\')
        .map_or(String::new(), |(d, _)| d.to_string());
    let path_var = super::env::get(&"PATH".encode_utf16().collect::<Vec<_>>())
        .map(|v| String::from_utf16_lossy(&v))
        .unwrap_or_default();
    let dirs = [app_dir, path::current_dir()]
        .into_iter()
        .chain(path_var.split(';').map(str::to_string))
        .filter(|d| !d.is_empty());
    for dir in dirs {
        let sep = if dir.ends_with(['\\', '/']) { "" } else { "\\" };
        for c in candidates(name) {
            if let Some(found) = classify_name(&format!("{dir}{sep}{c}")) {
                return Some(found);
            }
        }
    }
    None
}

/// Where a child's standard stream comes from.
pub enum Stdio {
    /// A descriptor of this process (dup'ed for the child).
    Fd(RawFd),
    /// Nothing (a NULL or non-file handle): /dev/null.
    Null,
}

/// Everything CreateProcess decided, ready to start.
pub struct SpawnRequest {
    pub image: Image,
    pub command_line: String,
    /// The environment as Windows-shaped `name=value` pairs.
    pub env: Vec<(String, String)>,
    pub current_dir: PathBuf,
    pub stdio: [Stdio; 3],
    /// Inheritable handles the child gets, with their descriptors.
    pub inherit: Vec<(Handle, RawFd)>,
    pub suspended: bool,
}

fn host_env(env: &[(String, String)]) -> Vec<(String, String)> {
    env.iter()
        .filter(|(n, _)| !n.starts_with('=') && !is_channel_variable(n))
        .map(|(n, v)| {
            if n.eq_ignore_ascii_case("PATH") {
                let host = v
                    .split(';')
                    .filter(|p| !p.is_empty())
                    .map(|p| path::windows_to_host(p).to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join(":");
                ("PATH".to_string(), host)
            } else {
                (n.clone(), v.clone())
            }
        })
        .collect()
}

fn stdio_of(s: &Stdio) -> Win32Result<std::process::Stdio> {
    Ok(match s {
        Stdio::Fd(fd) => std::process::Stdio::from(host::dup(*fd)?),
        Stdio::Null => std::process::Stdio::null(),
    })
}

/// The command that runs a PE under winrun with the exact command line.
pub fn winrun_command(image: &std::path::Path, command_line: &str) -> std::process::Command {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("/proc/self/exe"));
    let mut c = std::process::Command::new(exe);
    c.args(WINRUN_OPTIONS.get().into_iter().flatten());
    c.arg("--").arg(image);
    c.env(CMDLINE_VAR, command_line);
    c
}

/// Starts the child.
pub fn spawn(req: SpawnRequest) -> Win32Result<Arc<ProcessObject>> {
    let mut keep: Vec<RawFd> = req.inherit.iter().map(|&(_, fd)| fd).collect();
    let mut exit_pipe = None;
    let mut resume = None;
    let mut command = match &req.image {
        Image::Pe(p) => {
            let mut c = winrun_command(p, &req.command_line);
            c.env_clear();
            c.envs(
                req.env
                    .iter()
                    .filter(|(n, _)| !is_channel_variable(n))
                    .map(|(n, v)| (n, v)),
            );
            c.env(CMDLINE_VAR, &req.command_line);
            c.env(ENV_VAR, "windows");
            c.env(CPUS_VAR, super::process::host_cpu_list());
            let handles: Vec<String> = req
                .inherit
                .iter()
                .map(|(h, fd)| format!("{}={fd}", h.0))
                .collect();
            c.env(HANDLES_VAR, handles.join(","));
            let (r, w) = host::pipe()?;
            c.env(EXIT_FD_VAR, w.as_raw_fd().to_string());
            keep.push(w.as_raw_fd());
            exit_pipe = Some((r, w));
            if req.suspended {
                let (r, w) = host::pipe()?;
                c.env(RESUME_FD_VAR, r.as_raw_fd().to_string());
                keep.push(r.as_raw_fd());
                resume = Some((r, w));
            }
            c
        }
        Image::Native(p) => {
            let args = super::cmdline::split(
                &req.command_line.encode_utf16().collect::<Vec<_>>(),
                super::cmdline::QuoteRule::Ucrt,
            );
            let mut c = std::process::Command::new(p);
            c.args(args.iter().skip(1).map(|a| String::from_utf16_lossy(a)));
            c.env_clear();
            c.envs(host_env(&req.env));
            c
        }
        Image::Cmd => {
            let script = super::cmd::to_shell(&req.command_line, &req.env)?;
            let mut c = std::process::Command::new("/bin/sh");
            c.arg("-c").arg(script);
            c.env_clear();
            c.envs(host_env(&req.env));
            c
        }
    };
    if req.suspended && !matches!(req.image, Image::Pe(_)) {
        tracing::warn!(target: "kernel32::processthreadsapi", "CREATE_SUSPENDED: a Linux program starts at once");
    }
    command.current_dir(&req.current_dir);
    command.stdin(stdio_of(&req.stdio[0])?);
    command.stdout(stdio_of(&req.stdio[1])?);
    command.stderr(stdio_of(&req.stdio[2])?);
    host::keep_across_exec(&mut command, keep);
    let child = command.spawn().map_err(|e| match e.raw_os_error() {
        Some(libc::ENOEXEC) => Win32Error::BAD_EXE_FORMAT,
        _ => Win32Error::from(e),
    })?;
    let process = Arc::new(ProcessObject::new(child.id()));
    // The child holds its own copies of the channel ends now.
    let exit_read = exit_pipe.map(|(r, _w)| r);
    process.life().resume = resume.map(|(_r, w)| w);
    CHILDREN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(process.pid, Arc::downgrade(&process));
    process.watch(exit_read);
    Ok(process)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_token_follows_quotes_and_blanks() {
        assert_eq!(program_token(r#""C:\a b\x.exe" -v"#), r"C:\a b\x.exe");
        assert_eq!(program_token("  tool arg"), "tool");
        assert_eq!(program_token("tool\targ"), "tool");
        assert_eq!(program_token(""), "");
    }

    #[test]
    fn candidates_append_exe_only_without_extension() {
        assert_eq!(candidates("sh"), ["sh.exe", "sh"]);
        assert_eq!(candidates("a.com"), ["a.com"]);
        assert_eq!(
            candidates(r"C:\d.x\tool"),
            [r"C:\d.x\tool.exe", r"C:\d.x\tool"]
        );
        assert!(is_cmd(r"C:\windows\system32\CMD.EXE"));
        assert!(!is_cmd("cmdx"));
    }
}
