namespace FlexAspire.Planner.Planning;

/// The LLM planner's prompt and the JSON Schema of its structured output (strict-mode compatible: every property
/// required, no additional properties).
public static class LlmPrompt
{
    // Enough for any real registry; a synthetic 10,000-capability catalog would not fit a prompt anyway.
    private const int MaxCapabilitiesInPrompt = 200;

    public const string System = """
        You are the planner of FlexAspire, an agents orchestration service. Build a plan draft: a DAG of capability
        nodes that produces the goal facets from the available facets.
        Rules:
        - Use only the listed capabilities, each at most once; a node's capabilityId is the capability's id.
        - A node's inputFacets and outputFacets are exactly the capability's inputFacets and outputFacets.
        - Every input facet of a node must be an available facet or the output of a node with an edge into it.
        - Add an edge {from, to} from the producer of each input facet to its consumer; edges must not form a cycle.
        - Every goal facet must be produced by some node.
        - Never use a forbidden capability; use every required capability; prefer cheaper capabilities and those
          without agentType "human" unless a policy asks for them; respect maxDepth (nodes on the longest path).
        - Do not add structuring or formatting steps; the planner adds them.
        Answer with the JSON object only.
        """;

    public static readonly JsonElement DraftSchema = JsonDocument.Parse("""
        {
          "type": "object", "additionalProperties": false, "required": ["nodes", "edges"],
          "properties": {
            "nodes": { "type": "array", "items": {
              "type": "object", "additionalProperties": false,
              "required": ["id", "capabilityId", "inputFacets", "outputFacets", "rationale"],
              "properties": {
                "id": { "type": "string" }, "capabilityId": { "type": "string" },
                "inputFacets": { "type": "array", "items": { "type": "string" } },
                "outputFacets": { "type": "array", "items": { "type": "string" } },
                "rationale": { "type": "string" } } } },
            "edges": { "type": "array", "items": {
              "type": "object", "additionalProperties": false, "required": ["from", "to"],
              "properties": { "from": { "type": "string" }, "to": { "type": "string" } } } }
          }
        }
        """).RootElement.Clone();

    public static string Task(CapabilityGraph graph, ContractTarget target)
    {
        var input = graph.Input;
        var selection = input.Selection;
        var task = new JsonObject
        {
            ["objective"] = input.Envelope.Objective,
            ["specialInstructions"] = new JsonArray((input.Envelope.SpecialInstructions ?? []).Select(s => (JsonNode)s).ToArray()),
            ["availableFacets"] = Strings(input.InputFacets.Concat(input.CompletedFacetProducers.Keys).Order(StringComparer.Ordinal)),
            ["goalFacets"] = Strings(target.GoalFacets),
            ["policies"] = new JsonObject
            {
                ["require"] = Strings(selection.Require ?? []), ["forbid"] = Strings(selection.Forbid ?? []),
                ["prefer"] = Strings(selection.Prefer ?? []), ["avoid"] = Strings(selection.Avoid ?? []),
                ["maxDepth"] = input.MaxDepth,
                ["directives"] = input.Envelope.Policies?.Planner?.Directives?.DeepClone(),
            },
            ["capabilities"] = new JsonArray(graph.Usable.Where(c => c.InputFacets.All(graph.IsReachable))
                .Take(MaxCapabilitiesInPrompt).Select(c => (JsonNode)new JsonObject
                {
                    ["capabilityId"] = c.CapabilityId, ["kind"] = c.Kind.ToString().ToLowerInvariant(),
                    ["agentType"] = c.AgentType.ToString().ToLowerInvariant(), ["summary"] = c.Summary,
                    ["inputFacets"] = Strings(c.InputFacets), ["outputFacets"] = Strings(c.OutputFacets),
                    ["estimatedTokens"] = PathCost.EstimatedTokens(c.Cost),
                }).ToArray()),
        };
        return "Plan this task:\n" + task.ToJsonString();
    }

    public static string Feedback(IEnumerable<PlanDiagnostic> diagnostics) =>
        "Your draft was rejected by the plan validator:\n"
        + string.Join("\n", diagnostics.Select(d => $"- [{d.Code}] {d.Message}"))
        + "\nReturn a corrected plan draft as a JSON object.";

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
