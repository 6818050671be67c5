-- The databases of the services other than planning, whose database the postgres image makes
-- from POSTGRES_DB. docker-compose.yml mounts this file into /docker-entrypoint-initdb.d, which
-- the image runs once, on its first start with an empty data volume. A volume made before a
-- service was added lacks its database; make it by hand (deploy/README.md):
--
--   docker compose exec postgres createdb -U simpeg attendance
--   docker compose exec postgres createdb -U simpeg training
--   docker compose exec postgres createdb -U simpeg evaluation
CREATE DATABASE attendance;
CREATE DATABASE training;
CREATE DATABASE evaluation;
