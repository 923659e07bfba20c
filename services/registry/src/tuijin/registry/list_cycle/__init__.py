"""The yearly list cycle (年度项目清单编制): the calendar of steps that builds next year's key-project list."""
