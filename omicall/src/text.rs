//! Text helpers shared by everything that searches or names things the vendor's way.

use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text for search and for the vendor's `*_unsigned` fields: diacritics removed,
/// `đ` → `d`, case kept. "Đỗ Thị Hồng Vy" → "Do Thi Hong Vy".
pub fn unsigned(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
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

    #[test]
    fn search_ignores_diacritics_and_case() {
        assert!(matches("Đỗ Thị Hồng Vy", &search_key("hong")));
        assert!(matches("Đỗ Thị Hồng Vy", &search_key("HỒNG")));
        assert!(!matches("Đỗ Thị Hồng Vy", &search_key("ngoc")));
    }
}
