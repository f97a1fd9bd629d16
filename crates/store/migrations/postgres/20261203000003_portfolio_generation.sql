-- A counter every write to the portfolio summary (and to the labels it is shown
-- with: organisation units, strategies) increases in its own transaction, so a
-- server may keep aggregates in memory and know, with one primary-key read,
-- whether any server has changed the data since.
CREATE TABLE portfolio_generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO portfolio_generation (id, generation) VALUES (1, 0);
