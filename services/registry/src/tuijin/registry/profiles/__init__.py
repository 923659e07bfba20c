"""Region profiles (区域配置模板) in the registry: the shipped profiles read over HTTP, a profile applied to a
region and year (the registry's policies here, the other services' parts through the outbox), and the record of
each application. The profiles themselves are data: :mod:`tuijin.kernel.profiles` (docs/profiles.md)."""
