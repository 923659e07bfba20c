-- One database per service (and the gateway), created when the PostgreSQL volume is first made.
CREATE DATABASE tuijin_registry;
CREATE DATABASE tuijin_issues;
CREATE DATABASE tuijin_meetings;
CREATE DATABASE tuijin_scoring;
CREATE DATABASE tuijin_gateway;
