//! Ctrl-C (SIGINT) and SIGTERM: a run that is stopped removes what it made so far that
//! holds nothing — the lock file it holds and a directory it created that is still
//! empty — then exits 130 with one line on stderr. A write already under way is left to
//! `store`'s journal, which the next run finishes or undoes.
//!
//! The handler only calls async-signal-safe functions (unlink, rmdir, write, _exit) on
//! paths registered beforehand as leaked C strings.

use std::ffi::CString;
use std::path::Path;
use std::sync::atomic::{AtomicPtr, Ordering};

static LOCK_FILE: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());
/// Directories this run created, deepest first (`create_dir_all` may make several).
static NEW_DIRS: [AtomicPtr<libc::c_char>; 8] = [const { AtomicPtr::new(std::ptr::null_mut()) }; 8];

/// Installs the handler for SIGINT and SIGTERM.
pub fn install() {
    #[cfg(unix)]
    // SAFETY: `on_signal` is an `extern "C" fn(c_int)` that only makes async-signal-safe
    // calls, as `signal(2)` requires of a handler.
    unsafe {
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

fn set(slot: &AtomicPtr<libc::c_char>, path: Option<&Path>) {
    let new = path
        .and_then(|p| CString::new(p.as_os_str().as_encoded_bytes()).ok())
        .map_or(std::ptr::null_mut(), CString::into_raw);
    let old = slot.swap(new, Ordering::SeqCst);
    if !old.is_null() {
        // SAFETY: every non-null pointer in a slot came from `CString::into_raw` above,
        // and the swap took it out, so nothing else can use it any more.
        drop(unsafe { CString::from_raw(old) });
    }
}

/// Registers the lock file this process holds (None: released).
pub fn holding_lock(path: Option<&Path>) {
    set(&LOCK_FILE, path);
}

/// Registers the directories this run created (deepest first), removed on interrupt
/// while still empty.
pub fn created_dirs(paths: &[&Path]) {
    for (i, slot) in NEW_DIRS.iter().enumerate() {
        set(slot, paths.get(i).copied());
    }
}

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    const MESSAGE: &[u8] = b"\nmilvus-cert: interrupted; nothing more was written\n";
    let lock = LOCK_FILE.load(Ordering::SeqCst);
    // SAFETY: unlink, rmdir, write and _exit are async-signal-safe; the pointers are
    // NUL-terminated strings that stay allocated until replaced.
    unsafe {
        if !lock.is_null() {
            libc::unlink(lock);
        }
        for slot in &NEW_DIRS {
            let dir = slot.load(Ordering::SeqCst);
            if !dir.is_null() {
                libc::rmdir(dir);
            }
        }
        libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
        libc::_exit(130);
    }
}
