using System.Text.Json.Serialization;

namespace FlexAspire.Planner.Planning;

/// The planner's own documents (graphState, LLM drafts), read with the wire records' strict options (FlexJson):
/// case-sensitive names, numbers as numbers, unknown members rejected.
[JsonSerializable(typeof(GraphState))]
[JsonSerializable(typeof(PlanDraft))]
public sealed partial class PlannerJsonContext : JsonSerializerContext
{
    public static PlannerJsonContext Strict { get; } = new(FlexJson.CopyOptions());
}
