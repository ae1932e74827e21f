using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Microsoft.Extensions.Hosting;

/// One OpenAPI set-up for every service: the document at /openapi/v1.json and the Scalar reference at /scalar in
/// Development only (docs/api-reference.md): the document lists every route, which the API keeps from callers
/// without a key elsewhere.
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    private const string BearerScheme = "bearer";

    public static TBuilder AddFlexOpenApi<TBuilder>(this TBuilder builder, string title, string description)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Version = "v1", Description = description };
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapFlexOpenApi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) return app;
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(); // /scalar, reading /openapi/{documentName}.json
        return app;
    }

    /// Documents a JSON request body that the handler reads itself (to name the offending field in a 400). Accepts&lt;T&gt;
    /// would also document it, but routing would then answer a wrong content type with a bare 415 before the handler.
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// Marks the endpoints as needing `Authorization: Bearer …` and declares the scheme, so the reference page asks for it.
    public static TBuilder WithBearerSecurity<TBuilder>(this TBuilder builder, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            var document = context.Document!;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes.TryAdd(BearerScheme,
                new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = BearerScheme, Description = description });
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd(StatusCodes.Status401Unauthorized.ToString(), new OpenApiResponse { Description = "No or malformed bearer key" });
            return Task.CompletedTask;
        });
}
