//! Text views of data the library and the engine return.

pub mod run;
