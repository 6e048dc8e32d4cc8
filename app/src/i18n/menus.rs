//! The IVR area's sentences: the menu list and the editor.

messages! {
    /// A sentence of the IVR pages.
    MenuMsg;
    Nav => "Kịch bản", "IVR menus";
    Title => "Kịch bản bấm phím", "IVR menus";
    SearchPlaceholder => "Tên hoặc số kịch bản", "Menu name or number";
    OpenFlow => "Mở trình dựng kịch bản", "Open the flow editor";
    OpenInEditor => "Mở {name} trong trình dựng", "Open {name} in the editor";
    ColName => "Tên", "Name";
    ColKeys => "Phím", "Keys";
    ColGreeting => "Lời chào", "Greeting";
    ColTimeOut => "Chờ bấm phím", "Waits for a key";
    ColMaxFailure => "Số lần bấm sai", "Wrong keys allowed";
    ColLastUpdated => "Cập nhật", "Updated";
    ColActions => "Thao tác", "Actions";
    NoKeys => "Chưa có phím", "No keys";
    KeyUnset => "chưa cấu hình", "not configured";
    Fallback => "không bấm / bấm sai", "no key / wrong keys";
    Seconds => "{n} giây", "{n} s";
    Delete => "Xoá", "Delete";
    DeleteNamed => "Xoá {name}", "Delete {name}";
    NoMenus => "Không có kịch bản nào khớp với tìm kiếm.", "No menu matches the search.";
    PageOf => "Trang {page} / {pages} · {total} kịch bản", "Page {page} of {pages} · {total} menus";
    InUse => "Chưa xoá được “{name}”: kịch bản đang được dùng ở những nơi dưới đây. Hãy đổi chúng trước.", "“{name}” was not deleted: it is used in the places below. Change them first.";
    ConfirmDeleteTitle => "Xoá kịch bản “{name}”?", "Delete the menu “{name}”?";
    ConfirmDeleteBody => "Kịch bản và các phím của nó sẽ bị xoá khỏi tổng đài. Không thể hoàn tác.", "The menu and its keys are deleted from the call center. This cannot be undone.";
    Deleted => "Đã xoá kịch bản “{name}”.", "Deleted the menu “{name}”.";
    KindGroup => "nhóm", "group";
    KindMenu => "kịch bản", "menu";
    KindRecording => "lời chào", "recording";
    KindVoiceMail => "hộp thư thoại", "voicemail";
    KindOther => "đích khác", "other target";
}
