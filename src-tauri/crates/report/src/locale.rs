//! Dates as the reader expects them: the report is printed for one locale (`en-US`,
//! `de_DE.UTF-8`, `fr`…), and every date in it follows that locale's conventions.

use chrono::{Locale, NaiveDate};

#[derive(Debug, Clone, Copy)]
pub struct DateStyle {
    locale: Locale,
}

impl DateStyle {
    /// Understands BCP 47 tags (`en-GB`) and POSIX names (`en_GB.UTF-8`); anything
    /// unknown prints as US English rather than failing the export.
    pub fn for_locale(tag: &str) -> Self {
        let base = tag
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .replace('-', "_");
        let mut parts = base.split('_');
        let language = parts.next().unwrap_or_default().to_lowercase();
        let region = parts.next().map(str::to_uppercase);
        let candidates = [
            region.map(|r| format!("{language}_{r}")),
            Some(format!("{language}_{}", language.to_uppercase())),
            Some(language.clone()),
        ];
        let locale = candidates
            .into_iter()
            .flatten()
            .find_map(|name| Locale::try_from(name.as_str()).ok())
            .unwrap_or(Locale::en_US);
        Self { locale }
    }

    /// Compact, for tables: the locale's own numeric form (`11/26/2026`, `26.11.2026`),
    /// always with a four-digit year, which a document read years later needs.
    pub fn short(&self, date: NaiveDate) -> String {
        let pattern =
            pure_rust_locales::locale_match!(self.locale => LC_TIME::D_FMT).replace("%y", "%Y");
        date.format_localized(&pattern, self.locale).to_string()
    }

    /// Spelled out, for the cover (`November 26, 2026`, `26 novembre 2026`).
    pub fn long(&self, date: NaiveDate) -> String {
        let pattern = match self.locale {
            Locale::en_US | Locale::en_PH => "%B %-d, %Y",
            Locale::de_DE | Locale::de_AT | Locale::de_CH => "%-d. %B %Y",
            Locale::ja_JP | Locale::zh_CN | Locale::zh_TW | Locale::ko_KR => "%x",
            _ => "%-d %B %Y",
        };
        date.format_localized(pattern, self.locale).to_string()
    }

    /// Month and year, for chart axes and horizons (`Nov 2026`).
    pub fn month(&self, date: NaiveDate) -> String {
        date.format_localized("%b %Y", self.locale).to_string()
    }

    /// An ISO date from storage, in the short form; text that is not a date stays as it is.
    pub fn short_iso(&self, iso: &str) -> String {
        parse(iso).map_or_else(|| iso.to_owned(), |d| self.short(d))
    }

    /// An ISO date from storage, spelled out.
    pub fn long_iso(&self, iso: &str) -> String {
        parse(iso).map_or_else(|| iso.to_owned(), |d| self.long(d))
    }
}

pub fn parse(iso: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 6).unwrap()
    }

    #[test]
    fn follows_the_locale() {
        assert_eq!(
            DateStyle::for_locale("en-US").long(day()),
            "November 6, 2026"
        );
        assert_eq!(DateStyle::for_locale("en-US").short(day()), "11/06/2026");
        assert_eq!(
            DateStyle::for_locale("en_GB.UTF-8").long(day()),
            "6 November 2026"
        );
        assert_eq!(
            DateStyle::for_locale("en_GB.UTF-8").short(day()),
            "06/11/2026"
        );
        assert_eq!(DateStyle::for_locale("de").long(day()), "6. November 2026");
        assert_eq!(DateStyle::for_locale("de-DE").short(day()), "06.11.2026");
        assert_eq!(DateStyle::for_locale("fr").long(day()), "6 novembre 2026");
    }

    #[test]
    fn unknown_locales_fall_back_to_us_english() {
        for tag in ["", "C", "POSIX", "xx-YY", "../../etc"] {
            assert_eq!(DateStyle::for_locale(tag).long(day()), "November 6, 2026");
        }
    }
}
