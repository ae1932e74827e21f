// JSON Schema handling in the browser (draft 2020-12, as the API validates with JsonSchema.Net).
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });

export interface SchemaCheck {
  schema?: Record<string, unknown>;
  errors: string[];
}

/** Parses and checks a caller's output-contract schema as the user types it. */
export function checkSchemaText(text: string): SchemaCheck {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    return { errors: [`Not valid JSON: ${(e as Error).message}`] };
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { errors: ['The schema must be a JSON object.'] };
  }
  if (!ajv.validateSchema(schema)) return { errors: describe(ajv.errors) };
  try {
    ajv.compile(schema);
  } catch (e) {
    return { errors: [(e as Error).message] };
  }
  return { schema: schema as Record<string, unknown>, errors: [] };
}

/** Errors of a value against a schema, as "pointer: message" lines (empty when valid). */
export function validateValue(schema: object, value: unknown): string[] {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : describe(validate.errors);
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}
