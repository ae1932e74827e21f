// A form generated from a human task's JSON Schema: one field per leaf property (nested objects flattened with a
// dotted label), strings/numbers/booleans/enums as inputs, string arrays as one-item-per-line text, anything else as
// raw JSON. The value is rebuilt from the fields and then validated against the schema itself.
type Schema = Record<string, any>;

export type FieldKind = 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'json';

export interface FormField {
  path: string[];
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: string[];
  description?: string;
}

export type FormValues = Record<string, string | boolean>;

export const fieldKey = (field: FormField) => field.path.join('.');

const typeOf = (schema: Schema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;

export function fieldsFor(schema: Schema, path: string[] = [], required = true): FormField[] {
  if (typeOf(schema) === 'object' && schema.properties) {
    const requiredNames = new Set<string>(schema.required ?? []);
    return Object.entries(schema.properties as Record<string, Schema>).flatMap(([name, child]) =>
      fieldsFor(child, [...path, name], required && requiredNames.has(name)));
  }
  const label = path.length ? path.join(' › ') : 'value';
  const base = { path, label, required, description: schema.description as string | undefined };
  if (Array.isArray(schema.enum)) return [{ ...base, kind: 'enum', options: schema.enum.map(String) }];
  switch (typeOf(schema)) {
    case 'string':
      return [{ ...base, kind: (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text' }];
    case 'integer': return [{ ...base, kind: 'integer' }];
    case 'number': return [{ ...base, kind: 'number' }];
    case 'boolean': return [{ ...base, kind: 'boolean' }];
    case 'array':
      return [{ ...base, kind: typeOf(schema.items ?? {}) === 'string' ? 'list' : 'json' }];
    default: return [{ ...base, kind: 'json' }];
  }
}

export function initialValues(fields: FormField[]): FormValues {
  return Object.fromEntries(fields.map((f) => [fieldKey(f), f.kind === 'boolean' ? false : f.kind === 'json' ? '' : '']));
}

/** Rebuilds the output value; empty optional fields are left out. Returns the problems it found converting. */
export function buildValue(fields: FormField[], values: FormValues): { value: unknown; problems: string[] } {
  const problems: string[] = [];
  let root: any = fields.length === 1 && fields[0].path.length === 0 ? undefined : {};
  for (const field of fields) {
    const raw = values[fieldKey(field)];
    let converted: unknown;
    if (field.kind === 'boolean') converted = Boolean(raw);
    else {
      const text = String(raw ?? '').trim();
      if (text === '') continue;
      switch (field.kind) {
        case 'number': case 'integer': converted = Number(text); break;
        case 'list': converted = text.split('\n').map((s) => s.trim()).filter(Boolean); break;
        case 'json':
          try { converted = JSON.parse(text); } catch { problems.push(`${field.label}: not valid JSON`); continue; }
          break;
        default: converted = String(raw);
      }
    }
    if (field.path.length === 0) { root = converted; continue; }
    let target = root;
    for (const segment of field.path.slice(0, -1)) target = target[segment] ??= {};
    target[field.path[field.path.length - 1]] = converted;
  }
  return { value: root, problems };
}
