-- Planning fields (project value and publication, a year's allocation and
-- contracted amount, KPI targets) that a project owner changes are kept here as
-- proposals until a planner of the agency accepts or rejects them; nothing here
-- is visible to the public or counted in the portfolio.
CREATE TABLE planning_proposal (
    id BIGSERIAL PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    -- JSON array of `PlanningChange` (field, old, new).
    changes TEXT NOT NULL,
    proposed_by BIGINT REFERENCES app_user(id),
    proposed_by_name TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES app_user(id),
    decided_by_name TEXT,
    decided_at BIGINT,
    comment TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX planning_proposal_project ON planning_proposal(project_id, status, id);
CREATE INDEX planning_proposal_status ON planning_proposal(status, id);
