//! APDU round trips per second through the real pcscd: client (`pcsc` crate) → pcscd →
//! vpcd → TCP → the software card and back.

use std::fmt;
use std::time::{Duration, Instant};

use cccd_vcard::VirtualCard;

use crate::emulated::transmit;
use crate::{EmulatedCard, SupportError, VpcdSlot};

/// Round trips done before timing, to settle connections, caches and CPU frequency.
pub const DEFAULT_WARMUP: usize = 300;

/// Timing of `n` round trips.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Timed round trips.
    pub n: usize,
    /// Wall time for all of them.
    pub total: Duration,
    /// `n / total`.
    pub apdus_per_sec: f64,
    /// Latency percentiles of one round trip.
    pub min: Duration,
    /// Median latency.
    pub median: Duration,
    /// 90th percentile.
    pub p90: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest round trip.
    pub max: Duration,
    /// Responses whose status word was not `90 00` (a sanity check on the card).
    pub not_9000: usize,
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{n} APDUs in {total:.3?}: {rate:.0} APDU/s; latency min {min:.1?}, median \
             {median:.1?}, p90 {p90:.1?}, p99 {p99:.1?}, max {max:.1?}; non-9000 responses {bad}",
            n = self.n,
            total = self.total,
            rate = self.apdus_per_sec,
            min = self.min,
            median = self.median,
            p90 = self.p90,
            p99 = self.p99,
            max = self.max,
            bad = self.not_9000,
        )
    }
}

/// Serve `card` in a free vpcd slot and time `n` round trips cycling through `apdus`,
/// after [`DEFAULT_WARMUP`] untimed ones.
pub fn measure(card: impl VirtualCard + 'static, apdus: &[Vec<u8>], n: usize) -> Result<Stats, SupportError> {
    measure_with_warmup(card, apdus, n, DEFAULT_WARMUP)
}

/// [`measure`] with an explicit warm-up count.
pub fn measure_with_warmup(
    card: impl VirtualCard + 'static,
    apdus: &[Vec<u8>],
    n: usize,
    warmup: usize,
) -> Result<Stats, SupportError> {
    if apdus.is_empty() || n == 0 {
        return Ok(summarise(Vec::new(), Duration::ZERO, 0));
    }
    let emulated = EmulatedCard::start(card, VpcdSlot::acquire()?)?;
    let reader = emulated.connect()?;
    for command in apdus.iter().cycle().take(warmup) {
        transmit(&reader, command)?;
    }
    let mut latencies = Vec::with_capacity(n);
    let mut not_9000 = 0;
    let started = Instant::now();
    for command in apdus.iter().cycle().take(n) {
        let t = Instant::now();
        let response = transmit(&reader, command)?;
        latencies.push(t.elapsed());
        if response[response.len() - 2..] != [0x90, 0x00] {
            not_9000 += 1;
        }
    }
    let total = started.elapsed();
    drop(reader);
    drop(emulated);
    Ok(summarise(latencies, total, not_9000))
}

fn summarise(mut latencies: Vec<Duration>, total: Duration, not_9000: usize) -> Stats {
    latencies.sort_unstable();
    let pick = |q: f64| -> Duration {
        if latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((latencies.len() - 1) as f64 * q).round() as usize;
        latencies[i.min(latencies.len() - 1)]
    };
    let n = latencies.len();
    Stats {
        n,
        total,
        apdus_per_sec: if total.is_zero() { 0.0 } else { n as f64 / total.as_secs_f64() },
        min: pick(0.0),
        median: pick(0.5),
        p90: pick(0.9),
        p99: pick(0.99),
        max: pick(1.0),
        not_9000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_known_latencies() {
        let latencies = (1..=100).map(Duration::from_micros).collect();
        let stats = summarise(latencies, Duration::from_millis(10), 0);
        assert_eq!(stats.n, 100);
        assert_eq!(stats.min, Duration::from_micros(1));
        assert_eq!(stats.median, Duration::from_micros(51));
        assert_eq!(stats.p99, Duration::from_micros(99));
        assert_eq!(stats.max, Duration::from_micros(100));
        assert!((stats.apdus_per_sec - 10_000.0).abs() < 1e-6);
    }
}
