using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FlexAspire.Api.Envelopes;

internal static partial class EnvelopeCompatibility
{
    private static bool GoalCondition(JsonObject? goal, string field, ValidationErrors errors)
    {
        if (goal is null)
            return false;
        var changed = false;
        // Their paths may index arrays the JavaScript way (/variants[0]/score).
        if (Text(goal["path"]) is { } path && ConditionDsl.PointerOf(path) is var pointer && pointer != path)
        {
            goal["path"] = pointer;
            changed = true;
        }
        if (goal["condition"] is JsonObject condition)
            changed |= ConditionForms(condition, Text(goal["path"]), $"{field}.condition", errors);
        return changed;
    }

    // A condition of theirs names the selected value by its last path segment (`status == "ready"` at /status), uses
    // double-quoted strings, and may carry its compiled JSON Logic beside the DSL or alone.
    private static bool ConditionForms(JsonObject condition, string? path, string field, ValidationErrors errors)
    {
        var changed = false;
        var jsonLogic = condition["jsonLogic"];
        if (condition.ContainsKey("jsonLogic"))
        {
            condition.Remove("jsonLogic");
            changed = true;
        }
        foreach (var derived in new[] { "canonicalDsl", "warnings", "variables" })
            changed |= condition.Remove(derived);
        if (Text(condition["dsl"]) is { } dsl)
        {
            var rewritten = ConditionDsl.FromTheirs(dsl, path);
            if (rewritten != dsl)
            {
                condition["dsl"] = rewritten;
                changed = true;
            }
        }
        else if (jsonLogic is not null)
        {
            if (ConditionDsl.FromJsonLogic(jsonLogic, path) is { } translated)
                condition["dsl"] = translated;
            else
                errors.Add($"{field}.jsonLogic", "Only JSON Logic of var, comparisons, and, or and ! over the selected value can be evaluated; give a dsl.");
        }
        if (path is not null && condition["path"] is JsonValue && Text(condition["path"]) is { } own && ConditionDsl.PointerOf(own) != own)
        {
            condition["path"] = ConditionDsl.PointerOf(own);
            changed = true;
        }
        return changed;
    }

    /// Their condition forms in our goal condition language (`value`, `length`, `exists`; docs/runs.md).
    internal static partial class ConditionDsl
    {
        private const int MaxDepth = 32;

        /// `/variants[0]/score` -> `/variants/0/score`; a pointer stays as it is.
        public static string PointerOf(string path) => ArrayIndex().Replace(path, "/$1");

        /// Their DSL names the selected value by the path's last segment and quotes strings with `"`.
        public static string FromTheirs(string dsl, string? path)
        {
            var name = LastSegment(path);
            var result = new StringBuilder(dsl.Length);
            for (var i = 0; i < dsl.Length;)
            {
                var c = dsl[i];
                if (c is '"' or '\'')
                {
                    var end = dsl.IndexOf(c, i + 1);
                    if (end < 0)
                        return dsl; // unterminated: leave it to our parser to report
                    var text = dsl[(i + 1)..end];
                    result.Append(c == '"' && !text.Contains('\'') ? $"'{text}'" : dsl[i..(end + 1)]);
                    i = end + 1;
                }
                else if (char.IsLetter(c) || c == '_')
                {
                    var start = i;
                    while (i < dsl.Length && (char.IsLetterOrDigit(dsl[i]) || dsl[i] is '_' or '.'))
                        i++;
                    var word = dsl[start..i];
                    result.Append(name is not null && word == name ? "value" : word);
                }
                else
                {
                    result.Append(c);
                    i++;
                }
            }
            return result.ToString();
        }

        /// JSON Logic of `var` (the selected value), comparisons, `and`, `or` and `!`; null for anything else.
        public static string? FromJsonLogic(JsonNode? logic, string? path) => Translate(logic, LastSegment(path), 0);

        private static string? Translate(JsonNode? node, string? name, int depth)
        {
            if (depth > MaxDepth)
                return null;
            switch (node)
            {
                case null:
                    return "null";
                case JsonValue value:
                    return value.GetValueKind() switch
                    {
                        JsonValueKind.String when !value.GetValue<string>().Contains('\'') => $"'{value.GetValue<string>()}'",
                        JsonValueKind.Number => value.GetValue<double>().ToString(CultureInfo.InvariantCulture),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    };
                case JsonObject { Count: 1 } operation:
                    var (op, arguments) = operation.First();
                    var args = arguments is JsonArray list ? list.ToList() : [arguments];
                    if (op == "var")
                        return args.Count == 1 && args[0] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                            && v.GetValue<string>() is var variable && (variable is "" or "value" || variable == name) ? "value" : null;
                    var operands = args.Select(a => Translate(a, name, depth + 1)).ToList();
                    if (operands.Any(o => o is null))
                        return null;
                    return op switch
                    {
                        "==" or "===" when operands.Count == 2 => $"({operands[0]} == {operands[1]})",
                        "!=" or "!==" when operands.Count == 2 => $"({operands[0]} != {operands[1]})",
                        "<" or "<=" or ">" or ">=" when operands.Count == 2 => $"({operands[0]} {op} {operands[1]})",
                        "and" when operands.Count > 0 => $"({string.Join(" && ", operands)})",
                        "or" when operands.Count > 0 => $"({string.Join(" || ", operands)})",
                        "!" when operands.Count == 1 => $"!{operands[0]}",
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        private static string? LastSegment(string? path)
        {
            var segment = path is null ? null : PointerOf(path).Split('/').LastOrDefault();
            return segment is { Length: > 0 } && !char.IsDigit(segment[0]) ? segment.Replace("~1", "/").Replace("~0", "~") : null;
        }

        [GeneratedRegex(@"\[(\d+)\]")]
        private static partial Regex ArrayIndex();
    }
}
