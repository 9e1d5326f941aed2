//! The images' unwind tables: finding a function's RUNTIME_FUNCTION (image .pdata and tables
//! registered at run time) and undoing one frame with its UNWIND_INFO (RtlVirtualUnwind).

use super::*;

// ---------------------------------------------------------------------------------------------
// Function tables

/// Tables registered with RtlAddFunctionTable (JIT code): (table address, entry count, image base).
static DYNAMIC_TABLES: RwLock<Vec<(u64, u32, u64)>> = RwLock::new(Vec::new());

/// A range whose RUNTIME_FUNCTIONs a callback supplies (RtlInstallFunctionTableCallback).
#[derive(Clone, Copy)]
struct CallbackTable {
    identifier: u64,
    base: u64,
    length: u64,
    callback: u64,
    context: u64,
}

static CALLBACK_TABLES: RwLock<Vec<CallbackTable>> = RwLock::new(Vec::new());

/// RUNTIME_FUNCTION: BeginAddress, EndAddress, UnwindData (RVAs).
fn runtime_function(addr: u64) -> (u32, u32, u32) {
    let v: [u32; 3] = mem::read(addr).unwrap_or([0; 3]);
    (v[0], v[1], v[2])
}

/// The RUNTIME_FUNCTION covering `pc`: (image base, its address). Images' tables are sorted, as
/// the PE format requires; dynamic tables are searched in full.
pub fn lookup_function(pc: u64) -> Option<(u64, u64)> {
    if let Some((base, table, count)) = modules::loader().function_table(pc) {
        let rva = pc.checked_sub(base)? as u32;
        let (mut lo, mut hi) = (0u64, count as u64);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let entry = table + mid * 12;
            let (begin, end, _) = runtime_function(entry);
            if rva < begin {
                hi = mid;
            } else if rva >= end {
                lo = mid + 1;
            } else {
                return Some((base, entry));
            }
        }
        return None;
    }
    let found = {
        let tables = DYNAMIC_TABLES.read().unwrap_or_else(|e| e.into_inner());
        tables.iter().find_map(|&(table, count, base)| {
            let rva = pc.checked_sub(base)?;
            (0..count as u64)
                .map(|i| table + i * 12)
                .find(|&entry| {
                    let (begin, end, _) = runtime_function(entry);
                    rva >= begin as u64 && rva < end as u64
                })
                .map(|entry| (base, entry))
        })
    };
    found.or_else(|| {
        // The callback is guest code: called with no lock held.
        let table = CALLBACK_TABLES
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .copied()
            .find(|t| pc >= t.base && pc - t.base < t.length)?;
        let entry = call(table.callback, &[pc, table.context]);
        (entry != 0).then_some((table.base, entry))
    })
}

/// RtlInstallFunctionTableCallback: the identifier's two low bits must be set, which tells it
/// apart from a table address for RtlDeleteFunctionTable.
pub fn add_function_table_callback(
    identifier: u64,
    base: u64,
    length: u32,
    callback: u64,
    context: u64,
) -> bool {
    if identifier & 3 != 3 || callback == 0 {
        return false;
    }
    let mut tables = CALLBACK_TABLES.write().unwrap_or_else(|e| e.into_inner());
    tables.push(CallbackTable {
        identifier,
        base,
        length: length as u64,
        callback,
        context,
    });
    true
}

pub fn add_function_table(table: u64, count: u32, base: u64) -> bool {
    if table == 0 {
        return false;
    }
    let mut tables = DYNAMIC_TABLES.write().unwrap_or_else(|e| e.into_inner());
    tables.push((table, count, base));
    true
}

/// RtlDeleteFunctionTable: a table RtlAddFunctionTable registered, or the identifier of a
/// callback RtlInstallFunctionTableCallback installed.
pub fn delete_function_table(table: u64) -> bool {
    if table & 3 == 3 {
        let mut tables = CALLBACK_TABLES.write().unwrap_or_else(|e| e.into_inner());
        let before = tables.len();
        tables.retain(|t| t.identifier != table);
        return tables.len() != before;
    }
    let mut tables = DYNAMIC_TABLES.write().unwrap_or_else(|e| e.into_inner());
    let before = tables.len();
    tables.retain(|&(t, _, _)| t != table);
    tables.len() != before
}

// ---------------------------------------------------------------------------------------------
// Virtual unwinding

/// What unwinding one frame found: its language handler (0 when none of the requested kind), the
/// handler's data, and the frame's establisher frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct Unwound {
    pub handler: u64,
    pub handler_data: u64,
    pub frame: u64,
}

const UWOP_PUSH_NONVOL: u8 = 0;
const UWOP_ALLOC_LARGE: u8 = 1;
const UWOP_ALLOC_SMALL: u8 = 2;
const UWOP_SET_FPREG: u8 = 3;
const UWOP_SAVE_NONVOL: u8 = 4;
const UWOP_SAVE_NONVOL_FAR: u8 = 5;
const UWOP_EPILOG: u8 = 6;
const UWOP_SPARE_CODE: u8 = 7;
const UWOP_SAVE_XMM128: u8 = 8;
const UWOP_SAVE_XMM128_FAR: u8 = 9;
const UWOP_PUSH_MACHFRAME: u8 = 10;

/// How many 16-bit slots an unwind code occupies.
fn code_slots(op: u8, info: u8) -> usize {
    match op {
        UWOP_ALLOC_LARGE if info == 0 => 2,
        UWOP_ALLOC_LARGE => 3,
        UWOP_SAVE_NONVOL | UWOP_SAVE_XMM128 | UWOP_EPILOG => 2,
        UWOP_SAVE_NONVOL_FAR | UWOP_SAVE_XMM128_FAR | UWOP_SPARE_CODE => 3,
        _ => 1,
    }
}

/// RtlVirtualUnwind: undoes the effects of the function at `function` (a RUNTIME_FUNCTION) on
/// `c`, whose Rip is `pc`, leaving `c` as it is in the caller after the call returns. Follows
/// chained unwind infos and, when `pc` is inside an epilog, emulates the rest of the epilog.
/// Fails with STATUS_BAD_STACK on an unwind info it cannot read.
pub fn virtual_unwind(
    kind: u32,
    base: u64,
    pc: u64,
    function: u64,
    c: &mut CONTEXT,
    mut saved: Option<&mut SavedAt>,
) -> Result<Unwound, u32> {
    let (begin, end, mut info_rva) = runtime_function(function);
    let mut offset_in_function = pc.wrapping_sub(base + begin as u64);
    let mut first = true;
    let mut frame = c.Rsp;
    let mut primary_flags = 0u8;
    let mut info;
    loop {
        // Bit 0 of UnwindData marks an indirect entry (a RUNTIME_FUNCTION, not an UNWIND_INFO).
        if info_rva & 1 != 0 {
            let (_, _, next) = runtime_function(base + (info_rva & !1) as u64);
            info_rva = next;
        }
        info = base + info_rva as u64;
        let header: [u8; 4] = mem::read(info).ok_or(status::BAD_STACK)?;
        let version = header[0] & 7;
        let flags = header[0] >> 3;
        if version != 1 && version != 2 {
            return Err(status::BAD_STACK);
        }
        let prolog_size = header[1] as u64;
        let count = header[2] as usize;
        let frame_reg = header[3] & 15;
        let frame_offset = (header[3] >> 4) as u64 * 16;
        if first {
            primary_flags = flags;
            if frame_reg != 0 {
                frame = reg(c, frame_reg).wrapping_sub(frame_offset);
            }
            if offset_in_function > prolog_size
                && unwind_epilog(base, pc, begin, end, frame_reg, c, &mut saved)
            {
                return Ok(Unwound {
                    handler: 0,
                    handler_data: 0,
                    frame,
                });
            }
        }
        let codes: Vec<u16> = mem::read_slice(info + 4, count);
        let mut i = 0;
        while i < count {
            let code_offset = (codes[i] & 0xFF) as u64;
            let op = ((codes[i] >> 8) & 15) as u8;
            let op_info = (codes[i] >> 12) as u8;
            let slots = code_slots(op, op_info);
            // Inside the prolog, only the operations already executed are undone.
            if offset_in_function < code_offset {
                if first && op == UWOP_SET_FPREG {
                    frame = c.Rsp;
                }
                i += slots;
                continue;
            }
            let arg = |k: usize| codes.get(i + k).copied().unwrap_or(0) as u64;
            match op {
                UWOP_PUSH_NONVOL => {
                    restore_reg(c, op_info, c.Rsp, &mut saved);
                    c.Rsp += 8;
                }
                UWOP_ALLOC_LARGE if op_info == 0 => c.Rsp += arg(1) * 8,
                UWOP_ALLOC_LARGE => c.Rsp += arg(1) | (arg(2) << 16),
                UWOP_ALLOC_SMALL => c.Rsp += op_info as u64 * 8 + 8,
                UWOP_SET_FPREG => c.Rsp = reg(c, frame_reg).wrapping_sub(frame_offset),
                UWOP_SAVE_NONVOL => restore_reg(c, op_info, frame + arg(1) * 8, &mut saved),
                UWOP_SAVE_NONVOL_FAR => {
                    restore_reg(c, op_info, frame + (arg(1) | (arg(2) << 16)), &mut saved)
                }
                UWOP_SAVE_XMM128 | UWOP_SAVE_XMM128_FAR => {
                    let at = if op == UWOP_SAVE_XMM128 {
                        frame + arg(1) * 16
                    } else {
                        frame + (arg(1) | (arg(2) << 16))
                    };
                    set_xmm(c, op_info, read_u64(at), read_u64(at + 8));
                    if let Some(s) = &mut saved {
                        s.xmm[(op_info & 15) as usize] = at;
                    }
                }
                UWOP_PUSH_MACHFRAME => {
                    // A hardware frame: optional error code, then RIP, CS, EFLAGS, old RSP, SS.
                    let top = c.Rsp + if op_info != 0 { 8 } else { 0 };
                    c.Rip = read_u64(top);
                    c.Rsp = read_u64(top + 24);
                    return Ok(handler_of(kind, primary_flags, info, count, frame));
                }
                // Version 2 epilog descriptors and spare codes only describe, never undo.
                _ => {}
            }
            i += slots;
        }
        first = false;
        if flags & UNW_FLAG_CHAININFO == 0 {
            break;
        }
        // The chained RUNTIME_FUNCTION follows the (even-padded) codes; all of its prolog ran.
        let chained = info + 4 + ((count + 1) & !1) as u64 * 2;
        let (_, _, next) = runtime_function(chained);
        info_rva = next;
        offset_in_function = u64::MAX;
    }
    c.Rip = read_u64(c.Rsp);
    c.Rsp += 8;
    let count = mem::read::<u8>(info + 2).unwrap_or(0) as usize;
    let last_flags = mem::read::<u8>(info).unwrap_or(0) >> 3;
    Ok(handler_of(kind, last_flags, info, count, frame))
}

/// The language handler (an RVA) an UNWIND_INFO names, if it has one of the `kind` requested.
fn handler_of(kind: u32, flags: u8, info: u64, count: usize, frame: u64) -> Unwound {
    let mut unwound = Unwound {
        frame,
        ..Default::default()
    };
    if flags as u32 & kind != 0 && flags & UNW_FLAG_CHAININFO == 0 {
        let at = info + 4 + ((count + 1) & !1) as u64 * 2;
        unwound.handler = mem::read::<u32>(at).unwrap_or(0) as u64;
        unwound.handler_data = at + 4;
    }
    unwound
}

/// Where unwinding found each non-volatile register saved (KNONVOLATILE_CONTEXT_POINTERS): the
/// stack address per XMM and integer register, 0 for those the frame did not save.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct SavedAt {
    pub xmm: [u64; 16],
    pub integer: [u64; 16],
}

/// Restores integer register `n` from the stack slot at `at`, noting where it was.
fn restore_reg(c: &mut CONTEXT, n: u8, at: u64, saved: &mut Option<&mut SavedAt>) {
    set_reg(c, n, read_u64(at));
    if let Some(s) = saved {
        s.integer[(n & 15) as usize] = at;
    }
}

/// When `pc` is inside an epilog of the function [begin, end), emulates the rest of it on `c`
/// (the stack adjustment, the pops, the return) and says so. An x64 epilog is, by the ABI's rules,
/// `add rsp, imm` or `lea rsp, [fp+disp]`, then pops of non-volatile registers, then `ret` (or a
/// jump out of the function).
fn unwind_epilog(
    base: u64,
    pc: u64,
    begin: u32,
    end: u32,
    frame_reg: u8,
    c: &mut CONTEXT,
    saved: &mut Option<&mut SavedAt>,
) -> bool {
    let in_function = |addr: u64| addr >= base + begin as u64 && addr < base + end as u64;
    let byte = |addr: u64| mem::read::<u8>(addr).unwrap_or(0);
    let i32_at = |addr: u64| mem::read::<i32>(addr).unwrap_or(0) as i64;
    // First pass: recognise; second pass: apply.
    for apply in [false, true] {
        let mut p = pc;
        let mut rsp = c.Rsp;
        let rex = byte(p);
        if rex & 0xF8 == 0x48 {
            match byte(p + 1) {
                0x83 if rex == 0x48 && byte(p + 2) == 0xC4 => {
                    rsp = rsp.wrapping_add(byte(p + 3) as i8 as i64 as u64);
                    p += 4;
                }
                0x81 if rex == 0x48 && byte(p + 2) == 0xC4 => {
                    rsp = rsp.wrapping_add(i32_at(p + 3) as u64);
                    p += 7;
                }
                0x8D => {
                    let modrm = byte(p + 2);
                    let base_reg = (modrm & 7) | ((rex & 1) << 3);
                    if (modrm >> 3) & 7 != 4 || rex & 6 != 0 || modrm & 7 == 4 {
                        return false;
                    }
                    if frame_reg == 0 || base_reg != frame_reg {
                        return false;
                    }
                    let disp = match modrm >> 6 {
                        1 => {
                            p += 4;
                            byte(p - 1) as i8 as i64
                        }
                        2 => {
                            p += 7;
                            i32_at(p - 4)
                        }
                        _ => return false,
                    };
                    rsp = reg(c, base_reg).wrapping_add(disp as u64);
                }
                _ => {}
            }
        }
        loop {
            let mut op = byte(p);
            let mut high = 0u8;
            if op & 0xF0 == 0x40 {
                high = (op & 1) << 3;
                p += 1;
                op = byte(p);
            }
            match op {
                0x58..=0x5F => {
                    if apply {
                        restore_reg(c, (op - 0x58) | high, rsp, saved);
                    }
                    rsp += 8;
                    p += 1;
                }
                0xC3 | 0xC2 => break,
                0xF3 if byte(p + 1) == 0xC3 => break,
                0xE9 => {
                    let target = (p + 5).wrapping_add(i32_at(p + 1) as u64);
                    if !in_function(target) {
                        break;
                    }
                    p = target;
                }
                0xEB => {
                    let target = (p + 2).wrapping_add(byte(p + 1) as i8 as i64 as u64);
                    if !in_function(target) {
                        break;
                    }
                    p = target;
                }
                // A tail jump through memory ends an epilog too.
                0xFF if byte(p + 1) == 0x25 => break,
                _ => return false,
            }
        }
        if apply {
            c.Rip = read_u64(rsp);
            c.Rsp = rsp + 8;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake image: code at 0x1000, unwind infos from 0x2000, RUNTIME_FUNCTIONs at 0x2800.
    struct Image {
        bytes: Vec<u8>,
    }

    impl Image {
        fn new() -> Self {
            Image {
                bytes: vec![0; 0x3000],
            }
        }
        fn base(&self) -> u64 {
            self.bytes.as_ptr() as u64
        }
        fn put(&mut self, rva: usize, data: &[u8]) {
            self.bytes[rva..rva + data.len()].copy_from_slice(data);
        }
        /// An UNWIND_INFO at `rva`: (code offset, op, op info) codes plus extra slots, then
        /// `tail` (handler RVA or chained RUNTIME_FUNCTION).
        fn unwind_info(
            &mut self,
            rva: usize,
            flags: u8,
            prolog: u8,
            frame: (u8, u8),
            slots: &[u16],
            tail: &[u8],
        ) {
            let mut v = vec![
                1 | (flags << 3),
                prolog,
                slots.len() as u8,
                frame.0 | (frame.1 << 4),
            ];
            for s in slots {
                v.extend_from_slice(&s.to_le_bytes());
            }
            if slots.len() % 2 == 1 {
                v.extend_from_slice(&[0, 0]);
            }
            v.extend_from_slice(tail);
            self.put(rva, &v);
        }
        fn function(&mut self, rva: usize, begin: u32, end: u32, info: u32) -> u64 {
            let mut v = Vec::new();
            for x in [begin, end, info] {
                v.extend_from_slice(&x.to_le_bytes());
            }
            self.put(rva, &v);
            self.base() + rva as u64
        }
    }

    fn code(offset: u8, op: u8, info: u8) -> u16 {
        offset as u16 | ((op as u16) << 8) | ((info as u16) << 12)
    }

    /// A stack of `n` slots; returns it and the address of slot `i`.
    fn stack(values: &[(usize, u64)]) -> (Vec<u64>, u64) {
        let mut s = vec![0u64; 0x400];
        for &(i, v) in values {
            s[i] = v;
        }
        let addr = s.as_ptr() as u64;
        (s, addr)
    }

    #[test]
    fn pushes_and_small_allocation() {
        // push rbp; push rbx; sub rsp, 0x28
        let mut img = Image::new();
        let slots = [
            code(6, UWOP_ALLOC_SMALL, 4),
            code(2, UWOP_PUSH_NONVOL, 3),
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(0x2000, 0, 6, (0, 0), &slots, &[]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        // Stack: 0x28 bytes of locals (5 slots), rbx, rbp, return address.
        let (_s, sp) = stack(&[(5, 0xB8), (6, 0xB9), (7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let mut saved = SavedAt::default();
        let u = virtual_unwind(
            UNW_FLAG_NHANDLER,
            base,
            base + 0x1050,
            f,
            &mut c,
            Some(&mut saved),
        )
        .unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (0xB8, 0xB9, 0x1234, sp + 64));
        assert_eq!(u.frame, sp);
        assert_eq!(u.handler, 0);
        // Where rbx (3) and rbp (5) were found; nothing else.
        let mut expected = SavedAt::default();
        expected.integer[3] = sp + 40;
        expected.integer[5] = sp + 48;
        assert_eq!(saved, expected);

        // Inside the prolog, after `push rbp` only: the other codes have not run yet.
        let (_s, sp) = stack(&[(0, 0xB9), (1, 0x5678)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        c.Rbx = 7;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1001, f, &mut c, None).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (7, 0xB9, 0x5678, sp + 16));
    }

    #[test]
    fn frame_pointer_saves_and_large_allocation() {
        // push rbp; sub rsp, 0x1000; lea rbp, [rsp+0x20]; mov [rsp+0x30], rsi;
        // movaps [rsp+0x40], xmm6 — then the body moved rsp (alloca).
        let mut img = Image::new();
        let slots = [
            code(23, UWOP_SAVE_XMM128, 6),
            4,
            code(18, UWOP_SAVE_NONVOL, 6),
            6,
            code(13, UWOP_SET_FPREG, 0),
            code(8, UWOP_ALLOC_LARGE, 0),
            0x1000 / 8,
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(0x2000, 0, 23, (5, 2), &slots, &[]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let (_s, frame) = stack(&[
            (6, 0x5151),
            (8, 0x6666),
            (9, 0x7777),
            (0x200, 0xBBBB),
            (0x201, 0x4242),
        ]);
        let mut c = zeroed_context();
        c.Rbp = frame + 0x20;
        c.Rsp = frame - 0x300;
        let mut saved = SavedAt::default();
        let u = virtual_unwind(
            UNW_FLAG_NHANDLER,
            base,
            base + 0x1040,
            f,
            &mut c,
            Some(&mut saved),
        )
        .unwrap();
        assert_eq!(u.frame, frame);
        assert_eq!(
            (saved.integer[6], saved.integer[5], saved.xmm[6]),
            (frame + 0x30, frame + 0x1000, frame + 0x40)
        );
        assert_eq!((c.Rsi, c.Rbp, c.Rip), (0x5151, 0xBBBB, 0x4242));
        assert_eq!(c.Rsp, frame + 0x1000 + 16);
        // XMM6, read through the CONTEXT bytes.
        let bytes = crate::abi::mem::bytes_of(&c);
        let xmm6 = &bytes[machine::offset::XMM0 + 6 * 16..][..16];
        assert_eq!(u64::from_le_bytes(xmm6[..8].try_into().unwrap()), 0x6666);
        assert_eq!(u64::from_le_bytes(xmm6[8..].try_into().unwrap()), 0x7777);
    }

    #[test]
    fn chained_info_applies_the_parent_prolog() {
        // The parent pushed rbx; the chained part allocated 0x10 more.
        let mut img = Image::new();
        img.unwind_info(0x2000, 0, 1, (0, 0), &[code(1, UWOP_PUSH_NONVOL, 3)], &[]);
        let parent = [0x1000u32, 0x1010, 0x2000];
        let tail: Vec<u8> = parent.iter().flat_map(|x| x.to_le_bytes()).collect();
        img.unwind_info(
            0x2100,
            UNW_FLAG_CHAININFO,
            4,
            (0, 0),
            &[code(4, UWOP_ALLOC_SMALL, 1)],
            &tail,
        );
        let f = img.function(0x2800, 0x1040, 0x1080, 0x2100);
        let base = img.base();
        let (_s, sp) = stack(&[(2, 0xB8), (3, 0x9999)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1060, f, &mut c, None).unwrap();
        assert_eq!((c.Rbx, c.Rip, c.Rsp), (0xB8, 0x9999, sp + 32));
    }

    #[test]
    fn epilogs_are_emulated() {
        // Epilog: add rsp, 0x28; pop rbx; pop rbp; ret
        let mut img = Image::new();
        img.put(0x1050, &[0x48, 0x83, 0xC4, 0x28, 0x5B, 0x5D, 0xC3]);
        let slots = [
            code(6, UWOP_ALLOC_SMALL, 4),
            code(2, UWOP_PUSH_NONVOL, 3),
            code(1, UWOP_PUSH_NONVOL, 5),
        ];
        img.unwind_info(
            0x2000,
            UNW_FLAG_EHANDLER as u8,
            6,
            (0, 0),
            &slots,
            &[0x34, 0x12, 0, 0],
        );
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let (_s, sp) = stack(&[(5, 0xB8), (6, 0xB9), (7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1050, f, &mut c, None).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (0xB8, 0xB9, 0x1234, sp + 64));
        assert_eq!(u.handler, 0, "no handler runs for a frame in its epilog");

        // At `pop rbp`: rsp already points at the saved rbp.
        let (_s, sp) = stack(&[(0, 0xB9), (1, 0x4321)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        c.Rbx = 3;
        virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1055, f, &mut c, None).unwrap();
        assert_eq!((c.Rbx, c.Rbp, c.Rip, c.Rsp), (3, 0xB9, 0x4321, sp + 16));

        // In the body, the handler is reported (an RVA) with its data right after it.
        let (_s, sp) = stack(&[(7, 0x1234)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_EHANDLER, base, base + 0x1040, f, &mut c, None).unwrap();
        assert_eq!(u.handler, 0x1234);
        assert_eq!(u.handler_data, base + 0x2000 + 4 + 4 * 2 + 4);
        let mut c = zeroed_context();
        c.Rsp = sp;
        let u = virtual_unwind(UNW_FLAG_UHANDLER, base, base + 0x1040, f, &mut c, None);
        assert_eq!(u.map(|u| u.handler), Ok(0));
    }

    #[test]
    fn machine_frames_give_rip_and_rsp() {
        let mut img = Image::new();
        img.unwind_info(
            0x2000,
            0,
            0,
            (0, 0),
            &[code(0, UWOP_PUSH_MACHFRAME, 1)],
            &[],
        );
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        // Error code, RIP, CS, EFLAGS, RSP, SS.
        let (_s, sp) = stack(&[(0, 0xE), (1, 0xAAAA), (2, 0x33), (3, 0x246), (4, 0xCCCC0)]);
        let mut c = zeroed_context();
        c.Rsp = sp;
        virtual_unwind(UNW_FLAG_NHANDLER, base, base + 0x1010, f, &mut c, None).unwrap();
        assert_eq!((c.Rip, c.Rsp), (0xAAAA, 0xCCCC0));
    }

    #[test]
    fn unknown_versions_are_refused() {
        let mut img = Image::new();
        img.put(0x2000, &[7, 0, 0, 0]);
        let f = img.function(0x2800, 0x1000, 0x1100, 0x2000);
        let base = img.base();
        let mut c = zeroed_context();
        assert_eq!(
            virtual_unwind(0, base, base + 0x1010, f, &mut c, None).map(|u| u.frame),
            Err(status::BAD_STACK)
        );
    }
}
