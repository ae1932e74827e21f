using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FlexAspire.Tests.Infrastructure;

namespace FlexAspire.Tests.Telemetry;

/// The real stack, like FlexStackFixture, but every service exports traces, metrics and logs (OTLP/HTTP protobuf)
/// to a receiver this fixture hosts, with short export intervals so a test sees a run's telemetry within seconds.
public sealed class TelemetryStackFixture : FlexStackFixture
{
    public OtlpReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await OtlpReceiver.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureTelemetry(IResourceBuilder<IResourceWithEnvironment> service) => service
        .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Receiver.Endpoint.ToString().TrimEnd('/'))
        .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
        .WithEnvironment("OTEL_BLRP_SCHEDULE_DELAY", "200")
        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "500")
        .WithEnvironment("OTEL_TRACES_SAMPLER", "always_on");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TelemetryStackCollection : ICollectionFixture<TelemetryStackFixture>
{
    public const string Name = "telemetry-stack";
}
