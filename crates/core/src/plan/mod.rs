//! Planning: the step graph, parallel groups, critical path, PERT and Monte
//! Carlo timelines, and resource-levelled schedules.

pub mod bench;
pub mod cpm;
pub mod gantt;
pub mod graph;
pub mod montecarlo;
pub mod network;
pub mod parallel;
pub mod pert;
pub mod rcpsp;
pub mod report;
pub mod schedule;
pub mod synthetic;
pub mod team;
pub mod timeline;
