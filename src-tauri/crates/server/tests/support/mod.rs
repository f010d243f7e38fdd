#![allow(dead_code, reason = "each test binary uses part of the support")]

pub mod app;
pub mod binary;
pub mod device;
pub mod postgres;
pub mod proxy;
pub mod server;
