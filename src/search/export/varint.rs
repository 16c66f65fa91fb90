//! Numbers packed as text for the exported index: 5 bits per character,
//! least significant group first. The 64 characters of base64url split in
//! two: the first 32 end a number, the last 32 say more groups follow.
//! `static/search/engine.js` reads them back.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v`.
pub(super) fn put(out: &mut String, mut v: u32) {
    while v >= 32 {
        out.push(ALPHABET[32 + (v & 31) as usize] as char);
        v >>= 5;
    }
    out.push(ALPHABET[v as usize] as char);
}

/// Ascending numbers as gaps: the first as is, then each minus the
/// previous minus one.
pub(super) fn gaps(sorted: &[u32]) -> String {
    let mut out = String::new();
    let mut prev: Option<u32> = None;
    for &n in sorted {
        put(&mut out, prev.map_or(n, |p| n - p - 1));
        prev = Some(n);
    }
    out
}

/// Reads numbers back, in order.
pub(super) struct Reader<'s> {
    bytes: &'s [u8],
    at: usize,
}

impl<'s> Reader<'s> {
    pub(super) fn new(s: &'s str) -> Self {
        Reader {
            bytes: s.as_bytes(),
            at: 0,
        }
    }

    /// Byte offset of the next number.
    pub(super) fn offset(&self) -> usize {
        self.at
    }

    /// The next number (0 past the end).
    pub(super) fn next(&mut self) -> u32 {
        let mut v = 0u32;
        let mut shift = 0;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            let d = digit(b);
            v |= (d & 31) << shift;
            if d < 32 {
                break;
            }
            shift += 5;
        }
        v
    }
}

fn digit(b: u8) -> u32 {
    (match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        _ => 63,
    }) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        let values = [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX];
        let mut s = String::new();
        for v in values {
            put(&mut s, v);
        }
        assert_eq!(&s[..3], "ABf");
        let mut r = Reader::new(&s);
        for v in values {
            assert_eq!(r.next(), v);
        }
        assert_eq!(gaps(&[3, 4, 10]), "DAF");
    }
}
