//! Planning: the step graph, parallel groups, critical path, PERT and Monte
//! Carlo timelines, and resource-levelled schedules.

pub mod cpm;
pub mod graph;
pub mod montecarlo;
pub mod network;
pub mod parallel;
pub mod pert;
pub mod rcpsp;
