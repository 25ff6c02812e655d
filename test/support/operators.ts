/**
 * Knowledge edits the operators' tests make: a new document the bot can then
 * answer from, and a broken card whose quote is not in its text.
 */

/** A question no fixture text answers, until NEW_DOCUMENT is added. */
export const NEW_DOCUMENT_QUESTION =
  "When did Tomsk and Novosibirsk sign the agreement on nuclear medicine?";

export const NEW_DOCUMENT = {
  name: "novosibirsk-forum.md",
  content: `---
id: novosibirsk-forum
title: "Tomsk and Novosibirsk sign a cooperation agreement"
date: "14 March"
language: en
tags: [novosibirsk]
---

On 14 March the Tomsk region and the Novosibirsk region signed an agreement on cooperation in nuclear medicine.
`,
};

/** Appended to clusters.yaml: a cluster citing a quote its document does not contain. */
export const BROKEN_CLUSTER = `- id: broken
  name: { en: Broken cluster, ru: Сломанный кластер }
  description: { en: Invented., ru: Выдуманный. }
  citations:
    - doc: ino-facts
      quote: this sentence is in no text
`;
