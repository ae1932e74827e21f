namespace FlexAspire.Api.Hosting;

/// Configuration section `Flex`. `Flex:Enabled` can also come from the environment variable FLEX_ENABLED.
public sealed class FlexOptions
{
    public const string Section = "Flex";

    /// Off: every /api/v1/flex route answers 404 and nothing else changes.
    public bool Enabled { get; set; }
}
