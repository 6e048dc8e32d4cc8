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

/// Reading the language in a view. On the server, a page the browser gave up is torn down (its
/// signals disposed) while a part of it that was waiting for data may still be resolved; a plain
/// `get()` of the language then panicked ("already been disposed", seen in the soak). The
/// language of a page nobody will see is the default.
pub trait LangNow {
    /// The language now, tracked like `get()`.
    fn now(&self) -> Lang;
}

impl LangNow for Signal<Lang> {
    fn now(&self) -> Lang {
        self.try_get().unwrap_or_default()
    }
}

/// A reactive translation of `msg`, for use in views: it follows the language switch.
pub fn tr(msg: impl Into<Text>) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let msg = msg.into();
    let lang = use_lang();
    move || msg.get(lang.now())
}

/// [`tr`] as a signal of an owned string: for components that take either a message or a
/// sentence made at run time ("Phím 1 dẫn tới").
pub fn tr_string(msg: impl Into<Text>) -> Signal<String> {
    let msg = msg.into();
    let lang = use_lang();
    Signal::derive(move || msg.get(lang.now()).to_owned())
}

/// Text for the document head (`<Title>`). On the server leptos_meta reads the title after the
/// page has rendered, outside the request's reactive arena (`inject_meta_context` runs in
/// leptos_integration_utils' un-sandboxed `from_app`; see Leptos issue #3729 for the family of
/// bugs), where another request's arena may be current: a closure reading the language signal
/// there panicked with "already been disposed" on about one page load in twenty under concurrent
/// use. So the server gets the text once, as a plain string, while the page renders; the
/// browser, which has one arena, gets a closure that follows the language switch.
pub fn head_text(msg: impl Into<Text>) -> leptos::text_prop::TextProp {
    let msg = msg.into();
    #[cfg(feature = "ssr")]
    {
        msg.get(use_lang().get_untracked()).into()
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

/// A sentence in both languages: what every area's message enum turns into, so components take
/// any area's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    vi: &'static str,
    en: &'static str,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// Declares an area's messages: one enum, each sentence in Vietnamese and English (a missing
/// translation does not compile), convertible into [`Text`].
macro_rules! messages {
    ($(#[$doc:meta])* $enum:ident; $($name:ident => $vi:literal, $en:literal;)+) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $enum { $($name,)+ }

        impl $enum {
            pub fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                self.pair().get(lang)
            }

            /// Both languages, usable in constants.
            pub const fn pair(self) -> $crate::i18n::Text {
                match self {
                    $($enum::$name => $crate::i18n::Text { vi: $vi, en: $en },)+
                }
            }
        }

        impl From<$enum> for $crate::i18n::Text {
            fn from(msg: $enum) -> Self {
                msg.pair()
            }
        }
    };
}

mod activity;
mod call;
mod extensions;
mod greetings;
mod groups;
mod history;
mod ivr;
mod menus;

pub use activity::{area_text, kind_text, ActivityMsg};
pub use call::CallMsg;
pub use extensions::ExtMsg;
pub use greetings::GreetingMsg;
pub use groups::GroupMsg;
pub use history::{field_text, summary_text, HistoryMsg};
pub use ivr::{end_text, rule_text};
pub use menus::MenuMsg;

messages! {
    /// Sentences every area shares: the shell, buttons, errors, paging.
    Msg;
    AppName => "Tổng đài", "Call center";
    AppDescription => "Quản trị tổng đài: số nội bộ, nhóm đổ chuông, lời chào và kịch bản phím bấm.", "Call-center administration: extensions, ring groups, greetings and key-press menus.";
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
    ErrInvalidFilter => "Bộ lọc không hợp lệ: hãy chọn lại ngày (ngày/tháng/năm) và khu vực trong danh sách.", "The filter does not read: choose the dates (day/month/year) and the area from the lists again.";
    ErrNameRequired => "Hãy nhập tên của bạn (tối đa 80 ký tự): tên này được ghi lại cùng mọi thay đổi bạn thực hiện.", "Enter your name (up to 80 characters): it is recorded with every change you make.";
    PersonName => "Tên của bạn", "Your name";
    PersonNameHint => "Nhiều người có thể dùng chung một API key: tên bạn nhập được ghi lại cùng mọi thay đổi bạn thực hiện, đúng như bạn nhập.", "Several people may share one API key: the name you give is recorded, as you give it, with every change you make.";
    SignedInAs => "Người thao tác", "Signed in as";
    ErrSessionExpired => "Phiên làm việc đã hết hạn. Hãy đăng nhập lại.", "Your session expired. Please log in again.";
    ErrNotLoggedIn => "Hãy đăng nhập để tiếp tục.", "Please log in to continue.";
    ErrTimeout => "Tổng đài không phản hồi kịp thời, hãy thử lại.", "The call center did not answer in time, try again.";
    ErrPageStalled => "Trang chưa tải xong, hãy thử lại.", "The page did not finish loading, try again.";
    ErrUnreachable => "Không kết nối được tới tổng đài, hãy thử lại sau.", "The call center could not be reached, try again later.";
    ErrBadAnswer => "Tổng đài trả lời không đúng định dạng, hãy thử lại.", "The call center answered in an unexpected way, try again.";
    ErrTooManyAttempts => "Đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút.", "Too many failed logins. Try again in a few minutes.";
    ErrRejected => "Tổng đài từ chối yêu cầu: {message}", "The call center refused the request: {message}";
    ErrSessionStore => "Kho phiên làm việc tạm thời không phản hồi. Hãy thử lại sau ít phút.", "The session store is not answering right now. Try again in a few minutes.";
    ErrConsoleData => "Dữ liệu riêng của bảng điều khiển (như vị trí các ô trên sơ đồ) tạm thời không truy cập được. Hãy thử lại sau ít phút.", "The console's own data (such as where the boxes sit on the canvas) cannot be reached right now. Try again in a few minutes.";
    ErrTooLarge => "Dữ liệu gửi lên quá lớn (tối đa {limit} KiB).", "What was sent is too large (at most {limit} KiB).";
    ErrInternal => "Đã có lỗi ở máy chủ. Hãy thử lại.", "Something went wrong on the server. Try again.";
    ErrNetwork => "Không kết nối được tới máy chủ. Kiểm tra mạng và thử lại.", "The server could not be reached. Check your connection and try again.";
    ErrCodeUnavailable => "Không tải được phần này của trang. Kiểm tra mạng và thử lại; nếu vẫn không được, hãy tải lại trang.", "This part of the page could not be loaded. Check your connection and try again; if it still fails, reload the page.";
    ErrInvalid => "Kiểm tra lại “{field}”: {problem}", "Please check “{field}”: {problem}";
    ErrNotFound => "Không tìm thấy; có thể nó vừa bị xoá.", "Not found; it may just have been deleted.";
    ErrForbidden => "Yêu cầu bị từ chối.", "The request was refused.";
    ProblemRequired => "Bắt buộc phải nhập.", "This is required.";
    ProblemEmpty => "Chọn ít nhất một giá trị.", "Choose at least one.";
    ProblemTooLong => "Tối đa {max} ký tự.", "At most {max} characters.";
    ProblemOutOfRange => "Phải từ {min} đến {max}.", "Must be from {min} to {max}.";
    ProblemNotMp3 => "Không phải tệp mp3: đây là {what}.", "This is not an mp3 file: it is {what}.";
    ProblemEmptyFile => "Tệp rỗng.", "The file is empty.";
    FoundWav => "tệp WAV", "a WAV file";
    FoundOgg => "tệp Ogg", "an Ogg file";
    FoundFlac => "tệp FLAC", "a FLAC file";
    FoundMp4 => "tệp MP4/M4A", "an MP4/M4A file";
    FoundWma => "tệp WMA", "a WMA file";
    FoundText => "tệp văn bản", "a text file";
    FoundPdf => "tệp PDF", "a PDF file";
    FoundImage => "tệp ảnh", "an image";
    FoundZip => "tệp nén hoặc tài liệu Office", "an archive or an office document";
    FoundTagOnly => "thẻ ID3 không kèm âm thanh", "an ID3 tag with no audio after it";
    FoundUnknown => "dữ liệu không nhận ra được", "data of an unknown kind";
    ErrFileTooLarge => "Tệp lớn hơn {max} MB.", "The file is larger than {max} MB.";
    ErrMalformed => "Máy chủ không đọc được yêu cầu này: không có gì thay đổi. Hãy tải lại trang rồi thử lại.", "The server could not read this request: nothing was changed. Reload the page and try again.";
    ErrInvalidDraft => "Bản nháp không khớp với kịch bản đã tải: không có gì được lưu. Hãy tải lại trình dựng.", "The draft does not match the flow it was made from: nothing was saved. Reload the editor.";
    ErrUploadStalled => "Tệp gửi lên quá chậm nên đã bị dừng. Hãy thử lại.", "The file arrived too slowly and was stopped. Try again.";
    UsageGroupTimeout => "Nhóm “{name}” (khi không ai nghe)", "Ring group “{name}” (when nobody answers)";
    UsageMenuKey => "Kịch bản “{name}” (phím {key})", "IVR menu “{name}” (key {key})";
    UsageMenuFallback => "Kịch bản “{name}” (hướng dự phòng)", "IVR menu “{name}” (fallback)";
    UsageMenuGreeting => "Kịch bản “{name}” (lời chào)", "IVR menu “{name}” (greeting)";
    UsageMenuShortGreeting => "Kịch bản “{name}” (lời chào khi quay lại)", "IVR menu “{name}” (greeting on return)";
    UsageMenuInvalidSound => "Kịch bản “{name}” (âm báo phím sai)", "IVR menu “{name}” (wrong-key sound)";
    ProblemBadId => "Giá trị không hợp lệ.", "This value is not valid.";
    ProblemDuplicate => "Tên này đã được dùng cho “{other}”.", "This name is already used by “{other}”.";
    Search => "Tìm kiếm", "Search";
    ColActions => "Thao tác", "Actions";
    Confirm => "Xác nhận", "Confirm";
    Cancel => "Huỷ", "Cancel";
    Close => "Đóng", "Close";
    MoveUp => "Đưa {item} lên", "Move {item} up";
    MoveDown => "Đưa {item} xuống", "Move {item} down";
    RemoveItem => "Bỏ {item} khỏi danh sách", "Take {item} off the list";
    MovedTo => "{item} ở vị trí {position}", "{item} is now number {position}";
    Notifications => "Thông báo", "Notifications";
    NoMatch => "Không tìm thấy kết quả.", "Nothing found.";
    Loading => "Đang tải…", "Loading…";
    Retry => "Thử lại", "Try again";
    PageSize => "Số dòng mỗi trang", "Rows per page";
    Previous => "Trang trước", "Previous page";
    Next => "Trang sau", "Next page";
    Pagination => "Phân trang", "Pagination";
    NotSet => "Chưa có", "Not set";
    NotFound => "Không tìm thấy trang này.", "This page does not exist.";
}

/// `text` with each `{name}` replaced by its value: the one way placeholders are filled. One
/// pass over the text, writing each value where it goes: the editor names every port it draws
/// this way, and a pass (and two new strings) per value showed in its open.
pub fn fill(text: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 16 * values.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let given = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = values.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        match given {
            Some((close, value)) => {
                // Writing to a String does not fail.
                let _ = write!(out, "{value}");
                rest = &after[close + 1..];
            }
            // Not a placeholder it was given: kept as written.
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
    fn placeholders_are_filled_by_name() {
        let text = Text {
            vi: "Trang {page} / {pages}",
            en: "Page {page} of {pages}",
        };
        assert_eq!(
            fill(text.get(Lang::En), &[("page", &2), ("pages", &5)]),
            "Page 2 of 5"
        );
        assert_eq!(
            fill(text.get(Lang::Vi), &[("pages", &1)]),
            "Trang {page} / 1"
        );
    }

    #[test]
    fn a_placeholder_is_filled_wherever_it_is_and_a_value_is_not_filled_again() {
        assert_eq!(
            fill("{a} và {a}, {b", &[("a", &"{b}"), ("b", &"x")]),
            "{b} và {b}, {b"
        );
        assert_eq!(fill("{}{x}}", &[("x", &1)]), "{}1}");
        assert_eq!(fill("", &[("x", &1)]), "");
    }
}
