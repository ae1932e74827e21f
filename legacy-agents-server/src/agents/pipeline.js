import { asPlatform } from './facet-shapes.js';
import { analyzeObjective } from './tools.js';

const steps = ['strategy', 'generation', 'qa', 'finalize'];

/**
 * The fixed legacy pipeline: strategy -> generation -> qa -> finalize. Reports progress through `emit(type, fields)`
 * with the legacy event names and returns the run's result. Throws on failure or abort; the caller reports that.
 */
export async function runPipeline({ request, writer, emit, signal }) {
  const { objective, mode } = request;
  const { companyInformation, postContext, instructions } = contextFromOptions(request);
  const plan = steps.map((step) => ({ step, status: 'pending' }));
  const durations = {};
  const usage = { promptTokens: 0, completionTokens: 0 };
  const count = (u) => {
    usage.promptTokens += u.promptTokens;
    usage.completionTokens += u.completionTokens;
  };
  const started = performance.now();

  const step = async (name, message, work) => {
    signal.throwIfAborted();
    setStatus(plan, name, 'running');
    emit('plan_update', { phase: name, data: { plan: structuredClone(plan) } });
    emit('phase', { phase: name, message });
    const t0 = performance.now();
    const value = await work();
    durations[name] = Math.round(performance.now() - t0);
    setStatus(plan, name, 'completed');
    return value;
  };

  emit('plan_update', { message: 'Plan: strategy -> generation -> qa -> finalize', data: { plan: structuredClone(plan) } });

  const strategy = await step('strategy', 'Strategy agent is drafting the creative brief', async () => {
    const args = { objective, mode, platform: asPlatform(postContext.platform) };
    emit('tool_call', { phase: 'strategy', data: { agent: 'strategy', tool: 'analyze_objective', args } });
    const analysis = analyzeObjective({ objective, mode, postContext });
    emit('tool_result', { phase: 'strategy', data: { agent: 'strategy', tool: 'analyze_objective', result: analysis } });
    const out = await writer.strategize({ objective, mode, companyInformation, postContext, instructions, signal });
    count(out.usage);
    emit('message', {
      phase: 'strategy',
      message: out.brief.angle,
      data: { agent: 'strategy', creativeBrief: out.brief, strategicRationale: out.rationale },
    });
    return out;
  });

  emit('handoff', { phase: 'strategy', message: 'Strategy hands the creative brief to Generation', data: { from: 'strategy', to: 'generation' } });

  const generation = await step('generation', 'Generation agent is writing the post', async () => {
    const out = await writer.writeCopy({
      objective, mode, brief: strategy.brief, postContext, instructions, signal,
      onDelta: (text) => emit('delta', { phase: 'generation', data: { agent: 'generation', text } }),
    });
    count(out.usage);
    emit('message', { phase: 'generation', message: out.text, data: { agent: 'generation', postCopy: out.copy } });
    return out;
  });

  emit('handoff', { phase: 'generation', message: 'Generation hands the draft to QA', data: { from: 'generation', to: 'qa' } });

  const qa = await step('qa', 'QA agent is reviewing the draft', async () => {
    emit('tool_call', { phase: 'qa', data: { agent: 'qa', tool: 'check_platform_rules', args: { platform: asPlatform(postContext.platform) } } });
    const out = await writer.review({ objective, mode, brief: strategy.brief, copy: generation.copy, postContext, instructions, signal });
    emit('tool_result', { phase: 'qa', data: { agent: 'qa', tool: 'check_platform_rules', result: out.check } });
    count(out.usage);
    if (!out.feedback.approved) {
      emit('warning', { phase: 'qa', message: 'QA asked for changes', data: { agent: 'qa', comments: out.feedback.comments } });
    }
    emit('message', {
      phase: 'qa',
      message: out.feedback.approved ? 'QA approved the post' : 'QA did not approve the post',
      data: { agent: 'qa', feedback: out.feedback },
    });
    return out;
  });

  return step('finalize', 'Finalizing the result', async () => {
    const metrics = {
      model: writer.model,
      tokens: { ...usage, totalTokens: usage.promptTokens + usage.completionTokens },
      durationsMs: { ...durations, total: Math.round(performance.now() - started) },
    };
    emit('metrics', { phase: 'finalize', data: metrics });
    return {
      mode,
      objective,
      threadId: request.threadId ?? null,
      briefId: request.briefId ?? null,
      creativeBrief: strategy.brief,
      strategicRationale: strategy.rationale,
      postCopy: generation.copy,
      feedback: qa.feedback,
      approved: qa.feedback.approved,
      text: generation.text,
      metrics,
    };
  });
}

/** Legacy `options` carry the company and post context loosely; shape them like the flex facets. */
function contextFromOptions({ objective, options = {} }) {
  const company = typeof options.company === 'string' ? { name: options.company } : options.company;
  const companyInformation = company && typeof company === 'object'
    ? { ...company, voice: company.voice ?? options.tone, audience: company.audience ?? options.audience }
    : options.tone || options.audience ? { voice: options.tone, audience: options.audience } : undefined;
  const postContext = {
    platform: asPlatform(options.platform),
    topic: typeof options.topic === 'string' && options.topic.trim() ? options.topic.trim() : undefined,
    goal: options.goal,
    callToAction: options.callToAction,
  };
  const instructions = Array.isArray(options.specialInstructions) ? options.specialInstructions.filter((i) => typeof i === 'string') : [];
  return { companyInformation: clean(companyInformation), postContext: clean(postContext), instructions, objective };
}

function clean(obj) {
  if (!obj) return undefined;
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => typeof v === 'string' && v.trim()));
}

function setStatus(plan, name, status) {
  plan.find((p) => p.step === name).status = status;
}
