//! The IVR engine's findings in words. One arm per rule and no wildcard: a rule added to the
//! engine without its sentence does not compile.

use super::Text;
use crate::ivr::{End, Rule};

const fn text(vi: &'static str, en: &'static str) -> Text {
    Text { vi, en }
}

/// The sentence for `rule`; its `{placeholders}` are the finding's params.
pub fn rule_text(rule: Rule) -> Text {
    match rule {
        Rule::NameEmpty => text("Kịch bản cần có tên.", "The menu needs a name."),
        Rule::NameDuplicate => text(
            "Tên này trùng với kịch bản “{other}”.",
            "This name is already used by the menu “{other}”.",
        ),
        Rule::GreetingMissing => text("Hãy chọn lời chào.", "Choose a greeting."),
        Rule::SoundNotFound => text(
            "Không tìm thấy file ghi âm {id}.",
            "The recording {id} does not exist.",
        ),
        Rule::TimeOutRange => text(
            "Thời gian chờ bấm phím phải từ {min} đến {max} giây.",
            "The time to press a key must be from {min} to {max} seconds.",
        ),
        Rule::MaxFailureRange => text(
            "Số lần bấm sai phải từ {min} đến {max}.",
            "Wrong keys allowed must be from {min} to {max}.",
        ),
        Rule::KeyInvalid => text(
            "“{key}” không phải phím trên bàn phím (0-9, *, #).",
            "“{key}” is not a keypad key (0-9, *, #).",
        ),
        Rule::KeyDuplicate => text(
            "Phím {key} được cấu hình hai lần.",
            "Key {key} is configured twice.",
        ),
        Rule::KeyTargetKind => text(
            "Phím chỉ có thể chuyển tới nhóm nội bộ hoặc kịch bản bấm phím (không tới file ghi âm hay hộp thư thoại).",
            "A key can lead only to a ring group or a menu (not to a recording or voicemail).",
        ),
        Rule::TargetNotFound => text(
            "Đích {kind} {id} không còn tồn tại.",
            "The {kind} {id} it leads to no longer exists.",
        ),
        Rule::TargetIncomplete => text(
            "Hãy chọn cả loại đích và đích.",
            "Choose both the kind of target and the target.",
        ),
        Rule::TargetUnsupported => text(
            "Loại đích “{action_type}” được giữ nguyên nhưng không được kiểm tra.",
            "The target kind “{action_type}” is kept as it is but not checked.",
        ),
        Rule::NoPerson => text(
            "Người gọi từ kịch bản này không thể gặp được ai.",
            "Callers in this menu can never reach a person.",
        ),
        Rule::DeadEnd => text(
            "Không có phím và không có hướng xử lý dự phòng: cuộc gọi kết thúc sau lời chào.",
            "No keys and no fallback: the call ends after the greeting.",
        ),
        Rule::GroupNoMembers => text("Nhóm chưa có thành viên.", "The group has no members."),
        Rule::GroupTimesOutToItself => text(
            "Khi không ai nghe, nhóm lại chuyển cuộc gọi về chính nó: tổng đài không nhận điều này. Hãy chọn nơi khác.",
            "When nobody answers, the group passes the call back to itself: the call center refuses this. Choose somewhere else.",
        ),
        Rule::MemberTimeoutRange => text(
            "Thời gian đổ chuông {value} giây không hợp lệ: phải từ {min} đến {max} giây.",
            "A ringing time of {value} seconds is refused: it must be from {min} to {max} seconds.",
        ),
        Rule::MemberTimesDiffer => text(
            "Các thành viên đổ chuông trong thời gian khác nhau ({seconds} giây). Tổng đài chỉ nhận một thời gian cho cả nhóm: hãy chọn một thời gian trước khi lưu thay đổi của nhóm này.",
            "Members ring for different times ({seconds} seconds). The PBX takes one time for the whole group: choose one before saving changes to this group.",
        ),
        Rule::TooDeep => text(
            "Kịch bản nằm sâu {depth} cấp (tối đa nên là {max}).",
            "This menu is {depth} levels deep (at most {max} is advised).",
        ),
        Rule::SilentLoop => text(
            "Người gọi có thể bị quay vòng mà không bấm phím: {path}.",
            "Callers can go round in a loop without pressing a key: {path}.",
        ),
        Rule::GreetingNamesUnsetKey => text(
            "Lời chào nhắc bấm phím {key} nhưng phím này chưa được cấu hình.",
            "The greeting asks callers to press {key}, which is not configured.",
        ),
        Rule::GreetingOmitsKey => text(
            "Phím {key} đã cấu hình nhưng lời chào không nhắc tới.",
            "Key {key} is configured but the greeting never mentions it.",
        ),
    }
}

/// How a simulated call ended, in words; `{placeholders}` are the variant's fields.
pub fn end_text(end: &End) -> Text {
    match end {
        End::Answered { .. } => text("Nhóm {group} nghe máy.", "The group {group} answered."),
        End::RecordingPlayed { .. } => text(
            "Phát lời chào {recording} rồi kết thúc.",
            "The greeting {recording} played, then the call ended.",
        ),
        End::VoiceMail { .. } => text("Chuyển vào hộp thư thoại.", "The call went to voice mail."),
        End::NoFallback { .. } => text(
            "Kịch bản không có hướng dự phòng: cuộc gọi kết thúc.",
            "The menu has no fallback: the call ended.",
        ),
        End::NoOnTimeout { .. } => text(
            "Không ai nghe máy và nhóm {group} không chuyển tiếp: cuộc gọi kết thúc.",
            "Nobody answered and the group {group} passes the call nowhere: it ended.",
        ),
        End::CallerHungUp => text("Người gọi gác máy.", "The caller hung up."),
        End::Missing { .. } => text(
            "Cuộc gọi tới một đích không còn tồn tại.",
            "The call reached a target that no longer exists.",
        ),
        End::Unsupported { .. } => text(
            "Cuộc gọi tới một loại đích chưa được mô phỏng.",
            "The call reached a kind of target the simulation does not know.",
        ),
        End::StepLimit { .. } => text(
            "Dừng sau {steps} bước: có thể có vòng lặp.",
            "Stopped after {steps} steps: there may be a loop.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_rule_has_a_sentence_in_each_language() {
        for rule in Rule::ALL {
            let text = rule_text(*rule);
            assert!(!text.get(Lang::Vi).is_empty() && !text.get(Lang::En).is_empty());
            assert_ne!(
                text.get(Lang::Vi),
                text.get(Lang::En),
                "{rule:?} is not translated"
            );
        }
    }
}
