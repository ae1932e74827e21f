import { register } from 'node:module';

/**
 * OpenTelemetry for the legacy server: traces, metrics and logs over OTLP (http/protobuf) to the Aspire dashboard.
 * On when OTEL_EXPORTER_OTLP_ENDPOINT is set (the AppHost sets it) and OTEL_SDK_DISABLED is not `true`.
 *
 * It must start before the app's modules load: the server is ESM, so `node:http` and `pg` are wrapped through the
 * loader hook registered here, which only sees modules imported after it (server.js imports the app dynamically).
 * W3C trace context flows both ways: incoming requests (the API calling a capability) continue the caller's trace,
 * and outgoing ones (fetch to the registry or a model; pg queries) are children of the current span.
 */
export async function startTelemetry(env = process.env) {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_SDK_DISABLED === 'true') return { enabled: false, shutdown: async () => {} };

  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  // The SDK builds its exporters from the standard variables; these defaults make all three signals OTLP over HTTP.
  env.OTEL_TRACES_EXPORTER ??= 'otlp';
  env.OTEL_METRICS_EXPORTER ??= 'otlp';
  env.OTEL_LOGS_EXPORTER ??= 'otlp';
  env.OTEL_EXPORTER_OTLP_PROTOCOL ??= 'http/protobuf';
  env.OTEL_SERVICE_NAME ??= 'legacy-agents';
  const [{ NodeSDK }, { HttpInstrumentation }, { UndiciInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-undici'),
    import('@opentelemetry/instrumentation-pg'),
  ]);

  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/health' || req.url === '/api/v1/health' }),
      new UndiciInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
