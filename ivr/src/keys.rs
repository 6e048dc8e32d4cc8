//! The keys of a phone keypad, and the keys a text-to-speech greeting tells callers to press.

use omicall::text::search_key;
use std::fmt;

pub use omicall::rules::{is_key, parse_key, KEYPAD};

fn index(key: char) -> Option<u32> {
    match key {
        '0'..='9' => key.to_digit(10),
        '*' => Some(10),
        '#' => Some(11),
        _ => None,
    }
}

/// A set of keypad keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct KeySet(u16);

impl KeySet {
    pub const EMPTY: KeySet = KeySet(0);

    /// Adds `key`; answers whether it was new. Anything that is not a keypad key is ignored.
    pub fn insert(&mut self, key: char) -> bool {
        match index(key) {
            Some(i) => {
                let bit = 1 << i;
                let new = self.0 & bit == 0;
                self.0 |= bit;
                new
            }
            None => false,
        }
    }

    pub fn contains(self, key: char) -> bool {
        index(key).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The keys in `self` that are not in `other`.
    pub fn minus(self, other: KeySet) -> KeySet {
        KeySet(self.0 & !other.0)
    }

    /// The keys, `0`-`9` then `*` and `#`.
    pub fn iter(self) -> impl Iterator<Item = char> {
        ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']
            .into_iter()
            .filter(move |k| self.contains(*k))
    }
}

impl FromIterator<char> for KeySet {
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        let mut set = KeySet::EMPTY;
        for key in iter {
            set.insert(key);
        }
        set
    }
}

impl fmt::Display for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

/// Words that announce a key: "bấm 3", "phím 3", "press 3", "dial 0". "nhấn" and "ấn" are left
/// out on purpose: folded, they are "nhan"/"an", which also spell "nhận" (receive) and many
/// other words ("nhận 3 phần quà"); callers hear them with "phím" anyway ("nhấn phím 3").
const TRIGGERS: &[&str] = &["bam", "phim", "press", "dial"];
/// Triggers that count only before "số" or "phím": "nhấn số 3", "ấn phím 3". Folded, "nhấn"
/// and "ấn" also spell "nhận" and "an", but "nhận số 3" is far rarer in a greeting than "nhấn
/// số 3", and a greeting that says it is better flagged than a key press missed.
const NUMBER_TRIGGERS: &[&str] = &["nhan", "an"];
/// Words that may sit between a trigger and the key: "bấm số 3", "bấm phím 3", "press the star key".
const FILLERS: &[&str] = &["phim", "so", "the", "key", "number"];
/// Words after "không" that make it "not" rather than "zero": "phím không đúng" (wrong key),
/// "phím không hợp lệ" (invalid key), the very words of a wrong-key sound.
const NEGATED: &[&str] = &["dung", "hop", "chinh", "ton", "co", "duoc", "phai", "kha"];
/// Words that chain further keys: "phím 1 hoặc 2", "press 1 or 2".
const JOINERS: &[&str] = &["hoac", "or", "va", "and"];

/// The key a token names. Spelled digits are accepted only where they cannot be ordinary words:
/// Vietnamese ones after "phím"/"số" ("nhấn một phím bất kỳ" is "press any key", not "press 1"),
/// English ones after "press"/"dial".
fn key_word(token: &str, vietnamese: bool, english: bool) -> Option<char> {
    if let Some(key) = parse_key(token) {
        return Some(key);
    }
    let named = match token {
        "sao" | "star" => Some('*'),
        "thang" | "hash" | "pound" => Some('#'),
        _ => None,
    };
    let spelled_vi = || match token {
        "khong" => Some('0'),
        "mot" => Some('1'),
        "hai" => Some('2'),
        "ba" => Some('3'),
        "bon" | "tu" => Some('4'),
        "nam" | "lam" => Some('5'),
        "sau" => Some('6'),
        "bay" => Some('7'),
        "tam" => Some('8'),
        "chin" => Some('9'),
        _ => None,
    };
    let spelled_en = || match token {
        "zero" => Some('0'),
        "one" => Some('1'),
        "two" => Some('2'),
        "three" => Some('3'),
        "four" => Some('4'),
        "five" => Some('5'),
        "six" => Some('6'),
        "seven" => Some('7'),
        "eight" => Some('8'),
        "nine" => Some('9'),
        _ => None,
    };
    named
        .or_else(|| vietnamese.then(spelled_vi).flatten())
        .or_else(|| english.then(spelled_en).flatten())
}

/// Splits folded text into words, numbers and the symbols `*` and `#`, so "phím1," reads as
/// "phim", "1" and "12" stays one (non-key) number.
fn tokens(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Gap,
        Digit,
        Letter,
        Symbol,
    }
    let class = |c: char| {
        if c.is_ascii_digit() {
            Class::Digit
        } else if c.is_alphabetic() {
            Class::Letter
        } else if c == '*' || c == '#' {
            Class::Symbol
        } else {
            Class::Gap
        }
    };
    let mut out = Vec::new();
    let mut current: Option<(usize, Class)> = None;
    for (i, c) in text.char_indices() {
        let cls = class(c);
        if let Some((start, open)) = current {
            if cls != open || cls == Class::Symbol {
                out.push(&text[start..i]);
                current = None;
            }
        }
        if cls != Class::Gap && current.is_none() {
            current = Some((i, cls));
        }
    }
    if let Some((start, _)) = current {
        out.push(&text[start..]);
    }
    out
}

/// The keys a greeting's text tells callers to press ("nhấn phím 3", "bấm 3", "bấm số 3",
/// "phím 3", "press 3"), ignoring case and diacritics.
pub fn mentioned_keys(text: &str) -> KeySet {
    let folded = search_key(text);
    let words = tokens(&folded);
    let mut found = KeySet::EMPTY;
    let mut i = 0;
    while i < words.len() {
        let triggers = TRIGGERS.contains(&words[i])
            || (NUMBER_TRIGGERS.contains(&words[i])
                && matches!(words.get(i + 1), Some(&("so" | "phim"))));
        if !triggers {
            i += 1;
            continue;
        }
        let mut vietnamese = matches!(words[i], "phim");
        let english = matches!(words[i], "press" | "dial");
        let mut j = i + 1;
        while j < words.len() && FILLERS.contains(&words[j]) {
            vietnamese |= matches!(words[j], "phim" | "so");
            j += 1;
        }
        let negation =
            words.get(j) == Some(&"khong") && words.get(j + 1).is_some_and(|w| NEGATED.contains(w));
        let named = words.get(j).and_then(|w| key_word(w, vietnamese, english));
        if let Some(key) = named.filter(|_| !negation) {
            found.insert(key);
            j += 1;
            // Further keys follow either bare ("bấm 1, 2") or after "or"; spelled words only
            // after "or", so "bấm phím 1 hai lần" (press 1 twice) does not name 2.
            loop {
                match words.get(j) {
                    Some(w) if JOINERS.contains(w) => {
                        match words
                            .get(j + 1)
                            .and_then(|w| key_word(w, vietnamese, english))
                        {
                            Some(key) => {
                                found.insert(key);
                                j += 2;
                            }
                            None => break,
                        }
                    }
                    Some(w) => match parse_key(w) {
                        Some(key) => {
                            found.insert(key);
                            j += 1;
                        }
                        None => break,
                    },
                    None => break,
                }
            }
        }
        i = j.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> String {
        mentioned_keys(text).to_string()
    }

    #[test]
    fn the_phrasings_callers_hear_name_their_keys() {
        assert_eq!(keys("Vui lòng nhấn phím 3"), "3");
        assert_eq!(keys("bấm 3 để gặp kỹ thuật"), "3");
        assert_eq!(keys("Bấm số 3"), "3");
        assert_eq!(keys("phím 3: kế toán"), "3");
        assert_eq!(keys("Press 3 for billing"), "3");
        assert_eq!(keys("Vui lòng nhấn số 3"), "3");
        assert_eq!(keys("ấn số 4 để nghe lại"), "4");
    }

    #[test]
    fn matching_ignores_case_and_diacritics() {
        assert_eq!(keys("NHAN PHIM 1, BAM SO 2"), "1, 2");
        assert_eq!(keys("Nhấn Phím 0 gặp tổng đài viên"), "0");
    }

    #[test]
    fn a_whole_menu_is_read_key_by_key() {
        let text = "Xin chào. Gặp kinh doanh bấm phím 1, kỹ thuật phím 2, \
                    nghe lại bấm phím sao, gặp tổng đài viên bấm 0.";
        assert_eq!(keys(text), "0, 1, 2, *");
    }

    #[test]
    fn keys_may_be_chained_and_spelled() {
        assert_eq!(keys("bấm phím 1 hoặc 2"), "1, 2");
        assert_eq!(keys("bấm phím một"), "1");
        assert_eq!(keys("press one or two, press the star key"), "1, 2, *");
        assert_eq!(keys("phím thăng để quay lại"), "#");
        assert_eq!(keys("bấm phím#"), "#");
    }

    #[test]
    fn numbers_and_words_that_are_not_key_presses_name_no_key() {
        assert!(mentioned_keys("Gọi 19001234 hoặc nhấn một phím bất kỳ").is_empty());
        assert!(mentioned_keys("Bạn nhận 3 phần quà").is_empty());
        assert!(mentioned_keys("ăn 3 bữa").is_empty());
        assert!(mentioned_keys("bấm 12").is_empty());
        assert!(mentioned_keys("Cảm ơn quý khách đã gọi").is_empty());
        assert_eq!(keys("bấm phím 1 hai lần"), "1");
        assert!(mentioned_keys("Phím không đúng. Phím không hợp lệ").is_empty());
        assert_eq!(keys("bấm phím không để gặp tổng đài viên"), "0");
    }
}
