//! Planning: the step graph, parallel groups, critical path, PERT and Monte
//! Carlo timelines, and resource-levelled schedules.

pub mod rcpsp;
