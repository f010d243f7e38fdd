// Reads across the layers below: Today, search, the plan screen, forecast, calibration.

pub mod calibration;
pub mod dashboard;
pub mod forecast;
pub mod plan_view;
pub mod search;
