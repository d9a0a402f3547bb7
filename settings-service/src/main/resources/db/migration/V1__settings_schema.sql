-- The model catalogue: which models an administrator may pick, and their output ceiling.
CREATE TABLE settings.models (
    name               TEXT PRIMARY KEY,
    enabled            BOOLEAN NOT NULL DEFAULT TRUE,
    supports_reasoning BOOLEAN NOT NULL DEFAULT FALSE,
    max_output_tokens  INTEGER NOT NULL CHECK (max_output_tokens > 0)
);

-- One row per settings section (the key a task kind declares, e.g. analyse_plan_cours).
CREATE TABLE settings.section_settings (
    section           TEXT PRIMARY KEY,
    system_prompt     TEXT NOT NULL DEFAULT '',
    -- The foreign key keeps a section from pointing at a model that is not in the catalogue.
    ai_model          TEXT NOT NULL REFERENCES settings.models (name) ON UPDATE CASCADE,
    reasoning_effort  TEXT NULL CHECK (reasoning_effort IN ('minimal', 'low', 'medium', 'high')),
    verbosity         TEXT NULL CHECK (verbosity IN ('low', 'medium', 'high')),
    max_output_tokens INTEGER NULL CHECK (max_output_tokens > 0),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by        TEXT NOT NULL
);

-- Named prompt templates of a section (analyse_plan_cours has "prompt"; later sections add their own).
CREATE TABLE settings.prompt_templates (
    section    TEXT NOT NULL REFERENCES settings.section_settings (section) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    template   TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by TEXT NOT NULL,
    PRIMARY KEY (section, name)
);

-- Every change, with full before/after snapshots so that a later rollback can restore any version.
-- No foreign key on section: history must outlive whatever it describes.
CREATE TABLE settings.setting_changes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    section    TEXT NOT NULL,
    entity     TEXT NOT NULL CHECK (entity IN ('section', 'template')),
    name       TEXT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    before     JSONB NULL,
    after      JSONB NULL
);

CREATE INDEX setting_changes_section_idx ON settings.setting_changes (section, changed_at DESC);
