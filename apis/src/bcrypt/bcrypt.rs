//! bcrypt.h: algorithm providers, properties, hashing and the RNG.
//!
//! Algorithm and hash handles are CNG handles, not kernel handles: they live in a table of
//! their own (CloseHandle does not know them, as on Windows). Windows 10's algorithm
//! pseudo-handles (BCRYPT_SHA256_ALG_HANDLE ...) work without opening anything. The hash
//! functions are RustCrypto's.

use crate::abi::{GuestPtr, NtStatus, WStrPtr, host};
use crate::dllexport;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use windows_sys::Win32::Security::Cryptography as cng;

const STATUS_INVALID_HANDLE: NtStatus = NtStatus(0xC000_0008);
const STATUS_NOT_FOUND: NtStatus = NtStatus(0xC000_0225);
const STATUS_NOT_SUPPORTED: NtStatus = NtStatus(0xC000_00BB);

type Status = Result<(), NtStatus>;

fn status(result: Status) -> u32 {
    match result {
        Ok(()) => NtStatus::SUCCESS.0,
        Err(e) => e.0,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Algorithm {
    Md5,
    Sha1,
    Sha256,
    Sha384,
    Sha512,
    Rng,
}

impl Algorithm {
    fn named(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "MD5" => Algorithm::Md5,
            "SHA1" => Algorithm::Sha1,
            "SHA256" => Algorithm::Sha256,
            "SHA384" => Algorithm::Sha384,
            "SHA512" => Algorithm::Sha512,
            "RNG" => Algorithm::Rng,
            _ => return None,
        })
    }

    /// BCRYPT_*_ALGORITHM: the name AlgorithmName reports.
    fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
            Algorithm::Sha384 => "SHA384",
            Algorithm::Sha512 => "SHA512",
            Algorithm::Rng => "RNG",
        }
    }

    /// (digest length, block length) for hash algorithms.
    fn hash_sizes(self) -> Option<(u32, u32)> {
        match self {
            Algorithm::Md5 => Some((16, 64)),
            Algorithm::Sha1 => Some((20, 64)),
            Algorithm::Sha256 => Some((32, 64)),
            Algorithm::Sha384 => Some((48, 128)),
            Algorithm::Sha512 => Some((64, 128)),
            Algorithm::Rng => None,
        }
    }
}

/// An opened algorithm provider.
#[derive(Clone, Copy, Debug)]
struct Provider {
    algorithm: Algorithm,
    hmac: bool,
    reusable: bool,
}

/// The hash state of one hash object.
#[derive(Clone)]
enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
    HmacMd5(Hmac<md5::Md5>),
    HmacSha1(Hmac<sha1::Sha1>),
    HmacSha256(Hmac<sha2::Sha256>),
    HmacSha384(Hmac<sha2::Sha384>),
    HmacSha512(Hmac<sha2::Sha512>),
}

impl Hasher {
    fn new(provider: Provider, secret: &[u8]) -> Option<Self> {
        // Any key length is valid for HMAC; `new_from_slice` cannot fail for it.
        let key = secret;
        Some(match (provider.algorithm, provider.hmac) {
            (Algorithm::Md5, false) => Hasher::Md5(md5::Md5::new()),
            (Algorithm::Sha1, false) => Hasher::Sha1(sha1::Sha1::new()),
            (Algorithm::Sha256, false) => Hasher::Sha256(sha2::Sha256::new()),
            (Algorithm::Sha384, false) => Hasher::Sha384(sha2::Sha384::new()),
            (Algorithm::Sha512, false) => Hasher::Sha512(sha2::Sha512::new()),
            (Algorithm::Md5, true) => Hasher::HmacMd5(Hmac::new_from_slice(key).ok()?),
            (Algorithm::Sha1, true) => Hasher::HmacSha1(Hmac::new_from_slice(key).ok()?),
            (Algorithm::Sha256, true) => Hasher::HmacSha256(Hmac::new_from_slice(key).ok()?),
            (Algorithm::Sha384, true) => Hasher::HmacSha384(Hmac::new_from_slice(key).ok()?),
            (Algorithm::Sha512, true) => Hasher::HmacSha512(Hmac::new_from_slice(key).ok()?),
            (Algorithm::Rng, _) => return None,
        })
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Md5(h) => Digest::update(h, data),
            Hasher::Sha1(h) => Digest::update(h, data),
            Hasher::Sha256(h) => Digest::update(h, data),
            Hasher::Sha384(h) => Digest::update(h, data),
            Hasher::Sha512(h) => Digest::update(h, data),
            Hasher::HmacMd5(h) => Mac::update(h, data),
            Hasher::HmacSha1(h) => Mac::update(h, data),
            Hasher::HmacSha256(h) => Mac::update(h, data),
            Hasher::HmacSha384(h) => Mac::update(h, data),
            Hasher::HmacSha512(h) => Mac::update(h, data),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Hasher::Md5(h) => h.finalize().to_vec(),
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
            Hasher::HmacMd5(h) => h.finalize().into_bytes().to_vec(),
            Hasher::HmacSha1(h) => h.finalize().into_bytes().to_vec(),
            Hasher::HmacSha256(h) => h.finalize().into_bytes().to_vec(),
            Hasher::HmacSha384(h) => h.finalize().into_bytes().to_vec(),
            Hasher::HmacSha512(h) => h.finalize().into_bytes().to_vec(),
        }
    }
}

struct HashObject {
    provider: Provider,
    /// The state at creation, for reusable hashes (FinishHash starts over from it).
    initial: Hasher,
    /// `None` once finished (a hash that is not reusable takes no more data).
    state: Option<Hasher>,
}

enum CngObject {
    Provider(Provider),
    Hash(Arc<Mutex<HashObject>>),
}

/// The CNG handle table. Handle values are multiples of 16 from 0x1000, clear of the
/// pseudo-handles (0x21 ... 0xd1).
struct Table {
    objects: Mutex<HashMap<u64, CngObject>>,
    next: AtomicU64,
}

static TABLE: std::sync::LazyLock<Table> = std::sync::LazyLock::new(|| Table {
    objects: Mutex::new(HashMap::new()),
    next: AtomicU64::new(0x1000),
});

fn objects() -> std::sync::MutexGuard<'static, HashMap<u64, CngObject>> {
    TABLE.objects.lock().unwrap_or_else(|e| e.into_inner())
}

fn insert(object: CngObject) -> u64 {
    let handle = TABLE.next.fetch_add(16, Ordering::Relaxed);
    objects().insert(handle, object);
    handle
}

/// The Windows 10 algorithm pseudo-handles.
fn pseudo_provider(handle: u64) -> Option<Provider> {
    let (algorithm, hmac) = match handle {
        0x21 => (Algorithm::Md5, false),
        0x31 => (Algorithm::Sha1, false),
        0x41 => (Algorithm::Sha256, false),
        0x51 => (Algorithm::Sha384, false),
        0x61 => (Algorithm::Sha512, false),
        0x81 => (Algorithm::Rng, false),
        0x91 => (Algorithm::Md5, true),
        0xa1 => (Algorithm::Sha1, true),
        0xb1 => (Algorithm::Sha256, true),
        0xc1 => (Algorithm::Sha384, true),
        0xd1 => (Algorithm::Sha512, true),
        _ => return None,
    };
    Some(Provider {
        algorithm,
        hmac,
        reusable: false,
    })
}

fn provider(handle: u64) -> Result<Provider, NtStatus> {
    if let Some(p) = pseudo_provider(handle) {
        return Ok(p);
    }
    match objects().get(&handle) {
        Some(CngObject::Provider(p)) => Ok(*p),
        _ => Err(STATUS_INVALID_HANDLE),
    }
}

fn hash(handle: u64) -> Result<Arc<Mutex<HashObject>>, NtStatus> {
    match objects().get(&handle) {
        Some(CngObject::Hash(h)) => Ok(h.clone()),
        _ => Err(STATUS_INVALID_HANDLE),
    }
}

/// What the hash object of an algorithm would need on Windows; winrun keeps its state
/// elsewhere but reports a size so callers allocate as they would.
const HASH_OBJECT_LENGTH: u32 = 0x200;

#[dllexport]
pub fn BCryptOpenAlgorithmProvider(
    phAlgorithm: GuestPtr<u64>,
    pszAlgId: WStrPtr,
    pszImplementation: WStrPtr,
    dwFlags: u32,
) -> u32 {
    status((|| {
        if phAlgorithm.is_null() {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        let name = pszAlgId.string().ok_or(NtStatus::INVALID_PARAMETER)?;
        if let Some(implementation) = pszImplementation.string()
            && implementation != "Microsoft Primitive Provider"
        {
            return Err(STATUS_NOT_FOUND);
        }
        if dwFlags & !(cng::BCRYPT_ALG_HANDLE_HMAC_FLAG | cng::BCRYPT_HASH_REUSABLE_FLAG) != 0 {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        let algorithm = Algorithm::named(&name).ok_or(STATUS_NOT_FOUND)?;
        let hmac = dwFlags & cng::BCRYPT_ALG_HANDLE_HMAC_FLAG != 0;
        if hmac && algorithm.hash_sizes().is_none() {
            return Err(STATUS_NOT_FOUND);
        }
        let handle = insert(CngObject::Provider(Provider {
            algorithm,
            hmac,
            reusable: dwFlags & cng::BCRYPT_HASH_REUSABLE_FLAG != 0,
        }));
        phAlgorithm.write(handle);
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptCloseAlgorithmProvider(hAlgorithm: u64, dwFlags: u32) -> u32 {
    let mut objects = objects();
    status(match objects.get(&hAlgorithm) {
        Some(CngObject::Provider(_)) => {
            objects.remove(&hAlgorithm);
            Ok(())
        }
        _ => Err(STATUS_INVALID_HANDLE),
    })
}

/// Stores a property value: the size needed always, the bytes when there is room.
fn put_property(value: &[u8], out: GuestPtr<u8>, room: u32, result: GuestPtr<u32>) -> Status {
    if result.is_null() {
        return Err(NtStatus::INVALID_PARAMETER);
    }
    result.write(value.len() as u32);
    if out.is_null() {
        return Ok(());
    }
    if (room as usize) < value.len() {
        return Err(NtStatus::BUFFER_TOO_SMALL);
    }
    out.write_slice(value);
    Ok(())
}

#[dllexport]
pub fn BCryptGetProperty(
    hObject: u64,
    pszProperty: WStrPtr,
    pbOutput: GuestPtr<u8>,
    cbOutput: u32,
    pcbResult: GuestPtr<u32>,
    dwFlags: u32,
) -> u32 {
    status((|| {
        let provider = match provider(hObject) {
            Ok(p) => p,
            Err(_) => {
                hash(hObject)?
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .provider
            }
        };
        let name = pszProperty.string().ok_or(NtStatus::INVALID_PARAMETER)?;
        let sizes = provider.algorithm.hash_sizes();
        let dword = |v: Option<u32>| v.map(|v| v.to_le_bytes().to_vec());
        // The BCRYPT_* property names.
        let value = match name.as_str() {
            "ObjectLength" => dword(sizes.map(|_| HASH_OBJECT_LENGTH)),
            "HashDigestLength" => dword(sizes.map(|(d, _)| d)),
            "HashBlockLength" => dword(sizes.map(|(_, b)| b)),
            "AlgorithmName" => Some(
                provider
                    .algorithm
                    .name()
                    .encode_utf16()
                    .chain([0])
                    .flat_map(u16::to_le_bytes)
                    .collect(),
            ),
            _ => None,
        };
        let value = value.ok_or(STATUS_NOT_SUPPORTED)?;
        put_property(&value, pbOutput, cbOutput, pcbResult)
    })())
}

#[dllexport]
pub fn BCryptCreateHash(
    hAlgorithm: u64,
    phHash: GuestPtr<u64>,
    pbHashObject: GuestPtr<u8>,
    cbHashObject: u32,
    pbSecret: GuestPtr<u8>,
    cbSecret: u32,
    dwFlags: u32,
) -> u32 {
    status((|| {
        let mut provider = provider(hAlgorithm)?;
        if phHash.is_null() || dwFlags & !cng::BCRYPT_HASH_REUSABLE_FLAG != 0 {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        if !pbHashObject.is_null() && cbHashObject < HASH_OBJECT_LENGTH {
            return Err(NtStatus::BUFFER_TOO_SMALL);
        }
        provider.reusable |= dwFlags & cng::BCRYPT_HASH_REUSABLE_FLAG != 0;
        let secret = if provider.hmac {
            pbSecret.read_slice(cbSecret as usize)
        } else {
            Vec::new()
        };
        let initial = Hasher::new(provider, &secret).ok_or(STATUS_NOT_SUPPORTED)?;
        let handle = insert(CngObject::Hash(Arc::new(Mutex::new(HashObject {
            provider,
            state: Some(initial.clone()),
            initial,
        }))));
        phHash.write(handle);
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptHashData(hHash: u64, pbInput: GuestPtr<u8>, cbInput: u32, dwFlags: u32) -> u32 {
    status((|| {
        let hash = hash(hHash)?;
        let mut hash = hash.lock().unwrap_or_else(|e| e.into_inner());
        let state = hash.state.as_mut().ok_or(STATUS_INVALID_HANDLE)?;
        if cbInput > 0 && pbInput.is_null() {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        // In slices, so a large input is not copied whole.
        const CHUNK: u32 = 1 << 16;
        let mut at = 0;
        while at < cbInput {
            let n = CHUNK.min(cbInput - at);
            state.update(&pbInput.offset(at as usize).read_slice(n as usize));
            at += n;
        }
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptFinishHash(hHash: u64, pbOutput: GuestPtr<u8>, cbOutput: u32, dwFlags: u32) -> u32 {
    status((|| {
        let hash = hash(hHash)?;
        let mut hash = hash.lock().unwrap_or_else(|e| e.into_inner());
        let (digest, _) = hash
            .provider
            .algorithm
            .hash_sizes()
            .ok_or(STATUS_INVALID_HANDLE)?;
        if cbOutput != digest || pbOutput.is_null() {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        let state = hash.state.take().ok_or(STATUS_INVALID_HANDLE)?;
        pbOutput.write_slice(&state.finish());
        if hash.provider.reusable {
            hash.state = Some(hash.initial.clone());
        }
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptDuplicateHash(
    hHash: u64,
    phNewHash: GuestPtr<u64>,
    pbHashObject: GuestPtr<u8>,
    cbHashObject: u32,
    dwFlags: u32,
) -> u32 {
    status((|| {
        let hash = hash(hHash)?;
        if phNewHash.is_null() {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        if !pbHashObject.is_null() && cbHashObject < HASH_OBJECT_LENGTH {
            return Err(NtStatus::BUFFER_TOO_SMALL);
        }
        let copy = {
            let h = hash.lock().unwrap_or_else(|e| e.into_inner());
            HashObject {
                provider: h.provider,
                initial: h.initial.clone(),
                state: h.state.clone(),
            }
        };
        phNewHash.write(insert(CngObject::Hash(Arc::new(Mutex::new(copy)))));
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptDestroyHash(hHash: u64) -> u32 {
    let mut objects = objects();
    status(match objects.get(&hHash) {
        Some(CngObject::Hash(_)) => {
            objects.remove(&hHash);
            Ok(())
        }
        _ => Err(STATUS_INVALID_HANDLE),
    })
}

/// The one-call hash (Windows 10).
#[dllexport]
pub fn BCryptHash(
    hAlgorithm: u64,
    pbSecret: GuestPtr<u8>,
    cbSecret: u32,
    pbInput: GuestPtr<u8>,
    cbInput: u32,
    pbOutput: GuestPtr<u8>,
    cbOutput: u32,
) -> u32 {
    status((|| {
        let provider = provider(hAlgorithm)?;
        let (digest, _) = provider
            .algorithm
            .hash_sizes()
            .ok_or(STATUS_NOT_SUPPORTED)?;
        if cbOutput != digest || pbOutput.is_null() || (cbInput > 0 && pbInput.is_null()) {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        let secret = if provider.hmac {
            pbSecret.read_slice(cbSecret as usize)
        } else {
            Vec::new()
        };
        let mut state = Hasher::new(provider, &secret).ok_or(STATUS_NOT_SUPPORTED)?;
        state.update(&pbInput.read_slice(cbInput as usize));
        pbOutput.write_slice(&state.finish());
        Ok(())
    })())
}

#[dllexport]
pub fn BCryptGenRandom(
    hAlgorithm: u64,
    pbBuffer: GuestPtr<u8>,
    cbBuffer: u32,
    dwFlags: u32,
) -> u32 {
    status((|| {
        let system = dwFlags & cng::BCRYPT_USE_SYSTEM_PREFERRED_RNG != 0;
        if dwFlags & !(cng::BCRYPT_USE_SYSTEM_PREFERRED_RNG | cng::BCRYPT_RNG_USE_ENTROPY_IN_BUFFER)
            != 0
        {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        match (system, hAlgorithm) {
            (true, 0) => {}
            (true, _) => return Err(NtStatus::INVALID_PARAMETER),
            (false, h) => {
                if provider(h)?.algorithm != Algorithm::Rng {
                    return Err(STATUS_INVALID_HANDLE);
                }
            }
        }
        if cbBuffer == 0 {
            return Ok(());
        }
        if pbBuffer.is_null() {
            return Err(NtStatus::INVALID_PARAMETER);
        }
        host::fill_random(pbBuffer.addr(), cbBuffer as usize)
            .map_err(|_| NtStatus::INVALID_PARAMETER)
    })())
}
