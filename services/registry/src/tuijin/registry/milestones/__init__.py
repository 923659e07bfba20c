"""Node plans (时间节点, 倒排工期): a project's milestones with planned and actual dates."""
