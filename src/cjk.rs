//! Chinese, Japanese and Korean text: which characters are CJK, and how
//! many words a text holds when such characters are not separated by
//! spaces.
//!
//! A CJK character is a letter or number (`char::is_alphanumeric`) of the
//! Han, kana, Hangul and Bopomofo blocks in [`RANGES`]: ideographs (the
//! unified blocks, extensions A–I on the supplementary planes, the
//! compatibility blocks), Hiragana, Katakana with its phonetic extensions,
//! half-width forms and the kana supplements, Hangul syllables and jamo,
//! and the letter-like signs of the CJK symbols block (`々`, `〆`, `〇`).
//! Punctuation of those blocks (`、。「」・`) is not alphanumeric, so it
//! separates words as any punctuation does.
//!
//! The search analyzer (`search::analyzer`) indexes runs of these
//! characters as overlapping bigrams; the word count of a page
//! (`markdown::scan`) counts each of them as one word. The browser's
//! analyzer (`static/search/tokenize.js`) carries the same ranges.

/// Blocks whose alphanumeric characters are CJK, as inclusive code point
/// ranges in increasing order.
pub const RANGES: &[(u32, u32)] = &[
    (0x1100, 0x11FF),   // Hangul Jamo
    (0x2E80, 0x2FDF),   // CJK and Kangxi radicals (symbols: none is alphanumeric)
    (0x3005, 0x3007),   // 々 〆 〇
    (0x3021, 0x3029),   // Hangzhou numerals
    (0x3031, 0x3035),   // vertical kana repeat marks
    (0x3038, 0x303C),   // 〸〹〺 〻 〼
    (0x3040, 0x30FF),   // Hiragana, Katakana
    (0x3100, 0x312F),   // Bopomofo
    (0x3130, 0x318F),   // Hangul Compatibility Jamo
    (0x3190, 0x31BF),   // Kanbun, Bopomofo Extended
    (0x31F0, 0x31FF),   // Katakana Phonetic Extensions
    (0x3200, 0x32FF),   // Enclosed CJK Letters and Months (its numbers)
    (0x3400, 0x4DBF),   // CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),   // CJK Unified Ideographs
    (0xA960, 0xA97F),   // Hangul Jamo Extended-A
    (0xAC00, 0xD7AF),   // Hangul Syllables
    (0xD7B0, 0xD7FF),   // Hangul Jamo Extended-B
    (0xF900, 0xFAFF),   // CJK Compatibility Ideographs
    (0xFF66, 0xFFDC),   // half-width Katakana and Hangul
    (0x1AFF0, 0x1B16F), // Kana Extended-B, Kana Supplement, Kana Extended-A, Small Kana Extension
    (0x20000, 0x3FFFF), // ideographs of planes 2 and 3: extensions B–I, compatibility supplement
];

/// Whether `c` is a CJK letter or number (see the module docs).
pub fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x1100 {
        return false;
    }
    let i = RANGES.partition_point(|&(_, end)| end < cp);
    RANGES.get(i).is_some_and(|&(start, _)| start <= cp) && c.is_alphanumeric()
}

/// The words of `text`: each CJK character is one, and so is each run of
/// other characters between white space and CJK characters that holds a
/// letter or digit (`etcd`, `v1.2`, `don't`; not `—` or `。`).
pub(crate) fn word_count(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            words += 1;
            in_word = false;
        } else if c.is_whitespace() {
            in_word = false;
        } else if c.is_alphanumeric() && !in_word {
            words += 1;
            in_word = true;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_letters_are_cjk_and_their_punctuation_is_not() {
        for c in "漢字ひらがなカタカナ한국어ㄱᄀ々〆〇ｶﾞ𠀀𪘀豈ㄅ".chars()
        {
            assert!(is_cjk(c), "{c:?}");
        }
        for c in "a1é、。「」・（）！？～ー　Ａ０⺀".chars() {
            assert_eq!(is_cjk(c), c == 'ー', "{c:?}");
        }
    }

    #[test]
    fn each_cjk_character_is_a_word_and_latin_words_count_once() {
        assert_eq!(word_count("点击**打开**。"), 4);
        assert_eq!(word_count("Obsidian 同期"), 3);
        assert_eq!(word_count("使用kubectl命令"), 5);
        assert_eq!(word_count("한국어 텍스트"), 6);
        assert_eq!(word_count("Take a snapshot — etcdctl snapshot save."), 6);
        assert_eq!(word_count("don't stop v1.2"), 3);
        assert_eq!(word_count("  \n "), 0);
    }
}
