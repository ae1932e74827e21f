using System.Text;
using FlexAspire.Api.Agents.Catalog;
using Microsoft.Extensions.AI;

namespace FlexAspire.Api.Agents.Invocation;

/// Builds the conversation for one capability call: the capability's own prompt as the system message, then the
/// objective, the input facet values, the special instructions and the output contract. Re-asks append the previous
/// answer and its validation errors, so the model corrects its own output instead of starting over.
public static class CapabilityPromptBuilder
{
    // The offline model finds the request's parts by these headings; keep them in one place.
    public const string ObjectiveHeading = "## Objective";
    public const string InputsHeading = "## Input facets";
    public const string InstructionsHeading = "## Special instructions";
    public const string VariantHeading = "## Variant";
    public const string ContractHeading = "## Output contract (JSON Schema)";
    public const string CorrectionHeading = "## Your previous answer did not satisfy the output contract";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static List<ChatMessage> Build(CapabilityRegistration registration, CapabilityInvocationRequest request)
    {
        var user = new StringBuilder()
            .AppendLine(ObjectiveHeading).AppendLine(request.Objective).AppendLine()
            .AppendLine(InputsHeading).AppendLine("```json").AppendLine(request.Inputs.ToJsonString(Indented)).AppendLine("```").AppendLine();
        if (request.SpecialInstructions.Count > 0)
        {
            user.AppendLine(InstructionsHeading);
            foreach (var instruction in request.SpecialInstructions)
                user.Append("- ").AppendLine(instruction);
            user.AppendLine();
        }
        if (request.Variant is { } variant)
        {
            // The branches get the same inputs: without this, a model writes the same answer N times.
            user.AppendLine(VariantHeading)
                .Append("You write variant ").Append(variant.Index).Append(" of ").Append(variant.Count)
                .AppendLine(". The other variants are written separately from the same inputs: take an angle of your own")
                .AppendLine("(a different headline, opening and emphasis) so that the caller gets genuinely different options.")
                .AppendLine();
        }
        user.AppendLine(ContractHeading).AppendLine("```json").AppendLine(request.OutputSchema.ToJsonString(Indented)).AppendLine("```");

        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt(registration)), new(ChatRole.User, user.ToString())];
        // A re-ask that arrives from outside (e.g. a run resumed after a restart) carries the errors of the attempt before.
        if (request.ValidationErrors is { Count: > 0 } earlier)
            messages.Add(new(ChatRole.User, Correction(earlier)));
        return messages;
    }

    public static void AppendReAsk(List<ChatMessage> messages, string previousAnswer, IReadOnlyList<ValidationIssue> errors)
    {
        messages.Add(new(ChatRole.Assistant, previousAnswer));
        messages.Add(new(ChatRole.User, Correction(errors)));
    }

    public static string Correction(IReadOnlyList<ValidationIssue> errors)
    {
        var text = new StringBuilder().AppendLine(CorrectionHeading);
        foreach (var error in errors)
            text.Append("- at `").Append(error.InstancePath.Length == 0 ? "/" : error.InstancePath).Append("` (")
                .Append(error.Keyword).Append("): ").AppendLine(error.Message);
        return text.AppendLine().Append("Answer again with one corrected JSON document that satisfies the output contract.").ToString();
    }

    private static string SystemPrompt(CapabilityRegistration registration)
    {
        var prompt = registration.InstructionTemplates?[HostedCapabilityCatalog.SystemPromptTemplate] is JsonValue value
                     && value.TryGetValue<string>(out var text) ? text : registration.Summary;
        return $"""
            {prompt}

            Answer with exactly one JSON document that satisfies the output contract given in the request: no prose,
            no code fences. Use the input facet values; do not invent facts they do not support.
            """;
    }

    /// The input facet values, objective and variant number (1 outside variant branches) written by Build, read back
    /// (the offline model's view of the request).
    public static (JsonObject Inputs, string Objective, int Variant) Parse(IEnumerable<ChatMessage> messages)
    {
        var text = messages.FirstOrDefault(m => m.Role == ChatRole.User && m.Text.Contains(InputsHeading, StringComparison.Ordinal))?.Text;
        if (text is null)
            return ([], messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "", 1);
        var objective = Between(text, ObjectiveHeading, InputsHeading)?.Trim() ?? "";
        var variant = text.Contains(VariantHeading, StringComparison.Ordinal) && Between(text, "You write variant ", " of ") is { } number
                      && int.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var fenced = Between(text, InputsHeading + "\n```json", "\n```") ?? Between(text, InputsHeading + "\r\n```json", "\n```");
        try
        {
            return (JsonNode.Parse(fenced ?? "{}") as JsonObject ?? [], objective, variant);
        }
        catch (JsonException)
        {
            return ([], objective, variant);
        }
    }

    private static string? Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        if (from < 0)
            return null;
        from += start.Length;
        var to = text.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? null : text[from..to];
    }
}
