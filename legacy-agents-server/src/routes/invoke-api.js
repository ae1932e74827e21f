import { findAgentByCapability } from '../agents/catalog.js';
import {
  fromFlexBrief, fromFlexCompany, fromFlexPostContext, fromFlexPostCopy, toFlexBrief, toFlexFeedback, toFlexPostCopy, toFlexRationale,
} from '../agents/flex-facets.js';
import { OfflineWriter } from '../agents/offline-writer.js';
import { readJsonBody } from '../http/body.js';
import { HttpError, sendJson } from '../http/respond.js';

const offline = new OfflineWriter();

/**
 * Flex remote-capability endpoint: takes a context bundle `{runId, nodeId, capabilityId, objective, inputs,
 * specialInstructions, outputSchema, attempt, validationErrors?}` and answers `{output: {<facet>: value}}`.
 */
export function mapInvokeApi(router, ctx) {
  router.post('/api/v1/agent/invoke/:capabilityId', (req, res, params) => invoke(req, res, ctx, params.capabilityId));
}

async function invoke(req, res, { writer, facets }, capabilityId) {
  const agent = findAgentByCapability(capabilityId);
  if (!agent) throw new HttpError(404, `Unknown capability '${capabilityId}'.`);

  const bundle = await readJsonBody(req);
  if (!isObject(bundle)) throw new HttpError(400, 'The body must be a context bundle object.', { errors: { body: ['Expected a JSON object.'] } });
  const inputs = bundle.inputs ?? {};
  if (!isObject(inputs)) throw new HttpError(400, 'inputs must be an object of facet values.', { errors: { inputs: ['Expected an object.'] } });

  const errors = {};
  for (const facet of await facets.requiredInputs(agent.inputs)) {
    if (inputs[facet] === undefined || inputs[facet] === null) errors[`inputs.${facet}`] = [`The input facet '${facet}' is required by ${capabilityId}.`];
  }
  for (const facet of agent.inputs) {
    const type = await facets.typeOf(facet);
    if (inputs[facet] !== undefined && inputs[facet] !== null && type && jsonType(inputs[facet]) !== type) {
      errors[`inputs.${facet}`] = [`The input facet '${facet}' must be ${type === 'array' ? 'an' : 'a'} ${type}.`];
    }
  }
  if (Object.keys(errors).length) {
    throw new HttpError(422, `Invalid input facets for ${capabilityId}: ${Object.keys(errors).map((k) => k.slice(7)).join(', ')}.`, { errors });
  }

  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort(new Error('The caller disconnected.'));
  });
  const request = {
    objective: typeof bundle.objective === 'string' ? bundle.objective : '',
    mode: 'create_post',
    instructions: Array.isArray(bundle.specialInstructions) ? bundle.specialInstructions.filter((i) => typeof i === 'string') : [],
    validationErrors: bundle.validationErrors,
    signal: abort.signal,
  };
  let produced;
  try {
    produced = await run(agent.id, writer, request, inputs);
  } catch (err) {
    if (abort.signal.aborted) return;
    // A failing model is the upstream's fault; 502 lets flex treat it as a transient capability error and retry.
    throw new HttpError(502, `${capabilityId} could not produce its output: ${err.message}`);
  }
  const output = Object.fromEntries(requestedOutputs(agent, bundle.outputSchema).map((f) => [f, produced[f]]));
  sendJson(res, 200, { output });
}

async function run(agentId, writer, request, inputs) {
  const companyInformation = fromFlexCompany(inputs.company_information);
  const postContext = fromFlexPostContext(inputs.post_context, inputs.company_information);
  switch (agentId) {
    case 'strategy': {
      const out = await writer.strategize({ ...request, companyInformation, postContext });
      return { creative_brief: toFlexBrief(out.brief), strategic_rationale: toFlexRationale(out.rationale) };
    }
    case 'generation': {
      // A partial brief is completed from the objective rather than rejected: flex validates our output, not our input.
      const { brief: fallbackBrief } = await offline.strategize(request);
      const brief = fromFlexBrief(inputs.creative_brief, fallbackBrief);
      const out = await writer.writeCopy({ ...request, brief, postContext });
      return { post_copy: toFlexPostCopy(out.copy) };
    }
    case 'qa': {
      const copy = fromFlexPostCopy(inputs.post_copy);
      const out = await writer.review({ ...request, copy, postContext });
      return { feedback: toFlexFeedback(out.feedback) };
    }
    default:
      throw new Error(`No handler for agent ${agentId}`);
  }
}

/** The facets the node's output schema asks for (flex may want only some), else all the capability produces. */
function requestedOutputs(agent, outputSchema) {
  const wanted = isObject(outputSchema?.properties) ? agent.outputs.filter((f) => f in outputSchema.properties) : [];
  return wanted.length ? wanted : agent.outputs;
}

function jsonType(value) {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value === 'object' ? 'object' : typeof value;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
