//! A progress line for long work, drawn on standard error only when it is a
//! terminal: piped or redirected output gets nothing extra (scripts and CI
//! logs stay clean). Redrawn at most ten times a second.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Counted work: `[#####.....] 12/40 label`.
pub struct Progress {
    label: String,
    total: u64,
    done: u64,
    started: Instant,
    last_draw: Option<Instant>,
    visible: bool,
}

const WIDTH: usize = 30;

impl Progress {
    pub fn new(label: impl Into<String>, total: u64) -> Progress {
        Progress::with_visibility(label, total, std::io::stderr().is_terminal())
    }

    /// For tests: draw or not regardless of the terminal.
    pub fn with_visibility(label: impl Into<String>, total: u64, visible: bool) -> Progress {
        Progress { label: label.into(), total, done: 0, started: Instant::now(), last_draw: None, visible }
    }

    /// One more unit done; `what` names it (e.g. the file just read).
    pub fn step(&mut self, what: &str) {
        self.done = (self.done + 1).min(self.total);
        if !self.visible {
            return;
        }
        let now = Instant::now();
        if self.done < self.total && self.last_draw.is_some_and(|last| now - last < Duration::from_millis(100)) {
            return;
        }
        self.last_draw = Some(now);
        let line = self.line(what);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    /// The line as drawn (without the terminal's control codes).
    pub fn line(&self, what: &str) -> String {
        let filled = if self.total == 0 { WIDTH } else { (self.done as usize * WIDTH) / self.total as usize };
        let what: String = what.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
        format!(
            "[{}{}] {}/{} {} {:.0}s {}",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            self.done,
            self.total,
            self.label,
            self.started.elapsed().as_secs_f64(),
            what
        )
    }

    /// Clears the line so the command's own output starts on a clean line.
    pub fn finish(self) {
        if self.visible && self.last_draw.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// Work whose size is not known up front: a spinner with the elapsed time,
/// redrawn by a background thread until dropped.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ticker {
    pub fn start(label: &'static str) -> Ticker {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let spinner = ['|', '/', '-', '\\'];
                let mut tick = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    let mut err = std::io::stderr().lock();
                    let _ =
                        write!(err, "\r\x1b[2K{} {label} {:.0}s", spinner[tick % 4], started.elapsed().as_secs_f64());
                    let _ = err.flush();
                    drop(err);
                    tick += 1;
                    std::thread::sleep(Duration::from_millis(200));
                }
                let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
            })
        });
        Ticker { stop, thread }
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    #[test]
    fn the_line_shows_how_much_is_done() {
        let mut progress = Progress::with_visibility("files", 4, false);
        progress.step("a.docx");
        assert_eq!(
            progress.line("a.docx").split(" files").next().unwrap(),
            format!("[{}{}] 1/4", "#".repeat(7), ".".repeat(23))
        );
        for _ in 0..10 {
            progress.step("b.docx");
        }
        assert!(progress.line("").starts_with(&format!("[{}] 4/4", "#".repeat(30))), "never past the total");
    }
}
