//! The share link, `#s=<scene>` and then how it is shown: `&lesson=<key>`, `&speed=<steps per
//! frame>`, `&step=<n>` (a paused animation's position) and `&present=1`. Each of these is left
//! out at its default, so a link stays short and readable, and links written before they
//! existed load as they always did. Browser-free, so it is tested natively.

use crate::scene::{Scene, MAX_PAGE_STEPS};

const PREFIX: &str = "#s=";

/// Steps per frame the player offers.
pub const SPEEDS: [usize; 7] = [1, 2, 5, 10, 20, 50, 100];
pub const DEFAULT_SPEED: usize = 5;

/// How the scene is shown: everything in a link besides the scene.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Showing {
    /// The key of the lesson whose caption is shown.
    pub lesson: Option<String>,
    pub speed: usize,
    /// Where a paused animation stands; `None` plays from the start.
    pub step: Option<usize>,
    pub present: bool,
}

impl Default for Showing {
    fn default() -> Self {
        Showing {
            lesson: None,
            speed: DEFAULT_SPEED,
            step: None,
            present: false,
        }
    }
}

/// What a link held, and a note for whatever in it had to be left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub scene: Scene,
    pub showing: Showing,
    pub note: Option<String>,
}

/// The address's fragment (with its `#`) for a scene shown so.
pub fn encode(scene: &Scene, showing: &Showing) -> String {
    let mut s = format!("{PREFIX}{}", encode_component(&scene.to_json()));
    if let Some(l) = &showing.lesson {
        s.push_str(&format!("&lesson={}", encode_component(l)));
    }
    if showing.speed != DEFAULT_SPEED {
        s.push_str(&format!("&speed={}", showing.speed));
    }
    if let Some(n) = showing.step {
        s.push_str(&format!("&step={n}"));
    }
    if showing.present {
        s.push_str("&present=1");
    }
    s
}

/// Whether the fragment holds a scene at all (anything else is not ours to read).
pub fn is_link(hash: &str) -> bool {
    hash.starts_with(PREFIX)
}

/// Reads a fragment. A scene that cannot be used is refused with one line; a field after it
/// that is wrong is left at its default and named in the note, the scene still loads.
pub fn decode(hash: &str) -> Result<Opened, String> {
    let body = hash
        .strip_prefix(PREFIX)
        .ok_or("the link holds no settings")?;
    let mut parts = body.split('&');
    let text = decode_component(parts.next().unwrap_or_default())
        .ok_or("the link's settings are not valid text")?;
    let (scene, note) = Scene::from_link(&text)?;
    let mut notes: Vec<String> = note.into_iter().collect();
    let mut showing = Showing::default();
    for part in parts.filter(|p| !p.is_empty()) {
        let (key, raw) = part.split_once('=').unwrap_or((part, ""));
        let value = decode_component(raw).unwrap_or_default();
        let quoted = || crate::text::quote(&value);
        match key {
            "lesson" => match crate::lessons::find(&value) {
                Some(l) => showing.lesson = Some(l.key.to_string()),
                None => notes.push(format!("there is no lesson {}", quoted())),
            },
            "speed" => match value.parse::<usize>() {
                Ok(n) if SPEEDS.contains(&n) => showing.speed = n,
                _ => notes.push(format!(
                    "speed must be one of {SPEEDS:?} steps per frame, got {}",
                    quoted()
                )),
            },
            "step" => match value.parse::<usize>() {
                Ok(n) if n <= MAX_PAGE_STEPS => showing.step = Some(n),
                _ => notes.push(format!(
                    "step must be a whole number in [0, {MAX_PAGE_STEPS}], got {}",
                    quoted()
                )),
            },
            "present" => match value.as_str() {
                "1" => showing.present = true,
                "0" => {}
                _ => notes.push(format!("present must be 1 or 0, got {}", quoted())),
            },
            _ => notes.push(format!(
                "the link's {} is not known",
                crate::text::quote(key)
            )),
        }
    }
    let note = (!notes.is_empty())
        .then(|| crate::text::one_line(&format!("{}; left out", notes.join("; ")), 200));
    Ok(Opened {
        scene,
        showing,
        note,
    })
}

/// As the browser's `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is
/// written as %XX of its UTF-8 bytes.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// As `decodeURIComponent`; `None` for a broken escape or bytes that are not UTF-8.
pub fn decode_component(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_coding_round_trips_and_matches_the_browser() {
        let s = "{\"a\":[-1.5,2e-3],\"f\":\"(1-x)^2 + é\"}&x=1";
        assert_eq!(decode_component(&encode_component(s)).unwrap(), s);
        assert_eq!(encode_component("a b&c=é"), "a%20b%26c%3D%C3%A9");
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%C3"), None);
    }

    #[test]
    fn defaults_are_left_out() {
        let scene = Scene::default();
        let link = encode(&scene, &Showing::default());
        assert!(!link.contains('&'), "{link}");
        let opened = decode(&link).unwrap();
        assert_eq!(opened.scene, scene);
        assert_eq!(opened.showing, Showing::default());
        assert_eq!(opened.note, None);
    }
}
