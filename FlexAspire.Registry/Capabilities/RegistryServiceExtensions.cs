using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using FlexAspire.Contracts.Serialization;

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
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => FlexJson.Apply(o.SerializerOptions));
        builder.Services.AddScoped<CapabilityStore>();
        builder.Services.AddSingleton<RegistrySnapshotCache>();
        // Listings of thousands of capabilities are megabytes of repetitive JSON: compress them.
        builder.Services.AddResponseCompression(o => o.MimeTypes = ["application/json"]);
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddSingleton<RegistryTelemetry>();
        builder.Services.AddHostedService<CapabilityHeartbeatSweeper>();
        return builder;
    }
}
