using System.Collections.Concurrent;
using System.Text.Json.Schema;

namespace FlexAspire.Contracts.Serialization;

/// JSON Schemas of the wire contracts, generated from these records so the published schema cannot drift from
/// what the services actually accept. Lives here (not in the API) so any service or test can produce the same text.
public static class ContractSchemas
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    private static readonly Dictionary<string, Type> Contracts = new(StringComparer.Ordinal)
    {
        [nameof(TaskEnvelope)] = typeof(TaskEnvelope),
        [nameof(OutputContract)] = typeof(OutputContract),
        [nameof(CapabilityRegistration)] = typeof(CapabilityRegistration),
        [nameof(CapabilityRecord)] = typeof(CapabilityRecord),
        [nameof(RegisterCapabilityResponse)] = typeof(RegisterCapabilityResponse),
        [nameof(CapabilityInvocationRequest)] = typeof(CapabilityInvocationRequest),
        [nameof(CapabilityInvocationResponse)] = typeof(CapabilityInvocationResponse),
        [nameof(FacetDefinition)] = typeof(FacetDefinition),
        [nameof(FlexPlan)] = typeof(FlexPlan),
        [nameof(PlanRequest)] = typeof(PlanRequest),
        [nameof(PlanResponse)] = typeof(PlanResponse),
        [nameof(PlanDiagnostic)] = typeof(PlanDiagnostic),
        [nameof(FlexEvent)] = typeof(FlexEvent),
        [nameof(CompletePayload)] = typeof(CompletePayload),
        [nameof(ValidationErrorPayload)] = typeof(ValidationErrorPayload),
        [nameof(NodeRetryPayload)] = typeof(NodeRetryPayload),
        [nameof(NodeErrorPayload)] = typeof(NodeErrorPayload),
        [nameof(PlanPayload)] = typeof(PlanPayload),
        [nameof(PlanRejectedPayload)] = typeof(PlanRejectedPayload),
        [nameof(HeartbeatPayload)] = typeof(HeartbeatPayload),
        [nameof(HitlRequest)] = typeof(HitlRequest),
        [nameof(HitlResolvedPayload)] = typeof(HitlResolvedPayload),
        [nameof(RunResumeRequest)] = typeof(RunResumeRequest),
        [nameof(HumanTask)] = typeof(HumanTask),
        [nameof(DeclineTaskRequest)] = typeof(DeclineTaskRequest),
        [nameof(RunSummary)] = typeof(RunSummary),
        [nameof(RunDetail)] = typeof(RunDetail),
    };

    // Text, not nodes: JsonNode trees are mutable and single-parent, so callers get their own copy from Get.
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => Contracts.Keys;

    /// The schema as JSON text, or null for an unknown name (names are case-sensitive, as in the records).
    public static string? GetText(string name) =>
        Contracts.TryGetValue(name, out var type) ? Cache.GetOrAdd(name, _ => Export(name, type)) : null;

    public static JsonObject? Get(string name) => GetText(name) is { } text ? JsonNode.Parse(text)!.AsObject() : null;

    private static string Export(string name, Type type)
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            // Generic arguments (list items) carry no nullability metadata; the records never hold null items.
            TreatNullObliviousAsNonNullable = true,
        };
        var schema = JsonSchemaExporter.GetJsonSchemaAsNode(FlexJsonContext.Default.GetTypeInfo(type)!, exporterOptions)
            .AsObject();
        schema.Insert(0, "$schema", Draft202012);
        schema.Insert(1, "title", name);
        return schema.ToJsonString();
    }
}
