// Files that carry data out of Waymark and back: CSV, iCalendar, the JSON archive.

pub mod archive;
pub mod exports;
