"""Dynamic management (动态管理): moving a project out of the year's list and a comparable one in,
through the approval chain (栾川: 责任单位 → 分包领导 → 县发改委备案 → 县委县政府 → 县人大常委会)."""
