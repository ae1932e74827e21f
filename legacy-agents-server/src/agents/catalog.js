import { OfflineWriter } from './offline-writer.js';
import { OpenAIWriter } from './openai-writer.js';

/**
 * The three legacy agents. Each is also a flex remote capability: `inputs`/`outputs` are facet names of the flex
 * catalog, and the capability id is what the registry and the invoke endpoint use.
 */
export const agents = [
  {
    id: 'strategy',
    name: 'Strategy Manager',
    description: 'Turns the objective, the company and the post context into a creative brief and its rationale.',
    capabilityId: 'legacy.Strategy',
    kind: 'execution',
    inputs: ['company_information', 'post_context'],
    outputs: ['creative_brief', 'strategic_rationale'],
    estimatedTokens: 900,
  },
  {
    id: 'generation',
    name: 'Content Generator',
    description: 'Writes the post copy (headline, body, hashtags, call to action) from the creative brief.',
    capabilityId: 'legacy.Generation',
    kind: 'execution',
    inputs: ['creative_brief'],
    outputs: ['post_copy'],
    estimatedTokens: 1200,
  },
  {
    id: 'qa',
    name: 'Quality Assurance',
    description: 'Reviews the post copy against the brief and the platform rules and approves it or asks for changes.',
    capabilityId: 'legacy.Qa',
    kind: 'validation',
    inputs: ['post_copy'],
    outputs: ['feedback'],
    estimatedTokens: 600,
  },
];

export function findAgentByCapability(capabilityId) {
  return agents.find((a) => a.capabilityId === capabilityId) ?? null;
}

/** The model-backed writer when a model is configured, else the deterministic offline one. */
export function createWriter(config) {
  return config.openai.configured
    ? new OpenAIWriter(config.openai)
    : new OfflineWriter({ deltaDelayMs: config.offlineDeltaDelayMs });
}
