//! Local date-times without a date crate: the browser's UTC offset is all that is needed, and the
//! civil-date arithmetic is a dozen lines (Howard Hinnant's `civil_from_days`).

use leptos::prelude::*;

/// Vietnam's offset, used until the browser tells its own (and during server rendering).
pub const DEFAULT_OFFSET_MINUTES: i32 = 7 * 60;

/// `dd/mm/yyyy hh:mm` for `millis` since the epoch at `offset_minutes` east of UTC.
pub fn format(millis: i64, offset_minutes: i32) -> String {
    let secs = millis.div_euclid(1000) + i64::from(offset_minutes) * 60;
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{d:02}/{m:02}/{y:04} {:02}:{:02}",
        of_day / 3600,
        (of_day % 3600) / 60
    )
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The offset to show times in: Vietnam's while hydrating (so server and browser render the same
/// text), then the browser's own.
pub fn use_offset() -> ReadSignal<i32> {
    let (offset, set_offset) = signal(DEFAULT_OFFSET_MINUTES);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        set_offset.set(-(js_sys::Date::new_0().get_timezone_offset() as i32));
        #[cfg(not(feature = "hydrate"))]
        let _ = set_offset;
    });
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_example_time_reads_in_vietnam_time() {
        // 1575269373331 ms = 2019-12-02 06:49:33 UTC.
        assert_eq!(format(1_575_269_373_331, 0), "02/12/2019 06:49");
        assert_eq!(format(1_575_269_373_331, 420), "02/12/2019 13:49");
        assert_eq!(format(0, -60), "31/12/1969 23:00");
        assert_eq!(format(951_782_400_000, 0), "29/02/2000 00:00");
    }
}
