//! The activity log's sentences.

use crate::i18n::Text;
use crate::wire::activity::{Area, Kind};

messages! {
    /// A sentence of the activity page.
    ActivityMsg;
    Nav => "Nhật ký thay đổi", "Activity";
    Title => "Nhật ký thay đổi", "Activity log";
    Intro => "Mọi thay đổi bảng điều khiển gửi tới tổng đài, mới nhất trước. Tên người thực hiện là tên họ tự nhập khi đăng nhập.", "Every change the console sent to the call center, newest first. The person's name is the one they gave at login.";
    ChainHolds => "Nhật ký liền mạch: không bản ghi nào bị sửa hay xoá ngoài bảng điều khiển ({n} bản ghi đã kiểm; mỗi thay đổi có một bản ghi trước khi gửi và một sau).", "The log is unbroken: no record was edited or removed outside the console ({n} records checked; each change has one record before it is sent and one after).";
    ChainBroken => "Nhật ký đã bị sửa ngoài bảng điều khiển: bản ghi số {seq} không khớp với các bản ghi trước nó. Từ bản ghi đó trở đi, nhật ký không còn đáng tin.", "The log was edited outside the console: record {seq} does not match the records before it. From that record on, the log cannot be trusted.";
    FilterArea => "Khu vực", "Area";
    FilterPerson => "Người thực hiện", "Person";
    FilterObject => "Đối tượng (tên hoặc mã)", "Object (name or id)";
    FilterFrom => "Từ ngày", "From";
    FilterTo => "Đến ngày", "To";
    FilterHint => "Ngày tính theo giờ Việt Nam.", "Days are in Vietnam time.";
    All => "Tất cả", "All";
    Apply => "Lọc", "Filter";
    Clear => "Bỏ lọc", "Clear filters";
    ExportCsv => "Tải CSV", "Download CSV";
    ExportJsonl => "Tải JSON Lines", "Download JSON Lines";
    ExportHint => "Tải về các mục khớp bộ lọc (mọi trang).", "Downloads the entries the filter matches (every page).";
    ColWhen => "Thời điểm", "When";
    ColWho => "Người thực hiện", "Who";
    ColArea => "Khu vực", "Area";
    ColWhat => "Thay đổi", "Change";
    ColOutcome => "Kết quả", "Outcome";
    From => "từ {addr} · phiên {session}", "from {addr} · session {session}";
    NoEntries => "Chưa có thay đổi nào khớp bộ lọc.", "No change matches the filter.";
    PageOf => "Trang {page} / {pages} · {total} thay đổi", "Page {page} of {pages} · {total} changes";
    Details => "Trước và sau", "Before and after";
    DiffField => "Mục", "Field";
    DiffBefore => "Trước", "Before";
    DiffAfter => "Sau", "After";
    DiffNone => "Không có gì khác nhau để hiện.", "Nothing differs to show.";
    DiffMore => "… và {n} mục khác (có trong tệp tải về).", "… and {n} more fields (in the download).";
    Done => "✓ Đã thực hiện", "✓ Done";
    Refused => "✗ Bị từ chối: {message}", "✗ Refused: {message}";
    Unknown => "? Không rõ kết quả (không nhận được trả lời của tổng đài)", "? Outcome unknown (no answer came from the call center)";
    AreaExtensions => "Số nội bộ", "Extensions";
    AreaRingGroups => "Nhóm nội bộ", "Ring groups";
    AreaGreetings => "Lời chào", "Greetings";
    AreaMenus => "Kịch bản bấm phím", "IVR menus";
    KindCreate => "Tạo", "Created";
    KindUpdate => "Sửa", "Changed";
    KindDelete => "Xoá", "Deleted";
    KindEnable => "Bật", "Enabled";
    KindDisable => "Tắt", "Disabled";
    KindAssignHotline => "Gán hotline cho", "Assigned a hotline to";
    KindUpload => "Tải lên", "Uploaded";
    KindSpeak => "Tạo bằng giọng đọc", "Made by text-to-speech";
    KindOther => "Thay đổi", "Changed";
    KindChangedOutside => "Phát hiện thay đổi ngoài bảng điều khiển ở", "Noticed a change outside the console to";
    Outside => "Ngoài bảng điều khiển", "Outside the console";
    CsvWhen => "Thời điểm (giờ Việt Nam)", "When (Vietnam time)";
    CsvAddr => "Địa chỉ", "Address";
    CsvSession => "Phiên", "Session";
    CsvKind => "Thao tác", "Action";
    CsvObjectId => "Mã đối tượng", "Object id";
    CsvObjectName => "Tên đối tượng", "Object name";
    ObjectHistory => "Nhật ký thay đổi của mục này", "This item's activity";
    RowHistory => "Nhật ký", "Activity";
    RowHistoryNamed => "Nhật ký thay đổi của “{name}”", "Activity of “{name}”";
}

/// The words for a stored area; `None` for text that is no area (a row edited by hand).
pub fn area_text(area: &str) -> Option<Text> {
    Some(match Area::parse(area)? {
        Area::Extensions => ActivityMsg::AreaExtensions.into(),
        Area::RingGroups => ActivityMsg::AreaRingGroups.into(),
        Area::Greetings => ActivityMsg::AreaGreetings.into(),
        Area::Menus => ActivityMsg::AreaMenus.into(),
    })
}

/// The words for a stored kind of change; `None` for text that is no kind.
pub fn kind_text(kind: &str) -> Option<Text> {
    Some(match Kind::parse(kind)? {
        Kind::Create => ActivityMsg::KindCreate.into(),
        Kind::Update => ActivityMsg::KindUpdate.into(),
        Kind::Delete => ActivityMsg::KindDelete.into(),
        Kind::Enable => ActivityMsg::KindEnable.into(),
        Kind::Disable => ActivityMsg::KindDisable.into(),
        Kind::AssignHotline => ActivityMsg::KindAssignHotline.into(),
        Kind::Upload => ActivityMsg::KindUpload.into(),
        Kind::Speak => ActivityMsg::KindSpeak.into(),
        Kind::ChangedOutside => ActivityMsg::KindChangedOutside.into(),
    })
}
