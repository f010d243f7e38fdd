// The people being mentored and their assessments: what plans are measured against.

pub mod assessments;
pub mod cadence;
pub mod mentees;
