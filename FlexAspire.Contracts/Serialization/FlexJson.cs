namespace FlexAspire.Contracts.Serialization;

/// The one set of JSON options for flex wire types, shared by services, clients and tests.
public static class FlexJson
{
    /// Read-only; resolves metadata through FlexJsonContext (camelCase, enums as strings, unknown members rejected).
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// For ASP.NET Core: `services.ConfigureHttpJsonOptions(o => FlexJson.Apply(o.SerializerOptions))`, whose options
    /// instance cannot be replaced, only configured.
    public static void Apply(JsonSerializerOptions target)
    {
        var source = FlexJsonContext.Default.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.NumberHandling = source.NumberHandling;
        target.UnmappedMemberHandling = source.UnmappedMemberHandling;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.RespectNullableAnnotations = source.RespectNullableAnnotations;
        target.AllowOutOfOrderMetadataProperties = source.AllowOutOfOrderMetadataProperties;
        target.TypeInfoResolverChain.Insert(0, FlexJsonContext.Default);
    }

    /// A mutable copy of the strict options, for a service's own source-generated context over documents that are not
    /// wire records (`new PlannerJsonContext(FlexJson.CopyOptions())`): they are then read exactly as strictly.
    public static JsonSerializerOptions CopyOptions() => new(FlexJsonContext.Default.Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = CopyOptions();
        options.MakeReadOnly();
        return options;
    }
}
