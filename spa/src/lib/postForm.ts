// The popup's form and the TaskEnvelope it becomes. The sample mirrors
// FlexAspire.Tests/Contracts/Samples/envelope-social-post.json (a unit test keeps the two in step).
import type { TaskEnvelope } from '../contracts';
import { checkSchemaText } from './schemas';

// The inputs are the existing awesomeposter system's facets: company_information and post_context {type, data}.
// Asset fields hold one URL per line.
export interface PostForm {
  objective: string;
  company: {
    name: string; website: string; industry: string; tone_of_voice: string; audience_segments: string;
    preferred_channels: string; special_instructions: string; brand_assets: string;
  };
  post: {
    type: 'new_case' | 'new_employee'; content_description: string; customer_name: string; case_url: string;
    employee_name: string; role: string; start_date: string; assets: string;
  };
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

const noCompany = (): PostForm['company'] => ({
  name: '', website: '', industry: '', tone_of_voice: '', audience_segments: '', preferred_channels: '', special_instructions: '', brand_assets: '',
});
const noPost = (): PostForm['post'] => ({
  type: 'new_case', content_description: '', customer_name: '', case_url: '', employee_name: '', role: '', start_date: '', assets: '',
});

export const emptyForm = (): PostForm => ({
  objective: '',
  company: noCompany(),
  post: noPost(),
  contract: 'post',
  customSchema: JSON.stringify(variantsSchema, null, 2),
  specialInstructions: '',
  requireApproval: false,
});

export const sampleForm = (): PostForm => ({
  objective: 'Write a LinkedIn post announcing our spring webinar on sustainable packaging.',
  company: {
    ...noCompany(),
    name: 'GreenBox Packaging',
    website: 'https://greenbox.example',
    industry: 'Sustainable packaging',
    tone_of_voice: 'Warm, practical, evidence-led',
    audience_segments: 'Operations leads at mid-size e-commerce brands',
    preferred_channels: 'LinkedIn, email newsletters',
    brand_assets: 'https://greenbox.example/brand/logo.svg',
  },
  post: {
    ...noPost(),
    type: 'new_case',
    content_description: 'Spring webinar: cutting packaging waste by 30%. Register for the webinar.',
    customer_name: 'Northwind Outfitters',
    case_url: 'https://greenbox.example/cases/northwind',
    assets: 'https://greenbox.example/media/spring-webinar.png',
  },
  contract: 'post',
  customSchema: JSON.stringify(variantsSchema, null, 2),
  specialInstructions: 'Keep the post under 1200 characters.\nUse at most three hashtags.',
  requireApproval: false,
});

const compact = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));

const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

/** Problems that stop the form from being sent (empty when it can be). */
export function formProblems(form: PostForm): string[] {
  const problems: string[] = [];
  if (!form.objective.trim()) problems.push('The objective is required.');
  if (!form.company.name.trim()) problems.push('The company name is required.');
  if (!form.post.content_description.trim()) problems.push('The post description is required.');
  if (form.contract === 'custom') problems.push(...checkSchemaText(form.customSchema).errors);
  return problems;
}

export function buildEnvelope(form: PostForm): TaskEnvelope {
  const problems = formProblems(form);
  if (problems.length) throw new Error(problems.join(' '));
  const instructions = form.specialInstructions.split('\n').map((s) => s.trim()).filter(Boolean);
  return {
    objective: form.objective.trim(),
    inputs: {
      company_information: { ...compact({ ...form.company, brand_assets: '' }), brand_assets: lines(form.company.brand_assets) },
      post_context: {
        type: form.post.type,
        data: { ...compact({ ...form.post, type: '', assets: '' }), ...(lines(form.post.assets).length ? { assets: lines(form.post.assets) } : {}) },
      },
      feedback: [],
    },
    ...(form.requireApproval ? { constraints: { requiresHitlApproval: true } } : {}),
    ...(instructions.length ? { specialInstructions: instructions } : {}),
    metadata: { runLabel: 'spa: create post (flex)' },
    outputContract: form.contract === 'post'
      ? { mode: 'facets', facets: ['post'] }
      : { mode: 'json_schema', schema: checkSchemaText(form.customSchema).schema! },
  };
}
