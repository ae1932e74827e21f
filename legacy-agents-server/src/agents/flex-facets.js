// The flex facet catalog (FlexAspire.Contracts/Facets/facet-catalog.json) has the existing awesomeposter system's
// shapes: post_copy is the post's text, the rationale a paragraph, feedback a list of facet-bound items. The three
// agents keep their own working shapes (brief angle/keyMessages, copy headline/body/hashtags/callToAction); the
// invoke endpoint converts at its boundary with these functions, in both directions.
import { asCreativeBrief, renderPost } from './facet-shapes.js';

const platformNames = { linkedin: /linkedin/i, x: /\b(x|twitter)\b/i, instagram: /instagram/i, facebook: /facebook/i };

/** company_information {name, industry, tone_of_voice, audience_segments, …} -> the writers' companyInformation. */
export function fromFlexCompany(value) {
  if (!isObject(value)) return undefined;
  return clean({ name: text(value.name), industry: text(value.industry), audience: text(value.audience_segments), voice: text(value.tone_of_voice) });
}

/** post_context {type, data{content_description, …}} (+ the company's preferred channels) -> the writers' postContext. */
export function fromFlexPostContext(value, company) {
  const data = isObject(value?.data) ? value.data : {};
  const [topic, ...rest] = (text(data.content_description) ?? '').split(/(?<=\.)\s+/).map((s) => s.trim().replace(/\.$/, ''));
  const person = text(data.employee_name);
  const channels = text(company?.preferred_channels) ?? '';
  const platform = Object.entries(platformNames).find(([, pattern]) => pattern.test(channels))?.[0];
  return clean({
    topic: topic || (person ? `welcoming ${person}${text(data.role) ? `, our new ${data.role}` : ''}` : text(data.customer_name)),
    callToAction: rest.find((s) => /^(register|join|book|download|learn|visit|try|get|contact|read|watch|apply|say)\b/i.test(s)),
    platform,
  });
}

/** creative_brief {core_message, supporting_points, structure, tone, audience} <-> the writers' brief. */
export function toFlexBrief(brief) {
  return {
    core_message: brief.angle,
    supporting_points: brief.keyMessages,
    structure: 'Headline -> Body -> Call to action -> Hashtags',
    tone: brief.tone,
    audience: brief.audience,
  };
}

export function fromFlexBrief(value, fallback) {
  if (!isObject(value)) return fallback;
  const points = Array.isArray(value.supporting_points) ? value.supporting_points : [];
  return asCreativeBrief({ angle: value.core_message, keyMessages: points.length ? points : [value.core_message], tone: value.tone, audience: value.audience }, fallback);
}

/** strategic_rationale is one paragraph of text. */
export function toFlexRationale(rationale) {
  const risks = rationale.risks.length ? ` Risks: ${rationale.risks.join(' ')}` : '';
  return `${rationale.summary} ${rationale.insights.join(' ')}${risks}`;
}

/** post_copy is the whole post as text (headline, body, call to action, hashtags), and back for the reviewer. */
export function toFlexPostCopy(copy) {
  return renderPost(copy);
}

export function fromFlexPostCopy(value) {
  const paragraphs = (typeof value === 'string' ? value : '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const hashtags = paragraphs.length > 1 && /^#\S+(\s+#\S+)*$/.test(paragraphs[paragraphs.length - 1]) ? paragraphs.pop().split(/\s+/) : [];
  const headline = paragraphs.shift() ?? '';
  const callToAction = paragraphs.length > 1 ? paragraphs.pop() : '';
  return { headline, body: paragraphs.join('\n\n'), hashtags, callToAction };
}

/** feedback is a list of items bound to a facet: an approval without remarks is an empty list. */
export function toFlexFeedback(feedback, author = 'legacy.Qa') {
  return feedback.comments.map((message) => ({
    author,
    facet: 'post_copy',
    message,
    severity: feedback.approved ? 'info' : 'major',
    resolution: feedback.approved ? 'addressed' : 'open',
  }));
}

function text(value) {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function clean(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
