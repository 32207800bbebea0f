//! Share links: a link written before links held how the scene is shown still opens as it
//! did; what they hold now survives the trip; an edited link is explained in one line.

use optiscape::optim::spec::Key;
use optiscape::scene::{Action, Scene};
use optiscape::share::{decode, encode, Showing};

/// The default scene's link as the page wrote it before `&lesson`, `&speed`, `&step` and
/// `&present` existed (the browser's encodeURIComponent of the scene's JSON).
const OLD_LINK: &str = include_str!("fixtures/link-before-showing.txt");

#[test]
fn a_link_in_the_old_format_opens_unchanged() {
    let opened = decode(OLD_LINK.trim()).unwrap();
    assert_eq!(opened.scene, Scene::default());
    assert_eq!(opened.showing, Showing::default());
    assert_eq!(opened.note, None);
    // And the page still writes a scene at its defaults byte for byte as it did.
    assert_eq!(
        encode(&Scene::default(), &Showing::default()),
        OLD_LINK.trim()
    );
}

#[test]
fn lesson_speed_step_and_presentation_survive_the_trip() {
    let mut scene = Scene::default();
    scene
        .apply(Action::SetParam {
            run: 2,
            key: Key::Beta2,
            value: 0.95,
        })
        .unwrap();
    let showing = Showing {
        lesson: Some("kadam".into()),
        speed: 20,
        step: Some(340),
        present: true,
    };
    let link = encode(&scene, &showing);
    assert!(
        link.ends_with("&lesson=kadam&speed=20&step=340&present=1"),
        "readable: {}",
        &link[link.len() - 50..]
    );
    let opened = decode(&link).unwrap();
    assert_eq!(opened.scene, scene);
    assert_eq!(opened.showing, showing);
    assert_eq!(opened.note, None);
    // Defaults are left out: only what differs is written.
    let speed_only = encode(
        &scene,
        &Showing {
            speed: 1,
            ..Showing::default()
        },
    );
    assert!(speed_only.ends_with("&speed=1") && speed_only.matches('&').count() == 1);
}

#[test]
fn an_edited_field_is_named_in_one_line_and_the_rest_still_opens() {
    let scene = Scene::default();
    let base = encode(&scene, &Showing::default());
    for (tail, want) in [
        ("&speed=7", "speed must be one of"),
        ("&step=-3", "step must be a whole number"),
        ("&step=99999999", "step must be a whole number"),
        ("&lesson=nope", "there is no lesson"),
        ("&present=yes", "present must be 1 or 0"),
        ("&colour=red", "is not known"),
    ] {
        let opened = decode(&format!("{base}&speed=10{tail}")).unwrap();
        assert_eq!(opened.scene, scene, "{tail}");
        assert_eq!(opened.showing.speed, 10, "{tail}: the good fields are kept");
        let note = opened.note.unwrap_or_default();
        assert!(note.contains(want), "{tail}: {note}");
        assert!(!note.contains('\n') && note.len() < 240, "{note}");
    }
    // A huge value is cut, not echoed.
    let opened = decode(&format!("{base}&lesson={}", "x".repeat(100_000))).unwrap();
    assert!(opened.note.unwrap().len() < 240);
}

#[test]
fn an_edited_scene_is_refused_with_one_line() {
    let base = encode(&Scene::default(), &Showing::default());
    let tampered = base.replace("%22beta1%22%3A0.9", "%22beta1%22%3A7");
    assert_ne!(tampered, base);
    let err = decode(&tampered).unwrap_err();
    assert!(err.contains("beta1 must be in [0, 1)"), "{err}");
    for bad in ["#s=%7Bnot json", "#s=%E2%28", "#s=%zz"] {
        let err = decode(bad).unwrap_err();
        assert!(!err.contains('\n') && err.len() < 400, "{bad}: {err}");
    }
}
