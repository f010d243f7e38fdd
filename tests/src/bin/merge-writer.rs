//! A merger for the crash-safety harness: merges a shared plan file into a data file the
//! way the app does, in one transaction, and prints `merged` once it has committed.

use std::path::PathBuf;

use waymark_core::db;
use waymark_core::sync::share;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(data), Some(file)) = (args.next(), args.next()) else {
        return Err("usage: merge-writer DB FILE".into());
    };
    let mut conn = db::open(&data)?;
    let incoming = share::open_file(&file)?;
    share::merge(&mut conn, &incoming, &[], false)?;
    println!("merged");
    Ok(())
}
