// Screens read in one go across the layers below: Today, search, the plan screen.

pub mod dashboard;
pub mod plan_view;
pub mod search;
