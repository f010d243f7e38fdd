//! Writes the demo database's reports to a folder, to look at them:
//! `cargo run -p waymark-report --example render_demo -- OUT_DIR [LOCALE]`.

use std::path::PathBuf;

use waymark_core::{dates, db, demo, plans};
use waymark_report::{PrintOptions, overview_pdf, plan_file_name, plan_pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: render_demo OUT_DIR [LOCALE]")?);
    let locale = args.next().unwrap_or_else(|| "en-GB".into());
    let options = PrintOptions {
        locale,
        today: dates::today(),
    };
    std::fs::create_dir_all(&out)?;
    let mut conn = db::open_in_memory()?;
    demo::populate(&mut conn)?;
    for id in plans::active_ids(&conn)? {
        let started = std::time::Instant::now();
        let pdf = plan_pdf(&conn, id, &options)?;
        let name = plan_file_name(&conn, id)?;
        println!("{name}: {} bytes in {:?}", pdf.len(), started.elapsed());
        std::fs::write(out.join(name), pdf)?;
    }
    std::fs::write(out.join("overview.pdf"), overview_pdf(&conn, &options)?)?;
    Ok(())
}
