//! Each lesson's caption, measured: the claims a lesson makes hold in numbers.

use optiscape::lessons;
use optiscape::sim::Trajectory;

fn runs(key: &str) -> Vec<Trajectory> {
    (lessons::find(key).unwrap().build)().trajectories()
}

fn last_u(t: &Trajectory) -> f64 {
    let u = t.records.last().unwrap().update;
    u[0].abs().max(u[1].abs())
}

#[test]
fn stability_outside_the_region_grows_inside_stays_small() {
    let t = runs("stability");
    assert!(
        last_u(&t[0]) < 1.0 && last_u(&t[1]) > 1e4,
        "{} {}",
        last_u(&t[0]),
        last_u(&t[1])
    );
}
