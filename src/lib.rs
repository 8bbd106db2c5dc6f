//! sso-wizard: author the iOS/iPadOS Single sign-on app extension profile (Microsoft Entra
//! JIT registration) and export it as a `.mobileconfig` or Microsoft Graph request bodies.

pub mod cli;
pub mod draft;
pub mod export;
pub mod import;
pub mod known;
pub mod man;
pub mod plain;
pub mod report;
pub mod rules;
pub mod store;
pub mod tui;

pub use draft::Draft;
