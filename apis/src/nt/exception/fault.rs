//! Hardware faults as the signal handler hands them over: guard pages armed by the guest, and
//! the frame a faulting thread resumes in to dispatch its exception.

use super::*;

// ---------------------------------------------------------------------------------------------
// Guard pages

/// Pages armed with PAGE_GUARD: the page address and the host protection it gets back once
/// touched. Fixed slots of atomics, so the signal handler can consult them without a lock.
const GUARD_SLOTS: usize = 256;
static GUARD_PAGES: [AtomicU64; GUARD_SLOTS] = [const { AtomicU64::new(0) }; GUARD_SLOTS];
static GUARD_PROTECTION: [AtomicI32; GUARD_SLOTS] = [const { AtomicI32::new(0) }; GUARD_SLOTS];
const PAGE: u64 = 4096;

/// Arms the pages of `start..end` (page-aligned, already PROT_NONE on the host) as guard pages
/// that become `host_prot` when first touched. Returns false when the table is full.
pub fn arm_guard_pages(start: u64, end: u64, host_prot: i32) -> bool {
    disarm_guard_pages(start, end);
    for page in (start..end).step_by(PAGE as usize) {
        let free = GUARD_PAGES.iter().position(|slot| {
            slot.compare_exchange(0, page, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        });
        match free {
            Some(i) => GUARD_PROTECTION[i].store(host_prot, Ordering::Release),
            None => return false,
        }
    }
    true
}

/// Forgets the guard pages in `start..end` (their protection changed).
pub fn disarm_guard_pages(start: u64, end: u64) {
    for slot in &GUARD_PAGES {
        let page = slot.load(Ordering::Acquire);
        if page >= start && page < end {
            let _ = slot.compare_exchange(page, 0, Ordering::AcqRel, Ordering::Acquire);
        }
    }
}

/// Whether the page at `page` is still an armed guard page.
pub fn is_guard_armed(page: u64) -> bool {
    page != 0
        && GUARD_PAGES
            .iter()
            .any(|slot| slot.load(Ordering::Acquire) == page)
}

/// For the fault handler: when `address` is in an armed guard page, disarms it and returns the
/// host protection the page gets back (Windows clears PAGE_GUARD as it raises the exception).
pub fn take_guard_page(address: u64) -> Option<(u64, i32)> {
    let page = address & !(PAGE - 1);
    if page == 0 {
        return None; // free slots hold 0; no guard page lives there
    }
    GUARD_PAGES.iter().enumerate().find_map(|(i, slot)| {
        slot.compare_exchange(page, 0, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| (page, GUARD_PROTECTION[i].load(Ordering::Acquire)))
    })
}

// ---------------------------------------------------------------------------------------------
// Faults

/// The registers of a guest thread stopped by a fault, as the signal handler reads them.
pub struct FaultState {
    /// rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15 (the CONTEXT order).
    pub gpr: [u64; 16],
    pub rip: u64,
    pub eflags: u32,
    /// The fxsave image of the x87/SSE state (None when the kernel gave none).
    pub fxsave: Option<[u8; 512]>,
}

/// Where a faulting thread resumes to dispatch its exception: stack pointer, instruction pointer,
/// and the first two arguments.
pub struct FaultResume {
    pub rsp: u64,
    pub rip: u64,
    pub rcx: u64,
    pub rdx: u64,
}

/// Selectors a Windows x64 user thread runs with, for the CONTEXT of a fault.
const SEG_CS: u16 = 0x33;
const SEG_DS: u16 = 0x2B;
const SEG_FS: u16 = 0x53;

/// Writes the registers of a thread stopped in a signal handler as a CONTEXT at `addr` (16-byte
/// aligned, CONTEXT_SIZE bytes). Takes no locks and allocates nothing.
pub fn write_state_context(addr: u64, state: &FaultState) {
    let mut c = zeroed_context();
    for (n, &v) in state.gpr.iter().enumerate() {
        set_reg(&mut c, n as u8, v);
    }
    c.Rip = state.rip;
    c.EFlags = state.eflags;
    c.ContextFlags = machine::CAPTURED_FLAGS;
    c.SegCs = SEG_CS;
    c.SegDs = SEG_DS;
    c.SegEs = SEG_DS;
    c.SegSs = SEG_DS;
    c.SegGs = SEG_DS;
    c.SegFs = SEG_FS;
    write_context(addr, &c);
    if let Some(fx) = &state.fxsave {
        mem::write_slice(addr + machine::offset::FLT_SAVE as u64, fx);
        let mxcsr = u32::from_le_bytes([fx[24], fx[25], fx[26], fx[27]]);
        mem::write(addr + machine::offset::MXCSR as u64, mxcsr);
    }
}

/// The flags a user-mode CONTEXT may change (carry, parity, adjust, zero, sign, trap, direction,
/// overflow, alignment check); the rest stay as the thread had them.
const USER_EFLAGS: u32 = 0x0004_0DD5 | 0x100;

/// Reads the CONTEXT at `addr` (written by `write_state_context`, possibly changed since) back
/// into the registers of a stopped thread. Takes no locks and allocates nothing.
pub fn read_state_context(addr: u64, state: &mut FaultState) {
    let c = read_context(addr);
    for (n, v) in state.gpr.iter_mut().enumerate() {
        *v = reg(&c, n as u8);
    }
    state.rip = c.Rip;
    state.eflags = (state.eflags & !USER_EFLAGS) | (c.EFlags & USER_EFLAGS);
    if let Some(fx) = &mut state.fxsave
        && let Some(mut saved) = mem::read::<[u8; 512]>(addr + machine::offset::FLT_SAVE as u64)
    {
        saved[24..28].copy_from_slice(&c.MxCsr.to_le_bytes());
        *fx = saved;
    }
}

/// Writes the CONTEXT and EXCEPTION_RECORD of a fault on the guest stack below the faulting
/// frame (where KiUserExceptionDispatcher's frame sits on Windows) and says how to resume the
/// thread so that it runs `dispatch_fault` there. Called from the signal handler: it takes no
/// locks and allocates nothing. The caller has checked that the stack below `gpr[4]` is the
/// thread's.
pub fn fault_frame(state: &FaultState, code: u32, address: u64, params: &[u64]) -> FaultResume {
    let mut record = EXCEPTION_RECORD {
        ExceptionCode: code as i32,
        ExceptionAddress: address as *mut core::ffi::c_void,
        NumberParameters: params.len().min(15) as u32,
        ..Default::default()
    };
    for (slot, &p) in record.ExceptionInformation.iter_mut().zip(params) {
        *slot = p as usize;
    }
    let context_addr = (state.gpr[4] - machine::CONTEXT_SIZE as u64 - 64) & !63;
    let record_addr = (context_addr - size_of::<EXCEPTION_RECORD>() as u64) & !15;
    let rsp = record_addr - 0x28;
    write_state_context(context_addr, state);
    write_record(record_addr, &record);
    // No return address: a walk that gets here stops.
    mem::write(rsp, 0u64);
    FaultResume {
        rsp,
        rip: dispatch_fault as *const () as u64,
        rcx: record_addr,
        rdx: context_addr,
    }
}

/// KiUserExceptionDispatcher: where a faulting thread resumes, on its own stack, to dispatch
/// the exception the signal handler described.
pub extern "win64" fn dispatch_fault(record: u64, context: u64) -> ! {
    if !dispatch(record, context) {
        unhandled(record, context);
    }
    continue_in(context)
}
