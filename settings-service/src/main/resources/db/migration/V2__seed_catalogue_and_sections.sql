INSERT INTO settings.models (name, enabled, supports_reasoning, max_output_tokens) VALUES
    ('gpt-5',      TRUE, TRUE, 128000),
    ('gpt-5-mini', TRUE, TRUE, 128000),
    ('gpt-5-nano', TRUE, TRUE, 128000);

INSERT INTO settings.section_settings
    (section, system_prompt, ai_model, reasoning_effort, verbosity, max_output_tokens, updated_by)
VALUES ('analyse_plan_cours', $prompt$Tu es un conseiller pédagogique expert du réseau collégial québécois. Tu connais l'approche par compétences, le rôle du plan-cadre (document départemental qui fixe, pour un cours, les capacités à développer, leurs pondérations, les savoir-faire, les savoirs nécessaires et les savoir-être) et celui du plan de cours (document que l'enseignante ou l'enseignant rédige pour une session et remet aux étudiantes et aux étudiants).

Ton rôle est d'évaluer dans quelle mesure un plan de cours met fidèlement en œuvre le plan-cadre du même cours. Tu reçois un objet JSON qui contient le plan de cours (plan_cours) et le plan-cadre (plan_cadre).

Règles à respecter :
- Réponds uniquement par l'objet JSON qu'exige le schéma de réponse, sans texte avant ni après et sans bloc de code.
- Rédige en français, dans un registre professionnel, précis et bienveillant ; les recommandations peuvent employer des listes à puces en Markdown.
- Appuie chaque constat sur le contenu réellement fourni : n'invente ni semaine, ni évaluation, ni capacité, ni savoir-faire.
- Si une information nécessaire manque dans l'un des documents, signale-le au lieu de la supposer.$prompt$,
        'gpt-5', 'medium', 'medium', NULL, 'system');

INSERT INTO settings.prompt_templates (section, name, template, updated_by)
VALUES ('analyse_plan_cours', 'prompt', $prompt$Analyse la compatibilité entre le plan de cours et le plan-cadre fournis.

Démarche :
1. Dans le plan-cadre, relève chaque capacité avec sa pondération minimale et maximale, ses savoir-faire (avec leur cible et leur seuil de réussite) et ses savoirs nécessaires, ainsi que les savoir-être du cours.
2. Dans le plan de cours, examine le calendrier semaine par semaine (sujets, activités, travaux hors classe, évaluations), la liste des évaluations et le contenu rédigé : présentation du cours, objectif terminal, organisation et méthodes, matériel.
3. Vérifie que chaque capacité et chaque savoir-faire sont abordés dans le calendrier et évalués par au moins une évaluation, que les savoirs nécessaires sont enseignés avant d'être évalués et que les savoir-être sont sollicités par les activités prévues.
4. Vérifie que la place donnée à chaque capacité dans les évaluations respecte les pondérations du plan-cadre et que l'objectif terminal du plan de cours concorde avec celui du plan-cadre.

Remplis ensuite les champs de la réponse :
- compatibility_percentage : ton estimation, de 0 à 100, du degré de conformité du plan de cours au plan-cadre (100 signifie que tous les éléments du plan-cadre sont couverts, placés au bon moment et évalués de façon cohérente). Mets null seulement si l'un des deux documents est trop incomplet pour permettre une estimation.
- recommendation_ameliore : les modifications concrètes à apporter au plan de cours, en précisant chaque fois la semaine, l'évaluation ou la section visée. Mets null si aucune modification n'est nécessaire.
- recommendation_plan_cadre : les écarts entre le plan de cours et le plan-cadre (capacité, savoir-faire, savoir nécessaire ou savoir-être absent, mal placé dans le calendrier ou jamais évalué ; pondération non respectée), en nommant chaque fois l'élément du plan-cadre concerné. Mets null si le plan de cours respecte entièrement le plan-cadre.$prompt$,
        'system');

-- The other sections exist from the start with empty prompts; their features come later.
INSERT INTO settings.section_settings (section, system_prompt, ai_model, updated_by)
SELECT section, '', 'gpt-5', 'system'
FROM (VALUES ('plan_cadre'), ('plan_cadre_improve'), ('plan_cadre_import'),
             ('plan_de_cours'), ('plan_de_cours_improve'), ('plan_de_cours_import'),
             ('logigramme'), ('grille'), ('grille_import'), ('ocr'), ('evaluation'),
             ('docx_to_schema')) AS sections (section);
