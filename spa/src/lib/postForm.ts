// The popup's form and the TaskEnvelope it becomes. The sample mirrors
// FlexAspire.Tests/Contracts/Samples/envelope-social-post.json (a unit test keeps the two in step).
import type { TaskEnvelope } from '../contracts';
import { checkSchemaText } from './schemas';

export interface PostForm {
  objective: string;
  company: { name: string; industry: string; audience: string; voice: string; website: string };
  post: { platform: string; topic: string; goal: string; callToAction: string };
  contract: 'post' | 'custom';
  customSchema: string;
  specialInstructions: string;
  requireApproval: boolean;
}

export const variantsSchema = {
  type: 'object',
  required: ['variants'],
  properties: {
    variants: {
      type: 'array',
      minItems: 2,
      items: {
        type: 'object',
        required: ['headline', 'body', 'callToAction'],
        properties: { headline: { type: 'string' }, body: { type: 'string' }, callToAction: { type: 'string' } },
      },
    },
  },
};

export const emptyForm = (): PostForm => ({
  objective: '',
  company: { name: '', industry: '', audience: '', voice: '', website: '' },
  post: { platform: 'linkedin', topic: '', goal: '', callToAction: '' },
  contract: 'post',
  customSchema: JSON.stringify(variantsSchema, null, 2),
  specialInstructions: '',
  requireApproval: false,
});

export const sampleForm = (): PostForm => ({
  objective: 'Write a LinkedIn post announcing our spring webinar on sustainable packaging.',
  company: {
    name: 'GreenBox Packaging',
    industry: 'Sustainable packaging',
    audience: 'Operations leads at mid-size e-commerce brands',
    voice: 'Warm, practical, evidence-led',
    website: 'https://greenbox.example',
  },
  post: {
    platform: 'linkedin',
    topic: 'Spring webinar: cutting packaging waste by 30%',
    goal: 'Webinar sign-ups',
    callToAction: 'Register for the webinar',
  },
  contract: 'post',
  customSchema: JSON.stringify(variantsSchema, null, 2),
  specialInstructions: 'Keep the post under 1200 characters.\nUse at most three hashtags.',
  requireApproval: false,
});

const compact = <T extends Record<string, string>>(values: T) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));

/** Problems that stop the form from being sent (empty when it can be). */
export function formProblems(form: PostForm): string[] {
  const problems: string[] = [];
  if (!form.objective.trim()) problems.push('The objective is required.');
  if (!form.company.name.trim()) problems.push('The company name is required.');
  if (!form.post.topic.trim()) problems.push('The post topic is required.');
  if (form.contract === 'custom') problems.push(...checkSchemaText(form.customSchema).errors);
  return problems;
}

export function buildEnvelope(form: PostForm): TaskEnvelope {
  const problems = formProblems(form);
  if (problems.length) throw new Error(problems.join(' '));
  const instructions = form.specialInstructions.split('\n').map((s) => s.trim()).filter(Boolean);
  return {
    objective: form.objective.trim(),
    inputs: { company_information: compact(form.company), post_context: compact(form.post) },
    ...(form.requireApproval ? { constraints: { requiresHitlApproval: true } } : {}),
    ...(instructions.length ? { specialInstructions: instructions } : {}),
    metadata: { runLabel: 'spa: create post (flex)' },
    outputContract: form.contract === 'post'
      ? { mode: 'facets', facets: ['post'] }
      : { mode: 'json_schema', schema: checkSchemaText(form.customSchema).schema! },
  };
}
