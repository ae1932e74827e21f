namespace FlexAspire.Contracts.Serialization;

/// Source-generated metadata for every wire record. Unknown members are rejected except inside
/// free-form JsonObject/JsonNode members, which accept anything by construction. `mode` may come anywhere in an
/// output contract because hand-written client JSON rarely puts it first. Unlike the Web defaults, names are
/// case-sensitive and numbers must be numbers, so what deserializes is exactly what the exported schemas describe.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(TaskEnvelope))]
[JsonSerializable(typeof(OutputContract))]
[JsonSerializable(typeof(CapabilityRegistration))]
[JsonSerializable(typeof(CapabilityRecord))]
[JsonSerializable(typeof(List<CapabilityRecord>))]
[JsonSerializable(typeof(RegisterCapabilityResponse))]
[JsonSerializable(typeof(RegistryGeneration))]
[JsonSerializable(typeof(CapabilityVersions))]
[JsonSerializable(typeof(CapabilityInvocationRequest))]
[JsonSerializable(typeof(CapabilityInvocationResponse))]
[JsonSerializable(typeof(FacetDefinition))]
[JsonSerializable(typeof(List<FacetDefinition>))]
[JsonSerializable(typeof(FlexPlan))]
[JsonSerializable(typeof(PlanRequest))]
[JsonSerializable(typeof(PlanResponse))]
[JsonSerializable(typeof(PlanDiagnostic))]
[JsonSerializable(typeof(List<PlanDiagnostic>))]
[JsonSerializable(typeof(FlexEvent))]
[JsonSerializable(typeof(CompletePayload))]
[JsonSerializable(typeof(PlanRequestedPayload))]
[JsonSerializable(typeof(PlanPayload))]
[JsonSerializable(typeof(PlanRejectedPayload))]
[JsonSerializable(typeof(HeartbeatPayload))]
[JsonSerializable(typeof(PolicyTriggeredPayload))]
[JsonSerializable(typeof(GoalConditionFailedPayload))]
[JsonSerializable(typeof(ValidationErrorPayload))]
[JsonSerializable(typeof(NodeRetryPayload))]
[JsonSerializable(typeof(NodeErrorPayload))]
[JsonSerializable(typeof(HitlResolvedPayload))]
[JsonSerializable(typeof(HitlRequest))]
[JsonSerializable(typeof(List<HitlRequest>))]
[JsonSerializable(typeof(RunResumeRequest))]
[JsonSerializable(typeof(HumanTask))]
[JsonSerializable(typeof(List<HumanTask>))]
[JsonSerializable(typeof(DeclineTaskRequest))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(List<RunSummary>))]
[JsonSerializable(typeof(RunDetail))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class FlexJsonContext : JsonSerializerContext;
