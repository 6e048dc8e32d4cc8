//! Text helpers shared by everything that searches or names things the vendor's way.

use crate::latin::{base_letter, is_mark};

/// Folds Vietnamese text for search and for the vendor's `*_unsigned` fields: diacritics removed,
/// `đ` → `d`, case kept. "Đỗ Thị Hồng Vy" → "Do Thi Hong Vy".
pub fn unsigned(text: &str) -> String {
    text.chars()
        .filter(|c| !is_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => base_letter(other).unwrap_or(other),
        })
        .collect()
}

/// The search key of a text: [`unsigned`] and lower case, so "hong" finds "Hồng".
pub fn search_key(text: &str) -> String {
    unsigned(text).to_lowercase()
}

/// Whether `haystack` contains `needle`, ignoring diacritics and case.
pub fn matches(haystack: &str, needle_key: &str) -> bool {
    search_key(haystack).contains(needle_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_folded_to_plain_latin() {
        assert_eq!(unsigned("Đỗ Thị Hồng Vy"), "Do Thi Hong Vy");
        assert_eq!(unsigned("KỊCH BẢN BẤM PHÍM"), "KICH BAN BAM PHIM");
        assert_eq!(
            search_key("Nhóm nhân viên mặc định"),
            "nhom nhan vien mac dinh"
        );
    }

    /// The hand-written fold agrees with Unicode's decomposition on every Latin letter it
    /// covers, and on decomposed input.
    #[test]
    fn the_fold_matches_unicode_normalization() {
        use unicode_normalization::UnicodeNormalization;
        let reference = |s: &str| -> String {
            s.nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .map(|c| match c {
                    'đ' => 'd',
                    'Đ' => 'D',
                    other => other,
                })
                .collect()
        };
        let latin = ('\u{00C0}'..='\u{024F}').chain('\u{1E00}'..='\u{1EFF}');
        for c in latin {
            let one = c.to_string();
            assert_eq!(unsigned(&one), reference(&one), "{c} U+{:04X}", c as u32);
        }
        let text = "Đỗ Thị Hồng Vy, nhấn phím 1; Nguyễn Văn Ấn";
        assert_eq!(unsigned(text), reference(text));
        let decomposed: String = text.nfd().collect();
        assert_eq!(unsigned(&decomposed), reference(text));
    }

    #[test]
    fn search_ignores_diacritics_and_case() {
        assert!(matches("Đỗ Thị Hồng Vy", &search_key("hong")));
        assert!(matches("Đỗ Thị Hồng Vy", &search_key("HỒNG")));
        assert!(!matches("Đỗ Thị Hồng Vy", &search_key("ngoc")));
    }
}
