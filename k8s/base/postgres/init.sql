-- One database per service that owns Postgres data (DESIGN.md): no service reads another's.
CREATE DATABASE auth;
CREATE DATABASE "order";
