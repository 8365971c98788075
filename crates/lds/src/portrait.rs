//! A synthetic portrait for test cards and emulator profiles: a real baseline JPEG of a drawn head-and-shoulders
//! silhouette on a plain background, the same bytes for the same seed (no real person, no image files shipped).

use jpeg_encoder::{ColorType, Encoder};

use crate::LdsError;

/// SplitMix64: a tiny deterministic generator, enough to vary colours and proportions by seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `lo..=hi`.
    fn range(&mut self, lo: u8, hi: u8) -> u8 {
        let span = u64::from(hi.saturating_sub(lo)) + 1;
        lo.saturating_add(u8::try_from(self.next() % span).unwrap_or(0))
    }

    /// A fraction in `lo..hi`.
    fn frac(&mut self, lo: f32, hi: f32) -> f32 {
        let unit = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        lo + (hi - lo) * unit
    }
}

/// Inside the ellipse centred at (cx, cy) with radii (rx, ry)?
fn in_ellipse(x: f32, y: f32, cx: f32, cy: f32, rx: f32, ry: f32) -> bool {
    let (dx, dy) = ((x - cx) / rx, (y - cy) / ry);
    dx * dx + dy * dy <= 1.0
}

/// A `width` × `height` baseline JPEG (quality 85, 4:2:0) of a face silhouette, deterministic from `seed`.
///
/// # Errors
/// [`LdsError::Invalid`] for a zero dimension (the encoder's only failure for in-memory output).
pub fn synthetic_portrait(seed: u64, width: u16, height: u16) -> Result<Vec<u8>, LdsError> {
    let mut rng = Rng(seed);
    let background = [rng.range(200, 240), rng.range(210, 245), rng.range(220, 255)];
    let skin = [rng.range(170, 235), rng.range(120, 180), rng.range(90, 140)];
    let hair = [rng.range(10, 60), rng.range(10, 45), rng.range(5, 35)];
    let cloth = [rng.range(20, 120), rng.range(20, 120), rng.range(40, 160)];
    let (w, h) = (f32::from(width), f32::from(height));
    let (cx, cy) = (w * rng.frac(0.47, 0.53), h * rng.frac(0.40, 0.45));
    let (rx, ry) = (w * rng.frac(0.20, 0.25), h * rng.frac(0.22, 0.26));
    let eye_y = cy - ry * 0.15;
    let eye_dx = rx * 0.42;
    let eye_r = rx * 0.1;
    let mouth_y = cy + ry * 0.5;

    let mut pixels = Vec::with_capacity(usize::from(width) * usize::from(height) * 3);
    for py in 0..height {
        for px in 0..width {
            let (x, y) = (f32::from(px) + 0.5, f32::from(py) + 0.5);
            let colour = if in_ellipse(x, y, cx, h * 1.05, w * 0.48, h * 0.3) {
                cloth
            } else if in_ellipse(x, y, cx, cy, rx, ry) {
                let eye = in_ellipse(x, y, cx - eye_dx, eye_y, eye_r, eye_r * 0.6)
                    || in_ellipse(x, y, cx + eye_dx, eye_y, eye_r, eye_r * 0.6);
                let mouth = in_ellipse(x, y, cx, mouth_y, rx * 0.35, ry * 0.06);
                if eye {
                    [30, 30, 30]
                } else if mouth {
                    [150, 60, 60]
                } else {
                    skin
                }
            } else if in_ellipse(x, y, cx, cy - ry * 0.25, rx * 1.12, ry * 0.95) {
                hair
            } else if in_ellipse(x, y, cx, cy + ry * 1.1, rx * 0.45, ry * 0.4) {
                skin
            } else {
                background
            };
            pixels.extend_from_slice(&colour);
        }
    }
    let mut out = Vec::new();
    Encoder::new(&mut out, 85)
        .encode(&pixels, width, height, ColorType::Rgb)
        .map_err(|e| LdsError::invalid("DG2", "portrait", e.to_string()))?;
    Ok(out)
}

/// Width and height from a JPEG's first start-of-frame segment (SOF0–SOF15 except DHT/JPG/DAC), or `None` when
/// `data` is not a JPEG (no SOI) or has no frame header before the scan.
pub fn jpeg_dimensions(data: &[u8]) -> Option<(u16, u16)> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    loop {
        if *data.get(i)? != 0xFF {
            return None;
        }
        let marker = *data.get(i + 1)?;
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(i + 2)?, *data.get(i + 3)?]));
        let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let h = u16::from_be_bytes([*data.get(i + 5)?, *data.get(i + 6)?]);
            let w = u16::from_be_bytes([*data.get(i + 7)?, *data.get(i + 8)?]);
            return Some((w, h));
        }
        if marker == 0xDA || len < 2 {
            return None;
        }
        i += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_baseline_jpeg_deterministic_from_the_seed() {
        let a = synthetic_portrait(42, 240, 320).unwrap();
        assert_eq!(&a[..2], [0xFF, 0xD8], "SOI");
        assert_eq!(&a[a.len() - 2..], [0xFF, 0xD9], "EOI");
        assert_eq!(jpeg_dimensions(&a), Some((240, 320)));
        // Baseline: the frame header is SOF0 (FFC0) with 8-bit precision and 3 components.
        let sof = a.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        assert_eq!((a[sof + 4], a[sof + 9]), (8, 3));
        assert!(!a.windows(2).any(|w| w == [0xFF, 0xC2]), "not progressive");
        assert_eq!(synthetic_portrait(42, 240, 320).unwrap(), a);
        assert_ne!(synthetic_portrait(43, 240, 320).unwrap(), a);
        assert!(a.len() < 20_000, "{} bytes: small enough for a chip", a.len());
        assert!(synthetic_portrait(1, 0, 10).is_err());
        assert_eq!(jpeg_dimensions(b"not a jpeg"), None);
        assert_eq!(jpeg_dimensions(&a[..20]), None);
    }
}
