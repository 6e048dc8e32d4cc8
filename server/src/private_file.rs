//! Files only the console's own user can read: the SQLite files that hold vendor tokens
//! (sessions) and who changed what (the console database).

use std::path::Path;

/// Creates `file`'s folder (0700) and the file itself (0600) when missing. SQLite gives its
/// `-wal` and `-shm` files the database file's mode.
pub fn create(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(file)?;
    Ok(())
}
