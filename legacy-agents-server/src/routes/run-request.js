export const runModes = ['create_post', 'freeform'];
export const maxObjectiveLength = 8000;

/**
 * Validates a `run.stream` body. Returns `{ value }` or `{ errors }` (field -> reasons), checked before any stream
 * byte is written. Unknown top-level fields are ignored, as the legacy server always did.
 */
export function validateRunRequest(body) {
  const errors = {};
  const add = (field, reason) => (errors[field] ??= []).push(reason);

  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { errors: { body: ['The body must be a JSON object.'] } };
  }
  const { mode, objective, threadId, briefId, options } = body;

  if (objective === undefined || objective === null) add('objective', 'The objective is required.');
  else if (typeof objective !== 'string') add('objective', 'The objective must be a string.');
  else if (!objective.trim()) add('objective', 'The objective must not be empty.');
  else if (objective.length > maxObjectiveLength) add('objective', `The objective must be at most ${maxObjectiveLength} characters (got ${objective.length}).`);

  if (mode === undefined || mode === null) add('mode', `The mode is required: one of ${runModes.join(', ')}.`);
  else if (!runModes.includes(mode)) add('mode', `Unknown mode '${String(mode)}': expected one of ${runModes.join(', ')}.`);

  for (const [field, value] of [['threadId', threadId], ['briefId', briefId]]) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !value.trim()) add(field, `${field} must be a non-empty string.`);
    else if (value.length > 200) add(field, `${field} must be at most 200 characters.`);
  }
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    add('options', 'options must be an object.');
  }

  if (Object.keys(errors).length) return { errors };
  return {
    value: {
      mode,
      objective: objective.trim(),
      threadId: threadId ?? undefined,
      briefId: briefId ?? undefined,
      options: options ?? {},
    },
  };
}
