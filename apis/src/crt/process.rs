//! process.h: threads started through the C runtime. The runtime's own per-thread state lives
//! in winrun (errno in the TEB), so these are CreateThread with the CRT's conventions.

use super::errno::{EINVAL, ENOMEM, set_errno};
use crate::abi::handles::HANDLES;
use crate::abi::{GuestPtr, Handle, Win32Error};
use crate::dllexport;
use crate::kernel32::processthreadsapi::CreateThread;
use crate::nt::thread;
use std::cell::Cell;

fn errno_for(e: Win32Error) -> i32 {
    if e == Win32Error::NOT_ENOUGH_MEMORY {
        ENOMEM
    } else {
        EINVAL
    }
}

/// Returns the thread handle, or 0 with errno set.
#[dllexport]
pub fn _beginthreadex(
    security: GuestPtr<u8>,
    stack_size: u32,
    start_address: u64,
    arglist: u64,
    initflag: u32,
    thrdaddr: GuestPtr<u32>,
) -> u64 {
    match CreateThread(
        security,
        stack_size as usize,
        start_address,
        arglist,
        initflag,
        thrdaddr,
    ) {
        Ok(h) => h.0,
        Err(e) => {
            set_errno(errno_for(e));
            0
        }
    }
}

#[dllexport]
pub fn _endthreadex(retval: u32) -> ! {
    thread::exit_current(retval)
}

thread_local! {
    /// The handle `_beginthread` returned for this thread: closed when the thread ends.
    static OWN_HANDLE: Cell<u64> = const { Cell::new(0) };
}

fn close_own_handle() {
    let h = OWN_HANDLE.with(|c| c.replace(0));
    if h != 0 {
        let _ = HANDLES.remove(Handle(h));
    }
}

/// What a `_beginthread` thread runs: the guest's `void start(void *)`, then exit code 0.
extern "win64" fn beginthread_start(context: u64) -> u32 {
    let block = GuestPtr::<[u64; 3]>::new(context);
    let [start, arg, handle] = block.read().unwrap_or_default();
    crate::abi::mem::free_zeroed(context, 24, 8);
    OWN_HANDLE.with(|c| c.set(handle));
    crate::abi::call::call(start, &[arg]);
    close_own_handle();
    0
}

/// Returns the thread handle (closed by the runtime when the thread ends), or -1 with errno set.
#[dllexport]
pub fn _beginthread(start_address: u64, stack_size: u32, arglist: u64) -> u64 {
    if start_address == 0 {
        set_errno(EINVAL);
        return u64::MAX;
    }
    let context = crate::abi::mem::alloc_zeroed(24, 8);
    let block = GuestPtr::<[u64; 3]>::new(context);
    block.write([start_address, arglist, 0]);
    // Started suspended so the handle is in the block before the thread can close it.
    match CreateThread(
        GuestPtr::NULL,
        stack_size as usize,
        beginthread_start as *const () as u64,
        context,
        windows_sys::Win32::System::Threading::CREATE_SUSPENDED,
        GuestPtr::NULL,
    ) {
        Ok(h) => {
            block.write([start_address, arglist, h.0]);
            if let Ok(t) = HANDLES.get::<thread::ThreadObject>(h) {
                t.resume();
            }
            h.0
        }
        Err(e) => {
            crate::abi::mem::free_zeroed(context, 24, 8);
            set_errno(errno_for(e));
            u64::MAX
        }
    }
}

#[dllexport]
pub fn _endthread() -> ! {
    close_own_handle();
    thread::exit_current(0)
}

// Child processes: `system`, `_spawn*`, `_cwait`, `_popen`/`_pclose`, all on CreateProcess
// (kernel32::processthreadsapi::start_child), so a Windows program runs under winrun, a Linux
// one natively and the command interpreter through /bin/sh.

use super::io::{fail, os_error};
use crate::abi::{CStrPtr, VarArgs, WStrPtr, mem};
use crate::kernel32::processthreadsapi::start_child;
use crate::nt::child::ProcessObject;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const P_WAIT: i32 = 0;
const P_NOWAIT: i32 = 1;
const P_OVERLAY: i32 = 2;
const P_NOWAITO: i32 = 3;
const P_DETACH: i32 = 4;
const ECHILD: i32 = 10;

fn wait_for_exit(process: &Arc<ProcessObject>) -> u32 {
    let object: Arc<dyn crate::abi::handles::Object> = process.clone();
    crate::nt::sync::wait(&[object], false, None, false);
    process.exit_code()
}

/// The command interpreter's command line for `command`.
fn shell_command(command: &str) -> String {
    format!("cmd.exe /c {command}")
}

/// Runs `command` through the command interpreter and returns its exit code; with no command,
/// whether an interpreter exists (it does).
fn system_of(command: Option<String>) -> i32 {
    let Some(command) = command else {
        return 1;
    };
    super::stdio::flush_all();
    match start_child(None, shell_command(&command), None, None) {
        Ok(p) => wait_for_exit(&p) as i32,
        Err(e) => fail(os_error(e), -1),
    }
}

#[dllexport]
pub fn system(command: CStrPtr) -> i32 {
    system_of(command.string())
}

#[dllexport]
pub fn _wsystem(command: WStrPtr) -> i32 {
    system_of(command.string())
}

/// The program `_spawn*` runs, as a Windows path: `name` itself (with `.exe` tried when it has
/// no extension), or for the `p` variants a bare name searched for as CreateProcess does.
fn spawn_image(name: &str, search: bool) -> Option<String> {
    use crate::nt::child::{self, Image};
    let bare = !name.contains(['\\', '/', ':']);
    let image = if bare && search {
        child::search(name)?.ok()?
    } else {
        child::find_image(None, &format!("\"{name}\"")).ok()?
    };
    Some(match image {
        Image::Pe(p) | Image::Native(p) => crate::nt::path::host_to_windows(&p),
        Image::Cmd => "cmd.exe".into(),
    })
}

/// The `_spawn*` family: the child's command line is `args` joined by blanks without quoting,
/// as the C runtime builds it.
fn spawn(
    mode: i32,
    name: Option<String>,
    args: Vec<String>,
    env: Option<Vec<(String, String)>>,
    search: bool,
) -> isize {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return fail(EINVAL, -1);
    };
    if !matches!(mode, P_WAIT | P_NOWAIT | P_OVERLAY | P_NOWAITO | P_DETACH) {
        return fail(EINVAL, -1);
    }
    let Some(program) = spawn_image(&name, search) else {
        return fail(super::errno::ENOENT, -1);
    };
    let command_line = if args.is_empty() {
        name
    } else {
        args.join(" ")
    };
    super::stdio::flush_all();
    let process = match start_child(Some(program), command_line, env, None) {
        Ok(p) => p,
        Err(e) => return fail(os_error(e), -1),
    };
    match mode {
        P_WAIT => wait_for_exit(&process) as i32 as isize,
        // The new process carries on alone; whoever waits for this one sees it end with 0.
        P_OVERLAY => crate::nt::process::flush_and_exit(0),
        P_DETACH => 0,
        _ => HANDLES.insert(process, false).0 as isize,
    }
}

/// A NULL-terminated array of string pointers.
fn string_array(array: GuestPtr<u64>, wide: bool) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..4096 {
        let p = array.offset(i).read().unwrap_or(0);
        if p == 0 {
            break;
        }
        let s = if wide {
            WStrPtr(p).string()
        } else {
            CStrPtr(p).string()
        };
        out.push(s.unwrap_or_default());
    }
    out
}

fn env_array(array: GuestPtr<u64>, wide: bool) -> Option<Vec<(String, String)>> {
    if array.is_null() {
        return None;
    }
    Some(
        string_array(array, wide)
            .into_iter()
            .filter_map(|e| {
                let i = e.get(1..)?.find('=')? + 1;
                Some((e[..i].to_string(), e[i + 1..].to_string()))
            })
            .collect(),
    )
}

#[dllexport]
pub fn _spawnv(mode: i32, cmdname: CStrPtr, argv: GuestPtr<u64>) -> isize {
    spawn(
        mode,
        cmdname.string(),
        string_array(argv, false),
        None,
        false,
    )
}

#[dllexport]
pub fn _spawnvp(mode: i32, cmdname: CStrPtr, argv: GuestPtr<u64>) -> isize {
    spawn(
        mode,
        cmdname.string(),
        string_array(argv, false),
        None,
        true,
    )
}

#[dllexport]
pub fn _spawnve(mode: i32, cmdname: CStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    let env = env_array(envp, false);
    spawn(
        mode,
        cmdname.string(),
        string_array(argv, false),
        env,
        false,
    )
}

#[dllexport]
pub fn _spawnvpe(mode: i32, cmdname: CStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    let env = env_array(envp, false);
    spawn(mode, cmdname.string(), string_array(argv, false), env, true)
}

#[dllexport]
pub fn _wspawnv(mode: i32, cmdname: WStrPtr, argv: GuestPtr<u64>) -> isize {
    spawn(
        mode,
        cmdname.string(),
        string_array(argv, true),
        None,
        false,
    )
}

#[dllexport]
pub fn _wspawnvp(mode: i32, cmdname: WStrPtr, argv: GuestPtr<u64>) -> isize {
    spawn(mode, cmdname.string(), string_array(argv, true), None, true)
}

/// The variadic arguments of the `l` forms, `arg0, ..., NULL[, envp]`: they sit in consecutive
/// slots, so they read as an argv array followed by the environment pointer.
fn variadic_strings(args: VarArgs, wide: bool) -> Vec<String> {
    string_array(GuestPtr::new(args.addr()), wide)
}

/// The `envp` that follows the NULL ending the arguments of `_execle`/`_execlpe`.
fn variadic_env(args: VarArgs, wide: bool, count: usize) -> Option<Vec<(String, String)>> {
    let slot = GuestPtr::<u64>::new(args.addr()).offset(count + 1);
    env_array(GuestPtr::new(slot.read().unwrap_or(0)), wide)
}

#[dllexport]
pub fn _spawnl(mode: i32, cmdname: CStrPtr, args: VarArgs) -> isize {
    spawn(
        mode,
        cmdname.string(),
        variadic_strings(args, false),
        None,
        false,
    )
}

#[dllexport]
pub fn _spawnlp(mode: i32, cmdname: CStrPtr, args: VarArgs) -> isize {
    spawn(
        mode,
        cmdname.string(),
        variadic_strings(args, false),
        None,
        true,
    )
}

// The `_exec*` family: `_spawn*` with P_OVERLAY. The new process is started and this one ends
// with exit code 0 at once; it returns only on failure (-1 with errno).

/// `_exec{l,le,lp,lpe}` and their wide forms.
fn exec_list(name: Option<String>, args: VarArgs, wide: bool, env: bool, search: bool) -> isize {
    let argv = variadic_strings(args, wide);
    let env = if env {
        variadic_env(args, wide, argv.len())
    } else {
        None
    };
    spawn(P_OVERLAY, name, argv, env, search)
}

/// `_exec{v,ve,vp,vpe}` and their wide forms.
fn exec_vector(
    name: Option<String>,
    argv: GuestPtr<u64>,
    envp: Option<GuestPtr<u64>>,
    wide: bool,
    search: bool,
) -> isize {
    let env = envp.and_then(|e| env_array(e, wide));
    spawn(P_OVERLAY, name, string_array(argv, wide), env, search)
}

#[dllexport]
pub fn _execl(cmdname: CStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, false, false, false)
}

#[dllexport]
pub fn _execle(cmdname: CStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, false, true, false)
}

#[dllexport]
pub fn _execlp(cmdname: CStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, false, false, true)
}

#[dllexport]
pub fn _execlpe(cmdname: CStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, false, true, true)
}

#[dllexport]
pub fn _execv(cmdname: CStrPtr, argv: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, None, false, false)
}

#[dllexport]
pub fn _execve(cmdname: CStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, Some(envp), false, false)
}

#[dllexport]
pub fn _execvp(cmdname: CStrPtr, argv: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, None, false, true)
}

#[dllexport]
pub fn _execvpe(cmdname: CStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, Some(envp), false, true)
}

#[dllexport]
pub fn _wexecl(cmdname: WStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, true, false, false)
}

#[dllexport]
pub fn _wexecle(cmdname: WStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, true, true, false)
}

#[dllexport]
pub fn _wexeclp(cmdname: WStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, true, false, true)
}

#[dllexport]
pub fn _wexeclpe(cmdname: WStrPtr, args: VarArgs) -> isize {
    exec_list(cmdname.string(), args, true, true, true)
}

#[dllexport]
pub fn _wexecv(cmdname: WStrPtr, argv: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, None, true, false)
}

#[dllexport]
pub fn _wexecve(cmdname: WStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, Some(envp), true, false)
}

#[dllexport]
pub fn _wexecvp(cmdname: WStrPtr, argv: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, None, true, true)
}

#[dllexport]
pub fn _wexecvpe(cmdname: WStrPtr, argv: GuestPtr<u64>, envp: GuestPtr<u64>) -> isize {
    exec_vector(cmdname.string(), argv, Some(envp), true, true)
}

/// Waits for the process `procHandle` (from `_spawn*` with P_NOWAIT), stores its exit code and
/// closes the handle, as the C runtime does.
#[dllexport]
pub fn _cwait(termstat: GuestPtr<i32>, procHandle: isize, action: i32) -> isize {
    let _ = action;
    let handle = Handle(procHandle as u64);
    let Ok(process) = HANDLES.get::<ProcessObject>(handle) else {
        return fail(ECHILD, -1);
    };
    let code = wait_for_exit(&process);
    termstat.write(code as i32);
    let _ = HANDLES.remove(handle);
    procHandle
}

/// The processes behind `_popen` streams, by FILE address.
static POPEN: Mutex<Option<HashMap<u64, Arc<ProcessObject>>>> = Mutex::new(None);

fn popen(command: Option<String>, mode: Option<String>) -> GuestPtr<u8> {
    let (Some(command), Some(mode)) = (command, mode) else {
        return fail(EINVAL, GuestPtr::NULL);
    };
    let reading = match mode.chars().next() {
        Some('r') => true,
        Some('w') => false,
        _ => return fail(EINVAL, GuestPtr::NULL),
    };
    let (r, w) = match crate::abi::host::pipe() {
        Ok(p) => p,
        Err(e) => return fail(os_error(e.into()), GuestPtr::NULL),
    };
    let file = |fd| Arc::new(crate::nt::file::FileObject::owned(fd));
    let (ours, theirs) = if reading { (r, w) } else { (w, r) };
    let ours = HANDLES.insert(file(ours), false);
    let theirs = HANDLES.insert(file(theirs), false);
    let std = {
        let current = |w| mem::read::<u64>(crate::nt::process::std_handle_slot(w)).unwrap_or(0);
        use crate::nt::process::StdHandle::*;
        if reading {
            [current(Input), theirs.0, current(Error)]
        } else {
            [theirs.0, current(Output), current(Error)]
        }
    };
    super::stdio::flush_all();
    let started = start_child(None, shell_command(&command), None, Some(std));
    let _ = HANDLES.remove(theirs);
    let process = match started {
        Ok(p) => p,
        Err(e) => {
            let _ = HANDLES.remove(ours);
            return fail(os_error(e), GuestPtr::NULL);
        }
    };
    let flags = if mode.contains('b') {
        super::io::O_BINARY
    } else if mode.contains('t') {
        super::io::O_TEXT
    } else {
        0
    } | if reading {
        super::io::O_RDONLY
    } else {
        super::io::O_WRONLY
    };
    let fd = super::io::_open_osfhandle(ours.0, flags);
    if fd < 0 {
        let _ = HANDLES.remove(ours);
        return GuestPtr::NULL;
    }
    let stdio_mode: String = mode.chars().filter(|c| "rwbt".contains(*c)).collect();
    let mode_z: Vec<u8> = stdio_mode.bytes().chain(Some(0)).collect();
    let stream = super::stdio::_fdopen(fd, CStrPtr(mode_z.as_ptr() as u64));
    if stream.is_null() {
        super::io::_close(fd);
        return GuestPtr::NULL;
    }
    POPEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(stream.addr(), process);
    stream
}

#[dllexport]
pub fn _popen(command: CStrPtr, mode: CStrPtr) -> GuestPtr<u8> {
    popen(command.string(), mode.string())
}

#[dllexport]
pub fn _wpopen(command: WStrPtr, mode: WStrPtr) -> GuestPtr<u8> {
    popen(command.string(), mode.string())
}

/// Closes the stream, waits for the command and returns its exit code.
#[dllexport]
pub fn _pclose(stream: GuestPtr<u8>) -> i32 {
    let process = POPEN
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_mut()
        .and_then(|m| m.remove(&stream.addr()));
    let Some(process) = process else {
        return fail(EINVAL, -1);
    };
    super::stdio::fclose(stream);
    wait_for_exit(&process) as i32
}

/// `_getpid`: the process id, as `GetCurrentProcessId` gives it.
#[dllexport]
pub fn _getpid() -> i32 {
    crate::nt::process::current_process_id() as i32
}
