namespace FlexAspire.Tests.Infrastructure;

/// The API with the flex feature flag off (FLEX_ENABLED=false): `api-off` beside the `api`. It serves no flex route
/// and registers nothing; the legacy server is the stack's own.
public sealed class FlexDisabledStackFixture() : FlexStackFixture(Variant)
{
    public const string Variant = "off";

    public static void AddTo(IDistributedApplicationBuilder builder, TestStack stack) =>
        TestStack.AddApi(builder, Variant).WithEnvironment("FLEX_ENABLED", "false");
}
