//! The console's own URLs, built in one place so that links, redirects and tests agree.

use omicall::LookupType;

fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k, v);
    }
    out.finish()
}

/// The extension list with its search, page and page size.
pub fn extensions(keyword: &str, page: u32, size: u32) -> String {
    let page = page.to_string();
    let size = size.to_string();
    let mut pairs = vec![];
    if !keyword.is_empty() {
        pairs.push(("q", keyword));
    }
    pairs.push(("page", page.as_str()));
    pairs.push(("size", size.as_str()));
    format!("/extensions?{}", query(&pairs))
}

/// One extension, looked up by `kind`.
pub fn extension_detail(kind: &LookupType, keyword: &str) -> String {
    format!(
        "/extensions/detail?{}",
        query(&[("type", kind.as_str()), ("keyword", keyword)])
    )
}

/// The login page, remembering where the user was and why they are sent there.
pub fn login(next: &str, expired: bool) -> String {
    let mut pairs = vec![("next", next)];
    if expired {
        pairs.push(("expired", "1"));
    }
    format!("/login?{}", query(&pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_encoded_and_empty_ones_left_out() {
        assert_eq!(
            extensions("Hồng Vy", 2, 20),
            "/extensions?q=H%E1%BB%93ng+Vy&page=2&size=20"
        );
        assert_eq!(extensions("", 1, 50), "/extensions?page=1&size=50");
        assert_eq!(
            extension_detail(&LookupType::UserEmail, "a+b@x.vn"),
            "/extensions/detail?type=user_email&keyword=a%2Bb%40x.vn"
        );
        assert_eq!(
            login("/extensions?page=2", true),
            "/login?next=%2Fextensions%3Fpage%3D2&expired=1"
        );
    }
}
