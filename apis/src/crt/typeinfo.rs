//! vcruntime_typeinfo.h and vcruntime_exception.h: what `std::type_info` and `std::exception`
//! call into the runtime for. A type_info object is a vftable pointer followed by
//! `__std_type_info_data` (the cached undecorated name, then the decorated name, ".H" for int).

use super::heap;
use crate::abi::{Addr, GuestCell, GuestPtr, mem};
use crate::dllexport;

/// `type_info`'s vftable (`??_7type_info@@6B@`): its one virtual function, the scalar deleting
/// destructor. Every TypeDescriptor a compiler emits points here.
pub static type_info_vftable: GuestCell<[Addr; 1]> =
    GuestCell::new([Addr(type_info_deleting_destructor as *const ())]);

extern "win64" fn type_info_deleting_destructor(this: u64, flags: u32) -> u64 {
    if flags & 1 != 0 {
        heap::free(GuestPtr::new(this));
    }
    this
}

/// `type_info::~type_info` (msvcrt exports it): the undecorated names are cached for the whole
/// process, so there is nothing to free.
#[dllexport]
pub fn type_info_destructor(_this: u64) {}

/// The decorated name after its leading '.'.
fn decorated(data: u64) -> Vec<u8> {
    let name = mem::read_cstr(data + 8).unwrap_or_default();
    name.get(1..).map(<[u8]>::to_vec).unwrap_or_default()
}

/// `type_info::before`/`operator==`: 0 when the types are the same.
#[dllexport]
pub fn __std_type_info_compare(_Lhs: u64, _Rhs: u64) -> i32 {
    if _Lhs == _Rhs {
        return 0;
    }
    match decorated(_Lhs).cmp(&decorated(_Rhs)) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

/// `type_info::hash_code`: FNV-1a over the decorated name, as the runtime computes it.
#[dllexport]
pub fn __std_type_info_hash(_Data: u64) -> u64 {
    decorated(_Data)
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
        })
}

/// The undecorated spelling of the built-in types, by their code after '.'.
const BUILTIN: &[(&[u8], &str)] = &[
    (b"C", "signed char"),
    (b"D", "char"),
    (b"E", "unsigned char"),
    (b"F", "short"),
    (b"G", "unsigned short"),
    (b"H", "int"),
    (b"I", "unsigned int"),
    (b"J", "long"),
    (b"K", "unsigned long"),
    (b"M", "float"),
    (b"N", "double"),
    (b"O", "long double"),
    (b"X", "void"),
    (b"_J", "__int64"),
    (b"_K", "unsigned __int64"),
    (b"_N", "bool"),
    (b"_W", "wchar_t"),
];

/// The name `type_info::name` returns for a decorated name: built-in types and classes,
/// structs and enums (with their namespaces); anything else keeps its decorated form.
fn undecorate(name: &[u8]) -> Vec<u8> {
    if let Some((_, plain)) = BUILTIN.iter().find(|(code, _)| *code == name) {
        return plain.as_bytes().to_vec();
    }
    let (kind, rest) = match name {
        [b'?', b'A', b'V', rest @ ..] => ("class ", rest),
        [b'?', b'A', b'U', rest @ ..] => ("struct ", rest),
        [b'?', b'A', b'W', b'4', rest @ ..] => ("enum ", rest),
        _ => {
            let mut keep = vec![b'.'];
            keep.extend_from_slice(name);
            return keep;
        }
    };
    let Some(qualified) = rest.strip_suffix(b"@@") else {
        let mut keep = vec![b'.'];
        keep.extend_from_slice(name);
        return keep;
    };
    // "Name@Inner@Outer" is Outer::Inner::Name.
    let mut out = kind.as_bytes().to_vec();
    for (i, part) in qualified.split(|&b| b == b'@').rev().enumerate() {
        if i > 0 {
            out.extend_from_slice(b"::");
        }
        out.extend_from_slice(part);
    }
    out
}

/// `type_info::name`: the undecorated name, computed once and kept in the type_info (the
/// runtime's own copies live as long as the process; `__std_type_info_destroy_list` has nothing
/// of them to free).
#[dllexport]
pub fn __std_type_info_name(_Data: u64, _RootNode: u64) -> u64 {
    let cached = mem::read::<u64>(_Data).unwrap_or(0);
    if cached != 0 {
        return cached;
    }
    let mut name = undecorate(&decorated(_Data));
    name.push(0);
    let copy = heap::malloc(name.len());
    if copy.is_null() {
        return 0;
    }
    mem::write_slice(copy.addr(), &name);
    mem::write(_Data, copy.addr());
    copy.addr()
}

/// Frees the names `__std_type_info_name` linked into `_RootNode` (it links none).
#[dllexport]
pub fn __std_type_info_destroy_list(_RootNode: u64) {}

/// `std::exception`'s copy: a message the source owns is duplicated, a literal is shared.
/// `__std_exception_data` is { const char *what; bool do_free; }.
#[dllexport]
pub fn __std_exception_copy(_From: GuestPtr<[u64; 2]>, _To: GuestPtr<[u64; 2]>) {
    let [what, do_free] = _From.read().unwrap_or([0, 0]);
    if do_free & 0xFF == 0 || what == 0 {
        _To.write([what, 0]);
        return;
    }
    let len = mem::cstr_len(what) + 1;
    let copy = heap::malloc(len);
    if copy.is_null() {
        _To.write([0, 0]);
        return;
    }
    mem::copy_within(copy.addr(), what, len);
    _To.write([copy.addr(), 1]);
}

#[dllexport]
pub fn __std_exception_destroy(_Data: GuestPtr<[u64; 2]>) {
    let [what, do_free] = _Data.read().unwrap_or([0, 0]);
    if do_free & 0xFF != 0 {
        heap::free(GuestPtr::new(what));
    }
    _Data.write([0, 0]);
}

#[cfg(test)]
mod tests {
    use super::undecorate;

    #[test]
    fn names_read_as_the_runtime_prints_them() {
        assert_eq!(undecorate(b"H"), b"int");
        assert_eq!(undecorate(b"_K"), b"unsigned __int64");
        assert_eq!(undecorate(b"?AVDerived@@"), b"class Derived");
        assert_eq!(undecorate(b"?AUPoint@geo@@"), b"struct geo::Point");
        assert_eq!(undecorate(b"PEAH"), b".PEAH");
    }
}
