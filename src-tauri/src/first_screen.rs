//! The first screen's data, handed to the page before it loads. A page can only ask the
//! shell for data once it runs, after its first frame is painted; handed over this way,
//! Today is already in the first frame instead of one frame later.

use serde::Serialize;
use waymark_core::catalogue::{self, Catalogue};
use waymark_core::dashboard::{self, Dashboard, DashboardLimits};
use waymark_core::db::DataFileStatus;

use crate::store::Store;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct FirstScreen {
    status: DataFileStatus,
    /// None when the file cannot be used (the status says why) or could not be read; the
    /// page then asks for it as on any later load.
    catalogue: Option<Catalogue>,
    dashboard: Option<Dashboard>,
}

/// A script defining `window.__WAYMARK_FIRST_SCREEN__`. The values are JSON, which is a
/// JavaScript literal: people's text arrives as string data, never as code.
pub fn script(store: &Store) -> String {
    let status = store.status();
    let usable = status.error.is_none();
    let first = FirstScreen {
        catalogue: usable
            .then(|| store.with(|c| catalogue::load(c)).ok())
            .flatten(),
        dashboard: usable
            .then(|| {
                store
                    .with(|c| dashboard::load(c, &DashboardLimits::default()))
                    .ok()
            })
            .flatten(),
        status,
    };
    let json = serde_json::to_string(&first).unwrap_or_else(|_| "null".into());
    format!("window.__WAYMARK_FIRST_SCREEN__ = {json};")
}
