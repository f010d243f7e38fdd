//! The sandbox Typst compiles in: the embedded templates, one virtual JSON file holding
//! the report's content, and fonts. There is no file system and no network; any other
//! path a template (or anything else) asks for is refused.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use waymark_core::{Error, Result};

/// Where the content is found by the templates: `json("/content.json")`.
const CONTENT_PATH: &str = "/content.json";

const TEMPLATES: [(&str, &str); 3] = [
    ("/common.typ", include_str!("../templates/common.typ")),
    ("/plan.typ", include_str!("../templates/plan.typ")),
    ("/overview.typ", include_str!("../templates/overview.typ")),
];

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The templates, parsed once per process. Typst asks for every file's source in each
/// compilation, also to check what it remembers from the last one; parsing them anew each
/// time was most of the compile of an unchanged report (1 ms of 1.1).
static SOURCES: LazyLock<Vec<Source>> = LazyLock::new(|| {
    TEMPLATES
        .iter()
        .filter_map(|(path, text)| Some(Source::new(file_id(path)?, (*text).to_owned())))
        .collect()
});

static CONTENT_ID: LazyLock<Option<FileId>> = LazyLock::new(|| file_id(CONTENT_PATH));

pub struct ReportWorld {
    main: FileId,
    content: Bytes,
    fonts: &'static FontStore,
    today: NaiveDate,
}

impl ReportWorld {
    /// A world whose main file is the template at `template` (`/plan.typ`…).
    pub fn new(
        template: &str,
        content: Vec<u8>,
        fonts: &'static FontStore,
        today: NaiveDate,
    ) -> Result<Self> {
        let main =
            file_id(template).ok_or_else(|| Error::Render(format!("no template {template}")))?;
        Ok(Self {
            main,
            content: Bytes::new(content),
            fonts,
            today,
        })
    }
}

fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        SOURCES
            .iter()
            .find(|source| source.id() == id)
            .cloned()
            .ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if Some(id) == *CONTENT_ID {
            Ok(self.content.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let month = u8::try_from(self.today.month()).ok()?;
        let day = u8::try_from(self.today.day()).ok()?;
        Datetime::from_ymd(self.today.year(), month, day)
    }
}
