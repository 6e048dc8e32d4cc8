//! The flow's History: versions, their differences, restoring one, changes made outside.

use crate::i18n::{fill, Lang};
use crate::ivr::version::Summary;
use crate::ivr::Field;

messages! {
    /// A sentence of the editor's History panel.
    HistoryMsg;
    Open => "Lịch sử", "History";
    Title => "Lịch sử phiên bản", "Version history";
    Intro => "Mỗi lần lưu (và mỗi thay đổi ngoài bảng điều khiển) là một phiên bản. Chọn một phiên bản để thấy khác biệt trên sơ đồ.", "Each save (and each change made outside the console) is a version. Choose one to see the difference on the diagram.";
    Empty => "Chưa có phiên bản nào.", "No version yet.";
    Number => "Phiên bản {n}", "Version {n}";
    ByConsole => "{person}", "{person}";
    FirstSeen => "Lần đầu bảng điều khiển đọc luồng", "First read by the console";
    Outside => "Thay đổi ngoài bảng điều khiển", "Changed outside the console";
    Restored => "{person}, khôi phục từ phiên bản {from}", "{person}, restored from version {from}";
    NothingChanged => "Không có gì khác", "Nothing differs";
    MenuAdded => "1 kịch bản được thêm", "1 menu added";
    MenusAdded => "{n} kịch bản được thêm", "{n} menus added";
    MenuRemoved => "1 kịch bản bị xoá", "1 menu removed";
    MenuChanged => "1 kịch bản được sửa", "1 menu changed";
    KeyChanged => "1 phím được đổi", "1 key changed";
    GroupAdded => "1 nhóm được thêm", "1 ring group added";
    GroupRemoved => "1 nhóm bị xoá", "1 ring group removed";
    GroupChanged => "1 nhóm được sửa", "1 ring group changed";
    MenusRemoved => "{n} kịch bản bị xoá", "{n} menus removed";
    MenusChanged => "{n} kịch bản được sửa", "{n} menus changed";
    KeysChanged => "{n} phím được đổi", "{n} keys changed";
    GroupsAdded => "{n} nhóm được thêm", "{n} ring groups added";
    GroupsRemoved => "{n} nhóm bị xoá", "{n} ring groups removed";
    GroupsChanged => "{n} nhóm được sửa", "{n} ring groups changed";
    Compare => "So với hiện tại", "Compare with now";
    Comparing => "Đang so sánh", "Comparing";
    Older => "Cũ hơn", "Older";
    Newer => "Mới hơn", "Newer";
    DiffTitle => "Từ phiên bản {n} đến hiện tại", "From version {n} to now";
    DiffTwoTitle => "Từ phiên bản {a} đến phiên bản {b}", "From version {a} to version {b}";
    NoDifference => "Luồng hiện tại giống hệt phiên bản này.", "The flow now is the same as this version.";
    StopComparing => "Bỏ so sánh", "Stop comparing";
    CompareTwo => "So sánh hai phiên bản", "Compare two versions";
    From => "Từ", "From";
    To => "Đến", "To";
    Show => "So sánh", "Compare";
    Added => "＋ Thêm", "＋ Added";
    Removed => "− Xoá", "− Removed";
    Changed => "✎ Sửa", "✎ Changed";
    Menu => "kịch bản “{name}”", "menu “{name}”";
    Group => "nhóm “{name}”", "ring group “{name}”";
    Greeting => "lời chào “{name}”", "greeting “{name}”";
    NotOnDiagram => "(không có trên sơ đồ; khôi phục sẽ tạo lại)", "(not on the diagram; a restore makes it again)";
    FieldName => "tên", "name";
    FieldGreeting => "lời chào", "greeting";
    FieldShortGreeting => "lời chào khi quay lại", "greeting on return";
    FieldInvalidSound => "âm báo bấm sai", "wrong-key sound";
    FieldTimeOut => "thời gian chờ bấm phím", "time to wait for a key";
    FieldMaxFailure => "số lần bấm sai", "wrong keys allowed";
    FieldKey => "phím {key}", "key {key}";
    FieldFallback => "khi không bấm hoặc bấm sai", "no key or wrong keys";
    FieldEntry => "điểm bắt đầu", "where callers start";
    FieldStrategy => "cách đổ chuông", "ringing order";
    FieldMemberTimeout => "thời gian đổ chuông", "ringing time";
    FieldMembers => "thành viên", "members";
    FieldOnTimeout => "khi không ai nghe máy", "when nobody answers";
    TagAdded => "＋ mới", "＋ new";
    TagChanged => "✎ đã đổi", "✎ changed";
    Restore => "Khôi phục phiên bản này", "Restore this version";
    RestoreUnsaved => "Hãy lưu hoặc hoàn tác các thay đổi chưa lưu trước khi khôi phục một phiên bản.", "Save or undo your unsaved changes before restoring a version.";
    RestoreNothing => "Luồng hiện tại đã giống phiên bản này: không có gì để khôi phục.", "The flow is already this version: there is nothing to restore.";
    RestoreNote => "Khôi phục phiên bản {n}: các thay đổi dưới đây đưa luồng về như phiên bản đó.", "Restoring version {n}: the changes below bring the flow back to that version.";
    LostGreeting => "Kịch bản “{menu}” không phát lại được {field} “{greeting}” vì lời chào đã bị xoá: sẽ phát {instead}.", "The menu “{menu}” cannot play its {field} “{greeting}” again, as the greeting was deleted: it will play {instead}.";
    LostNothing => "không gì", "nothing";
    LostKey => "Phím {key} của “{menu}” dẫn tới lời chào đã bị xoá: giữ như hiện tại.", "Key {key} of “{menu}” led to a greeting since deleted: it stays as it is now.";
    UnrestorableKey => "Phím “{key}” của “{menu}” không có trên bàn phím và không đặt lại được.", "The key “{key}” of “{menu}” is not on the keypad and cannot be set again.";
    UnrestorableMember => "Thành viên “{member}” của nhóm không còn số nội bộ và không thêm lại được.", "The member “{member}” has no extension any more and cannot be added again.";
    Drift => "Luồng đã bị thay đổi ngoài bảng điều khiển ({summary}). Phát hiện lúc {at}; bảng điều khiển thấy luồng như trước lần cuối lúc {since}.", "The flow was changed outside the console ({summary}). Noticed at {at}; the console last saw it as before at {since}.";
    ShowDrift => "Xem khác biệt", "Show the difference";
}

/// One line for a version's difference from the one before, such as "2 keys changed, 1 ring
/// group added".
pub fn summary_text(summary: &Summary, lang: Lang) -> String {
    let parts: Vec<String> = [
        (
            summary.menus_added,
            HistoryMsg::MenuAdded,
            HistoryMsg::MenusAdded,
        ),
        (
            summary.menus_removed,
            HistoryMsg::MenuRemoved,
            HistoryMsg::MenusRemoved,
        ),
        (
            summary.menus_changed,
            HistoryMsg::MenuChanged,
            HistoryMsg::MenusChanged,
        ),
        (
            summary.keys_changed,
            HistoryMsg::KeyChanged,
            HistoryMsg::KeysChanged,
        ),
        (
            summary.groups_added,
            HistoryMsg::GroupAdded,
            HistoryMsg::GroupsAdded,
        ),
        (
            summary.groups_removed,
            HistoryMsg::GroupRemoved,
            HistoryMsg::GroupsRemoved,
        ),
        (
            summary.groups_changed,
            HistoryMsg::GroupChanged,
            HistoryMsg::GroupsChanged,
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| match n {
        1 => one.text(lang).to_owned(),
        n => fill(many.text(lang), &[("n", &n)]),
    })
    .collect();
    if parts.is_empty() {
        HistoryMsg::NothingChanged.text(lang).to_owned()
    } else {
        parts.join(", ")
    }
}

/// What a field of a menu or group is called.
pub fn field_text(field: &Field, lang: Lang) -> String {
    let msg = match field {
        Field::Node => HistoryMsg::FieldEntry,
        Field::Name => HistoryMsg::FieldName,
        Field::Greeting => HistoryMsg::FieldGreeting,
        Field::ShortGreeting => HistoryMsg::FieldShortGreeting,
        Field::InvalidSound => HistoryMsg::FieldInvalidSound,
        Field::TimeOut => HistoryMsg::FieldTimeOut,
        Field::MaxFailure => HistoryMsg::FieldMaxFailure,
        Field::Key(key) => return fill(HistoryMsg::FieldKey.text(lang), &[("key", key)]),
        Field::Fallback => HistoryMsg::FieldFallback,
        Field::Strategy => HistoryMsg::FieldStrategy,
        Field::MemberTimeout => HistoryMsg::FieldMemberTimeout,
        Field::Members => HistoryMsg::FieldMembers,
        Field::OnTimeout => HistoryMsg::FieldOnTimeout,
    };
    msg.text(lang).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_as_one_line_naming_only_what_changed() {
        let summary = Summary {
            keys_changed: 2,
            groups_added: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_text(&summary, Lang::En),
            "2 keys changed, 1 ring group added"
        );
        assert_eq!(
            summary_text(&Summary::default(), Lang::Vi),
            "Không có gì khác"
        );
    }
}
