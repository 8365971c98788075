//! Calendar dates and `SystemTime`, for validity checks at a chosen moment.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cccd_lds::Date;

/// Days from 1970-01-01 to `d` (proleptic Gregorian; Howard Hinnant's civil-from-days inverse).
fn days_from_civil(d: Date) -> i64 {
    let (y, m, day) = (i64::from(d.year()), i64::from(d.month()), i64::from(d.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Midnight UTC at the start of `d`.
pub fn date_to_system_time(d: Date) -> SystemTime {
    let days = days_from_civil(d);
    let secs = Duration::from_secs(days.unsigned_abs() * 86_400);
    if days >= 0 { UNIX_EPOCH + secs } else { UNIX_EPOCH - secs }
}

/// The UTC calendar day of `t`; `None` outside the years dates support (1800–2399).
pub fn system_time_to_date(t: SystemTime) -> Option<Date> {
    let days = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() / 86_400) as i64,
        Err(e) => -((e.duration().as_secs() / 86_400) as i64) - 1,
    };
    // civil_from_days
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(u16::try_from(y).ok()?, m as u8, d as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        let d: Date = "2014-12-11".parse().unwrap();
        assert_eq!(system_time_to_date(date_to_system_time(d)), Some(d));
        assert_eq!(date_to_system_time("1970-01-02".parse().unwrap()), UNIX_EPOCH + Duration::from_secs(86_400));
        let leap: Date = "2024-02-29".parse().unwrap();
        assert_eq!(system_time_to_date(date_to_system_time(leap) + Duration::from_secs(3600)), Some(leap));
    }
}
