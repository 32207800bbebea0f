//! Gould & Tanaka's Figure 2b on the measured map: along a segment drawn on the (β, γ)
//! diagram, the growth of ln‖u‖∞ each measured cell shows beside the paper's rate |C|/2 and
//! the exact rate of the rule's recurrence (DERIVED), as a chart `chart_draw` can draw.

use super::chart::{Chart, Line, Titles};
use super::map::cell_at;
use super::phase::{decay_at, paper_applies, X0, X1, Y0, Y1};
use crate::optim::{Hyper, Optimizer};
use crate::sweep::{Cell, Grid};
use crate::theory::verdict::factor_at;
use crate::theory::{paper_growth_rate, stability_margin};

/// Points along the segment; the chart's x axis runs from 0 to this, less one.
pub const SAMPLES: usize = 101;
/// The lines' colours: the measured cells, the paper's curve, the exact one (as the diagram
/// draws its curves).
pub const MEASURED_RGB: [u8; 3] = [0x56, 0xb4, 0xe9];
pub const PAPER_RGB: [u8; 3] = [0xf2, 0xf4, 0xf7];
pub const EXACT_RGB: [u8; 3] = [0xff, 0xb0, 0x00];

/// One point of the segment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub beta: f64,
    pub gamma: f64,
    /// The growth the nearest cell measured; None where no cell has arrived or it had too
    /// few steps.
    pub measured: Option<f64>,
    /// |C|/2 where C < 0, 0 where the paper calls the point stable; None where the paper's
    /// analysis does not cover the rule.
    pub paper: Option<f64>,
    /// ln of the factor per step of ‖u‖∞ once the gradient vanishes, at least 0: where the
    /// update decays it does not grow.
    pub exact: f64,
}

/// The samples from `from` to `to` (CSS pixels of the diagram, clamped to its plot), evenly
/// spaced on the diagram, so along the log10(1 − v) axes.
pub fn samples(
    grid: &Grid,
    cells: &[Option<Cell>],
    o: Optimizer,
    h: &Hyper,
    level: usize,
    from: (f64, f64),
    to: (f64, f64),
) -> Vec<Sample> {
    let clamp = |(x, y): (f64, f64)| (x.clamp(X0, X1), y.clamp(Y0, Y1));
    let (a, b) = (clamp(from), clamp(to));
    let paper = paper_applies(o);
    (0..SAMPLES)
        .map(|i| {
            let t = i as f64 / (SAMPLES - 1) as f64;
            let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            let beta = decay_at((x - X0) / (X1 - X0));
            let gamma = decay_at((Y1 - y) / (Y1 - Y0));
            let measured = cell_at(grid, x, y)
                .and_then(|i| cells.get(i).copied().flatten())
                .and_then(|c| c.growth)
                .filter(|g| g.is_finite());
            let paper = paper.then(|| {
                if stability_margin(beta, gamma) < 0.0 {
                    paper_growth_rate(beta, gamma)
                } else {
                    0.0
                }
            });
            let exact = factor_at(o, h, level, beta, gamma).ln().max(0.0);
            Sample {
                beta,
                gamma,
                measured,
                paper,
                exact,
            }
        })
        .collect()
}

/// The chart: x is the sample's index along the segment, y the growth per step.
pub fn chart(samples: &[Sample]) -> Chart {
    let line = |rgb, dashed, y: &dyn Fn(&Sample) -> Option<f64>| {
        // A sample with no value breaks the line.
        let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, s) in samples.iter().enumerate() {
            match (y(s), segments.last_mut()) {
                (Some(v), Some(seg)) => seg.push((i as f64, v)),
                (None, Some(seg)) if !seg.is_empty() => segments.push(Vec::new()),
                _ => {}
            }
        }
        segments.retain(|s| !s.is_empty());
        Line {
            rgb,
            dashed,
            pattern: &[],
            segments,
            cross: None,
        }
    };
    let mut lines = vec![line(MEASURED_RGB, false, &|s| s.measured)];
    if samples.iter().any(|s| s.paper.is_some()) {
        lines.push(line(PAPER_RGB, false, &|s| s.paper));
    }
    lines.push(line(EXACT_RGB, true, &|s| Some(s.exact)));
    Chart {
        id: "map-profile",
        caption: "Growth of ln‖u‖∞ per step along the line".into(),
        titles: Titles {
            x: "position along the line (sample)",
            y: "growth of ln‖u‖∞ per step".into(),
        },
        log: false,
        per_coord: false,
        lines,
        guides: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::phase::to_px;
    use crate::sweep::phase_grid;

    fn cell(index: usize, growth: f64) -> Cell {
        Cell {
            index,
            x: 0.0,
            y: 0.0,
            growth: Some(growth),
            final_update: 1.0,
            final_loss: None,
            diverged: None,
            distance: None,
        }
    }

    #[test]
    fn along_a_line_across_adams_boundary_the_rates_rise_from_zero() {
        let h = Hyper::default();
        // From (β, γ) = (0.999, 0.9), stable, to (0.9, 0.999), unstable for both analyses.
        let s = samples(
            &phase_grid(8),
            &[],
            Optimizer::Adam,
            &h,
            1,
            to_px(0.999, 0.9),
            to_px(0.9, 0.999),
        );
        assert_eq!(s.len(), SAMPLES);
        assert!((s[0].beta - 0.999).abs() < 1e-9 && (s[0].gamma - 0.9).abs() < 1e-9);
        assert_eq!((s[0].exact, s[0].paper), (0.0, Some(0.0)));
        let last = s[SAMPLES - 1];
        assert!((last.exact - (0.999f64 / 0.9f64.sqrt()).ln()).abs() < 1e-9);
        assert!((last.paper.unwrap() - paper_growth_rate(0.9, 0.999)).abs() < 1e-12);
        assert!(s.iter().all(|p| p.measured.is_none()));
        // The exact rate turns positive exactly where γ passes √β.
        for p in &s {
            assert_eq!(p.exact > 0.0, p.gamma > p.beta.sqrt(), "{p:?}");
        }
    }

    #[test]
    fn measured_points_come_from_the_cells_under_the_line() {
        let g = phase_grid(8);
        let mut cells = vec![None; g.cells()];
        // The top row (γ = 0.9999): a growth of 0.05 in every cell.
        for i in 0..8 {
            cells[7 * 8 + i] = Some(cell(7 * 8 + i, 0.05));
        }
        let (a, b) = (to_px(0.0, 0.9999), to_px(0.9999, 0.9999));
        let top = samples(&g, &cells, Optimizer::Adam, &Hyper::default(), 1, a, b);
        assert!(top.iter().all(|p| p.measured == Some(0.05)));
        let c = chart(&top);
        assert_eq!(c.lines.len(), 3);
        assert_eq!(
            c.lines[0].segments,
            [top.iter()
                .enumerate()
                .map(|(i, _)| (i as f64, 0.05))
                .collect::<Vec<_>>()]
        );
        // A rule the paper does not cover has no paper line; a row with no cells no measured
        // points.
        let (a, b) = (to_px(0.0, 0.0), to_px(0.9999, 0.0));
        let bottom = samples(&g, &cells, Optimizer::AmsGrad, &Hyper::default(), 1, a, b);
        assert!(bottom
            .iter()
            .all(|p| p.measured.is_none() && p.paper.is_none()));
        let c = chart(&bottom);
        assert_eq!(c.lines.len(), 2);
        assert!(c.lines[0].segments.is_empty());
    }
}
