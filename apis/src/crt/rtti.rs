//! rttidata.h: MSVC run-time type information, what `dynamic_cast` and `typeid` call. A
//! polymorphic object's vftable is preceded by a pointer to its RTTICompleteObjectLocator, which
//! says where the complete object starts and points (on x64 by RVA, the image base being the
//! locator's address less its own RVA) at the complete class's TypeDescriptor and its class
//! hierarchy descriptor: every base class in pre-order with its displacement (a PMD, through the
//! vbtable for virtual bases), its access from the complete object and its own hierarchy.
//!
//! A failed cast to a reference throws std::bad_cast, a typeid of a null pointer
//! std::bad_typeid, an object without RTTI std::__non_rtti_object, all built here with tables of
//! their own.

use super::ehdata::{self, adjust, same_type};
use super::{heap, typeinfo};
use crate::abi::context::CallerContext;
use crate::abi::{Addr, GuestCell, GuestPtr, mem};
use crate::dllexport;
use crate::nt::modules;
use std::ffi::CStr;
use std::mem::offset_of;

/// RTTICompleteObjectLocator.signature of x64 images: its references are image-relative.
const COL_IMAGE_RELATIVE: u32 = 1;

/// RTTIBaseClassDescriptor.attributes: no public path from the complete object to this base;
/// the descriptor has a class hierarchy of its own.
const BCD_NOT_VISIBLE: u32 = 0x01;
const BCD_HAS_HIERARCHY: u32 = 0x40;

/// The RTTI of a polymorphic object: its complete object locator, decoded.
struct Locator {
    /// The image the locator's RVAs are relative to.
    base: u64,
    complete_object: u64,
    type_descriptor: u64,
    hierarchy: u64,
}

impl Locator {
    /// The locator of the object whose vftable pointer is at `object`; None when it has none.
    fn of(object: u64) -> Option<Locator> {
        let vftable = mem::read::<u64>(object)?;
        let col = mem::read::<u64>(vftable.checked_sub(8)?)?;
        let [
            signature,
            offset,
            cd_offset,
            type_descriptor,
            hierarchy,
            own_rva,
        ] = mem::read::<[u32; 6]>(col)?;
        let base = if signature == COL_IMAGE_RELATIVE {
            col.wrapping_sub(own_rva as u64)
        } else {
            modules::loader().module_from_address(col).ok()?
        };
        let mut complete_object = object.wrapping_sub(offset as u64);
        // A vftable inside a virtual base, while the object is being constructed: the
        // displacement the constructor stored before the vftable pointer says where it is.
        if cd_offset != 0 {
            let displacement = mem::read::<i32>(object.wrapping_sub(cd_offset as u64))?;
            complete_object = complete_object.wrapping_sub(displacement as i64 as u64);
        }
        Some(Locator {
            base,
            complete_object,
            type_descriptor: base + type_descriptor as u64,
            hierarchy: base + hierarchy as u64,
        })
    }
}

/// An RTTIBaseClassDescriptor.
struct BaseClass {
    type_descriptor: u64,
    /// Its displacement in the class the hierarchy describes: mdisp, pdisp, vdisp.
    displacement: [i32; 3],
    attributes: u32,
    /// Its own RTTIClassHierarchyDescriptor (0: none recorded).
    hierarchy: u64,
}

/// The base classes an RTTIClassHierarchyDescriptor lists, the class itself first.
struct Hierarchy {
    base: u64,
    array: u64,
    count: u32,
}

impl Hierarchy {
    fn at(base: u64, descriptor: u64) -> Hierarchy {
        let [_signature, _attributes, count, array] =
            mem::read::<[u32; 4]>(descriptor).unwrap_or_default();
        Hierarchy {
            base,
            array: if array == 0 { 0 } else { base + array as u64 },
            count: if array == 0 { 0 } else { count.min(1 << 16) },
        }
    }

    fn classes(&self) -> impl Iterator<Item = BaseClass> + '_ {
        (0..self.count).filter_map(move |i| {
            let rva = mem::read::<u32>(self.array + 4 * i as u64)?;
            let [ty, _contained, mdisp, pdisp, vdisp, attributes, hierarchy] =
                mem::read::<[u32; 7]>(self.base + rva as u64)?;
            Some(BaseClass {
                type_descriptor: self.base + ty as u64,
                displacement: [mdisp as i32, pdisp as i32, vdisp as i32],
                attributes,
                hierarchy: if attributes & BCD_HAS_HIERARCHY != 0 && hierarchy != 0 {
                    self.base + hierarchy as u64
                } else {
                    0
                },
            })
        })
    }
}

/// Whether the class `class`, at `at`, has the `source_type` subobject at `source` as a public
/// base (or is that subobject).
fn publicly_derives(base: u64, class: &BaseClass, at: u64, source_type: u64, source: u64) -> bool {
    if class.hierarchy == 0 {
        return at == source && same_type(class.type_descriptor, source_type);
    }
    Hierarchy::at(base, class.hierarchy).classes().any(|b| {
        b.attributes & BCD_NOT_VISIBLE == 0
            && same_type(b.type_descriptor, source_type)
            && adjust(at, b.displacement) == source
    })
}

/// dynamic_cast of the `source_type` subobject at `source` to `target_type`, as the standard
/// says ([expr.dynamic.cast]): down to the one target object deriving publicly from the source,
/// else across to the complete object's unambiguous public target base, provided the source is
/// a public base of the complete object. None when neither exists.
fn cast(rtti: &Locator, source: u64, source_type: u64, target_type: u64) -> Option<u64> {
    let complete = rtti.complete_object;
    let hierarchy = Hierarchy::at(rtti.base, rtti.hierarchy);
    let targets = || {
        hierarchy
            .classes()
            .filter(|b| same_type(b.type_descriptor, target_type))
            .map(|b| {
                let at = adjust(complete, b.displacement);
                (b, at)
            })
    };

    let mut down = None;
    for (class, at) in targets() {
        if publicly_derives(rtti.base, &class, at, source_type, source) {
            match down {
                Some(found) if found != at => {
                    down = None;
                    break;
                }
                _ => down = Some(at),
            }
        }
    }
    if down.is_some() {
        return down;
    }

    let source_public = hierarchy.classes().any(|b| {
        b.attributes & BCD_NOT_VISIBLE == 0
            && same_type(b.type_descriptor, source_type)
            && adjust(complete, b.displacement) == source
    });
    if !source_public {
        return None;
    }
    let mut across = None;
    let mut visible = false;
    for (class, at) in targets() {
        if across.is_some_and(|found| found != at) {
            return None; // ambiguous
        }
        across = Some(at);
        visible |= class.attributes & BCD_NOT_VISIBLE == 0;
    }
    across.filter(|_| visible)
}

/// `dynamic_cast<Target>(p)`: `inptr` is the object's vftable holder, `VfDelta` bytes after
/// the start of its static type's subobject. A failed cast is null, or throws bad_cast for a
/// reference.
#[dllexport]
pub fn __RTDynamicCast(
    inptr: u64,
    VfDelta: i32,
    SrcType: u64,
    TargetType: u64,
    isReference: i32,
    caller: CallerContext,
) -> u64 {
    if inptr == 0 {
        return 0;
    }
    let Some(rtti) = Locator::of(inptr) else {
        throw(Thrown::NonRttiObject, ACCESS_VIOLATION_NO_RTTI, caller)
    };
    let source = inptr.wrapping_sub(VfDelta as i64 as u64);
    match cast(&rtti, source, SrcType, TargetType) {
        Some(target) => target,
        None if isReference != 0 => throw(Thrown::BadCast, BAD_DYNAMIC_CAST, caller),
        None => 0,
    }
}

/// `typeid(*p)` of a polymorphic `p`: the TypeDescriptor of the complete object's class.
#[dllexport]
pub fn __RTtypeid(inptr: u64, caller: CallerContext) -> u64 {
    if inptr == 0 {
        throw(Thrown::BadTypeid, TYPEID_OF_NULL, caller)
    }
    match Locator::of(inptr) {
        Some(rtti) => rtti.type_descriptor,
        None => throw(Thrown::NonRttiObject, BAD_READ_NO_RTTI, caller),
    }
}

/// `dynamic_cast<void *>(p)`: the complete object.
#[dllexport]
pub fn __RTCastToVoid(inptr: u64, caller: CallerContext) -> u64 {
    if inptr == 0 {
        return 0;
    }
    match Locator::of(inptr) {
        Some(rtti) => rtti.complete_object,
        None => throw(Thrown::NonRttiObject, ACCESS_VIOLATION_NO_RTTI, caller),
    }
}

// ---------------------------------------------------------------------------------------------
// The exceptions thrown here

/// The messages vcruntime140 gives them.
const BAD_DYNAMIC_CAST: &CStr = c"Bad dynamic_cast!";
const TYPEID_OF_NULL: &CStr = c"Attempted a typeid of nullptr pointer!";
const ACCESS_VIOLATION_NO_RTTI: &CStr = c"Access violation - no RTTI data!";
const BAD_READ_NO_RTTI: &CStr = c"Bad read pointer - no RTTI data!";

/// A TypeDescriptor: type_info's vftable, the cached undecorated name, the decorated name.
#[repr(C)]
#[derive(Clone, Copy)]
struct TypeDescriptor {
    vftable: Addr,
    undecorated: u64,
    name: [u8; 32],
}

impl TypeDescriptor {
    const fn named(decorated: &[u8]) -> TypeDescriptor {
        let mut name = [0u8; 32];
        let mut i = 0;
        while i < decorated.len() {
            name[i] = decorated[i];
            i += 1;
        }
        TypeDescriptor {
            vftable: Addr(&raw const typeinfo::type_info_vftable as *const ()),
            undecorated: 0,
            name,
        }
    }
}

/// A CatchableType: a class the thrown object can be caught as, copied bitwise (the message is
/// a literal the copies share).
#[repr(C)]
#[derive(Clone, Copy)]
struct CatchableType {
    properties: u32,
    type_descriptor: u32,
    displacement: [i32; 3],
    size: u32,
    copy_constructor: u32,
}

impl CatchableType {
    const fn of(type_descriptor: usize) -> CatchableType {
        CatchableType {
            properties: 0,
            type_descriptor: type_descriptor as u32,
            displacement: [0, -1, 0],
            size: size_of::<StdException>() as u32,
            copy_constructor: 0,
        }
    }
}

/// A ThrowInfo and its CatchableTypeArray: the class itself, then its bases.
#[repr(C)]
#[derive(Clone, Copy)]
struct ThrowInfo {
    attributes: u32,
    destructor: u32,
    forward_compat: u32,
    catchable_types: u32,
    count: u32,
    types: [u32; 3],
}

impl ThrowInfo {
    const fn of(array: usize, types: [usize; 3], count: u32) -> ThrowInfo {
        ThrowInfo {
            attributes: 0,
            destructor: 0,
            forward_compat: 0,
            catchable_types: (array + offset_of!(ThrowInfo, count)) as u32,
            count,
            types: [types[0] as u32, types[1] as u32, types[2] as u32],
        }
    }
}

/// Every table of the three exceptions, in one block whose address is the base their RVAs are
/// relative to (the first word keeps RVA 0 meaning "none").
#[repr(C)]
#[derive(Clone, Copy)]
struct Tables {
    unused: u64,
    exception: TypeDescriptor,
    bad_cast: TypeDescriptor,
    bad_typeid: TypeDescriptor,
    non_rtti_object: TypeDescriptor,
    catch_exception: CatchableType,
    catch_bad_cast: CatchableType,
    catch_bad_typeid: CatchableType,
    catch_non_rtti_object: CatchableType,
    throw_bad_cast: ThrowInfo,
    throw_bad_typeid: ThrowInfo,
    throw_non_rtti_object: ThrowInfo,
}

static TABLES: GuestCell<Tables> = GuestCell::new(Tables {
    unused: 0,
    exception: TypeDescriptor::named(b".?AVexception@std@@"),
    bad_cast: TypeDescriptor::named(b".?AVbad_cast@std@@"),
    bad_typeid: TypeDescriptor::named(b".?AVbad_typeid@std@@"),
    non_rtti_object: TypeDescriptor::named(b".?AV__non_rtti_object@std@@"),
    catch_exception: CatchableType::of(offset_of!(Tables, exception)),
    catch_bad_cast: CatchableType::of(offset_of!(Tables, bad_cast)),
    catch_bad_typeid: CatchableType::of(offset_of!(Tables, bad_typeid)),
    catch_non_rtti_object: CatchableType::of(offset_of!(Tables, non_rtti_object)),
    throw_bad_cast: ThrowInfo::of(
        offset_of!(Tables, throw_bad_cast),
        [
            offset_of!(Tables, catch_bad_cast),
            offset_of!(Tables, catch_exception),
            0,
        ],
        2,
    ),
    throw_bad_typeid: ThrowInfo::of(
        offset_of!(Tables, throw_bad_typeid),
        [
            offset_of!(Tables, catch_bad_typeid),
            offset_of!(Tables, catch_exception),
            0,
        ],
        2,
    ),
    throw_non_rtti_object: ThrowInfo::of(
        offset_of!(Tables, throw_non_rtti_object),
        [
            offset_of!(Tables, catch_non_rtti_object),
            offset_of!(Tables, catch_bad_typeid),
            offset_of!(Tables, catch_exception),
        ],
        3,
    ),
});

/// std::exception's layout: a vftable, then `__std_exception_data` (message, owned flag).
#[repr(C)]
#[derive(Clone, Copy)]
struct StdException {
    vftable: u64,
    what: u64,
    owned: u64,
}

/// The vftable of the exceptions thrown here: the scalar deleting destructor, `what`.
static EXCEPTION_VFTABLE: GuestCell<[Addr; 2]> = GuestCell::new([
    Addr(exception_deleting_destructor as *const ()),
    Addr(exception_what as *const ()),
]);

extern "win64" fn exception_deleting_destructor(this: u64, flags: u32) -> u64 {
    if flags & 1 != 0 {
        heap::free(GuestPtr::new(this));
    }
    this
}

extern "win64" fn exception_what(this: u64) -> u64 {
    match mem::read::<StdException>(this) {
        Some(e) if e.what != 0 => e.what,
        _ => c"Unknown exception".as_ptr() as u64,
    }
}

#[derive(Clone, Copy)]
enum Thrown {
    BadCast,
    BadTypeid,
    NonRttiObject,
}

fn throw(kind: Thrown, message: &'static CStr, caller: CallerContext) -> ! {
    let throw_info = match kind {
        Thrown::BadCast => offset_of!(Tables, throw_bad_cast),
        Thrown::BadTypeid => offset_of!(Tables, throw_bad_typeid),
        Thrown::NonRttiObject => offset_of!(Tables, throw_non_rtti_object),
    };
    // The object lives in this frame: the catch runs before the unwind removes it.
    let object = GuestCell::new(StdException {
        vftable: EXCEPTION_VFTABLE.addr(),
        what: message.as_ptr() as u64,
        owned: 0,
    });
    ehdata::throw_object(
        object.addr(),
        TABLES.addr() + throw_info as u64,
        TABLES.addr(),
        caller,
    )
}
