//! The compatibility lab's defect corpus (tests/lab/corpus): where it lives, writing its
//! case directories with its own gen.sh, and spreading the checks over a few threads.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// tests/lab/corpus: gen.sh, cases.toml, claims.toml.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lab/corpus")
}

/// How many gen.sh processes and worker threads to run at once.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
}

/// Writes the case directories `ids` into `root`, the cases split over a few gen.sh
/// processes.
pub fn gen_corpus<S: AsRef<str>>(root: &Path, ids: &[S]) {
    let n = workers();
    let children: Vec<_> = (0..n)
        .map(|w| {
            let mine = ids.iter().skip(w).step_by(n).map(AsRef::as_ref);
            Command::new("bash")
                .arg(corpus_dir().join("gen.sh"))
                .arg(root)
                .args(mine)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("run gen.sh")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for gen.sh");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "gen.sh failed:\n{stderr}");
    }
}

/// `f` of every item, the items split over [`workers`] threads; all results, grouped by
/// thread.
pub fn par_flat_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Vec<R> + Sync) -> Vec<R> {
    let n = workers();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|w| {
                let f = &f;
                scope.spawn(move || {
                    items
                        .iter()
                        .skip(w)
                        .step_by(n)
                        .flat_map(f)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    })
}
