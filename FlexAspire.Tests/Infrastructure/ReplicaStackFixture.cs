using Aspire.Hosting.ApplicationModel;
using FlexAspire.AppHost.Hosting;

namespace FlexAspire.Tests.Infrastructure;

/// Two replicas of one API (two Orleans silos clustered through the stack's Redis) with a slow offline model:
/// `api-replica` beside the `api`, so a run can be caught mid-flight on one replica and driven from the other. Its
/// own SPA (`spa-replica`) shows its runs in a browser.
public sealed class ReplicaStackFixture() : FlexStackFixture(Variant)
{
    public const string Variant = "replica";
    public const int Replicas = 2;
    public static readonly TimeSpan ModelLatency = TimeSpan.FromSeconds(1);

    public override string SpaResource => VariantName(ResourceNames.Spa, Variant);

    public static void AddTo(IDistributedApplicationBuilder builder, TestStack stack)
    {
        var api = TestStack.AddApi(builder, Variant, replicas: Replicas)
            .WithEnvironment("Flex__Model__OfflineLatency", ModelLatency.ToString())
            .WithEnvironment("Flex__Runs__HeartbeatInterval", "00:00:01");
        var spa = builder.Resources.OfType<ExecutableResource>().Single(e => e.Name == ResourceNames.Spa);
        builder.AddFlexSpa(VariantName(ResourceNames.Spa, Variant), spa.Annotations.OfType<FlexSpaDependencies>().Single() with { Api = api });
    }
}
