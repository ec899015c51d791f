//! The desktop's clock port: the system time, as the core provides it.

pub use egate_core::ports::SystemClock;
