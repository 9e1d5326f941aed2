//! bcrypt.dll: the CNG primitives programs use most — the system random number generator and
//! hashing (MD5, SHA-1, SHA-2, with or without HMAC) through algorithm and hash handles.

// The family file is named after its SDK header, bcrypt.h, like every other.
#[allow(clippy::module_inception)]
pub mod bcrypt;

crate::dll! {
    name: "bcrypt.dll", id: 6;
    fn bcrypt: BCryptCloseAlgorithmProvider, BCryptCreateHash, BCryptDestroyHash,
        BCryptDuplicateHash, BCryptFinishHash, BCryptGenRandom, BCryptGetProperty, BCryptHash,
        BCryptHashData, BCryptOpenAlgorithmProvider;
}
