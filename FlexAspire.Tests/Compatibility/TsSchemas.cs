using Json.Schema;

namespace FlexAspire.Tests.Compatibility;

/// JSON Schemas hand-ported from the existing awesomeposter system's published zod contracts
/// (Compatibility/Schemas; each file names its source). Formats are annotations, as zod's `z.string()` checks none.
public static class TsSchemas
{
    public const string FrameEnvelope = "frame-envelope.schema.json";
    public const string StartPayload = "start-payload.schema.json";
    public const string PlanGeneratedPayload = "plan-generated-payload.schema.json";
    public const string NodeStartPayload = "node-start-payload.schema.json";
    public const string NodeCompletePayload = "node-complete-payload.schema.json";
    public const string HitlRequestPayload = "hitl-request-payload.schema.json";
    public const string HitlResolvedPayload = "hitl-resolved-payload.schema.json";
    public const string ResumeBody = "resume-body.schema.json";
    public const string TaskView = "task-view.schema.json";
    public const string RunView = "run-view.schema.json";
    public const string RegistrationResponse = "registration-response.schema.json";
    public const string Registration = "registration.schema.json";
    public const string TaskEnvelope = "task-envelope.schema.json";

    /// Frame type -> the schema of the payload their listeners read.
    public static readonly Dictionary<string, string> Payloads = new()
    {
        ["start"] = StartPayload, ["plan_generated"] = PlanGeneratedPayload, ["node_start"] = NodeStartPayload,
        ["node_complete"] = NodeCompletePayload, ["hitl_request"] = HitlRequestPayload, ["hitl_resolved"] = HitlResolvedPayload,
    };

    /// Frame types flex streams that their FlexEventTypeSchema does not list (docs/compatibility.md).
    public static readonly string[] FlexOnlyFrameTypes = ["node_retry", "goal_condition_failed", "heartbeat"];

    private static readonly Dictionary<string, JsonSchema> Compiled = new();

    public static JsonSchema Load(string name)
    {
        lock (Compiled)
        {
            if (!Compiled.TryGetValue(name, out var schema))
            {
                var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Compatibility", "Schemas", name));
                schema = JsonSchema.FromText(text, new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
                Compiled[name] = schema;
            }
            return schema;
        }
    }

    /// Empty when `value` satisfies the schema; otherwise where and why not.
    public static string Problems(string name, JsonNode? value)
    {
        var result = Load(name).Evaluate(JsonSerializer.SerializeToElement(value), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? "" : string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")));
    }

    public static void ShouldSatisfy(this JsonNode? value, string schema, string what) =>
        Problems(schema, value).ShouldBeEmpty($"{what} does not satisfy {schema}: {value?.ToJsonString()}");
}
