//! Guest faults become Windows exceptions. The signal handler (on an alternate stack) turns the
//! Linux signal context into a CONTEXT and an EXCEPTION_RECORD, writes them on the guest stack
//! below the faulting frame, and returns into `apis::nt::exception::dispatch_fault` there, which
//! runs the handlers as Windows' KiUserExceptionDispatcher does. Nothing runs in signal context
//! but that copying.
//!
//! A fault that is not the guest's — in winrun's own code (a bad pointer given to an API), on a
//! thread without a TEB, or with the stack exhausted — is reported and ends the process with the
//! exception code, as an unhandled exception.

use apis::abi::context::DebugBreak;
use apis::nt::exception::{FaultState, fault_frame, status};
use std::sync::atomic::{AtomicU64, Ordering};

/// The signal stack size: the handler copies the context and may format a report.
const ALT_STACK_SIZE: usize = 64 * 1024;

/// Stack kept below the guard page of each guest thread, so a stack overflow can be handled on
/// the thread's own stack (Windows keeps a similar reserve, SetThreadStackGuarantee).
const OVERFLOW_RESERVE: u64 = apis::nt::teb::STACK_OVERFLOW_RESERVE;
const PAGE: u64 = 4096;

const ARCH_GET_GS: libc::c_int = 0x1004;

// si_code values from <signal.h> that the libc crate does not export.
const FPE_INTDIV: i32 = 1;
const FPE_INTOVF: i32 = 2;
const FPE_FLTDIV: i32 = 3;
const FPE_FLTOVF: i32 = 4;
const FPE_FLTUND: i32 = 5;
const FPE_FLTRES: i32 = 6;
const FPE_FLTINV: i32 = 7;
const ILL_PRVOPC: i32 = 5;
const BUS_ADRALN: i32 = 1;
const TRAP_TRACE: i32 = 2;
/// x86 trap numbers (uc_mcontext REG_TRAPNO).
const TRAP_GENERAL_PROTECTION: u64 = 13;
/// Page-fault error code bits.
const PF_WRITE: u64 = 2;
const PF_INSTRUCTION: u64 = 16;

/// Installs the handlers (once per process).
pub fn install() {
    record_host_code();
    // SAFETY: as below; SA_RESTART keeps a stopped thread's interrupted system call going.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = suspend_handler as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(
            apis::nt::thread::SUSPEND_SIGNAL,
            &action,
            std::ptr::null_mut(),
        );
    }
    for sig in [
        libc::SIGSEGV,
        libc::SIGBUS,
        libc::SIGILL,
        libc::SIGFPE,
        libc::SIGTRAP,
    ] {
        // SAFETY: a zeroed sigaction with our handler and SA_SIGINFO|SA_ONSTACK is a valid
        // action; the handler only reads the siginfo/ucontext the kernel passes and edits the
        // ucontext's registers.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
}

thread_local! {
    /// The calling thread's alternate signal stack, freed when a guest thread ends.
    static ALT_STACK: std::cell::RefCell<Option<Box<[u8]>>> = const { std::cell::RefCell::new(None) };
}

/// Alternate signal stacks of ended threads, for the next ones.
static FREE_ALT_STACKS: std::sync::Mutex<Vec<Box<[u8]>>> = std::sync::Mutex::new(Vec::new());
const KEPT_ALT_STACKS: usize = 16;

/// Gives the calling thread an alternate signal stack, so a stack overflow can be reported.
pub fn install_thread_stack() {
    let reused = FREE_ALT_STACKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pop();
    let mut stack = reused.unwrap_or_else(|| vec![0u8; ALT_STACK_SIZE].into_boxed_slice());
    let ss = libc::stack_t {
        ss_sp: stack.as_mut_ptr() as *mut libc::c_void,
        ss_flags: 0,
        ss_size: ALT_STACK_SIZE,
    };
    // SAFETY: `ss` describes a buffer kept alive in ALT_STACK until `remove_thread_stack`
    // disables it (or the thread ends, after which no signal is delivered to it).
    unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) };
    ALT_STACK.with(|s| *s.borrow_mut() = Some(stack));
}

/// Disables and frees the calling thread's alternate signal stack (a guest thread that ends).
pub fn remove_thread_stack() {
    let ss = libc::stack_t {
        ss_sp: std::ptr::null_mut(),
        ss_flags: libc::SS_DISABLE,
        ss_size: 0,
    };
    // SAFETY: SS_DISABLE only turns the alternate stack off; the buffer is freed afterwards.
    unsafe { libc::sigaltstack(&ss, std::ptr::null_mut()) };
    if let Some(stack) = ALT_STACK.with(|s| s.borrow_mut().take()) {
        let mut free = FREE_ALT_STACKS.lock().unwrap_or_else(|e| e.into_inner());
        if free.len() < KEPT_ALT_STACKS {
            free.push(stack);
        }
    }
}

/// Puts a guard page above the overflow reserve at the bottom of a guest thread's stack
/// (`lowest` is the lowest usable address) and returns the stack limit the TEB shows: the top
/// of the guard page. Touching the guard page raises EXCEPTION_STACK_OVERFLOW.
pub fn arm_stack_guard(lowest: u64, base: u64) -> u64 {
    let guard = lowest + OVERFLOW_RESERVE;
    if guard + PAGE >= base {
        return lowest;
    }
    // SAFETY: the page lies inside this thread's own stack, below every frame in use.
    let rc = unsafe { libc::mprotect(guard as *mut libc::c_void, PAGE as usize, libc::PROT_NONE) };
    if rc == 0 { guard + PAGE } else { lowest }
}

/// Whether every page of `start..end` is mapped.
fn is_mapped(start: u64, end: u64) -> bool {
    let first = start & !(PAGE - 1);
    let mut residency = [0u8; 8];
    let pages = (end - first).div_ceil(PAGE) as usize;
    // SAFETY: mincore only reports on the range; `residency` has room for the (at most 5) pages.
    pages <= residency.len()
        && unsafe {
            libc::mincore(
                first as *mut libc::c_void,
                (end - first) as usize,
                residency.as_mut_ptr(),
            )
        } == 0
}

/// The calling thread's GS base: its TEB on guest threads, 0 elsewhere.
fn gs_base() -> u64 {
    let mut base: u64 = 0;
    // SAFETY: ARCH_GET_GS stores the GS base into `base`; it is async-signal-safe.
    unsafe { libc::syscall(libc::SYS_arch_prctl, ARCH_GET_GS, &mut base as *mut u64) };
    base
}

/// The executable mappings present at start (winrun, libc, the dynamic loader, the vDSO), for
/// a lock-free "is this host code" test in the suspend handler.
const HOST_RANGES: usize = 32;
static HOST_CODE: [(AtomicU64, AtomicU64); HOST_RANGES] =
    [const { (AtomicU64::new(0), AtomicU64::new(0)) }; HOST_RANGES];

fn record_host_code() {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    let executable = maps.lines().filter_map(|line| {
        let mut fields = line.split_whitespace();
        let range = fields.next()?;
        let perms = fields.next()?;
        if !perms.contains('x') {
            return None;
        }
        let (start, end) = range.split_once('-')?;
        Some((
            u64::from_str_radix(start, 16).ok()?,
            u64::from_str_radix(end, 16).ok()?,
        ))
    });
    for (slot, (start, end)) in HOST_CODE.iter().zip(executable) {
        slot.0.store(start, Ordering::Relaxed);
        slot.1.store(end, Ordering::Relaxed);
    }
}

fn is_recorded_host_code(pc: u64) -> bool {
    HOST_CODE
        .iter()
        .any(|(start, end)| pc >= start.load(Ordering::Relaxed) && pc < end.load(Ordering::Relaxed))
}

/// Whether `pc` is in an ELF object (winrun, libc, the dynamic loader): host code, not guest.
fn is_host_code(pc: u64) -> bool {
    // SAFETY: dladdr only reads the loader's tables; `info` is a valid out-parameter.
    unsafe {
        let mut info: libc::Dl_info = std::mem::zeroed();
        libc::dladdr(pc as *const libc::c_void, &mut info) != 0
    }
}

fn read_byte(addr: u64) -> u8 {
    apis::abi::mem::read::<u8>(addr).unwrap_or(0)
}

/// Whether the instruction at `pc` is one only the kernel may execute (user mode gets a general
/// protection fault, which Windows reports as a privileged instruction).
fn is_privileged(pc: u64) -> bool {
    match read_byte(pc) {
        0xF4 | 0xFA | 0xFB | 0xE4..=0xE7 | 0xEC..=0xEF | 0x6C..=0x6F => true,
        0x0F => matches!(
            read_byte(pc + 1),
            0x01 | 0x06 | 0x08 | 0x09 | 0x20..=0x23 | 0x30 | 0x32
        ),
        _ => false,
    }
}

/// For a divide error: whether it is `idiv` of the most negative value by -1 (Windows raises
/// EXCEPTION_INT_OVERFLOW for it, Linux reports both as FPE_INTDIV). Decodes the F6/F7 /7 form
/// with an optional REX prefix; a register divisor is read, a memory one is judged by the
/// dividend.
fn is_idiv_overflow(pc: u64, gpr: &[u64; 16]) -> bool {
    let mut p = pc;
    let mut rex = 0u8;
    if read_byte(p) == 0x66 {
        return false; // 16-bit division: too rare to decode
    }
    if read_byte(p) & 0xF0 == 0x40 {
        rex = read_byte(p);
        p += 1;
    }
    let opcode = read_byte(p);
    let modrm = read_byte(p + 1);
    if !matches!(opcode, 0xF6 | 0xF7) || (modrm >> 3) & 7 != 7 {
        return false;
    }
    let wide = rex & 8 != 0;
    let dividend_min = if opcode == 0xF6 {
        gpr[0] as u16 == 0x8000
    } else if wide {
        gpr[0] == 1 << 63
    } else {
        gpr[0] as u32 == 1 << 31
    };
    if modrm >> 6 == 3 {
        let r = ((modrm & 7) | ((rex & 1) << 3)) as usize;
        let divisor = gpr[r];
        let is_minus_one = match (opcode, wide) {
            (0xF6, _) => divisor as u8 == 0xFF,
            (_, true) => divisor == u64::MAX,
            _ => divisor as u32 == u32::MAX,
        };
        return dividend_min && is_minus_one;
    }
    dividend_min
}

/// Reports a fault that cannot be dispatched and ends the process with its code.
fn fatal(code: u32, what: &str, rip: u64) -> ! {
    let place = crate::modules::describe_address(rip);
    eprintln!("winrun: unhandled exception 0x{code:08X} ({what}) at {place}");
    // SAFETY: _exit is async-signal-safe; the NTSTATUS is the exit status, as on Windows.
    unsafe { libc::_exit(code as i32) }
}

/// A fault in winrun's own code while it served the guest (a bad pointer passed to an API):
/// reported as the access violation Windows would raise inside the API, naming the API and its
/// caller, found from the first guest return address on the stack.
fn host_fault(code: u32, access: u64, address: u64, rip: u64, rsp: u64, teb: u64) -> ! {
    let stack_base =
        apis::abi::mem::read::<u64>(teb + apis::nt::teb::offset::STACK_BASE).unwrap_or(rsp);
    let caller = (rsp..stack_base.min(rsp + 256 * 1024))
        .step_by(8)
        .map(|at| apis::abi::mem::read::<u64>(at).unwrap_or(0))
        .find(|&ret| crate::modules::is_guest_code(ret));
    let what = match code {
        status::ACCESS_VIOLATION => {
            let kind = if access == 1 { "writing" } else { "reading" };
            format!("access violation {kind} {address:#018x}")
        }
        _ => "fault".to_string(),
    };
    match caller {
        Some(ret) => {
            let api = called_export(ret).unwrap_or_else(|| "an API".to_string());
            let place = crate::modules::describe_address(ret);
            eprintln!(
                "winrun: unhandled exception 0x{code:08X} ({what}) in {api} called from {place}"
            );
            // SAFETY: _exit is async-signal-safe.
            unsafe { libc::_exit(code as i32) }
        }
        None => fatal(code, &format!("{what} in winrun itself"), rip),
    }
}

/// The builtin export the guest called just before `ret`: through `call [rip+disp]` on its import
/// slot, or `call` to a `jmp [rip+disp]` thunk.
fn called_export(ret: u64) -> Option<String> {
    let rel = |at: u64| apis::abi::mem::read::<i32>(at).unwrap_or(0) as i64 as u64;
    let slot = if read_byte(ret - 6) == 0xFF && read_byte(ret - 5) == 0x15 {
        ret.wrapping_add(rel(ret - 4))
    } else if read_byte(ret - 5) == 0xE8 {
        let thunk = ret.wrapping_add(rel(ret - 4));
        if !crate::modules::is_guest_code(thunk)
            || read_byte(thunk) != 0xFF
            || read_byte(thunk + 1) != 0x25
        {
            return None;
        }
        (thunk + 6).wrapping_add(rel(thunk + 2))
    } else {
        return None;
    };
    if !crate::modules::is_guest_code(slot) {
        return None;
    }
    let entry = apis::abi::mem::read::<u64>(slot)?;
    apis::registry::DLLS.iter().find_map(|dll| {
        dll.exports.iter().find_map(|e| match e.kind {
            apis::registry::ExportKind::Function {
                entry: plain,
                relay,
            } if plain.get() == entry || relay.get() == entry => {
                Some(format!("{}!{}", dll.name, e.name))
            }
            _ => None,
        })
    })
}

/// The registers of an interrupted thread as a FaultState.
fn state_of(uc: &libc::ucontext_t) -> FaultState {
    let g = &uc.uc_mcontext.gregs;
    let r = |i: i32| g[i as usize] as u64;
    let fp = uc.uc_mcontext.fpregs;
    FaultState {
        gpr: [
            r(libc::REG_RAX),
            r(libc::REG_RCX),
            r(libc::REG_RDX),
            r(libc::REG_RBX),
            r(libc::REG_RSP),
            r(libc::REG_RBP),
            r(libc::REG_RSI),
            r(libc::REG_RDI),
            r(libc::REG_R8),
            r(libc::REG_R9),
            r(libc::REG_R10),
            r(libc::REG_R11),
            r(libc::REG_R12),
            r(libc::REG_R13),
            r(libc::REG_R14),
            r(libc::REG_R15),
        ],
        rip: r(libc::REG_RIP),
        eflags: r(libc::REG_EFL) as u32,
        // SAFETY: a non-null fpregs points at the 512-byte fxsave image the kernel saved with
        // the signal context.
        fxsave: (!fp.is_null()).then(|| unsafe { *(fp as *const [u8; 512]) }),
    }
}

/// SuspendThread's signal: parks the thread (in apis) until ResumeThread, then puts back the
/// registers SetThreadContext may have changed.
extern "C" fn suspend_handler(_sig: i32, _info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // SAFETY: the kernel passes this thread's saved ucontext to an SA_SIGINFO handler; the
    // handler may edit it before returning.
    let uc = unsafe { &mut *(context as *mut libc::ucontext_t) };
    let mut state = state_of(uc);
    let in_host_code = is_recorded_host_code(state.rip);
    if !apis::nt::thread::on_suspend_signal(&mut state, in_host_code) {
        return;
    }
    let g = &mut uc.uc_mcontext.gregs;
    let regs = [
        libc::REG_RAX,
        libc::REG_RCX,
        libc::REG_RDX,
        libc::REG_RBX,
        libc::REG_RSP,
        libc::REG_RBP,
        libc::REG_RSI,
        libc::REG_RDI,
        libc::REG_R8,
        libc::REG_R9,
        libc::REG_R10,
        libc::REG_R11,
        libc::REG_R12,
        libc::REG_R13,
        libc::REG_R14,
        libc::REG_R15,
    ];
    for (reg, value) in regs.into_iter().zip(state.gpr) {
        g[reg as usize] = value as i64;
    }
    g[libc::REG_RIP as usize] = state.rip as i64;
    g[libc::REG_EFL as usize] = state.eflags as i64;
    let fp = uc.uc_mcontext.fpregs;
    if let Some(fx) = state.fxsave
        && !fp.is_null()
    {
        // SAFETY: as in `state_of`: the kernel's 512-byte fxsave image, restored on return.
        unsafe { *(fp as *mut [u8; 512]) = fx };
    }
}

extern "C" fn handler(sig: i32, info: *mut libc::siginfo_t, context: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo and ucontext for an SA_SIGINFO handler; the
    // ucontext is this thread's saved state, which the handler may edit before returning.
    let (uc, si_code, si_addr) = unsafe {
        (
            &mut *(context as *mut libc::ucontext_t),
            (*info).si_code,
            (*info).si_addr() as u64,
        )
    };
    let g = &mut uc.uc_mcontext.gregs;
    let r = |i: i32| g[i as usize] as u64;
    let rip = r(libc::REG_RIP);
    let gpr = [
        r(libc::REG_RAX),
        r(libc::REG_RCX),
        r(libc::REG_RDX),
        r(libc::REG_RBX),
        r(libc::REG_RSP),
        r(libc::REG_RBP),
        r(libc::REG_RSI),
        r(libc::REG_RDI),
        r(libc::REG_R8),
        r(libc::REG_R9),
        r(libc::REG_R10),
        r(libc::REG_R11),
        r(libc::REG_R12),
        r(libc::REG_R13),
        r(libc::REG_R14),
        r(libc::REG_R15),
    ];
    let trapno = r(libc::REG_TRAPNO);
    let error_code = r(libc::REG_ERR);

    let access = if error_code & PF_INSTRUCTION != 0 {
        8
    } else if error_code & PF_WRITE != 0 {
        1
    } else {
        0
    };
    let (code, mut address, params): (u32, u64, [u64; 2]) = match sig {
        libc::SIGSEGV if trapno == TRAP_GENERAL_PROTECTION => {
            if read_byte(rip) == 0xCD && read_byte(rip + 1) == 0x29 {
                // __fastfail: ends the process at once, no handler runs. The thread was in guest
                // code, so it holds none of the C runtime's locks: the output goes out first.
                apis::crt::stdio::flush_all();
                fatal(status::STACK_BUFFER_OVERRUN, "fast fail", rip);
            }
            if is_privileged(rip) {
                (status::PRIVILEGED_INSTRUCTION, rip, [0; 2])
            } else {
                // A non-canonical address: Windows reports a read of all ones.
                (status::ACCESS_VIOLATION, rip, [0, u64::MAX])
            }
        }
        libc::SIGSEGV => (status::ACCESS_VIOLATION, rip, [access, si_addr]),
        libc::SIGBUS if si_code == BUS_ADRALN => (status::DATATYPE_MISALIGNMENT, rip, [0; 2]),
        libc::SIGBUS => (status::IN_PAGE_ERROR, rip, [access, si_addr]),
        libc::SIGILL if si_code == ILL_PRVOPC => (status::PRIVILEGED_INSTRUCTION, rip, [0; 2]),
        libc::SIGILL => (status::ILLEGAL_INSTRUCTION, rip, [0; 2]),
        libc::SIGFPE => {
            let code = match si_code {
                FPE_INTDIV if is_idiv_overflow(rip, &gpr) => status::INTEGER_OVERFLOW,
                FPE_INTDIV => status::INTEGER_DIVIDE_BY_ZERO,
                FPE_INTOVF => status::INTEGER_OVERFLOW,
                FPE_FLTDIV => status::FLOAT_DIVIDE_BY_ZERO,
                FPE_FLTOVF => status::FLOAT_OVERFLOW,
                FPE_FLTUND => status::FLOAT_UNDERFLOW,
                FPE_FLTRES => status::FLOAT_INEXACT_RESULT,
                FPE_FLTINV => status::FLOAT_INVALID_OPERATION,
                _ => status::FLOAT_INVALID_OPERATION,
            };
            (code, rip, [0; 2])
        }
        _ if si_code == TRAP_TRACE => (status::SINGLE_STEP, rip, [0; 2]),
        // int3: Linux stops after the instruction; Windows reports the instruction itself.
        _ => (status::BREAKPOINT, rip - 1, [0; 2]),
    };
    let param_count = match code {
        status::ACCESS_VIOLATION | status::IN_PAGE_ERROR | status::GUARD_PAGE_VIOLATION => 2,
        status::BREAKPOINT => 1,
        _ => 0,
    };
    let mut resume_rip = rip;
    if code == status::BREAKPOINT {
        resume_rip = address;
    }

    let teb = gs_base();
    if teb == 0 {
        fatal(code, "on a thread that runs no guest code", rip);
    }
    if is_host_code(rip) && !(code == status::BREAKPOINT && DebugBreak::contains(address)) {
        host_fault(code, access, si_addr, rip, gpr[4], teb);
    }
    let stack_low =
        apis::abi::mem::read::<u64>(teb + apis::nt::teb::offset::DEALLOCATION_STACK).unwrap_or(0);
    let stack_limit =
        apis::abi::mem::read::<u64>(teb + apis::nt::teb::offset::STACK_LIMIT).unwrap_or(0);
    let stack_base =
        apis::abi::mem::read::<u64>(teb + apis::nt::teb::offset::STACK_BASE).unwrap_or(0);
    let rsp = gpr[4];
    let mut code = code;
    let mut params = params;
    let mut param_count = param_count;
    // Below the stack limit, down to the host's own guard page under the stack.
    if sig == libc::SIGSEGV && si_addr < stack_limit && si_addr + 2 * PAGE >= stack_low {
        // The guard page: give it up (the handler runs in the reserve below it), as Windows
        // turns its guard page into an ordinary page when it raises the overflow. Past it, the
        // reserve is used up too.
        let guard = stack_limit - PAGE;
        if stack_limit - stack_low <= PAGE || si_addr < guard {
            fatal(status::STACK_OVERFLOW, "stack overflow", rip);
        }
        // SAFETY: the guard page is part of this thread's stack; it becomes ordinary stack.
        unsafe {
            libc::mprotect(
                guard as *mut libc::c_void,
                PAGE as usize,
                libc::PROT_READ | libc::PROT_WRITE,
            )
        };
        apis::abi::mem::write(teb + apis::nt::teb::offset::STACK_LIMIT, stack_low);
        code = status::STACK_OVERFLOW;
        params = [0; 2];
        param_count = 0;
        address = rip;
    }
    if code == status::ACCESS_VIOLATION
        && let Some((page, prot)) = apis::nt::exception::take_guard_page(si_addr)
    {
        // SAFETY: the page is guest memory that VirtualProtect/VirtualAlloc armed as a guard
        // page; it gets the base protection the guest asked for, as Windows clears PAGE_GUARD.
        unsafe { libc::mprotect(page as *mut libc::c_void, PAGE as usize, prot) };
        code = status::GUARD_PAGE_VIOLATION;
    }
    // A thread may run on a stack of its own making (Go's goroutine stacks): Windows dispatches
    // on whatever stack the thread is on, as long as the frame fits in mapped memory.
    let on_thread_stack = rsp >= stack_low && rsp <= stack_base;
    if (on_thread_stack && rsp < stack_low + 8 * PAGE)
        || (!on_thread_stack && !is_mapped(rsp - 4 * PAGE, rsp))
    {
        fatal(code, "no usable guest stack to handle it", rip);
    }

    let fxsave = {
        let fp = uc.uc_mcontext.fpregs;
        // SAFETY: a non-null fpregs points at the 512-byte fxsave image the kernel saved with
        // the signal context.
        (!fp.is_null()).then(|| unsafe { *(fp as *const [u8; 512]) })
    };
    let mut eflags = r(libc::REG_EFL) as u32;
    if code == status::SINGLE_STEP {
        // The trap flag has done its job; a debugger-style handler sets it again to go on.
        eflags &= !0x100;
    }
    let state = FaultState {
        gpr,
        rip: resume_rip,
        eflags,
        fxsave,
    };
    let resume = fault_frame(&state, code, address, &params[..param_count]);
    let g = &mut uc.uc_mcontext.gregs;
    g[libc::REG_RSP as usize] = resume.rsp as i64;
    g[libc::REG_RIP as usize] = resume.rip as i64;
    g[libc::REG_RCX as usize] = resume.rcx as i64;
    g[libc::REG_RDX as usize] = resume.rdx as i64;
    // The dispatcher is ordinary code: direction flag clear, no single-stepping.
    g[libc::REG_EFL as usize] &= !(0x400 | 0x100);
}
