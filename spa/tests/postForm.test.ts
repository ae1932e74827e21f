import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEnvelope, emptyForm, formProblems, sampleForm } from '../src/lib/postForm';
import { checkSchemaText } from '../src/lib/schemas';

const testsSample = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../FlexAspire.Tests/Contracts/Samples/${name}`, import.meta.url), 'utf8'));

describe('the popup form', () => {
  it("'use sample' sends the objective, inputs, instructions and contract of the tests' social post sample", () => {
    const sample = testsSample('envelope-social-post.json');
    const envelope = buildEnvelope(sampleForm());
    expect(envelope.objective).toBe(sample.objective);
    expect(envelope.inputs).toEqual(sample.inputs);
    expect(envelope.specialInstructions).toEqual(sample.specialInstructions);
    expect(envelope.outputContract).toEqual(sample.outputContract);
    expect(envelope.constraints).toBeUndefined();
  });

  it("the custom contract starts from the variants sample's schema and is sent as json_schema", () => {
    const sample = testsSample('envelope-variants.json');
    const envelope = buildEnvelope({ ...sampleForm(), contract: 'custom', requireApproval: true });
    expect(envelope.outputContract).toEqual({ mode: 'json_schema', schema: sample.outputContract.schema });
    expect(envelope.constraints).toEqual({ requiresHitlApproval: true });
  });

  it('refuses an empty form and names what is missing', () => {
    expect(formProblems(emptyForm())).toEqual([
      'The objective is required.', 'The company name is required.', 'The post description is required.',
    ]);
    expect(() => buildEnvelope(emptyForm())).toThrow('The objective is required.');
  });

  it('validates the custom schema as it is edited', () => {
    expect(checkSchemaText('{"type":"object"').errors[0]).toMatch(/^Not valid JSON/);
    expect(checkSchemaText('[1]').errors).toEqual(['The schema must be a JSON object.']);
    expect(checkSchemaText('{"type":"objekt"}').errors.length).toBeGreaterThan(0);
    expect(checkSchemaText('{"type":"object","minProperties":-1}').errors.length).toBeGreaterThan(0);
    expect(checkSchemaText('{"type":"object","required":["a"]}')).toEqual({ schema: { type: 'object', required: ['a'] }, errors: [] });
    expect(formProblems({ ...sampleForm(), contract: 'custom', customSchema: '{' }).length).toBe(1);
  });
});
