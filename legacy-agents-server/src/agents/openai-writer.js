import OpenAI from 'openai';
import { asCreativeBrief, asFeedback, asPlatform, asPostCopy, asStrategicRationale, characterLimits } from './facet-shapes.js';
import { OfflineWriter } from './offline-writer.js';
import { checkPlatformRules } from './tools.js';

/**
 * The writer backed by a chat model through the official `openai` SDK (OpenAI or any compatible endpoint).
 * Strategy and QA ask for JSON; generation streams plain text so clients see the copy as it is written. Answers are
 * shaped into the facet schemas, with any missing field taken from the deterministic writer.
 */
export class OpenAIWriter {
  kind = 'openai';

  constructor({ apiKey, baseURL, model, timeoutMs }) {
    this.client = new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 2 });
    this.model = model;
    this.fallback = new OfflineWriter();
  }

  async strategize(input) {
    const { objective, mode, companyInformation, postContext, instructions = [], validationErrors, signal } = input;
    const { json, usage } = await this.#json({
      system:
        'You are the Strategy agent of a social media team. Answer with one JSON object: ' +
        '{"creative_brief": {"angle": string, "keyMessages": string[] (1-5), "tone": string, "audience": string}, ' +
        '"strategic_rationale": {"summary": string, "insights": string[] (1-4), "risks": string[]}}.',
      user: describe({ objective, mode, companyInformation, postContext, instructions, validationErrors }),
      signal,
    });
    const fallback = await this.fallback.strategize(input);
    return {
      brief: asCreativeBrief(json.creative_brief ?? json.brief, fallback.brief),
      rationale: asStrategicRationale(json.strategic_rationale ?? json.rationale, fallback.rationale),
      usage,
    };
  }

  async writeCopy(input) {
    const { objective, brief, postContext, instructions = [], validationErrors, signal, onDelta } = input;
    const platform = asPlatform(postContext?.platform);
    const stream = await this.client.chat.completions.create(
      {
        model: this.model,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          {
            role: 'system',
            content:
              `You are the Generation agent. Write one ${platform} post (at most ${characterLimits[platform]} characters) ` +
              'from the creative brief. Format: the headline on the first line, a blank line, the body, a blank line, ' +
              'the call to action on its own line, then one line of hashtags. Plain text, no markdown headings.',
          },
          { role: 'user', content: describe({ objective, brief, postContext, instructions, validationErrors }) },
        ],
      },
      { signal },
    );
    let text = '';
    let usage = { promptTokens: 0, completionTokens: 0 };
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        text += delta;
        onDelta?.(delta);
      }
      if (chunk.usage) usage = fromUsage(chunk.usage);
    }
    const fallback = await this.fallback.writeCopy({ ...input, onDelta: undefined, signal: undefined });
    return { copy: asPostCopy(parsePostText(text), fallback.copy), text, usage };
  }

  async review(input) {
    const { objective, brief, copy, postContext, instructions = [], validationErrors, signal } = input;
    const check = checkPlatformRules({ copy, platform: asPlatform(postContext?.platform), objective });
    const { json, usage } = await this.#json({
      system:
        'You are the QA agent. Review the post against the brief, the objective and the platform check. Answer with one ' +
        'JSON object: {"feedback": {"approved": boolean, "comments": string[]}}.',
      user: describe({ objective, brief, copy, platformCheck: check, instructions, validationErrors }),
      signal,
    });
    const fallback = await this.fallback.review(input);
    return { feedback: asFeedback(json.feedback ?? json, fallback.feedback), check, usage };
  }

  async #json({ system, user, signal }) {
    const completion = await this.client.chat.completions.create(
      {
        model: this.model,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
      },
      { signal },
    );
    const content = completion.choices?.[0]?.message?.content ?? '';
    return { json: parseJsonObject(content), usage: fromUsage(completion.usage) };
  }
}

function describe(parts) {
  return Object.entries(parts)
    .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}:\n${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}`)
    .join('\n\n');
}

function fromUsage(usage) {
  return { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 };
}

/** Parses the model's JSON answer, tolerating a fenced block or prose around one object. */
export function parseJsonObject(content) {
  const candidates = [content, content.replace(/^```(?:json)?\s*|\s*```$/g, '')];
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start >= 0 && end > start) candidates.push(content.slice(start, end + 1));
  for (const candidate of candidates) {
    try {
      const value = JSON.parse(candidate);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
    } catch {
      // try the next form
    }
  }
  return {};
}

/** Splits the streamed post (headline / body / call to action / hashtags) back into post_copy fields. */
export function parsePostText(text) {
  const blocks = text.trim().split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  const hashtags = [...new Set(text.match(/#[\p{L}\p{N}_]+/gu) ?? [])];
  const isTagLine = (b) => b.split(/\s+/).every((w) => w.startsWith('#'));
  const content = blocks.filter((b) => !isTagLine(b));
  const headline = content.shift()?.replace(/^#+\s+/, '').replace(/^\*\*|\*\*$/g, '');
  const callToAction = content.length > 1 ? content.pop() : undefined;
  return { headline, body: content.join('\n\n') || undefined, hashtags, callToAction };
}
