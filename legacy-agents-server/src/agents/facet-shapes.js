// The facet values the three agents exchange, shaped as in the flex facet catalog
// (FlexAspire.Contracts/Facets/facet-catalog.json). Model answers go through these so that a missing or mistyped
// field is repaired from the deterministic fallback instead of breaking the contract.

export const platforms = ['linkedin', 'x', 'instagram', 'facebook'];

export const characterLimits = { linkedin: 3000, x: 280, instagram: 2200, facebook: 63206 };

export function asPlatform(value, fallback = 'linkedin') {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (v === 'twitter') return 'x';
  return platforms.includes(v) ? v : fallback;
}

export function asCreativeBrief(value, fallback) {
  const v = objectOr(value);
  return {
    angle: text(v.angle, fallback.angle),
    keyMessages: textList(v.keyMessages, fallback.keyMessages, 1),
    tone: text(v.tone, fallback.tone),
    audience: text(v.audience, fallback.audience),
  };
}

export function asStrategicRationale(value, fallback) {
  const v = objectOr(value);
  return {
    summary: text(v.summary, fallback.summary),
    insights: textList(v.insights, fallback.insights, 1),
    risks: textList(v.risks, fallback.risks, 0),
  };
}

export function asPostCopy(value, fallback) {
  const v = objectOr(value);
  return {
    headline: text(v.headline, fallback.headline),
    body: text(v.body, fallback.body),
    hashtags: textList(v.hashtags, fallback.hashtags, 0).map((tag) => (tag.startsWith('#') ? tag : `#${tag}`)),
    callToAction: text(v.callToAction, fallback.callToAction),
  };
}

export function asFeedback(value, fallback) {
  const v = objectOr(value);
  return {
    approved: typeof v.approved === 'boolean' ? v.approved : fallback.approved,
    comments: textList(v.comments, fallback.comments, 0),
  };
}

/** The post as one text, the way the generation agent streams it. */
export function renderPost(copy) {
  const tags = copy.hashtags.length ? `\n\n${copy.hashtags.join(' ')}` : '';
  return `${copy.headline}\n\n${copy.body}\n\n${copy.callToAction}${tags}`;
}

function objectOr(value) {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function text(value, fallback) {
  return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

function textList(value, fallback, minItems) {
  if (!Array.isArray(value)) return fallback;
  const items = value.filter((x) => typeof x === 'string' && x.trim()).map((x) => x.trim());
  return items.length >= minItems ? items : fallback;
}
