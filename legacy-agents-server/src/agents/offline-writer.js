import { setTimeout as delay } from 'node:timers/promises';
import { asPlatform, characterLimits, renderPost } from './facet-shapes.js';
import { checkPlatformRules, describeObjective } from './tools.js';

/**
 * The deterministic writer used when no model is configured: same inputs, same outputs, built visibly from the
 * objective and the facet inputs, and always valid against the facet schemas.
 */
export class OfflineWriter {
  kind = 'offline';
  model = 'offline';

  constructor({ deltaDelayMs = 0 } = {}) {
    this.deltaDelayMs = deltaDelayMs;
  }

  async strategize({ objective, mode, companyInformation, postContext, instructions = [] }) {
    const { topic: fullTopic, audience: namedAudience, keywords } = describeObjective(objective, postContext?.topic);
    const topic = shorten(fullTopic, 120);
    const company = companyInformation?.name;
    const audience = companyInformation?.audience ?? namedAudience ?? audienceFor(keywords);
    const tone = companyInformation?.voice ?? (mode === 'freeform' ? 'clear and helpful' : 'confident and approachable');
    const goal = postContext?.goal ?? 'start a conversation and earn engagement';
    const platform = asPlatform(postContext?.platform);
    const themes = keywords.filter((k) => !audience.toLowerCase().includes(k)).slice(0, 2);

    const brief = {
      angle: `${company ? `${company}: ` : ''}why ${topic} matters to ${audience}`,
      keyMessages: [
        `${capitalize(topic)} is made for ${audience}.`,
        ...themes.map((k) => `It puts ${k} front and centre.`),
        ...instructions.map((i) => `Follow the instruction: ${i}`),
      ],
      tone,
      audience,
    };
    const rationale = {
      summary: `Leading with ${topic} ties the post to the objective and to what ${audience} care about; the goal is to ${goal}.`,
      insights: [
        keywords.length ? `The objective centres on ${keywords.join(', ')}.` : 'The objective is short; the angle stays close to it.',
        `A ${tone} voice suits ${platform}.`,
      ],
      risks: platform === 'x' ? ['X allows 280 characters; the copy must stay short.'] : [],
    };
    return { brief, rationale, usage: estimateUsage(objective, JSON.stringify(brief) + JSON.stringify(rationale)) };
  }

  async writeCopy({ objective, brief, postContext, onDelta, signal }) {
    const platform = asPlatform(postContext?.platform);
    const { topic, keywords } = describeObjective(objective, postContext?.topic);
    const callToAction = postContext?.callToAction ?? `Tell us what ${shorten(topic, 60)} would change for you.`;
    const hashtags = keywords.slice(0, 3).map(hashtag);
    const messages = brief.keyMessages.filter((m) => !m.startsWith('Follow the instruction:'));
    const body = `${capitalize(brief.angle)}.\n\n${(messages.length ? messages : brief.keyMessages).join('\n')}`;

    const copy = { headline: shorten(capitalize(topic), 90), body, hashtags: hashtags.length ? hashtags : [`#${platform}`], callToAction };
    // Keep within the platform's limit: drop trailing message lines, then shorten the body; never the other parts.
    const limit = characterLimits[platform];
    while (renderPost(copy).length > limit && copy.body.includes('\n')) copy.body = copy.body.slice(0, copy.body.lastIndexOf('\n')).trimEnd();
    const overflow = renderPost(copy).length - limit;
    if (overflow > 0) copy.body = shorten(copy.body, Math.max(20, copy.body.length - overflow));

    const text = renderPost(copy);
    for (const chunk of chunks(text)) {
      signal?.throwIfAborted();
      if (this.deltaDelayMs) await delay(this.deltaDelayMs, undefined, { signal });
      onDelta?.(chunk);
    }
    return { copy, text, usage: estimateUsage(objective + JSON.stringify(brief), text) };
  }

  async review({ objective, copy, postContext }) {
    const platform = asPlatform(postContext?.platform);
    const check = checkPlatformRules({ copy, platform, objective });
    const comments = [];
    if (!check.withinLimit) comments.push(`The post is ${check.length} characters; ${platform} allows ${check.characterLimit}.`);
    if (check.hashtagCount > 5) comments.push(`Use at most 5 hashtags (found ${check.hashtagCount}).`);
    if (check.keywordsMentioned.length === 0 && check.keywordsMissing.length > 0) {
      comments.push(`The copy never mentions the objective's key terms (${check.keywordsMissing.join(', ')}).`);
    }
    const approved = comments.length === 0;
    if (approved) {
      comments.push(
        check.keywordsMentioned.length
          ? `On topic: mentions ${check.keywordsMentioned.join(', ')}; ${check.length}/${check.characterLimit} characters.`
          : `Fits ${platform} at ${check.length}/${check.characterLimit} characters.`,
      );
    }
    const feedback = { approved, comments };
    return { feedback, check, usage: estimateUsage(renderPost(copy), JSON.stringify(feedback)) };
  }
}

/** Rough token count (4 characters a token), so offline runs report metrics of the same shape as model runs. */
function estimateUsage(prompt, completion) {
  return { promptTokens: Math.ceil(prompt.length / 4), completionTokens: Math.ceil(completion.length / 4) };
}

function audienceFor(keywords) {
  return keywords.length >= 2 ? `people who care about ${keywords[0]} and ${keywords[1]}` : 'our community';
}

function shorten(text, max) {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hashtag(word) {
  return `#${word.split(/[-']/).map(capitalize).join('')}`;
}

/** Splits text into word groups of about 24 characters, the way a model streams tokens. */
function* chunks(text) {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + 24);
    const space = text.indexOf(' ', end);
    end = space < 0 || space - start > 40 ? Math.min(text.length, Math.max(end, start + 24)) : space + 1;
    yield text.slice(start, end);
    start = end;
  }
}
