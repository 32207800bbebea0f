//! A typed formula as a landscape: shared behind an `Arc` so that cloning a scene or a run
//! configuration costs a reference count, not a parse.

use super::{Formula, ViewBox};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Largest magnitude of a view-box bound, as the scene's view allows.
pub const VIEW_LIMIT: f64 = 1e9;
/// The formula a "Custom f(x, y)" choice starts with: hills and valleys on a gentle bowl.
pub const EXAMPLE: &str = "sin(3*x)*cos(2*y) + 0.1*(x^2+y^2)";

/// A formula with its view box (and the start that follows from it). Equal when the text and
/// the view box are: the page redraws when either changes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "Saved", into = "Saved")]
pub struct Custom(Arc<Formula>);

/// The serde form: the text and the view box; the start follows from the view.
#[derive(Serialize, Deserialize)]
struct Saved {
    formula: String,
    view: ViewBox,
}

impl TryFrom<Saved> for Custom {
    type Error = String;
    fn try_from(s: Saved) -> Result<Custom, String> {
        let f = Formula::parse(&s.formula).map_err(|e| format!("formula: {e}"))?;
        Custom::new(f, s.view)
    }
}

impl From<Custom> for Saved {
    fn from(c: Custom) -> Saved {
        Saved {
            formula: c.0.source().to_string(),
            view: c.0.view(),
        }
    }
}

impl PartialEq for Custom {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.source() == other.0.source() && self.0.view() == other.0.view())
    }
}

impl Custom {
    /// The formula shown in `view`, which [`check_view`] must accept.
    pub fn new(formula: Formula, view: ViewBox) -> Result<Custom, String> {
        check_view(view)?;
        Ok(Custom(Arc::new(formula.with_view(view)?)))
    }

    /// Parses `text` and shows it in `view`; the message names the column of a parse error.
    pub fn parse(text: &str, view: ViewBox) -> Result<Custom, String> {
        let f = Formula::parse(text).map_err(|e| e.to_string())?;
        Custom::new(f, view)
    }

    pub fn formula(&self) -> &Formula {
        &self.0
    }

    pub fn source(&self) -> &str {
        self.0.source()
    }

    pub fn view(&self) -> ViewBox {
        self.0.view()
    }

    /// The same text in another view box.
    pub fn with_view(&self, view: ViewBox) -> Result<Custom, String> {
        Custom::new((*self.0).clone(), view)
    }
}

/// A view box a formula can be shown in: finite, low < high, within ±[`VIEW_LIMIT`], and not
/// so thin that its pixels would coincide.
pub fn check_view(v: ViewBox) -> Result<(), String> {
    for (axis, [lo, hi]) in [("x", v.x), ("y", v.y)] {
        if !(lo.is_finite() && hi.is_finite()) {
            return Err(format!("{axis}: the bounds must be finite numbers"));
        }
        if lo.abs() > VIEW_LIMIT || hi.abs() > VIEW_LIMIT {
            return Err(format!(
                "{axis}: the bounds must be within ±{VIEW_LIMIT:e}, got {lo} to {hi}"
            ));
        }
        if hi - lo <= 1e-9 {
            return Err(format!(
                "{axis}: 'from' must be below 'to', got {lo} to {hi}"
            ));
        }
    }
    Ok(())
}

/// The typed bounds of a view box, in the order the page shows their boxes.
pub const VIEW_FIELDS: [&str; 4] = ["x from", "x to", "y from", "y to"];

/// A view box from four typed bounds (x from, x to, y from, y to), as the page's boxes hold
/// them; refused with the index of the box to mark (in [`VIEW_FIELDS`]) and a message naming it.
pub fn parse_view(text: [&str; 4]) -> Result<ViewBox, (usize, String)> {
    let mut v = [0.0; 4];
    for (i, (slot, raw)) in v.iter_mut().zip(text).enumerate() {
        *slot = raw
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                let name = VIEW_FIELDS[i];
                (
                    i,
                    format!("{name}: {} is not a finite number", crate::text::quote(raw)),
                )
            })?;
    }
    let view = ViewBox {
        x: [v[0], v[1]],
        y: [v[2], v[3]],
    };
    // Out of bounds or empty: the axis's 'to' box is marked.
    check_view(view).map_err(|e| (if e.starts_with('x') { 1 } else { 3 }, e))?;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_boxes_are_checked_with_the_box_named() {
        assert_eq!(
            parse_view(["-1", "2", " 0 ", "3e0"]),
            Ok(ViewBox {
                x: [-1.0, 2.0],
                y: [0.0, 3.0]
            })
        );
        let err = |t| parse_view(t).unwrap_err();
        let (at, e) = err(["a", "1", "0", "1"]);
        assert_eq!(at, 0);
        assert!(e.starts_with("x from: 'a' is not a finite number"), "{e}");
        assert_eq!(err(["0", "1", "0", "inf"]).0, 3);
        assert_eq!(err(["0", "1", "NaN", "1"]).0, 2);
        let (at, e) = err(["2", "1", "0", "1"]);
        assert_eq!(at, 1);
        assert!(
            e.contains("x: 'from' must be below 'to', got 2 to 1"),
            "{e}"
        );
        let (at, e) = err(["0", "1", "1", "1"]);
        assert_eq!(at, 3);
        assert!(e.contains("y: 'from' must be below 'to'"), "{e}");
        assert!(err(["0", "1e10", "0", "1"]).1.contains("within ±1e9"));
        assert!(!err([&"9".repeat(5000), "1", "0", "1"])
            .1
            .contains(&"9".repeat(100)));
    }

    #[test]
    fn the_example_parses_in_the_default_view() {
        let c = Custom::parse(EXAMPLE, Formula::DEFAULT_VIEW).unwrap();
        assert!(c.formula().eval(0.3, -0.2).is_finite());
    }

    #[test]
    fn equal_by_text_and_view_and_saved_as_both() {
        let v = Formula::DEFAULT_VIEW;
        let a = Custom::parse("x^2 + y^2", v).unwrap();
        let wider = ViewBox {
            x: [-4.0, 4.0],
            y: [-4.0, 4.0],
        };
        assert_eq!(a, Custom::parse("x^2 + y^2", v).unwrap());
        assert_ne!(a, a.with_view(wider).unwrap());
        assert_ne!(a, Custom::parse("x^2 + y^2 ", v).unwrap());
        let json = serde_json::to_string(&a.with_view(wider).unwrap()).unwrap();
        assert_eq!(
            json,
            r#"{"formula":"x^2 + y^2","view":{"x":[-4.0,4.0],"y":[-4.0,4.0]}}"#
        );
        let back: Custom = serde_json::from_str(&json).unwrap();
        assert_eq!(back.view(), wider);
        assert_eq!(back.formula().start(), [-3.0, 2.0]);
        let bad =
            serde_json::from_str::<Custom>(r#"{"formula":"(x))","view":{"x":[0,1],"y":[0,1]}}"#);
        assert!(bad.unwrap_err().to_string().contains("at column"));
    }
}
