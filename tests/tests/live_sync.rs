//! Live sync in the real windows: a mentor and a mentee, each in their own Waymark on
//! their own data file, pair with a `waymark-server` on loopback in Settings → Sync; the
//! mentor shares a plan live from the share dialog, and each sees the other's changes in
//! their open window within seconds, with no file passed between them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use waymark_e2e::axe::Axe;
use waymark_e2e::{App, Result, seed};

const MENTEE: &str = "Amara Okonkwo";
const PLAN: &str = "Toward Cloud Leader";

/// The server binary, built beside the app by `make e2e`.
fn server_binary() -> PathBuf {
    std::env::var_os("WAYMARK_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/waymark-server")
        })
}

/// A server on a free loopback port, over SQLite in `dir`; killed when dropped.
struct Server {
    child: Child,
    url: String,
    database: String,
}

impl Server {
    fn start(dir: &std::path::Path) -> Result<Self> {
        let database = dir.join("server.sqlite3").display().to_string();
        let mut child = Command::new(server_binary())
            .args(["--database", &database, "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e} (make e2e builds it)", server_binary().display()))?;
        let stdout = child.stdout.take().ok_or("no output")?;
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
                // The server's log goes with the test's output, for a failure's story.
                eprintln!("server: {line}");
                if let Some(at) = line.split("listening on http://").nth(1) {
                    let _ = sender.send(at.trim().to_owned());
                }
            }
        });
        let addr = receiver.recv_timeout(Duration::from_secs(20))?;
        Ok(Self {
            child,
            url: format!("http://{addr}"),
            database,
        })
    }

    /// `waymark-server invite --name NAME`, as the administrator runs it.
    fn invite(&self, name: &str) -> Result<String> {
        let out = Command::new(server_binary())
            .args(["--database", &self.database, "invite", "--name", name])
            .output()?;
        Ok(String::from_utf8(out.stdout)?.trim().to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Pairs the window's data file in Settings → Sync, as a person would.
async fn pair(app: &mut App, url: &str, code: &str, device: &str, account: &str) -> Result<()> {
    app.click("[data-testid='nav-settings']").await?;
    app.type_into("#sync-url", url).await?;
    app.type_into("#sync-code", code).await?;
    app.type_into("#sync-device", device).await?;
    app.click("#sync-pair").await?;
    app.find_text("[data-testid='sync-account']", account)
        .await?;
    app.find_text("#sync-status", "Synced").await?;
    Ok(())
}

/// Closes the toasts, which sit over the bottom of the window.
async fn dismiss_toasts(app: &App) -> Result<()> {
    for close in app
        .find_all("[data-testid='toast'] [aria-label='Dismiss']")
        .await?
    {
        // A toast that went by itself meanwhile is gone all the same.
        if let Err(e) = app.click_element(&close).await
            && !format!("{e:?}").contains("StaleElementReference")
        {
            return Err(e.into());
        }
    }
    Ok(())
}

/// `chooser` keeps `which` value ("yours" or "theirs") of the one change to review; it
/// leaves their list, and the `other` device stops asking.
async fn keep(chooser: &App, which: &str, other: &App) -> Result<()> {
    chooser
        .click(&format!("[data-testid='conflict-keep-{which}']"))
        .await?;
    chooser
        .wait_for_count("[data-testid='sync-conflict']", 0)
        .await?;
    other
        .wait_for_count("[data-testid='sync-conflicts-link']", 0)
        .await?;
    Ok(())
}

async fn open_plan(app: &App) -> Result<()> {
    app.click("[data-testid='nav-mentees']").await?;
    app.click_text("[data-testid='mentee-row']", MENTEE).await?;
    app.click("[data-testid='mentee-tab-plan']").await?;
    app.find_text("[data-testid='plan-title']", PLAN).await?;
    Ok(())
}

#[tokio::test]
async fn a_mentor_and_a_mentee_see_each_others_changes_live() -> Result<()> {
    round_trip("live", &[]).await
}

/// The mentee's computer is three days ahead: Automerge orders nothing by wall clocks and
/// the server trusts only its own, so nothing changes for either of them.
#[tokio::test]
async fn a_mentee_whose_clock_is_three_days_ahead_syncs_all_the_same() -> Result<()> {
    let library = std::fs::read_dir("/usr/lib")?
        .filter_map(|entry| Some(entry.ok()?.path().join("faketime/libfaketimeMT.so.1")))
        .find(|path| path.exists())
        .ok_or("libfaketime is missing (make test installs faketime)")?;
    let library = library.display().to_string();
    let skewed = [
        ("LD_PRELOAD", library.as_str()),
        ("FAKETIME", "+3d"),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
    ];
    round_trip("skewed", &skewed).await
}

/// One person, two devices: the laptop has the team and a plan, the desktop a mentee of
/// its own. Paired with one account, each gets the other's records; then the desktop goes
/// offline (sync paused), both change the plan, and once it is back both windows show
/// both changes.
#[tokio::test]
async fn one_persons_two_devices_converge_after_edits_on_both_while_one_was_offline() -> Result<()>
{
    let axe = Axe::load()?;
    let dir = tempfile::tempdir()?;
    let laptop_db = dir.path().join("laptop.sqlite3");
    let desktop_db = dir.path().join("desktop.sqlite3");
    seed::team_with_plans(&laptop_db)?;
    {
        let mut conn = waymark_core::db::open(&desktop_db)?;
        waymark_core::mentees::create(
            &mut conn,
            &waymark_core::mentees::MenteeInput {
                name: "Inês Duarte".into(),
                current_role: "Senior engineer".into(),
                ..Default::default()
            },
        )?;
    }
    let server = Server::start(dir.path())?;
    let (first, second) = (server.invite("maria")?, server.invite("maria")?);
    let mut laptop = App::launch("own-laptop", &laptop_db).await?;
    let mut desktop = App::launch("own-desktop", &desktop_db).await?;
    let outcome = async {
        pair(&mut laptop, &server.url, &first, "Maria's laptop", "maria").await?;
        pair(
            &mut desktop,
            &server.url,
            &second,
            "Maria's desktop",
            "maria",
        )
        .await?;
        desktop
            .find_text("[data-testid='toast']", "arrived from your other device")
            .await?;
        dismiss_toasts(&desktop).await?;

        // Each device lists the other's mentees.
        desktop.click("[data-testid='nav-mentees']").await?;
        desktop
            .find_text("[data-testid='mentee-row']", MENTEE)
            .await?;
        desktop.screenshot("laptop-records-arrived").await?;
        laptop.click("[data-testid='nav-mentees']").await?;
        laptop
            .find_text("[data-testid='mentee-row']", "Inês Duarte")
            .await?;

        // The desktop goes offline; the laptop raises a topic, the desktop completes a
        // milestone.
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        desktop.find_text("#sync-status", "Paused").await?;
        open_plan(&laptop).await?;
        laptop
            .type_into("[data-testid='topic-text']", "Agree the roadmap's scope")
            .await?;
        laptop.click("[data-testid='topic-add']").await?;
        laptop
            .find_text("[data-testid='topics']", "Agree the roadmap's scope")
            .await?;
        open_plan(&desktop).await?;
        let row = desktop
            .find_text("[data-testid='milestone']", "Interview five stakeholders")
            .await?;
        let done = row
            .find(thirtyfour::By::Css("[data-testid='milestone-done']"))
            .await?;
        desktop.click_element(&done).await?;
        desktop.screenshot("offline-edit").await?;

        // Back online: each open window shows the other's change.
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        open_plan(&desktop).await?;
        desktop
            .find_text("[data-testid='topics']", "Agree the roadmap's scope")
            .await?;
        laptop
            .find_text(
                "[data-testid='milestone'].done",
                "Interview five stakeholders",
            )
            .await?;
        desktop.screenshot("converged").await?;
        laptop.screenshot("converged").await?;
        laptop.find_text("#sync-status", "Synced").await?;
        desktop.find_text("#sync-status", "Synced").await?;

        // Offline again, both write evidence for one milestone: once back, each device
        // asks which to keep; the choice made on the desktop ends it on the laptop too.
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        desktop.find_text("#sync-status", "Paused").await?;
        for (app, evidence) in [
            (&laptop, "Sent to the staff group"),
            (&desktop, "Kept it within the team"),
        ] {
            open_plan(app).await?;
            app.click_text(
                "[data-testid='open-milestone']",
                "Circulate the first draft",
            )
            .await?;
            app.type_into("[data-testid='milestone-evidence']", evidence)
                .await?;
            app.click("[data-testid='save-milestone']").await?;
            app.wait_for_count("[data-testid='milestone-form']", 0)
                .await?;
        }
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        desktop
            .find_text("[data-testid='sync-conflicts-link']", "1 change to review")
            .await?;
        axe.check(&desktop, "Settings, syncing live with a change to review")
            .await?;
        laptop
            .find_text("[data-testid='sync-conflicts-link']", "1 change to review")
            .await?;
        desktop.click("[data-testid='sync-conflicts-link']").await?;
        let conflict = desktop
            .find_text(
                "[data-testid='sync-conflict']",
                "Evidence of milestone “Circulate the first draft”",
            )
            .await?;
        let shown = desktop.text_of(&conflict).await?;
        assert!(
            shown.contains("Sent to the staff group") && shown.contains("Kept it within the team")
        );
        desktop.screenshot("conflict").await?;
        axe.check(&desktop, "Changes to review").await?;
        keep(&desktop, "theirs", &laptop).await?;
        for app in [&laptop, &desktop] {
            open_plan(app).await?;
            app.click_text(
                "[data-testid='open-milestone']",
                "Circulate the first draft",
            )
            .await?;
            let evidence = app.find("[data-testid='milestone-evidence']").await?;
            let kept = evidence.prop("value").await?.unwrap_or_default();
            if kept != "Sent to the staff group" {
                return Err(format!("the evidence kept is {kept:?}").into());
            }
            app.press_escape().await?;
        }
        laptop.screenshot("conflict-settled").await?;

        // Apart again, both change the mentee's notes: their record in the person's own
        // document. The laptop keeps its own value; the desktop stops asking and shows it.
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        desktop.find_text("#sync-status", "Paused").await?;
        for (app, notes) in [
            (&laptop, "Leads the platform guild."),
            (&desktop, "Moving to the security guild."),
        ] {
            app.click("[data-testid='nav-mentees']").await?;
            app.click_text("[data-testid='mentee-row']", MENTEE).await?;
            app.click("[data-testid='edit-mentee']").await?;
            app.type_into("#notes", notes).await?;
            app.click("[data-testid='save-mentee']").await?;
            app.wait_for_count("[data-testid='mentee-form']", 0).await?;
        }
        desktop.click("[data-testid='nav-settings']").await?;
        desktop.click("#sync-pause").await?;
        for app in [&laptop, &desktop] {
            app.find_text("[data-testid='sync-conflicts-link']", "1 change to review")
                .await?;
        }
        laptop.click("[data-testid='sync-conflicts-link']").await?;
        laptop
            .find_text(
                "[data-testid='sync-conflict']",
                &format!("Notes of {MENTEE}"),
            )
            .await?;
        keep(&laptop, "yours", &desktop).await?;
        for app in [&laptop, &desktop] {
            app.click("[data-testid='nav-mentees']").await?;
            app.click_text("[data-testid='mentee-row']", MENTEE).await?;
            app.find_text(".notes", "Leads the platform guild.").await?;
        }
        desktop.screenshot("own-conflict-settled").await?;
        Ok(())
    }
    .await;
    if outcome.is_err() {
        desktop.screenshot("failure").await?;
        laptop.screenshot("failure").await?;
    }
    desktop.finish(Ok(())).await?;
    laptop.finish(outcome).await
}

/// The mentor shares a plan live; the mentee (started with `mentee_env`) receives it and
/// works on it; each sees the other's changes in their open window.
async fn round_trip(label: &str, mentee_env: &[(&str, &str)]) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mentor_db = dir.path().join("mentor.sqlite3");
    let mentee_db = dir.path().join("mentee.sqlite3");
    seed::team_with_plans(&mentor_db)?;
    let server = Server::start(dir.path())?;

    // The administrator invites both; the mentee's account exists before it is shared with.
    let (maria, amara) = (server.invite("maria")?, server.invite("amara")?);
    let mut mentor = App::launch(&format!("{label}-mentor"), &mentor_db).await?;
    let mut mentee = App::launch_with(&format!("{label}-mentee"), &mentee_db, mentee_env).await?;
    let outcome = async {
        // The mentor pairs and shares the plan live with the mentee's account.
        pair(&mut mentor, &server.url, &maria, "Maria's laptop", "maria").await?;
        mentor.screenshot("paired").await?;
        open_plan(&mentor).await?;
        mentor.click("[data-testid='share-plan']").await?;
        mentor.type_into("#live-account", "amara").await?;
        mentor.click("#share-live").await?;
        mentor
            .find_text("[data-testid='live-part']", "Syncing live with amara")
            .await?;
        mentor.screenshot("shared-live").await?;
        mentor.press_escape().await?;

        // The mentee pairs; the plan arrives by itself.
        pair(&mut mentee, &server.url, &amara, "Amara's laptop", "amara").await?;
        mentee
            .find_text("[data-testid='toast']", "was shared with you")
            .await?;
        mentee.click("[data-testid='nav-shared']").await?;
        mentee
            .find_text("[data-testid='shared-plan']", "Syncing live")
            .await?;
        mentee
            .click_text("[data-testid='shared-plan']", PLAN)
            .await?;
        mentee.find_text("[data-testid='plan-title']", PLAN).await?;
        mentee
            .find_text("[data-testid='live-with']", "Syncing live with maria")
            .await?;
        mentee.screenshot("arrived").await?;
        dismiss_toasts(&mentee).await?;

        // The mentee completes a milestone and raises a topic: the mentor's open plan shows both.
        let row = mentee
            .find_text("[data-testid='milestone']", "Interview five stakeholders")
            .await?;
        let done = row
            .find(thirtyfour::By::Css("[data-testid='milestone-done']"))
            .await?;
        mentee.click_element(&done).await?;
        mentee
            .type_into(
                "[data-testid='topic-text']",
                "How do I say no to a staff engineer?",
            )
            .await?;
        mentee.click("[data-testid='topic-add']").await?;
        let sent = Instant::now();
        mentor
            .find_text("[data-testid='topics']", "How do I say no")
            .await?;
        mentor
            .find_text(
                "[data-testid='milestone'].done",
                "Interview five stakeholders",
            )
            .await?;
        eprintln!(
            "the mentee's changes showed in the mentor's window after {:?}",
            sent.elapsed()
        );
        mentor.screenshot("mentee-changes-arrived").await?;

        // The mentor answers in a comment: the mentee's open plan shows it.
        dismiss_toasts(&mentor).await?;
        mentor
            .type_into(
                "[data-testid='comment-text']",
                "Start with the roadmap review.",
            )
            .await?;
        mentor.click("[data-testid='comment-add']").await?;
        let sent = Instant::now();
        mentee
            .find_text("[data-testid='comment']", "Start with the roadmap review")
            .await?;
        eprintln!(
            "the mentor's comment showed in the mentee's window after {:?}",
            sent.elapsed()
        );
        mentee.screenshot("mentor-comment-arrived").await?;
        mentee.find_text("#sync-status", "Synced").await?;
        Ok(())
    }
    .await;
    if outcome.is_err() {
        mentee.screenshot("failure").await?;
    }
    mentee.finish(Ok(())).await?;
    mentor.finish(outcome).await
}

/// A paired file whose records are still to be written into their documents says so in
/// the sidebar while the sync loop writes them in the background, here with the server
/// out of reach, and the window answers clicks meanwhile. Once all are written, only the
/// changes waiting for the server are counted.
#[tokio::test]
async fn a_large_paired_file_shows_its_preparation_and_answers_meanwhile() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("waymark.sqlite3");
    waymark_core::demo::write_file(&db, waymark_core::demo::DemoSize::Mentees(150))?;
    {
        let mut conn = waymark_core::db::open(&db)?;
        // Paired with a server that is not there: nothing listens on the discard port.
        let paired = waymark_wire::Paired {
            account: "maria".into(),
            device: "Maria's laptop".into(),
            token: "t".repeat(43),
        };
        waymark_core::live::save_pairing(&mut conn, "ws://127.0.0.1:9", &paired)?;
    }
    let mut app = App::launch("preparing", &db).await?;
    let outcome = async {
        app.find_text("#sync-status", "preparing").await?;
        app.screenshot("preparing").await?;
        // The window answers while the rounds go on.
        app.click("[data-testid='nav-mentees']").await?;
        app.find("[data-testid='mentee-row']").await?;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let line = app.text_of(&app.find("#sync-status").await?).await?;
            if line.contains("changes waiting") && !line.contains("preparing") {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!("still preparing after two minutes: {line:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        app.screenshot("prepared").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await
}
