//! excpt.h: the C language handler of `__try/__except/__finally` (scope tables), and the
//! runtime's top-level filter.

use crate::abi::call::call;
use crate::abi::{GuestCell, GuestPtr, mem};
use crate::dllexport;
use crate::nt::exception::{
    EXCEPTION_CONTINUE_EXECUTION, EXCEPTION_EXIT_UNWIND, EXCEPTION_TARGET_UNWIND,
    EXCEPTION_UNWINDING,
};

/// EXCEPTION_DISPOSITION values a language handler returns.
const CONTINUE_EXECUTION: u32 = 0;
const CONTINUE_SEARCH: u32 = 1;

/// DISPATCHER_CONTEXT fields the handler reads (x64 layout).
mod dispatcher {
    pub const CONTROL_PC: u64 = 0x00;
    pub const IMAGE_BASE: u64 = 0x08;
    pub const TARGET_IP: u64 = 0x20;
    pub const CONTEXT_RECORD: u64 = 0x28;
    pub const HANDLER_DATA: u64 = 0x38;
    pub const HISTORY_TABLE: u64 = 0x40;
    pub const SCOPE_INDEX: u64 = 0x48;
}

/// One SCOPE_TABLE record: the guarded range, the filter (or termination handler), and the
/// `__except` block (0 for a `__finally`). All RVAs.
#[derive(Clone, Copy)]
struct Scope {
    begin: u64,
    end: u64,
    handler: u64,
    target: u64,
}

fn scopes(table: u64, base: u64) -> Vec<Scope> {
    let count = mem::read::<u32>(table).unwrap_or(0) as usize;
    mem::read_slice::<[u32; 4]>(table + 4, count)
        .into_iter()
        .map(|[b, e, h, t]| Scope {
            begin: base + b as u64,
            end: base + e as u64,
            handler: h as u64,
            target: t as u64,
        })
        .collect()
}

/// The language handler of C functions with `__try` blocks (MSVC, clang, and MinGW's
/// hand-written scope tables). While an exception is dispatched it runs the filters of the
/// `__try` blocks around the faulting address, innermost first, and unwinds to the `__except`
/// block of the first that accepts; while unwinding it runs the `__finally` blocks being left.
#[dllexport]
pub fn __C_specific_handler(
    ExceptionRecord: GuestPtr<u8>,
    EstablisherFrame: u64,
    ContextRecord: GuestPtr<u8>,
    DispatcherContext: GuestPtr<u8>,
) -> u32 {
    let dc = DispatcherContext.addr();
    let field = |offset: u64| mem::read::<u64>(dc + offset).unwrap_or(0);
    let base = field(dispatcher::IMAGE_BASE);
    let pc = field(dispatcher::CONTROL_PC);
    let first = mem::read::<u32>(dc + dispatcher::SCOPE_INDEX).unwrap_or(0) as usize;
    let table = scopes(field(dispatcher::HANDLER_DATA), base);
    let record = ExceptionRecord.addr();
    let flags = mem::read::<u32>(record + 4).unwrap_or(0);
    let guarded = |s: &Scope| pc >= s.begin && pc < s.end;

    if flags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND) == 0 {
        let pointers = GuestCell::new([record, ContextRecord.addr()]);
        for scope in table.iter().skip(first).filter(|s| guarded(s)) {
            if scope.target == 0 {
                continue; // a __finally: nothing to do until the unwind
            }
            // EXCEPTION_EXECUTE_HANDLER as a constant filter is stored as 1.
            let verdict = if scope.handler == 1 {
                1
            } else {
                call(base + scope.handler, &[pointers.addr(), EstablisherFrame]) as i32
            };
            if verdict == EXCEPTION_CONTINUE_EXECUTION {
                return CONTINUE_EXECUTION;
            }
            if verdict > 0 {
                // The __except block receives the exception code in eax.
                let code = mem::read::<u32>(record).unwrap_or(0) as u64;
                crate::nt::exception::unwind_from_handler(
                    EstablisherFrame,
                    base + scope.target,
                    record,
                    code,
                    field(dispatcher::CONTEXT_RECORD),
                    field(dispatcher::HISTORY_TABLE),
                );
            }
        }
        return CONTINUE_SEARCH;
    }

    let target_ip = field(dispatcher::TARGET_IP);
    for (i, scope) in table.iter().enumerate().skip(first) {
        if !guarded(scope) || scope.target != 0 {
            continue;
        }
        // At the target frame, the unwind stops at the __except block it is going to.
        if flags & EXCEPTION_TARGET_UNWIND != 0 && target_ip >= scope.begin && target_ip < scope.end
        {
            break;
        }
        // Record progress first: a collided unwind resumes after this scope.
        mem::write(dc + dispatcher::SCOPE_INDEX, (i + 1) as u32);
        call(base + scope.handler, &[1, EstablisherFrame]);
    }
    CONTINUE_SEARCH
}

/// The UCRT's filter around DllMain: exceptions go on to the frame handlers above.
#[dllexport]
pub fn _seh_filter_dll(ExceptionNum: u32, ExceptionPtr: GuestPtr<[u64; 2]>) -> i32 {
    crate::nt::exception::EXCEPTION_CONTINUE_SEARCH
}
