// The rhythm of mentoring: the next 1:1 and its agenda, the evidence log, reminders.

pub mod agenda;
pub mod evidence;
pub mod reminders;
