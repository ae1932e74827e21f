using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace FlexAspire.Planner.Planning;

public sealed record LlmPlanningResult(FlexPlan? Plan, IReadOnlyList<PlanDiagnostic> Rejected, int Attempts);

/// Asks the configured chat model for a PlanDraft (structured output), assembles and validates it like any other
/// draft, and re-asks with the validator's diagnostics in the conversation, up to Planner:MaxDraftAttempts. The
/// caller falls back to the deterministic plan when no draft passes.
public sealed class LlmPlanner(IChatClient chat, IOptions<PlannerOptions> options, ILogger<LlmPlanner> logger)
{
    public async Task<LlmPlanningResult> PlanAsync(CapabilityGraph graph, ContractTarget target, CancellationToken cancellationToken)
    {
        var input = graph.Input;
        var maxAttempts = Math.Max(1, options.Value.MaxDraftAttempts);
        var conversation = new List<ChatMessage>
        {
            new(ChatRole.System, LlmPrompt.System),
            new(ChatRole.User, LlmPrompt.Task(graph, target)),
        };
        var chatOptions = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(LlmPrompt.DraftSchema, "plan_draft", "A FlexAspire plan draft"),
            Temperature = 0,
        };
        var rejected = new List<PlanDiagnostic>();
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            using var activity = PlannerTelemetry.StartAttempt(input, attempt, PlanningService.Llm, graph.Usable.Count);
            string text;
            try
            {
                text = (await chat.GetResponseAsync(conversation, chatOptions, cancellationToken)).Text;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A model that cannot be reached will not answer a re-ask either: go to the deterministic plan now.
                logger.LogWarning(ex, "The planner model failed on attempt {Attempt}", attempt);
                var failure = Diagnostics.Warning("model_unavailable", $"LLM draft {attempt}: the model call failed: {ex.Message}");
                rejected.Add(failure);
                PlannerTelemetry.EndAttempt(activity, null, [failure]);
                return new LlmPlanningResult(null, rejected, attempt);
            }

            var (plan, diagnostics) = Check(text, input, target);
            PlannerTelemetry.EndAttempt(activity, plan, diagnostics);
            if (plan is not null && !diagnostics.HasErrors())
            {
                return new LlmPlanningResult(plan, [.. rejected, .. diagnostics], attempt);
            }
            logger.LogInformation("LLM draft {Attempt} rejected: {Codes}", attempt, string.Join(",", diagnostics.Select(d => d.Code)));
            // Returned as warnings: they describe a discarded draft, not the plan the caller gets.
            rejected.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d with { Severity = DiagnosticSeverity.Warning, Message = $"LLM draft {attempt} rejected: {d.Message}" }));
            conversation.Add(new ChatMessage(ChatRole.Assistant, text));
            conversation.Add(new ChatMessage(ChatRole.User, LlmPrompt.Feedback(diagnostics)));
        }
        return new LlmPlanningResult(null, rejected, maxAttempts);
    }

    private static (FlexPlan? Plan, IReadOnlyList<PlanDiagnostic> Diagnostics) Check(string text, PlanningInput input, ContractTarget target)
    {
        PlanDraft? draft;
        try
        {
            draft = JsonSerializer.Deserialize(text, PlannerJsonContext.Strict.PlanDraft);
        }
        catch (JsonException ex)
        {
            return (null, [Diagnostics.Error("draft_unparseable", $"the draft is not a valid plan draft JSON document: {ex.Message}")]);
        }
        if (draft is null)
        {
            return (null, [Diagnostics.Error("draft_unparseable", "the draft is empty")]);
        }
        var duplicates = draft.Nodes.GroupBy(n => n.CapabilityId).Where(g => g.Count() > 1)
            .Select(g => Diagnostics.Error("duplicate_capability",
                $"capability `{g.Key}` appears {g.Count()} times; use each capability once (variants are added by the planner)",
                capabilityId: g.Key)).ToList();
        var structuring = draft.Nodes.Where(n => n.CapabilityId == CapabilityGraph.StructurerId)
            .Select(n => Diagnostics.Error("structurer_in_draft",
                $"node `{n.Id}` uses `{CapabilityGraph.StructurerId}`; structuring steps are added by the planner, leave them out",
                capabilityId: n.CapabilityId)).ToList();
        var (plan, diagnostics) = PlanningService.AssembleAndValidate(draft, input, target, PlanningService.Llm);
        return (plan, [.. duplicates, .. structuring, .. diagnostics]);
    }
}
