//! Import binding: what address an import slot gets. Preloaded shims first (`preload`), then
//! builtin DLLs (their export list says where each function lives), then native DLLs' export
//! tables; a name nothing provides, or a builtin declared but not implemented, gets a stub that
//! reports it when called. LoadLibrary/GetProcAddress use the same lookups.

use crate::modules::{Kind, Modules, native_export, resolve_forward};
use crate::pe::imports::ImportName;
use apis::registry::{Export, ExportKind, Status};
use apis::relay::RelayFilter;
use std::sync::OnceLock;

static RELAY: OnceLock<RelayFilter> = OnceLock::new();

/// Sets which calls get relay entries (from WINRUN_LOG). Called once at startup.
pub fn set_relay_filter(filter: RelayFilter) {
    let _ = RELAY.set(filter);
}

fn relay() -> &'static RelayFilter {
    RELAY.get_or_init(RelayFilter::default)
}

/// How an import was resolved, for `winrun check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Builtin(Status),
    Native,
    Missing,
}

fn builtin_export(dll: &'static apis::registry::Dll, name: &ImportName) -> Option<&'static Export> {
    match name {
        ImportName::Name(n) => dll.export(n),
        ImportName::Ordinal(o) => dll.export_by_ordinal(*o),
    }
}

/// The address of `name` in module `index`, or `None` when it has no such export. A builtin's
/// declared-but-unimplemented export resolves to its "unimplemented" stub. A function shims
/// replace resolves to the first shim, even where nothing else provides it.
pub fn lookup(m: &mut Modules, index: usize, name: &ImportName) -> Option<u64> {
    let Some(preload) = crate::preload::active() else {
        return lookup_unshimmed(m, index, name);
    };
    let (key, builtin_name) = shim_key(m, index, name);
    let shimmed = preload.bind(&key, name, builtin_name, || {
        lookup_unshimmed(m, index, name)
            .unwrap_or_else(|| crate::stubs::stub_for(&m.list[index].name, &name.to_string()))
    });
    shimmed.or_else(|| lookup_unshimmed(m, index, name))
}

/// How shims name module `index` and, for an import by ordinal from a builtin, the export's name.
fn shim_key(m: &Modules, index: usize, name: &ImportName) -> (String, Option<&'static str>) {
    match (&m.list[index].kind, name) {
        (Kind::Builtin(dll), ImportName::Ordinal(o)) => (
            crate::preload::dll_key(dll.name),
            dll.export_by_ordinal(*o).map(|e| e.name),
        ),
        _ => (crate::preload::dll_key(&m.list[index].name), None),
    }
}

/// The shims replacing `name` in module `index`, first to last (for `winrun check`).
pub fn shims_taking(m: &Modules, index: usize, name: &ImportName) -> Vec<&'static str> {
    crate::preload::active().map_or_else(Vec::new, |p| {
        let (key, builtin_name) = shim_key(m, index, name);
        p.takers(&key, name, builtin_name)
    })
}

fn lookup_unshimmed(m: &mut Modules, index: usize, name: &ImportName) -> Option<u64> {
    match m.list[index].kind {
        Kind::Builtin(dll) => {
            let export = builtin_export(dll, name)?;
            Some(match export.kind {
                ExportKind::Function {
                    entry,
                    relay: traced,
                } => {
                    if relay().enabled(&dll.short_name(), export.family) {
                        traced.get()
                    } else {
                        entry.get()
                    }
                }
                ExportKind::Data(addr) => addr.get(),
                ExportKind::Forward(target) => resolve_forward(m, target, dll.name)?,
                ExportKind::Stub => crate::stubs::stub_for(dll.name, export.name),
            })
        }
        Kind::Native(_) => native_export(m, index, name),
    }
}

/// The address an import slot gets: the export, or a stub naming what is missing.
pub fn resolve(m: &mut Modules, index: usize, name: &ImportName, dll_name: &str) -> u64 {
    lookup(m, index, name).unwrap_or_else(|| crate::stubs::stub_for(dll_name, &name.to_string()))
}

/// How `name` resolves in module `index` (for `winrun check`).
pub fn describe(m: &mut Modules, index: usize, name: &ImportName) -> Resolution {
    match m.list[index].kind {
        Kind::Builtin(dll) => match builtin_export(dll, name) {
            None => Resolution::Missing,
            Some(e) if e.status == Status::Stub => Resolution::Builtin(Status::Stub),
            Some(e) => match e.kind {
                ExportKind::Forward(_) if lookup(m, index, name).is_none() => Resolution::Missing,
                _ => Resolution::Builtin(e.status),
            },
        },
        Kind::Native(_) => {
            if native_export(m, index, name).is_some() {
                Resolution::Native
            } else {
                Resolution::Missing
            }
        }
    }
}
