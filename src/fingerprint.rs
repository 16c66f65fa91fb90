//! Fingerprints: the 64-bit keys that say whether a cached value is still
//! what its inputs give (pages, note bodies, the math preamble, image
//! tables) and that name files in `.lore/` caches (social cards, resized
//! images), so they must not change between Rust releases.
//!
//! The hash is SipHash-1-3 with zero keys: the algorithm of
//! `std::collections::hash_map::DefaultHasher::new()` today, which Rust
//! does not promise to keep. Taking it from `siphasher` pins it (a unit
//! test holds one known value), so a Rust update never renames a cache
//! file or changes an output that shows a key.

use serde::Serialize;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// A hasher of the algorithm every key uses, for values that implement
/// `Hash` rather than `Serialize`.
pub(crate) fn hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0, 0)
}

/// Hashes a serialisable value (its JSON bytes) without building its text.
pub(crate) fn key_of(value: &impl Serialize) -> u64 {
    struct HashWriter(SipHasher13);
    impl std::io::Write for HashWriter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut w = HashWriter(hasher());
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    #[test]
    fn keys_do_not_change() {
        // A change here renames every `.lore/cards/` file and invalidates
        // every cache key: only ever on purpose.
        assert_eq!(key_of(&("lore", 1, [true, false])), 0x3030_1666_b4b0_3ee2);
        let mut h = hasher();
        b"bytes".hash(&mut h);
        assert_eq!(h.finish(), 0x557c_9230_302b_45ec);
    }

    #[test]
    fn keys_are_what_the_standard_hasher_gives_today() {
        let mut std = std::collections::hash_map::DefaultHasher::new();
        let mut ours = hasher();
        for h in [&mut std as &mut dyn Hasher, &mut ours] {
            h.write(br#"["lore",1,[true,false]]"#);
            h.write_usize(7);
            h.write_u8(3);
        }
        assert_eq!(std.finish(), ours.finish());
    }
}
