-- Loaded by the harness into each app's fresh database (an app may bring its own schema.sql).
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL CHECK (balance >= 0));
INSERT INTO accounts (id, owner, balance) SELECT g, 'owner ' || g, 100 FROM generate_series(1, 10) AS g;
CREATE TABLE transfers (id serial PRIMARY KEY, from_id int NOT NULL, to_id int NOT NULL, amount int NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE audit_log (id serial PRIMARY KEY, note text NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE events (id serial PRIMARY KEY, kind text NOT NULL, payload jsonb);
-- A connection that did not run the app's own SET TIME ZONE sees this zone instead.
ALTER DATABASE :database SET timezone TO 'Asia/Tokyo';
