using System.Text.RegularExpressions;
using Json.Pointer;
using NCalc;
using NCalc.Handlers;

namespace FlexAspire.Api.Runs.Policies;

/// Goal conditions are NCalc expressions over the value a JSON Pointer selects in one facet of the run context
/// (docs/runs.md, "Goal conditions"): `value`, `length` and `exists` are the only names, plus four text functions.
public static class GoalConditionEvaluator
{
    private static readonly string[] Names = ["value", "length", "exists"];
    private static readonly string[] FunctionNames = ["contains", "startsWith", "endsWith", "matches"];
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// Null when `dsl` parses and uses only the documented names; otherwise why not, for a 400 at intake.
    public static string? Check(string dsl)
    {
        var expression = new Expression(dsl, ExpressionOptions.NoCache);
        try
        {
            if (expression.HasErrors())
                return $"'{dsl}' is not a valid expression: {expression.Error?.Message}";
            var unknown = expression.GetParameterNames().Where(n => !Names.Contains(n)).ToList();
            if (unknown.Count > 0)
                return $"Unknown name(s) {string.Join(", ", unknown.Select(n => $"'{n}'"))}; use value, length or exists.";
            var functions = expression.GetFunctionNames().Where(n => !FunctionNames.Contains(n) && !IsBuiltIn(n)).ToList();
            if (functions.Count > 0)
                return $"Unknown function(s) {string.Join(", ", functions.Select(n => $"'{n}'"))}.";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return $"'{dsl}' is not a valid expression: {ex.Message}";
        }
        return null;
    }

    /// Every condition against the run's facets, in the envelope's order.
    public static IReadOnlyList<GoalConditionResult> EvaluateAll(IReadOnlyList<GoalCondition>? conditions, JsonObject facets) =>
        (conditions ?? []).Select(c => Evaluate(c, facets)).ToList();

    public static GoalConditionResult Evaluate(GoalCondition condition, JsonObject facets)
    {
        var selected = Select(facets[condition.Facet], condition.Path);
        var result = new GoalConditionResult
        {
            Facet = condition.Facet, Path = condition.Path, Dsl = condition.Condition.Dsl, Satisfied = false, Value = selected?.DeepClone(),
        };
        try
        {
            var expression = new Expression(condition.Condition.Dsl, ExpressionOptions.NoCache | ExpressionOptions.CaseInsensitiveStringComparer);
            expression.Parameters["value"] = Scalar(selected);
            expression.Parameters["length"] = Length(selected);
            expression.Parameters["exists"] = selected is not null;
            foreach (var name in FunctionNames)
                expression.Functions[name] = args => Call(name, args);
            return expression.Evaluate() switch
            {
                true => result with { Satisfied = true },
                false => result with { Reason = Describe(selected, condition) },
                var other => result with { Reason = $"'{condition.Condition.Dsl}' gave {other ?? "null"}, not true or false." },
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return result with { Reason = $"'{condition.Condition.Dsl}' could not be evaluated: {ex.Message}" };
        }
    }

    private static string Describe(JsonNode? selected, GoalCondition condition) =>
        selected is null
            ? $"{condition.Facet}{condition.Path} is missing; '{condition.Condition.Dsl}' is false."
            : $"'{condition.Condition.Dsl}' is false for {condition.Facet}{condition.Path} = {Truncate(selected.ToJsonString())}.";

    private static string Truncate(string text) => text.Length <= 120 ? text : text[..120] + "…";

    /// JsonPointer.Net (JsonSchema.Net's own); a pointer that selects nothing, or null, selects null.
    private static JsonNode? Select(JsonNode? root, string path) =>
        root is not null && JsonPointer.TryParse(path, out var pointer) && pointer.TryEvaluate(root, out var selected) ? selected : null;

    private static object? Scalar(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.AsValue().TryGetValue<long>(out var whole) ? whole : node.GetValue<double>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        null or JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    private static int Length(JsonNode? node) => node switch
    {
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Length,
        _ => 0,
    };

    private static object Call(string name, FunctionData args)
    {
        if (args.Count != 2)
            throw new ArgumentException($"{name} takes two arguments (text, pattern).");
        var text = args.Evaluate(0)?.ToString() ?? "";
        var pattern = args.Evaluate(1)?.ToString() ?? "";
        return name switch
        {
            "contains" => text.Contains(pattern, StringComparison.OrdinalIgnoreCase),
            "startsWith" => text.StartsWith(pattern, StringComparison.OrdinalIgnoreCase),
            "endsWith" => text.EndsWith(pattern, StringComparison.OrdinalIgnoreCase),
            _ => Regex.IsMatch(text, pattern, RegexOptions.None, RegexTimeout),
        };
    }

    private static bool IsBuiltIn(string name) =>
        name.ToLowerInvariant() is "abs" or "ceiling" or "floor" or "max" or "min" or "round" or "if" or "in";
}
