//! The fonts reports are set in: a small embedded set that covers Latin, Cyrillic, Greek
//! and Arabic, and, only for a report whose text needs it (Chinese, Japanese, Korean and
//! other scripts), the fonts installed on the system as fallback.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::{self, FontStore};

const EMBEDDED: [&[u8]; 6] = [
    include_bytes!("../fonts/Inter-Regular.otf"),
    include_bytes!("../fonts/Inter-Italic.otf"),
    include_bytes!("../fonts/Inter-SemiBold.otf"),
    include_bytes!("../fonts/Inter-Bold.otf"),
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
];

/// The fonts for a report containing `text`: the embedded set when it covers every
/// character, otherwise the embedded set followed by the system's fonts. Scanning the
/// system costs tens of milliseconds, so it happens at most once and only when needed.
pub fn for_text(text: &str) -> &'static FontStore {
    static EMBEDDED_ONLY: OnceLock<FontStore> = OnceLock::new();
    static WITH_SYSTEM: OnceLock<FontStore> = OnceLock::new();
    let embedded = EMBEDDED_ONLY.get_or_init(|| store(false));
    if covers(embedded, text) {
        embedded
    } else {
        WITH_SYSTEM.get_or_init(|| store(true))
    }
}

fn store(with_system: bool) -> FontStore {
    let mut store = FontStore::new();
    store.extend(EMBEDDED.iter().flat_map(|data| {
        Font::iter(Bytes::new(*data)).map(|font| {
            let info = font.info().clone();
            (font, info)
        })
    }));
    if with_system {
        store.extend(fonts::system());
    }
    store
}

fn covers(store: &FontStore, text: &str) -> bool {
    let infos: Vec<_> = (0..EMBEDDED.len()).filter_map(|i| store.font(i)).collect();
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .all(|c| infos.iter().any(|f| f.info().coverage.contains(c as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_cover_european_scripts_and_arabic() {
        let text = "Zoë Ångström Łukasz Дмитрий Σοφία فاطمة – “quoted” • ✓";
        assert!(std::ptr::eq(for_text(text), for_text("plain")));
    }

    #[test]
    fn other_scripts_bring_in_system_fonts() {
        let store = for_text("王芳 さくら");
        assert!(!std::ptr::eq(store, for_text("plain")));
    }
}
