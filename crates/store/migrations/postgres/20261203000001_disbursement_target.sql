-- The fiscal year's cumulative disbursement targets by quarter (per cent of the
-- allocation), set by the planning group each year (the cabinet's targets
-- change from year to year); the dashboard draws the actual rate against them.
CREATE TABLE disbursement_target (
    fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2500 AND 2700),
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    percent DOUBLE PRECISION NOT NULL CHECK (percent >= 0 AND percent <= 100),
    PRIMARY KEY (fiscal_year, quarter)
);
