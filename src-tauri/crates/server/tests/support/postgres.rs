//! A throw-away PostgreSQL cluster in a temporary folder, from Debian's `postgresql`
//! package, listening on a socket in that folder only (no TCP port).

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[derive(Debug)]
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
}

impl Cluster {
    /// Creates and starts a cluster; when running as root, as the `postgres` user, since
    /// PostgreSQL refuses to run as root.
    pub fn start() -> Result<Self> {
        let bin = newest_bin()?;
        let dir = tempfile::Builder::new().prefix("waymark-pg").tempdir()?;
        if is_root() {
            chown_to_postgres(dir.path())?;
        }
        let cluster = Self { dir, bin };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "waymark",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        )?;
        let options = format!(
            "-k {} -c listen_addresses='' -c fsync=off -c max_connections=200",
            cluster.dir.path().display()
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-o",
                &options,
                "-l",
                &cluster.log(),
                "-w",
                "-t",
                "60",
                "start",
            ],
        )?;
        Ok(cluster)
    }

    /// A fresh database in this cluster, for a test of its own.
    pub fn database(&self, name: &str) -> Result<String> {
        self.run(
            "createdb",
            &[
                "-h",
                &self.dir.path().display().to_string(),
                "-U",
                "waymark",
                name,
            ],
        )?;
        Ok(format!(
            "host={} user=waymark dbname={name}",
            self.dir.path().display()
        ))
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn log(&self) -> String {
        self.dir.path().join("server.log").display().to_string()
    }

    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let program = self.bin.join(tool);
        let output = if is_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&program)
                .args(args)
                .output()?
        } else {
            Command::new(&program).args(args).output()?
        };
        if !output.status.success() {
            return Err(format!(
                "{tool} failed: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
            .into());
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

/// The newest PostgreSQL installed, e.g. `/usr/lib/postgresql/15/bin`.
fn newest_bin() -> Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let newest = std::fs::read_dir(root)
        .map_err(|_| "PostgreSQL is not installed (`make test` installs Debian's postgresql)")?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .max()
        .ok_or("no PostgreSQL version under /usr/lib/postgresql")?;
    Ok(root.join(newest.to_string()).join("bin"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn chown_to_postgres(dir: &Path) -> Result<()> {
    let status = Command::new("chown")
        .args(["postgres:postgres"])
        .arg(dir)
        .status()?;
    if !status.success() {
        return Err("could not hand the cluster's folder to the postgres user".into());
    }
    Ok(())
}
