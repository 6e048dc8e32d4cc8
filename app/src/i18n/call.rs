//! The caller panel's sentences: a simulated call in words.

messages! {
    /// A sentence of the editor's caller panel.
    CallMsg;
    Title => "Gọi thử", "Test call";
    Entry => "Cuộc gọi vào kịch bản", "The call enters";
    NoMenu => "Chưa có kịch bản nào để gọi thử.", "There is no menu to call yet.";
    Keypad => "Bàn phím", "Keypad";
    Wait => "Chờ (không bấm, không ai nghe)", "Wait (no key, nobody answers)";
    HangUp => "Gác máy", "Hang up";
    Restart => "Gọi lại từ đầu", "Call again";
    Steps => "Diễn biến cuộc gọi", "What the caller goes through";
    Enter => "Vào kịch bản {name}", "Enters the menu {name}";
    HearGreeting => "Nghe lời chào: {what}", "Hears the greeting: {what}";
    HearShort => "Nghe lời chào khi quay lại: {what}", "Hears the greeting on return: {what}";
    HearInvalid => "Nghe âm báo bấm sai: {what}", "Hears the wrong-key sound: {what}";
    HearRecording => "Nghe: {what}", "Hears: {what}";
    Press => "Bấm phím {key} → {target}", "Presses {key} → {target}";
    WrongKey => "Bấm phím {key}: phím chưa cấu hình (sai {n}/{max})", "Presses {key}: not configured (wrong key {n} of {max})";
    NoInput => "Không bấm phím trong {n} giây", "No key for {n} seconds";
    FallbackNoInput => "Không bấm phím → {target}", "No key → {target}";
    FallbackWrong => "Bấm sai {max} lần → {target}", "{max} wrong keys → {target}";
    Ring => "Nhóm {name} đổ chuông ({strategy}): {members}; tối đa {n} giây", "The group {name} rings ({strategy}): {members}; at most {n} s";
    NoAnswer => "Không ai nghe máy → {target}", "Nobody answers → {target}";
    Waiting => "Người gọi đang ở kịch bản {name}, chờ bấm phím.", "The caller is in the menu {name}, waiting for a key.";
    Disconnected => "Cuộc gọi bị ngắt sau {max} lần bấm sai: kịch bản {name} không có hướng dự phòng.", "Disconnected after {max} wrong keys: the menu {name} has no fallback.";
    AnsweredHint => "Bấm “Chờ” để thử khi không ai nghe máy.", "Press “Wait” to try nobody answering.";
    Ringing => "Đổ chuông lâu nhất trên đường đi: {n} giây", "Longest ringing on this path: {n} seconds";
    TooLong => "Người gọi có thể phải chờ đổ chuông {n} giây, quá ngưỡng {max} giây.", "Callers may wait through {n} seconds of ringing, over the {max}-second threshold.";
    Threshold => "Cảnh báo khi đổ chuông quá (giây)", "Warn when ringing exceeds (seconds)";
    ThresholdInvalid => "Nhập số giây từ 1 đến 3600.", "Enter a number of seconds from 1 to 3600.";
    EveryKey => "Thử mọi phím", "Test every key";
    ColPress => "Người gọi", "Caller";
    ColEnds => "Kết thúc", "Ends";
    ColRinging => "Đổ chuông tối đa", "Longest ringing";
    PressKey => "Phím {key}", "Key {key}";
    PressWrong => "Phím {key} (chưa cấu hình) × {n}", "Key {key} (not configured) × {n}";
    PressNone => "Không bấm", "No key";
    ShowPath => "Xem đường đi", "Show the path";
    Seconds => "{n} giây", "{n} s";
}
