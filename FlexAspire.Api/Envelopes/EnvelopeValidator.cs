using FlexAspire.Api.Runs.Policies;
using FlexAspire.Contracts.Facets;
using Json.Schema;

namespace FlexAspire.Api.Envelopes;

/// Semantic checks of a TaskEnvelope that deserialization cannot express (docs/design.md, "Wire contracts"). Returns field path -> reasons,
/// the shape of TypedResults.ValidationProblem; empty means valid.
public static class EnvelopeValidator
{
    public const int MaxTextLength = 8000;
    public const int MaxVariantCount = 6;
    public const int MaxIdLength = 200;
    public const int MaxTokens = 1_000_000;
    public const int MaxDeadlineSeconds = 7 * 24 * 3600;

    /// When `facets` is given (the registry's catalog), input keys and contract facet names must be known facets
    /// and input values must satisfy their facet's schema.
    public static Dictionary<string, string[]> Validate(TaskEnvelope envelope, IReadOnlyList<FacetDefinition>? facets = null)
    {
        var errors = new ValidationErrors();
        CheckText(errors, "objective", envelope.Objective);
        CheckOutputContract(errors, envelope.OutputContract, facets);
        CheckInputs(errors, envelope.Inputs, facets);

        var instructions = envelope.SpecialInstructions ?? [];
        for (var i = 0; i < instructions.Count; i++)
            CheckText(errors, $"specialInstructions[{i}]", instructions[i]);
        CheckConstraints(errors, envelope.Constraints);
        if (envelope.Metadata is { } metadata)
        {
            CheckId(errors, "metadata.clientId", metadata.ClientId);
            CheckId(errors, "metadata.brandId", metadata.BrandId);
            CheckId(errors, "metadata.campaignId", metadata.CampaignId);
            CheckId(errors, "metadata.correlationId", metadata.CorrelationId);
            CheckId(errors, "metadata.runLabel", metadata.RunLabel);
        }

        var topology = envelope.Policies?.Planner?.Topology;
        if (topology?.VariantCount is { } variants and (< 1 or > MaxVariantCount))
            errors.Add("policies.planner.topology.variantCount", $"variantCount must be between 1 and {MaxVariantCount}, was {variants}.");
        if (topology?.MaxDepth is { } depth and < 1)
            errors.Add("policies.planner.topology.maxDepth", $"maxDepth must be at least 1, was {depth}.");

        var runtime = envelope.Policies?.Runtime ?? [];
        for (var i = 0; i < runtime.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(runtime[i].Id))
                errors.Add($"policies.runtime[{i}].id", "A runtime policy needs an id.");
            CheckId(errors, $"policies.runtime[{i}].id", runtime[i].Id);
        }
        foreach (var id in runtime.GroupBy(p => p.Id).Where(g => g.Count() > 1).Select(g => g.Key))
            errors.Add("policies.runtime", $"Runtime policy id '{id}' is used more than once.");
        RuntimePolicyValidator.Check(errors, runtime, facets);

        var goals = envelope.GoalConditions ?? [];
        for (var i = 0; i < goals.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(goals[i].Facet))
                errors.Add($"goal_condition[{i}].facet", "A goal condition needs a facet.");
            else if (facets is not null && !facets.Any(f => f.Name == goals[i].Facet))
                errors.Add($"goal_condition[{i}].facet", $"'{goals[i].Facet}' is not a known facet.");
            if (goals[i].Path.Length > 0 && !goals[i].Path.StartsWith('/'))
                errors.Add($"goal_condition[{i}].path", $"'{goals[i].Path}' is not a JSON Pointer (it must be empty or start with '/').");
            if (string.IsNullOrWhiteSpace(goals[i].Condition.Dsl))
                errors.Add($"goal_condition[{i}].condition.dsl", "A goal condition needs a dsl expression.");
            else if (GoalConditionEvaluator.Check(goals[i].Condition.Dsl) is { } problem)
                errors.Add($"goal_condition[{i}].condition.dsl", problem);
        }
        return errors.ToDictionary();
    }

    private static void CheckOutputContract(ValidationErrors errors, OutputContract contract, IReadOnlyList<FacetDefinition>? facets)
    {
        switch (contract)
        {
            case FacetsOutputContract { Facets: var names }:
                if (names.Count == 0)
                    errors.Add("outputContract.facets", "List at least one facet.");
                for (var i = 0; i < names.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(names[i]))
                        errors.Add($"outputContract.facets[{i}]", "A facet name must not be empty.");
                    else if (facets is not null && !facets.Any(f => f.Name == names[i]))
                        errors.Add($"outputContract.facets[{i}]", $"'{names[i]}' is not a known facet.");
                }
                foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key))
                    errors.Add("outputContract.facets", $"Facet '{duplicate}' is listed more than once.");
                break;
            case JsonSchemaOutputContract json:
                if (!SchemaCompiler.TryCompile(json.Schema, out var schema, out var problem))
                {
                    errors.Add("outputContract.schema", problem.Describe());
                }
                else if (json.Example is { } example)
                {
                    foreach (var issue in Evaluate(schema, example))
                        errors.Add("outputContract.example", $"The example does not satisfy the schema: {issue}");
                }
                break;
            case FreeformOutputContract freeform:
                CheckText(errors, "outputContract.instructions", freeform.Instructions);
                break;
        }
    }

    private static void CheckInputs(ValidationErrors errors, JsonObject? inputs, IReadOnlyList<FacetDefinition>? facets)
    {
        if (inputs is null || facets is null)
            return;
        foreach (var (name, value) in inputs)
        {
            var facet = facets.FirstOrDefault(f => f.Name == name);
            if (facet is null)
            {
                errors.Add($"inputs.{name}", $"'{name}' is not a known facet.");
                continue;
            }
            foreach (var issue in Evaluate(SchemaCompiler.Compile(facet.Schema), value))
                errors.Add($"inputs.{name}", $"Does not satisfy the {name} facet schema: {issue}");
        }
    }

    private static IEnumerable<string> Evaluate(JsonSchema schema, JsonNode? instance) =>
        SchemaValidator.Validate(schema, instance)
            .Select(i => $"{(i.InstancePath.Length == 0 ? "/" : i.InstancePath)} {i.Keyword}: {i.Message}");

    /// The constraints flex reads have a type; other keys are the caller's own (free-form).
    private static void CheckConstraints(ValidationErrors errors, JsonObject? constraints)
    {
        if (constraints is null)
            return;
        foreach (var key in (string[])["threadId", "resumeRunId"])
        {
            if (constraints[key] is { } value && (value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length is 0 or > MaxIdLength))
                errors.Add($"constraints.{key}", $"{key} must be a string of 1 to {MaxIdLength} characters.");
        }
        if (constraints["requiresHitlApproval"] is { } approval && approval.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            errors.Add("constraints.requiresHitlApproval", "requiresHitlApproval must be true or false.");
        foreach (var (key, max) in (ReadOnlySpan<(string, int)>)[("maxTokens", MaxTokens), ("deadlineSeconds", MaxDeadlineSeconds)])
        {
            if (constraints[key] is { } value && !(value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<int>(out var n) && n >= 1 && n <= max))
                errors.Add($"constraints.{key}", $"{key} must be a whole number from 1 to {max}.");
        }
    }

    /// Ids and labels are stored in bounded columns and echoed in frames.
    private static void CheckId(ValidationErrors errors, string field, string? value)
    {
        if (value is { Length: > MaxIdLength })
            errors.Add(field, $"{field} must be at most {MaxIdLength} characters, was {value.Length}.");
    }

    private static void CheckText(ValidationErrors errors, string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(field, $"{field} must not be empty.");
        else if (value.Length > MaxTextLength)
            errors.Add(field, $"{field} must be at most {MaxTextLength} characters, was {value.Length}.");
    }
}
