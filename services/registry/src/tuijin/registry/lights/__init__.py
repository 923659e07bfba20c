"""Warning lights (亮灯, 红黄绿灯): a start light, a progress light and a procedure light per project,
recomputed by a job from configurable thresholds, with an append-only history of colour changes."""
