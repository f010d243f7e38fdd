// Screens read in one go across the layers below: Today, search, the plan screen, and the
// analyses over time (forecast, calibration).

pub mod calibration;
pub mod dashboard;
pub mod forecast;
pub mod plan_view;
pub mod search;
