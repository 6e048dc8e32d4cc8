//! Greetings ("lời chào"): the searchable list with a player per row, an mp3 upload with
//! preview and progress, text-to-speech, and delete once nothing plays the greeting.

mod delete;
mod list;
mod player;
mod tts;
mod upload;

use crate::i18n::{GreetingMsg, Text};
use omicall::Voice;

lazy_page!(GreetingsRoute => list::GreetingsPage);

/// The voices the vendor offers, in the order the form shows them.
const VOICES: [Voice; 3] = [Voice::BanMai, Voice::LeMinh, Voice::LanNhi];

fn voice_name(voice: &Voice) -> Text {
    match voice {
        Voice::BanMai => GreetingMsg::VoiceBanMai.into(),
        Voice::LeMinh => GreetingMsg::VoiceLeMinh.into(),
        Voice::LanNhi => GreetingMsg::VoiceLanNhi.into(),
        Voice::Other(_) => GreetingMsg::VoiceOther.into(),
    }
}

/// The vendor's words for each speed, -3 to 3.
fn speed_name(speed: i64) -> Text {
    match speed {
        i64::MIN..=-3 => GreetingMsg::SpeedMinus3.into(),
        -2 => GreetingMsg::SpeedMinus2.into(),
        -1 => GreetingMsg::SpeedMinus1.into(),
        0 => GreetingMsg::Speed0.into(),
        1 => GreetingMsg::Speed1.into(),
        2 => GreetingMsg::Speed2.into(),
        3..=i64::MAX => GreetingMsg::Speed3.into(),
    }
}

/// A duration as a clock reads it: `0:07`, `12:30`, `1:02:03`.
fn clock(ms: u64) -> String {
    let secs = (ms + 500) / 1000;
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn durations_read_like_a_clock() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(6_600), "0:07");
        assert_eq!(clock(750_000), "12:30");
        assert_eq!(clock(3_723_000), "1:02:03");
    }
}
