//! Every string a user sees goes through here: one `Msg` per sentence, in Vietnamese (the default)
//! and English. A missing translation is a compile error, not a blank on screen.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

/// Name of the cookie that remembers the choice (readable by the page: it holds no secret).
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Finds `lang=..` in a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Option<Self> {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == LANG_COOKIE)
            .and_then(|(_, value)| Lang::from_code(value))
    }
}

/// The language in use, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

/// Makes the language available to the tree; the server reads it from the request's cookie, the
/// browser from the `<html lang>` the server wrote, so both render the same text.
pub fn provide_i18n() -> I18n {
    let i18n = I18n(RwSignal::new(initial_lang()));
    provide_context(i18n);
    i18n
}

#[cfg(feature = "ssr")]
fn initial_lang() -> Lang {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get_all(http::header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(Lang::from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn initial_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}

/// The current language; Vietnamese outside a tree that provided one.
pub fn use_lang() -> Signal<Lang> {
    match use_context::<I18n>() {
        Some(I18n(lang)) => lang.into(),
        None => Signal::stored(Lang::default()),
    }
}

/// A reactive translation of `msg`, for use in views.
pub fn tr(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}

/// Text for the document head (`<Title>`). On the server leptos_meta reads the title after the
/// page has rendered, outside the request's reactive arena (`inject_meta_context` runs in
/// leptos_integration_utils' un-sandboxed `from_app`; see Leptos issue #3729 for the family of
/// bugs), where another request's arena may be current: a closure reading the language signal
/// there panicked with "already been disposed" on about one page load in twenty under concurrent
/// use. So the server gets the text once, as a plain string, while the page renders; the
/// browser, which has one arena, gets a closure that follows the language switch.
pub fn head_text(msg: Msg) -> leptos::text_prop::TextProp {
    #[cfg(feature = "ssr")]
    {
        msg.text(use_lang().get_untracked()).into()
    }
    #[cfg(not(feature = "ssr"))]
    {
        tr(msg).into()
    }
}

/// Switches the language and remembers it for a year.
pub fn set_lang(lang: Lang) {
    if let Some(I18n(current)) = use_context::<I18n>() {
        current.set(lang);
    }
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                lang.code()
            ));
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.code());
        }
    }
}

macro_rules! messages {
    ($($name:ident => $vi:literal, $en:literal;)+) => {
        /// A sentence of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name,)+ }

        impl Msg {
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$name, Lang::Vi) => $vi, (Msg::$name, Lang::En) => $en,)+
                }
            }
        }
    };
}

messages! {
    AppName => "Tổng đài", "Call center";
    NavExtensions => "Số nội bộ", "Extensions";
    LogOut => "Đăng xuất", "Log out";
    Language => "Ngôn ngữ", "Language";
    LoginTitle => "Đăng nhập tổng đài", "Log in to the call center";
    ApiKey => "API key", "API key";
    ApiKeyHint => "Tạo API key trong cổng OMICall: Tài khoản > Cấu hình > Quản lý API.", "Create an API key in the OMICall portal: Account > Configuration > API management.";
    LogIn => "Đăng nhập", "Log in";
    DemoKeyHint => "Đang dùng tổng đài mô phỏng tích hợp, không phải tổng đài thật. Đăng nhập bằng API key:", "The built-in simulator stands in for the call center. Log in with the API key:";
    LoggingIn => "Đang đăng nhập…", "Logging in…";
    ErrWrongApiKey => "API key không đúng. Kiểm tra lại và thử lại.", "That API key is not valid. Check it and try again.";
    ErrApiKeyRequired => "Hãy nhập API key.", "Enter your API key.";
    ErrSessionExpired => "Phiên làm việc đã hết hạn. Hãy đăng nhập lại.", "Your session expired. Please log in again.";
    ErrNotLoggedIn => "Hãy đăng nhập để tiếp tục.", "Please log in to continue.";
    ErrTimeout => "Tổng đài không phản hồi kịp thời, hãy thử lại.", "The call center did not answer in time, try again.";
    ErrPageStalled => "Trang chưa tải xong, hãy thử lại.", "The page did not finish loading, try again.";
    ErrUnreachable => "Không kết nối được tới tổng đài, hãy thử lại sau.", "The call center could not be reached, try again later.";
    ErrBadAnswer => "Tổng đài trả lời không đúng định dạng, hãy thử lại.", "The call center answered in an unexpected way, try again.";
    ErrTooManyAttempts => "Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.", "Too many failed logins. Try again in a few minutes.";
    ErrRejected => "Tổng đài từ chối yêu cầu:", "The call center refused the request:";
    ErrSessionStore => "Kho phiên làm việc tạm thời không phản hồi. Hãy thử lại sau ít phút.", "The session store is not answering right now. Try again in a few minutes.";
    ErrTooLarge => "Dữ liệu gửi lên quá lớn (tối đa {limit} KiB).", "What was sent is too large (at most {limit} KiB).";
    ErrInternal => "Đã có lỗi ở máy chủ. Hãy thử lại.", "Something went wrong on the server. Try again.";
    ErrNetwork => "Không kết nối được tới máy chủ. Kiểm tra mạng và thử lại.", "The server could not be reached. Check your connection and try again.";
    ErrInvalid => "Dữ liệu chưa hợp lệ:", "Please check this field:";
    ErrForbidden => "Yêu cầu bị từ chối.", "The request was refused.";
    FieldRequired => "bắt buộc phải nhập", "is required";
    FieldEmpty => "chọn ít nhất một giá trị", "choose at least one";
    FieldTooLong => "quá dài", "is too long";
    FieldOutOfRange => "nằm ngoài giới hạn cho phép", "is out of range";
    FieldNotMp3 => "không phải tệp mp3", "is not an mp3 file";
    FieldBadId => "không hợp lệ", "is not valid";
    ExtensionsTitle => "Số nội bộ", "Extensions";
    Search => "Tìm kiếm", "Search";
    SearchPlaceholder => "Số nội bộ, email hoặc họ tên", "Extension, email or full name";
    ColExtension => "Số nội bộ", "Extension";
    ColFullName => "Họ và tên", "Full name";
    ColEmail => "Email", "Email";
    ColPublicNumber => "Đầu số", "Public number";
    ColLastUpdated => "Cập nhật lần cuối", "Last updated";
    ColStatus => "Trạng thái", "Status";
    ColActions => "Thao tác", "Actions";
    StatusActive => "Hoạt động", "Active";
    StatusInactive => "Ngưng hoạt động", "Inactive";
    Activate => "Kích hoạt", "Activate";
    Deactivate => "Ngưng hoạt động", "Deactivate";
    ConfirmDeactivateTitle => "Ngưng hoạt động số nội bộ?", "Deactivate this extension?";
    ConfirmDeactivateBody => "Số nội bộ này sẽ không thể gọi hoặc nhận cuộc gọi cho tới khi được kích hoạt lại.", "This extension will not make or receive calls until it is activated again.";
    Confirm => "Xác nhận", "Confirm";
    Cancel => "Huỷ", "Cancel";
    Close => "Đóng", "Close";
    Activated => "Đã kích hoạt số nội bộ", "Activated extension";
    Deactivated => "Đã ngưng hoạt động số nội bộ", "Deactivated extension";
    Loading => "Đang tải…", "Loading…";
    NoExtensions => "Không có số nội bộ nào khớp với tìm kiếm.", "No extension matches the search.";
    Retry => "Thử lại", "Try again";
    PageSize => "Số dòng mỗi trang", "Rows per page";
    Previous => "Trang trước", "Previous page";
    Next => "Trang sau", "Next page";
    Pagination => "Phân trang", "Pagination";
    PageOf => "Trang {page} / {pages} · {total} số nội bộ", "Page {page} of {pages} · {total} extensions";
    Details => "Chi tiết", "Details";
    LookupTitle => "Tra cứu số nội bộ", "Look up an extension";
    LookupBy => "Tra cứu theo", "Look up by";
    LookupSipUser => "Số nội bộ", "Extension";
    LookupEmail => "Email nhân viên", "Staff email";
    LookupUuid => "Mã người dùng bên thứ 3", "Third-party user id";
    LookupValue => "Giá trị tra cứu", "Value to look up";
    LookUp => "Tra cứu", "Look up";
    DetailTitle => "Số nội bộ", "Extension";
    BackToList => "← Danh sách số nội bộ", "← All extensions";
    Identity => "Thông tin nhân viên", "Staff member";
    ThirdPartyId => "Mã người dùng bên thứ 3", "Third-party user id";
    SipAccount => "Tài khoản SIP", "SIP account";
    SipUser => "Tài khoản SIP", "SIP user";
    DisplayName => "Tên hiển thị", "Display name";
    SipPassword => "Mật khẩu SIP", "SIP password";
    Reveal => "Hiện mật khẩu", "Reveal password";
    Hide => "Ẩn mật khẩu", "Hide password";
    Copy => "Sao chép", "Copy";
    Copied => "Đã sao chép", "Copied";
    Realm => "Realm", "Realm";
    WebSocket => "WebSocket server", "WebSocket server";
    Proxy => "Proxy", "Proxy";
    ProxyPort => "Cổng proxy", "Proxy port";
    Transports => "Giao thức", "Transports";
    StunServers => "STUN servers", "STUN servers";
    Codec => "Opus", "Opus";
    OpusOn => "Bật, chất lượng", "On, quality";
    OpusOff => "Tắt", "Off";
    NotSet => "Chưa có", "Not set";
    Hotlines => "Đầu số gọi ra", "Outbound hotlines";
    HotlinesHint => "Các đầu số đang hoạt động mà số nội bộ này được phép gọi ra.", "The active hotlines this extension may call out on.";
    NoHotlines => "Số nội bộ này chưa có đầu số gọi ra.", "This extension has no outbound hotline yet.";
    AssignHotline => "Gán đầu số", "Assign a hotline";
    Hotline => "Đầu số", "Hotline";
    ChooseHotline => "Chọn đầu số", "Choose a hotline";
    Directions => "Chiều gọi", "Directions";
    Inbound => "Gọi vào", "Inbound";
    Outbound => "Gọi ra", "Outbound";
    Assign => "Gán", "Assign";
    Assigned => "Đã gán đầu số", "Assigned hotline";
    NeedDirection => "Chọn ít nhất một chiều gọi.", "Choose at least one direction.";
    NeedHotline => "Hãy chọn một đầu số.", "Choose a hotline.";
    NotFound => "Không tìm thấy trang này.", "This page does not exist.";
}

/// `text` with each `{name}` replaced by its value: the one way placeholders are filled.
pub fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), &value.to_string())
    })
}

/// [`Msg::PageOf`] with its numbers filled in.
pub fn page_of(lang: Lang, page: i64, pages: i64, total: i64) -> String {
    fill(
        Msg::PageOf.text(lang),
        &[("page", &page), ("pages", &pages.max(1)), ("total", &total)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_found_among_others() {
        assert_eq!(
            Lang::from_cookie_header("id=abc; lang=en; x=1"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_cookie_header("lang=fr"), None);
        assert_eq!(Lang::from_cookie_header(""), None);
    }

    #[test]
    fn page_counts_are_filled_in_each_language() {
        assert_eq!(page_of(Lang::En, 2, 5, 42), "Page 2 of 5 · 42 extensions");
        assert_eq!(page_of(Lang::Vi, 1, 0, 0), "Trang 1 / 1 · 0 số nội bộ");
    }
}
