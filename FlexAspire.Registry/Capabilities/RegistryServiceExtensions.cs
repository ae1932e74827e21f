using OpenTelemetry.Instrumentation.AspNetCore;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace FlexAspire.Registry.Capabilities;

public static class RegistryServiceExtensions
{
    public static IHostApplicationBuilder AddRegistryCapabilities(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegistryOptions>()
            .Bind(builder.Configuration.GetSection(RegistryOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Token),
                "Registry:Token is required (the AppHost sets it from its registry-token parameter).")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Registry:SweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddFlexProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => FlexJson.Apply(o.SerializerOptions));
        builder.Services.AddScoped<CapabilityStore>();
        builder.Services.AddSingleton<RegistrySnapshotCache>();
        // Planners poll with conditional GETs several times a second and untraced (no traceparent); a trace per poll
        // would bury the dashboard. Conditional GETs that belong to a traced request (a plan) are still traced.
        builder.Services.PostConfigure<AspNetCoreTraceInstrumentationOptions>(o =>
        {
            var inner = o.Filter;
            o.Filter = context => (inner?.Invoke(context) ?? true) && !IsUntracedConditionalListing(context.Request);
        });
        // Listings of thousands of capabilities are megabytes of repetitive JSON: compress them.
        builder.Services.AddResponseCompression(o => o.MimeTypes = ["application/json"]);
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddSingleton<RegistryTelemetry>();
        builder.Services.AddHostedService<CapabilityHeartbeatSweeper>();
        return builder;
    }

    private static bool IsUntracedConditionalListing(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.IfNoneMatch.Count > 0
        && !request.Headers.ContainsKey("traceparent") && request.Path.StartsWithSegments("/api/v1/flex/capabilities");
}
