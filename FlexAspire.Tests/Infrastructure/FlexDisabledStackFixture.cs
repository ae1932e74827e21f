using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Infrastructure;

/// The stack with the flex feature flag off (FLEX_ENABLED=false on the API).
public sealed class FlexDisabledStackFixture : FlexStackFixture
{
    protected override bool FlexEnabled => false;

    protected override void ConfigureApi(IResourceBuilder<ProjectResource> api) => api.WithEnvironment("FLEX_ENABLED", "false");
}

[CollectionDefinition(Name)]
public sealed class FlexDisabledStackCollection : ICollectionFixture<FlexDisabledStackFixture>
{
    public const string Name = "flex-disabled-stack";
}
