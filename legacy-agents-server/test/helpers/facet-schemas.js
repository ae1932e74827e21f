import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

/** The flex facet catalog the server reads, and whether this checkout has it (tests that need it skip without it). */
export const catalogPath = fileURLToPath(new URL('../../../FlexAspire.Contracts/Facets/facet-catalog.json', import.meta.url));
export const catalogMissing = !existsSync(catalogPath) && 'facet catalog not found';

/** Facet name -> JSON Schema (draft 2020-12), and an assertion that validates a value against a schema with ajv. */
export function loadFacetSchemas() {
  const schemas = new Map(JSON.parse(readFileSync(catalogPath, 'utf8')).map((f) => [f.name, f.schema]));
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  const assertValid = (schema, value, label = '') => {
    const validate = ajv.compile(typeof schema === 'string' ? schemas.get(schema) : schema);
    assert.ok(validate(value), `${label}${JSON.stringify(value, null, 2)}\n${ajv.errorsText(validate.errors)}`);
  };
  /** The output schema flex compiles from a facet contract: an object of the facets' schemas, all required. */
  const contractSchema = (names) => ({
    type: 'object',
    properties: Object.fromEntries(names.map((n) => [n, schemas.get(n)])),
    required: names,
    additionalProperties: false,
  });
  return { schemas, assertValid, contractSchema };
}
