//! Taniguchi et al.'s counterexample as small multiples (math.md §6, paper 3, "Toy figure"):
//! one panel per β2 (PyTorch β2, Gould & Tanaka's β), θ against the step on a log axis, each
//! method's median as a line and its 25–75 % band as a shaded polygon. Pixel geometry only;
//! the app strokes and fills it.

use super::ticks;
use crate::format;
use crate::theory::adopt_toy::Band;

/// Margins of a panel, in pixels: room for the y labels on the left, the step labels and the
/// x axis's title below, and the title above.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 40.0;
/// The axes' titles: θ at the top of its axis, left of the panel's title; the step under the
/// step labels.
pub const Y_TITLE: &str = "θ";
pub const X_TITLE: &str = "step (log scale)";
/// Room a step label needs ("1000" at 14 px is about 32), so narrow panels label fewer decades.
const LABEL_W: f64 = 38.0;

/// One method's bands in one panel, in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesGeom {
    pub rgb: [u8; 3],
    /// The 75 % quantile left to right, then the 25 % right to left: a closed polygon.
    pub band: Vec<[f64; 2]>,
    pub median: Vec<[f64; 2]>,
}

/// One panel: its plot rectangle, ticks and series.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub title: String,
    /// x0, y0, x1, y1 of the plot area.
    pub plot: [f64; 4],
    /// Pixel x and label of each step tick (whole decades).
    pub x_ticks: Vec<(f64, String)>,
    /// Pixel y and label of each θ tick.
    pub y_ticks: Vec<(f64, String)>,
    /// Where the axes' titles are written: the x title centred on its point, the y title
    /// starting at its point (baselines).
    pub x_title: [f64; 2],
    pub y_title: [f64; 2],
    pub series: Vec<SeriesGeom>,
}

/// The height of a panel `width` pixels wide: 3:5, but never so low that the plot between
/// its title and step labels vanishes, nor taller than 180.
pub fn panel_height(width: f64) -> f64 {
    (width * 0.6).clamp(130.0, 180.0)
}

/// Panels of `width` × `height` pixels laid out in `cols` columns: the cell of panel i.
pub fn cell(i: usize, cols: usize, width: f64, height: f64) -> [f64; 4] {
    let cols = cols.max(1);
    let (c, r) = ((i % cols) as f64, (i / cols) as f64);
    [c * width, r * height, (c + 1.0) * width, (r + 1.0) * height]
}

/// Where θ ∈ [−1, 1] and log10(step) ∈ [0, log10(steps)] land in the plot.
struct Map {
    plot: [f64; 4],
    decades: f64,
}

impl Map {
    fn x(&self, step: u64) -> f64 {
        let [x0, _, x1, _] = self.plot;
        let t = (step.max(1) as f64).log10() / self.decades;
        x0 + t.clamp(0.0, 1.0) * (x1 - x0)
    }

    fn y(&self, theta: f64) -> f64 {
        let [_, y0, _, y1] = self.plot;
        let t = (theta.clamp(-1.0, 1.0) + 1.0) / 2.0;
        y1 - t * (y1 - y0)
    }
}

/// A panel in the cell `at` for steps 1..=`steps`, with `series` (colour, bands logged so
/// far). Step 0 has no place on a log axis and is left out.
pub fn panel(at: [f64; 4], title: String, steps: u64, series: &[([u8; 3], &[Band])]) -> Panel {
    let plot = [at[0] + LEFT, at[1] + TOP, at[2] - RIGHT, at[3] - BOTTOM];
    let map = Map {
        plot,
        decades: (steps.max(10) as f64).log10(),
    };
    let fit = ((plot[2] - plot[0]) / LABEL_W).floor().clamp(2.0, 6.0) as usize;
    let x_ticks = ticks::linear(0.0, map.decades, fit, 1.0)
        .into_iter()
        .map(|d| {
            (
                map.x(10f64.powf(d).round() as u64),
                format::short(10f64.powf(d)),
            )
        })
        .collect();
    let y_ticks = [-1.0, -0.5, 0.0, 0.5, 1.0]
        .into_iter()
        .map(|t| (map.y(t), format::plain(t)))
        .collect();
    let series = series
        .iter()
        .map(|(rgb, bands)| {
            let shown: Vec<&Band> = bands.iter().filter(|b| b.step >= 1).collect();
            let upper = shown.iter().map(|b| [map.x(b.step), map.y(b.q75)]);
            let lower = shown.iter().rev().map(|b| [map.x(b.step), map.y(b.q25)]);
            SeriesGeom {
                rgb: *rgb,
                band: upper.chain(lower).collect(),
                median: shown
                    .iter()
                    .map(|b| [map.x(b.step), map.y(b.median)])
                    .collect(),
            }
        })
        .collect();
    Panel {
        title,
        plot,
        x_ticks,
        y_ticks,
        x_title: [(plot[0] + plot[2]) / 2.0, plot[3] + 33.0],
        y_title: [at[0] + 8.0, plot[1] - 8.0],
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(step: u64, q25: f64, median: f64, q75: f64) -> Band {
        Band {
            step,
            q25,
            median,
            q75,
        }
    }

    #[test]
    fn medians_sit_inside_their_bands_on_a_log_step_axis() {
        let bands = [
            band(0, 0.0, 0.0, 0.0),
            band(1, -0.1, 0.0, 0.1),
            band(10, 0.2, 0.4, 0.6),
            band(1000, -1.0, -0.9, -0.5),
        ];
        let p = panel(
            cell(1, 2, 400.0, 200.0),
            "β2 = 0.5".into(),
            1000,
            &[([255, 0, 0], &bands)],
        );
        assert_eq!(p.plot, [444.0, 24.0, 790.0, 160.0]);
        let s = &p.series[0];
        // Step 0 is left out; 1, 10 and 1000 sit at 0, 1/3 and 1 of the width.
        assert_eq!(s.median.len(), 3);
        let w = p.plot[2] - p.plot[0];
        for (m, t) in s.median.iter().zip([0.0, 1.0 / 3.0, 1.0]) {
            assert!((m[0] - (p.plot[0] + t * w)).abs() < 1e-9, "{m:?}");
        }
        // θ = 1 is the top, −1 the bottom; y grows downwards, so q75 is above the median.
        assert_eq!(p.y_ticks[0], (160.0, "-1".to_string()));
        assert_eq!(p.y_ticks[4].0, 24.0);
        assert_eq!(s.band.len(), 6);
        for (i, m) in s.median.iter().enumerate() {
            let (up, down) = (s.band[i][1], s.band[5 - i][1]);
            assert!(up <= m[1] && m[1] <= down, "{up} {} {down}", m[1]);
        }
        let labels: Vec<&str> = p.x_ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, ["1", "10", "100", "1000"]);
    }

    #[test]
    fn a_narrow_panel_labels_fewer_decades_without_overlap() {
        let labels = |width: f64| {
            let p = panel(cell(0, 1, width, 180.0), String::new(), 100_000, &[]);
            p.x_ticks
        };
        assert_eq!(labels(600.0).len(), 6);
        for width in [170.0, 250.0, 600.0] {
            let t = labels(width);
            assert!(t.len() >= 2, "{width}: {t:?}");
            assert!(
                t.windows(2).all(|w| w[1].0 - w[0].0 >= LABEL_W),
                "{width}: {t:?}"
            );
        }
    }

    #[test]
    fn the_axes_titles_sit_in_their_cell_clear_of_the_labels_and_the_title() {
        for (width, height) in [(170.0, 130.0), (300.0, 180.0), (600.0, 180.0)] {
            let at = cell(3, 2, width, height);
            let p = panel(at, "β2 = 0.999".into(), 100_000, &[]);
            let [x0, y0, _, y1] = p.plot;
            // 14 px text: the x title's line is below the step labels' (baseline y1 + 16).
            assert!(
                p.x_title[1] - (y1 + 16.0) >= 14.0,
                "{width}: {:?}",
                p.x_title
            );
            assert!(p.x_title[1] <= at[3], "{width}: {:?} in {at:?}", p.x_title);
            // θ is left of where the panel's title starts (x0), above the top tick's label.
            assert!(
                p.y_title[0] >= at[0] && p.y_title[0] + 12.0 <= x0,
                "{width}"
            );
            assert!(
                p.y_title[1] <= y0 - 6.0 && p.y_title[1] - 14.0 >= at[1],
                "{width}"
            );
        }
    }

    #[test]
    fn cells_tile_the_canvas() {
        assert_eq!(cell(0, 2, 10.0, 5.0), [0.0, 0.0, 10.0, 5.0]);
        assert_eq!(cell(3, 2, 10.0, 5.0), [10.0, 5.0, 20.0, 10.0]);
        assert_eq!(cell(2, 0, 10.0, 5.0), [0.0, 10.0, 10.0, 15.0]);
        assert_eq!(panel_height(250.0), 150.0);
        assert_eq!(panel_height(100.0), 130.0);
        assert_eq!(panel_height(420.0), 180.0);
    }
}
