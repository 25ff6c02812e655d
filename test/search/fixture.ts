import { type KnowledgeFile, parseKnowledge } from "../../src/search/corpus.js";
import type { Knowledge } from "../../src/search/types.js";

/**
 * A tiny knowledge base for ranking tests: small enough that every expected
 * position can be explained by reading it.
 */
export const FIXTURE_FILES: readonly KnowledgeFile[] = [
  {
    name: "embassy-visit.md",
    content: `---
id: embassy-visit
title: Italian Ambassador visits Tomsk
date: Tuesday
source: Regional Administration
language: en
tags: [italy, visit]
---

On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk. He met the regional leadership at the administration.

All Tomsk universities have partners in Italy. Some of them run academic mobility programs.
`,
  },
  {
    name: "gamma-facts.md",
    content: `---
id: gamma-facts
title: Gamma project in facts
language: en
tags: [gamma, facts]
---

1. 160 thousand highly-efficient workplaces will be created before 2020 as a result of the Gamma project.

2. The Gamma project is based on 3 clusters: oil, timber and IT.

3. The Tomsk region hopes the project will attract investors.
`,
  },
  {
    name: "moscow-forum.md",
    content: `---
id: moscow-forum
title: Governor speaks at a forum in Moscow
date: 12 November
language: en
tags: [forum]
---

Governor Ivan Petrov spoke at the forum in Moscow on the 12th of November. The Tomsk region leads in exports of technology.

Tomsk companies cooperate with Gazprom and Rosatom. They bought 66 billion rubles worth of Tomsk products.
`,
  },
  {
    name: "tokyo-official.md",
    content: `---
id: tokyo-official
title: A Tokyo official on the region
language: en
tags: []
---

Tokyo official Seiji Kosugi spoke to Japanese businessmen. He praised the local universities. He said the region is open to foreign business.
`,
  },
  {
    name: "clusters.yaml",
    content: `- id: oil
  name: { en: Oil cluster, ru: Нефтяной кластер }
  description: { en: One of the clusters of the Gamma project., ru: Один из кластеров проекта «Гамма». }
  citations:
    - doc: gamma-facts
      quote: based on 3 clusters
`,
  },
  {
    name: "events.yaml",
    content: `- id: forum
  kind: forum
  title: { en: Forum in Moscow, ru: Форум в Москве }
  when: 12th of November
  where: { en: Moscow, ru: Москва }
  who: [Ivan Petrov]
  summary: { en: The governor spoke about exports., ru: Губернатор рассказал об экспорте. }
  doc: moscow-forum
  citations:
    - doc: moscow-forum
      quote: spoke at the forum in Moscow
- id: visit
  kind: visit
  title: { en: Ambassador's visit, ru: Визит посла }
  when: Tuesday
  who: [Marco Rossi]
  summary: { en: The ambassador came to Tomsk., ru: Посол приехал в Томск. }
  doc: embassy-visit
  citations:
    - doc: embassy-visit
      quote: arrived in Tomsk
`,
  },
  {
    name: "glossary.yaml",
    content: `- kind: person
  en: [Ivan Petrov, Petrov]
  ru: [Иван Петров, Петров]
- kind: place
  en: [Italy, Italian]
  ru: [Италия, итальянский]
- kind: place
  en: [Tomsk]
  ru: [Томск, томский]
- kind: programme
  en: [Gamma project, Gamma]
  ru: [проект Гамма, Гамма]
- kind: term
  en: [workplace, job]
  ru: [рабочее место, рабочие места]
- kind: term
  en: [ambassador]
  ru: [посол, посла]
- kind: term
  en: [university]
  ru: [университет, вуз]
- kind: term
  en: [purchase, bought, buy]
  ru: [купить, купили, закупили]
- kind: term
  en: [create]
  ru: [создать, создаст, создадут]
`,
  },
];

/** The fixture, parsed and validated like knowledge/. */
export function fixtureKnowledge(overrides: readonly KnowledgeFile[] = []): Knowledge {
  const names = new Set(overrides.map((f) => f.name));
  return parseKnowledge([...FIXTURE_FILES.filter((f) => !names.has(f.name)), ...overrides]);
}
