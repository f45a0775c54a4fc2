//! Resource-constrained project scheduling (RCPSP).
