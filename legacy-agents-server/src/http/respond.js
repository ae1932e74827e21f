import { STATUS_CODES } from 'node:http';

// Same problem `type` URIs that ASP.NET Core uses, so flex and legacy errors look alike to clients.
const problemTypes = {
  400: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  401: 'https://tools.ietf.org/html/rfc9110#section-15.5.2',
  403: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
  404: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
  405: 'https://tools.ietf.org/html/rfc9110#section-15.5.6',
  413: 'https://tools.ietf.org/html/rfc9110#section-15.5.14',
  415: 'https://tools.ietf.org/html/rfc9110#section-15.5.16',
  422: 'https://tools.ietf.org/html/rfc9110#section-15.5.21',
  500: 'https://tools.ietf.org/html/rfc9110#section-15.6.1',
  502: 'https://tools.ietf.org/html/rfc9110#section-15.6.3',
};

export function sendJson(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** RFC 9457 problem details; `errors` maps a field name to its reasons, as ASP.NET's ValidationProblem does. */
export function sendProblem(res, status, detail, { errors, headers = {}, title } = {}) {
  const body = {
    type: problemTypes[status] ?? 'about:blank',
    title: title ?? (errors ? 'One or more validation errors occurred.' : STATUS_CODES[status]),
    status,
    detail,
  };
  if (errors) body.errors = errors;
  sendJson(res, status, body, { ...headers, 'content-type': 'application/problem+json; charset=utf-8' });
}

/** An error a handler throws to answer with a problem response. */
export class HttpError extends Error {
  constructor(status, detail, { errors, headers } = {}) {
    super(detail);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}
