-- Global defaults: the last step of the one precedence (request override -> section -> default).
CREATE TABLE settings.global_defaults (
    id               SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    ai_model         TEXT NOT NULL REFERENCES settings.models (name) ON UPDATE CASCADE,
    reasoning_effort TEXT NULL CHECK (reasoning_effort IN ('minimal', 'low', 'medium', 'high')),
    verbosity        TEXT NULL CHECK (verbosity IN ('low', 'medium', 'high')),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by       TEXT NOT NULL
);
INSERT INTO settings.global_defaults (ai_model, reasoning_effort, verbosity, updated_by)
VALUES ('gpt-5', 'medium', 'medium', 'system');

-- Plan-cadre generation sections (the original's GlobalGenerationSettings): a name, whether the AI
-- writes it, and the instruction text. Their own table: (section, name) -> text has no use_ai.
CREATE TABLE settings.generation_sections (
    name       TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    use_ai     BOOLEAN NOT NULL DEFAULT TRUE,
    text       TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by TEXT NOT NULL
);

-- History now also covers models, defaults, generation sections and whole imports (section NULL).
ALTER TABLE settings.setting_changes ALTER COLUMN section DROP NOT NULL;
ALTER TABLE settings.setting_changes DROP CONSTRAINT setting_changes_entity_check;
ALTER TABLE settings.setting_changes ADD CONSTRAINT setting_changes_entity_check
    CHECK (entity IN ('section', 'template', 'model', 'defaults', 'generation_section', 'import'));
CREATE INDEX setting_changes_changed_at_idx ON settings.setting_changes (changed_at DESC, id DESC);

INSERT INTO settings.generation_sections (name, position, use_ai, text, updated_by) VALUES
    ('Intro et place du cours', 1, TRUE, 'Présente le cours et sa place dans le programme : à quelle étape il se donne, quelles compétences il développe ou atteint, et comment il prépare les cours suivants.', 'system'),
    ('Objectif terminal', 2, TRUE, 'Rédige l''objectif terminal du cours en une ou deux phrases qui décrivent ce que l''étudiante ou l''étudiant sera capable de faire à la fin du cours.', 'system'),
    ('Introduction Structure du Cours', 3, TRUE, 'Décris en un paragraphe la structure générale du cours : la répartition entre théorie, laboratoire et travail personnel, et la progression des apprentissages.', 'system'),
    ('Activités Théoriques', 4, TRUE, 'Décris les activités théoriques prévues et leur lien avec les capacités du cours.', 'system'),
    ('Activités Pratiques', 5, TRUE, 'Décris les activités pratiques (laboratoires, exercices, projets) et leur lien avec les capacités du cours.', 'system'),
    ('Activités Prévues', 6, TRUE, 'Énumère les activités d''apprentissage prévues tout au long de la session.', 'system'),
    ('Évaluation Sommative des Apprentissages', 7, TRUE, 'Décris comment les apprentissages sont évalués de façon sommative et comment l''épreuve finale atteste l''atteinte de l''objectif terminal.', 'system'),
    ('Nature des Évaluations Sommatives', 8, TRUE, 'Précise la nature des évaluations sommatives (examens, travaux, projets) et leur pondération approximative.', 'system'),
    ('Évaluation de la Langue', 9, TRUE, 'Rappelle les exigences de la politique institutionnelle sur la qualité de la langue française dans les travaux évalués.', 'system'),
    ('Évaluation formative des apprentissages', 10, TRUE, 'Décris les moyens d''évaluation formative qui permettent à l''étudiante ou à l''étudiant de se situer avant les évaluations sommatives.', 'system'),
    ('Description des compétences développées', 11, TRUE, 'Pour chaque compétence développée dans le cours, explique brièvement ce que le cours y apporte.', 'system'),
    ('Description des Compétences certifiées', 12, TRUE, 'Pour chaque compétence atteinte (certifiée) dans le cours, explique comment le cours en assure l''atteinte.', 'system'),
    ('Description des cours corequis', 13, TRUE, 'Pour chaque cours corequis, explique le lien entre les deux cours.', 'system'),
    ('Objets cibles', 14, TRUE, 'Énumère les objets cibles du cours avec une courte description de chacun.', 'system'),
    ('Description des cours reliés', 15, FALSE, '', 'system'),
    ('Description des cours préalables', 16, TRUE, 'Pour chaque cours préalable, précise les acquis sur lesquels le cours s''appuie.', 'system'),
    ('Savoir-être', 17, TRUE, 'Énumère les savoir-être attendus, formulés comme des comportements observables.', 'system'),
    ('Capacité et pondération', 18, TRUE, 'Formule les capacités du cours, chacune avec sa description et sa pondération minimale et maximale (le total doit permettre 100 %).', 'system'),
    ('Savoirs nécessaires d''une capacité', 19, TRUE, 'Pour la capacité, énumère les savoirs nécessaires (connaissances) à enseigner.', 'system'),
    ('Savoirs faire d''une capacité', 20, TRUE, 'Pour la capacité, énumère les savoir-faire avec, pour chacun, une cible et un seuil de réussite.', 'system'),
    ('Moyen d''évaluation d''une capacité', 21, TRUE, 'Pour la capacité, propose des moyens d''évaluation cohérents avec ses savoir-faire.', 'system');

-- Plan de cours templates: one per field (materiel included), all, calendrier. Every placeholder is one
-- the task provides (org.edxo.ai.contracts.kinds.PromptVariables): the original's defaults used
-- {current_value}, which its task never provided (reference §7.5 D3).
INSERT INTO settings.prompt_templates (section, name, template, updated_by)
SELECT 'plan_de_cours', field, format($t$Cours : {cours_code} - {cours_nom} (session {session})

Plan-cadre (extraits) :
{sections}

Contenu actuel de la section « %s » :
{current_value}

Précisions de l'utilisateur : {additional_info}

Rédige ou améliore la section « %s » du plan de cours. %s Reste fidèle au plan-cadre, écris en français clair et réponds uniquement par le texte de la section.$t$, label, label, advice), 'system'
FROM (VALUES
    ('presentation_du_cours', 'Présentation du cours', 'Situe le cours dans le programme et explique aux étudiantes et aux étudiants ce qu''ils y apprendront.'),
    ('objectif_terminal_du_cours', 'Objectif terminal du cours', 'Reprends l''objectif terminal du plan-cadre en le formulant pour les étudiantes et les étudiants.'),
    ('organisation_et_methodes', 'Organisation et méthodes pédagogiques', 'Décris la répartition des heures, les méthodes d''enseignement et le travail attendu hors classe.'),
    ('accomodement', 'Accommodements', 'Rappelle les mesures d''accommodement offertes et la démarche pour en bénéficier.'),
    ('evaluation_formative_apprentissages', 'Évaluation formative des apprentissages', 'Décris les occasions de rétroaction qui précèdent les évaluations sommatives.'),
    ('evaluation_expression_francais', 'Évaluation de l''expression en français', 'Précise comment la qualité du français est évaluée dans les travaux.'),
    ('seuil_reussite', 'Seuil de réussite', 'Énonce les conditions de réussite du cours, dont l''épreuve finale.'),
    ('materiel', 'Matériel', 'Énumère le matériel obligatoire et recommandé (manuels, logiciels, équipement).')
) AS fields (field, label, advice);

INSERT INTO settings.prompt_templates (section, name, template, updated_by) VALUES
    ('plan_de_cours', 'all', $t$Session : {session}
Cours : {cours_code} - {cours_nom}
Plan-cadre (extraits) :
{sections}

Précisions de l'utilisateur : {additional_info}

Rédige l'ensemble du plan de cours à partir du plan-cadre : chaque section doit découler des capacités, des savoir-faire et des pondérations indiqués.$t$, 'system'),
    ('plan_de_cours', 'calendrier', $t$Session : {session}
Cours : {cours_code} - {cours_nom}
Plan-cadre (extraits) :
{sections}

Calendrier actuel :
{current_value}

Précisions de l'utilisateur : {additional_info}

Propose un calendrier semaine par semaine (sujet, activités, travaux hors classe, évaluations) qui couvre toutes les capacités du plan-cadre avant leur évaluation.$t$, 'system'),
    ('ocr', 'segmentation', $t$Le document joint est le devis ministériel du programme « {programme} ». Repère chaque compétence (code et énoncé) et indique les pages où elle est décrite, sans rien omettre ni inventer.$t$, 'system'),
    ('ocr', 'extraction', $t$Le document joint est le devis ministériel du programme « {programme} ». Pour chaque compétence, extrais le code, l'énoncé, le contexte de réalisation sous forme de liste hiérarchique, les critères de performance pour l'ensemble de la compétence, puis chaque élément avec ses critères de performance. Recopie le texte tel quel et réponds uniquement par le JSON demandé.$t$, 'system'),
    ('plan_de_cours_import', 'prompt', $t$Voici le texte d'un plan de cours importé :

{doc_text}

Extrais-en les champs du plan de cours (présentation, objectif terminal, organisation et méthodes, accommodements, évaluations formatives, expression en français, seuil de réussite, matériel), le calendrier, les évaluations, la médiagraphie et les disponibilités. N'invente rien : laisse vide ce qui est absent.$t$, 'system'),
    ('plan_cadre_import', 'prompt', $t$Voici le texte d'un plan-cadre importé :

{doc_text}

Extrais-en chaque section du plan-cadre, les capacités avec leurs pondérations, leurs savoirs nécessaires et leurs savoir-faire (cible et seuil), ainsi que les savoir-être. N'invente rien : laisse vide ce qui est absent.$t$, 'system'),
    ('grille_import', 'prompt', $t$Voici le texte d'une grille de cours de programme :

{doc_text}

Extrais-en chaque session avec ses cours (code, nom, heures de théorie, de laboratoire et de travail personnel, préalables et corequis). N'invente rien.$t$, 'system');
