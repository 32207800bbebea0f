//! A perceptually uniform colormap (viridis anchor colours, linearly interpolated).

const ANCHORS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
];

/// Colour of t in [0, 1] (clamped; NaN maps to 0).
pub fn viridis(t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (ANCHORS.len() - 1) as f64;
    let i = (x.floor() as usize).min(ANCHORS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    std::array::from_fn(|c| (a[c] as f64 + f * (b[c] as f64 - a[c] as f64)).round() as u8)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ends_and_monotone_brightness() {
        assert_eq!(super::viridis(0.0), [68, 1, 84]);
        assert_eq!(super::viridis(1.0), [253, 231, 37]);
        let lum = |c: [u8; 3]| 0.3 * c[0] as f64 + 0.59 * c[1] as f64 + 0.11 * c[2] as f64;
        for i in 0..100 {
            assert!(
                lum(super::viridis(i as f64 / 100.0))
                    <= lum(super::viridis((i + 1) as f64 / 100.0)) + 1.0
            );
        }
    }
}
