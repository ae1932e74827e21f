namespace FlexAspire.Api.Hosting;

public static class FlexApiExtensions
{
    public const string RoutePrefix = "/api/v1/flex";

    public static IHostApplicationBuilder AddFlexApi(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration["FLEX_ENABLED"] is { Length: > 0 } enabled)
        {
            builder.Configuration[$"{FlexOptions.Section}:{nameof(FlexOptions.Enabled)}"] = enabled;
        }
        builder.Services.AddOptions<FlexOptions>().Bind(builder.Configuration.GetSection(FlexOptions.Section));
        builder.Services.AddFlexProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => FlexJson.Apply(o.SerializerOptions));
        return builder;
    }

    /// The flag is checked before routing and model binding, so a disabled API answers 404 even to malformed requests.
    public static WebApplication UseFlexFeatureGate(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(RoutePrefix)
                && !context.RequestServices.GetRequiredService<IOptionsMonitor<FlexOptions>>().CurrentValue.Enabled)
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                    detail: "The flex API is disabled (Flex:Enabled).").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    /// Every flex feature maps its routes, relative to /api/v1/flex, on this group.
    public static RouteGroupBuilder MapFlexGroup(this IEndpointRouteBuilder app) => app.MapGroup(RoutePrefix)
        .WithBearerSecurity("The flex API key (Flex:ApiKeys); the registration route takes the registry token instead.");

    /// Any other path under the prefix is a 404 problem, behind the group's authentication like the real routes, so
    /// a caller without a key learns nothing about which routes exist.
    public static RouteGroupBuilder MapUnknownRoutes(this RouteGroupBuilder flex)
    {
        // An explicit pattern: the default one skips paths that look like files, and flex routes have dots (run.resume).
        flex.MapFallback("{*path}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
            detail: "No flex route matches this path.")).ExcludeFromDescription();
        return flex;
    }
}
