import { type KnowledgeFile, parseKnowledge } from "../../src/knowledge/load.js";
import type { Knowledge } from "../../src/knowledge/types.js";

/**
 * A tiny knowledge base for loader and ranking tests: small enough that every
 * expected position can be explained by reading it. Invented facts, in the
 * formats of knowledge/: documents, a translation, stored questions, cards and
 * a glossary.
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

Tomsk companies cooperate with Gazprom, Rosneft and Rosatom. They bought 66 billion rubles worth of Tomsk products.

The governor named three tasks. First, build roads. Second, train engineers. Finally, attract investors.
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
    name: "ru/embassy-visit.yaml",
    content: `doc: embassy-visit
status: reviewed
title: Посол Италии посетил Томск
date: во вторник
source: Администрация области
sentences:
  - en: On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk.
    ru: Во вторник посол Италии Марко Росси прибыл в Томск.
  - en: He met the regional leadership at the administration.
    ru: Он встретился с руководством области в администрации.
  - en: All Tomsk universities have partners in Italy.
    ru: У всех томских вузов есть партнёры в Италии.
  - en: Some of them run academic mobility programs.
    ru: Некоторые из них ведут программы академической мобильности.
`,
  },
  {
    name: "questions/gamma-facts.yaml",
    content: `doc: gamma-facts
passages:
  - quote: 160 thousand highly-efficient workplaces
    en: [how many new jobs will the gamma project bring, employment from gamma]
    ru: [сколько рабочих мест даст проект гамма, занятость гамма]
  - quote: based on 3 clusters
    en: [what industries does gamma rely on, gamma sectors]
    ru: [на какие отрасли опирается гамма, отрасли гаммы]
`,
  },
  {
    name: "questions/moscow-forum.yaml",
    content: `doc: moscow-forum
passages:
  - quote: The governor named three tasks.
    through: Finally, attract investors.
    en: [what are the governor's three tasks, list the tasks the governor set]
    ru: [какие три задачи назвал губернатор, задачи губернатора]
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
  when: { en: 12th of November, ru: 12 ноября }
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
  when: { en: Tuesday, ru: во вторник }
  who: [Marco Rossi]
  summary: { en: The ambassador came to Tomsk., ru: Посол приехал в Томск. }
  doc: embassy-visit
  citations:
    - doc: embassy-visit
      quote: arrived in Tomsk
`,
  },
  {
    name: "topics.yaml",
    content: `- id: marco-rossi
  kind: person
  names: { en: [Marco Rossi, Rossi], ru: [Марко Росси, Росси] }
  summary: { en: The Italian Ambassador who came to Tomsk on a Tuesday., ru: "Посол Италии, приехавший в Томск во вторник." }
  unknown: { en: The texts do not say how long he stayed., ru: "В текстах не сказано, сколько он пробыл." }
  citations:
    - doc: embassy-visit
      quote: the Italian Ambassador Marco Rossi arrived in Tomsk
- id: gamma
  kind: programme
  names: { en: [Gamma project, Gamma], ru: [проект Гамма, Гамма] }
  summary: { en: A project based on three clusters that will create 160 thousand workplaces., ru: "Проект на трёх кластерах, который создаст 160 тысяч рабочих мест." }
  citations:
    - doc: gamma-facts
      quote: The Gamma project is based on 3 clusters
    - doc: gamma-facts
      quote: 160 thousand highly-efficient workplaces
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
- kind: organisation
  en: [Tomsk universities]
  ru: [томские университеты]
- kind: organisation
  en: [Gazprom]
  ru: [Газпром]
- kind: term
  en: [purchase, bought, buy]
  ru: [купить, купили, закупили]
- kind: term
  en: [create]
  ru: [создать, создаст, создадут]
`,
  },
];

/** The fixture, parsed and validated like knowledge/; `overrides` replace files by name. */
export function fixtureKnowledge(overrides: readonly KnowledgeFile[] = []): Knowledge {
  const names = new Set(overrides.map((f) => f.name));
  return parseKnowledge([...FIXTURE_FILES.filter((f) => !names.has(f.name)), ...overrides]);
}

/** The content of one fixture file. */
export function fixtureFile(name: string): string {
  const file = FIXTURE_FILES.find((f) => f.name === name);
  if (!file) throw new Error(`no fixture file ${name}`);
  return file.content;
}
