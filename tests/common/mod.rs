//! Helpers shared by the integration tests (each test binary includes what it uses).

pub mod pty;
