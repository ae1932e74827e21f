import { asPlatform, characterLimits, renderPost } from './facet-shapes.js';

// Local, deterministic tools the agents call in both the offline and the model pipeline; their calls and results are
// what the legacy stream reports as tool_call / tool_result.

const stopwords = new Set(
  ('a an and are as at be but by can could for from has have how in into is it its of on or our should so that the ' +
    'their them then there these they this those to was we were what when which who why will with would you your ' +
    'about after also any because been before being both each just more most must need over same some such than ' +
    'very want make write create post posts announce announcing help please using through while where promote ' +
    'promoting share linkedin twitter instagram facebook tweet keep short update draft compose publish social media').split(' '),
);

/** Keywords of an objective: lowercase words of 4+ letters, most frequent first, ties in order of appearance. */
export function extractKeywords(text, limit = 5) {
  const counts = new Map();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
    const w = word.replace(/['-]+$/, '');
    if (w.length < 4 || stopwords.has(w) || /^\d+$/.test(w)) continue;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([word, count], index) => ({ word, count, index }))
    .sort((a, b) => b.count - a.count || a.index - b.index)
    .slice(0, limit)
    .map((k) => k.word);
}

const leadingInstruction =
  /^(?:please\s+)?(?:write|create|draft|make|compose|announce|promote|share|publish|tell\s+(?:people|everyone|us)|post)\b(?:\s+(?:a|an|the|one))?(?:\s+(?:short|quick|new))?(?:\s+(?:linkedin|x|twitter|instagram|facebook|social(?:\s+media)?))?(?:\s+(?:post|update|tweet|announcement|message|caption))?(?:\s+(?:about|on|for|that\s+announces|announcing|introducing))?\s+/i;
const audienceWords =
  'owners|teams|leaders|customers|developers|parents|students|professionals|founders|marketers|engineers|managers|buyers|fans|people|users|clients|businesses|shoppers|readers|community|families|employees|partners|investors|lovers|enthusiasts|makers|creators|startups|companies|retailers|designers|nurses|doctors|teachers';
const audiencePattern = new RegExp(`\\s+(?:to|for|among|aimed at)\\s+((?:[\\p{L}\\p{N}'-]+\\s+){0,5}?(?:${audienceWords})(?:\\s+(?:in|of|at|across)\\s+[\\p{L}\\p{N}'-]+)?)\\b`, 'iu');

/**
 * What an objective is about: its topic (the objective without a leading "write a post about"), the audience it
 * names ("... to cafe owners in Berlin"), if any, and its keywords.
 */
export function describeObjective(objective, topicHint) {
  let topic = (topicHint ?? objective).trim().split(/(?<=[.!?])\s+/)[0].replace(/[.!?]+$/, '').trim();
  const audienceMatch = audiencePattern.exec(topicHint ? objective : topic);
  if (!topicHint) topic = topic.replace(leadingInstruction, '');
  if (audienceMatch && !topicHint) topic = topic.replace(audiencePattern, '').trim();
  return {
    topic: topic || 'our latest update',
    audience: audienceMatch?.[1],
    keywords: extractKeywords(`${topicHint ?? ''} ${objective}`),
  };
}

export function analyzeObjective({ objective, mode, postContext }) {
  const platform = asPlatform(postContext?.platform);
  const { topic, audience, keywords } = describeObjective(objective, postContext?.topic);
  return {
    mode,
    platform,
    characterLimit: characterLimits[platform],
    topic,
    audience: audience ?? null,
    keywords,
    objectiveLength: objective.length,
  };
}

export function checkPlatformRules({ copy, platform, objective }) {
  const text = renderPost(copy);
  const keywords = extractKeywords(objective);
  const lower = text.toLowerCase();
  const mentioned = keywords.filter((k) => lower.includes(k));
  return {
    platform,
    length: text.length,
    characterLimit: characterLimits[platform],
    withinLimit: text.length <= characterLimits[platform],
    hashtagCount: copy.hashtags.length,
    keywordsMentioned: mentioned,
    keywordsMissing: keywords.filter((k) => !lower.includes(k)),
  };
}
