using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace FlexAspire.Api.Hosting;

/// Authentication (bearer API keys), CORS, correlation ids, request body bounds and telemetry redaction for the
/// public API (docs/security.md).
public static partial class FlexSecurityExtensions
{
    public const string ApiKeyPolicy = "FlexApiKey";
    public const string CorrelationHeader = "x-correlation-id";

    public static IHostApplicationBuilder AddFlexSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ApiKeyRing>();
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton<StreamLimiter>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyPolicy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            // Keys are required as soon as one is configured; the AppHost always configures one.
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                || context.Resource is HttpContext http && !http.RequestServices.GetRequiredService<ApiKeyRing>().Required));

        var origins = builder.Configuration.GetSection($"{FlexOptions.Section}:Cors:Origins").Get<string[]>() ?? [];
        services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray())
            .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Delete)
            .WithHeaders("authorization", "content-type", "accept", "last-event-id", "idempotency-key", CorrelationHeader)
            .WithExposedHeaders(CorrelationHeader, "x-flex-run-id", "retry-after", "location", "www-authenticate")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        services.AddSingleton<SpanSecretRedactionProcessor>();
        services.AddSingleton<LogSecretRedactionProcessor>();
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor<SpanSecretRedactionProcessor>());
        services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor<LogSecretRedactionProcessor>());
        return builder;
    }

    /// CORS runs first so that every answer, 401/403/413 included, carries its headers, and preflights are answered
    /// once here for the whole API (before authentication, which they never reach).
    public static WebApplication UseFlexSecurity(this WebApplication app)
    {
        app.UseRouting();
        app.UseCors();
        app.Use(EchoCorrelationId);
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(BoundRequestBody);
        app.Use(RequireJsonBodies);
        return app;
    }

    /// Every flex feature maps its routes on this group; all of them need an API key.
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) => group.RequireAuthorization(ApiKeyPolicy);

    private static async Task EchoCorrelationId(HttpContext context, RequestDelegate next)
    {
        var value = context.Request.Headers[CorrelationHeader].ToString();
        if (value.Length > 0)
        {
            if (!CorrelationId().IsMatch(value))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid correlation id",
                    detail: $"{CorrelationHeader} must be 1-128 letters, digits, '.', '_', ':' or '-'.").ExecuteAsync(context);
                return;
            }
            context.Response.Headers[CorrelationHeader] = value;
            Activity.Current?.SetTag(TelemetryAttributes.CorrelationId, value);
        }
        await next(context);
    }

    private static async Task BoundRequestBody(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments(FlexApiExtensions.RoutePrefix))
        {
            var limit = RequestBody.Limit(context);
            if (context.Request.ContentLength > limit)
            {
                await RequestBody.Breach(context, context.Request.ContentLength).ExecuteAsync(context);
                return;
            }
            // Chunked bodies have no length up front: the server stops reading at the limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature
                && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize > limit))
            {
                feature.MaxRequestBodySize = limit;
            }
        }
        await next(context);
    }

    /// Every flex POST takes JSON or nothing. A form or text/plain body is what a cross-site request (through a
    /// cookie-holding front end or the dev proxy) can send without a preflight, so it is refused before any handler.
    private static async Task RequireJsonBodies(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(FlexApiExtensions.RoutePrefix)
            && !request.HasJsonContentType()
            && (request.ContentType is not null || request.ContentLength is not (null or 0) || request.Headers.TransferEncoding.Count > 0))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                detail: $"Send a JSON body ('Content-Type: application/json'), not '{request.ContentType ?? "(none)"}'.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,128}$")]
    private static partial Regex CorrelationId();
}
