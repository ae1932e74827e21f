using Microsoft.Extensions.AI;

namespace FlexAspire.Api.Agents.Invocation;

/// What an agent asked a person through the `hitl_request` tool.
public sealed record AgentHitlRequest(string Question, HitlKind Kind, bool AllowFreeForm, HitlUrgency Urgency);

/// The `hitl_request` function tool offered to model capabilities: a declaration only (never invoked here); a call
/// to it ends the invocation with CapabilityInvocationStatus.HitlRequested and the run engine asks the person.
public static class HitlRequestTool
{
    public const string Name = "hitl_request";

    private const string Schema = """
        {
          "type": "object",
          "properties": {
            "question": { "type": "string", "description": "The question for the person, self-contained." },
            "kind": { "type": "string", "enum": ["approval", "clarify"], "description": "approval: yes/no on a proposal; clarify: a free answer." },
            "allowFreeForm": { "type": "boolean", "description": "Whether the person may answer with free text." },
            "urgency": { "type": "string", "enum": ["low", "normal", "high"] }
          },
          "required": ["question", "kind", "allowFreeForm", "urgency"],
          "additionalProperties": false
        }
        """;

    public static AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(Name,
        "Ask a person (human in the loop) before answering, when the task cannot be done well without their decision or information. The run pauses until they answer; you are then asked again with their answer.",
        JsonDocument.Parse(Schema).RootElement.Clone());

    /// The request of a `hitl_request` call, or the issue that makes the call invalid.
    public static AgentHitlRequest? Parse(FunctionCallContent call, out ValidationIssue? problem)
    {
        problem = null;
        var args = call.Arguments ?? new Dictionary<string, object?>();
        var question = Text(args, "question");
        var kind = Text(args, "kind") switch { "approval" => HitlKind.Approval, "clarify" => HitlKind.Clarify, _ => (HitlKind?)null };
        bool? allowFreeForm = args.TryGetValue("allowFreeForm", out var a) ? a switch
        {
            bool b => b,
            JsonElement { ValueKind: JsonValueKind.True } => true,
            JsonElement { ValueKind: JsonValueKind.False } => false,
            _ => null,
        } : null;
        HitlUrgency? urgency = Text(args, "urgency") switch
        {
            "low" => HitlUrgency.Low, "normal" => HitlUrgency.Normal, "high" => HitlUrgency.High, null => HitlUrgency.Normal, _ => null,
        };
        if (call.Exception is not null || string.IsNullOrWhiteSpace(question) || kind is null || urgency is null)
        {
            problem = new ValidationIssue
            {
                InstancePath = "",
                Keyword = Name,
                Message = $"The {Name} call was malformed: it needs {{question: non-empty string, kind: approval|clarify, allowFreeForm: boolean, urgency: low|normal|high}}"
                          + (call.Exception is { } ex ? $" ({ex.Message})" : "") + ".",
            };
            return null;
        }
        return new AgentHitlRequest(question!.Trim(), kind.Value, allowFreeForm ?? true, urgency.Value);
    }

    private static string? Text(IDictionary<string, object?> args, string name) => args.TryGetValue(name, out var value) ? value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    } : null;
}
