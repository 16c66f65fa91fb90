//! Typo buckets: the terms of the exported index grouped by their last two
//! characters (`search/r/N.js`), so that the browser finds the terms one
//! edit away from a word without reading the whole dictionary.
//!
//! For a word of L >= 5 characters (typos are looked up for no shorter
//! word: the spec's `typo_min_chars`), every term one edit away
//! (insert, delete, substitute, swap two neighbours) either starts with the
//! word's first k = (L - 1) / 2 characters, when the edit is at k or later,
//! or ends with its characters after k + 1, when the edit is before k. So
//! `engine.js` reads the dictionary chunks of that prefix (`t/N.js`, as for
//! a prefix being typed) and the one bucket of the word's last two
//! characters, then keeps the terms one edit away: the very terms that
//! `lore search` finds by reading its whole dictionary. A term one edit
//! from a word of 5+ characters has 4 or more, so shorter terms are in no
//! bucket.

/// Terms shorter than this are in no typo bucket.
const MIN_CHARS: usize = crate::search::spec::SPEC.typo_min_chars - 1;
/// About this many terms per bucket.
const TERMS_PER_BUCKET: usize = 128;

/// The typo buckets of `terms` (code point order): every term of at least
/// [`MIN_CHARS`] characters, in bucket [`bucket`] of its
/// last two characters. The number of buckets grows with the terms.
pub(super) fn buckets<'t>(terms: impl Iterator<Item = &'t str>) -> Vec<Vec<&'t str>> {
    let long: Vec<&str> = terms
        .filter(|t| t.chars().nth(MIN_CHARS - 1).is_some())
        .collect();
    let count = (long.len() / TERMS_PER_BUCKET).next_power_of_two();
    let mut buckets = vec![Vec::new(); count];
    for t in long {
        let mut last = t.chars().rev();
        let (z, y) = (last.next().unwrap_or(' '), last.next().unwrap_or(' '));
        buckets[bucket(y, z, count)].push(t);
    }
    buckets
}

/// The typo bucket of a term ending in `y`, `z`, of `count` buckets:
/// FNV-1a (32 bits) over the two code points.
pub(super) fn bucket(y: char, z: char, count: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for c in [y, z] {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize % count
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string one edit (OSA) away from `word` over `alphabet`.
    fn neighbours(word: &[char], alphabet: &[char]) -> Vec<String> {
        let mut out = Vec::new();
        let text = |v: Vec<char>| v.into_iter().collect::<String>();
        for i in 0..=word.len() {
            for &c in alphabet {
                let mut v = word.to_vec();
                v.insert(i, c);
                out.push(text(v));
                if i < word.len() {
                    let mut v = word.to_vec();
                    v[i] = c;
                    out.push(text(v));
                }
            }
            if i < word.len() {
                let mut v = word.to_vec();
                v.remove(i);
                out.push(text(v));
            }
            if i + 1 < word.len() {
                let mut v = word.to_vec();
                v.swap(i, i + 1);
                out.push(text(v));
            }
        }
        out
    }

    #[test]
    fn every_one_edit_neighbour_starts_or_ends_like_the_word() {
        // The rule engine.js looks typo candidates up by: a prefix range of
        // the dictionary, and the typo bucket of the last two characters.
        let alphabet: Vec<char> = "abcdeé中𝐀".chars().collect();
        let mut rng = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..400 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let len = 5 + (rng % 8) as usize;
            let word: Vec<char> = (0..len)
                .map(|i| alphabet[((rng >> (i * 3)) % alphabet.len() as u64) as usize])
                .collect();
            let k = (len - 1) / 2;
            let prefix: String = word[..k].iter().collect();
            let suffix: String = word[k + 1..].iter().collect();
            let whole: String = word.iter().collect();
            for t in neighbours(&word, &alphabet) {
                assert!(strsim::osa_distance(&t, &whole) <= 1);
                assert!(
                    t.starts_with(&prefix) || t.ends_with(&suffix),
                    "{t:?} is one edit from {whole:?} but neither starts with {prefix:?} nor ends \
                     with {suffix:?}"
                );
                let (z, y) = (word[len - 1], word[len - 2]);
                if !t.starts_with(&prefix) {
                    let mut last = t.chars().rev();
                    let (tz, ty) = (last.next().unwrap(), last.next().unwrap());
                    assert_eq!(bucket(ty, tz, 256), bucket(y, z, 256));
                    assert!(t.chars().count() >= MIN_CHARS);
                }
            }
        }
    }

    #[test]
    fn typo_buckets_hold_every_term_of_four_characters_or_more() {
        let terms: Vec<String> = (0..1000)
            .map(|i| format!("t{i:03}"))
            .chain(["abc".into()])
            .collect();
        let buckets = buckets(terms.iter().map(String::as_str));
        assert_eq!(buckets.len(), 8);
        let held: usize = buckets.iter().map(Vec::len).sum();
        assert_eq!(held, 1000, "all but abc");
        for (i, held_here) in buckets.iter().enumerate() {
            for t in held_here {
                let c: Vec<char> = t.chars().collect();
                assert_eq!(bucket(c[c.len() - 2], c[c.len() - 1], 8), i);
            }
        }
    }
}
