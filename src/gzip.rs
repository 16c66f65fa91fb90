//! Gzip for what the dev server keeps in memory: pages and the exported
//! search index are held compressed (fast level, deterministic bytes, so
//! two builds of the same page still compare equal) and sent as they are
//! to clients that take gzip.

use bytes::Bytes;
use std::io::{Read, Write};

/// `bytes` compressed (level 1; no file name or time in the header).
pub(crate) fn compress(bytes: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map(Bytes::from)
        .expect("writing to memory cannot fail")
}

/// The data `bytes` compress, or `None` when they are not gzip data.
pub(crate) fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressing_is_deterministic_and_round_trips() {
        let text = "<p>the same page</p>".repeat(50);
        let a = compress(text.as_bytes());
        assert_eq!(a, compress(text.as_bytes()));
        assert_eq!(inflate(&a).unwrap(), text.as_bytes());
        assert!(inflate(b"not gzip").is_none());
    }
}
