using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexAspire.Planner.Planning;

/// The planner's own documents (graphState, LLM drafts), read as strictly as the wire records in FlexJsonContext.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GraphState))]
[JsonSerializable(typeof(PlanDraft))]
public sealed partial class PlannerJsonContext : JsonSerializerContext;
