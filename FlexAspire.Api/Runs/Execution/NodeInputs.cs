using System.Text.Json.Nodes;
using FlexAspire.Contracts.Capabilities;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Plans;

namespace FlexAspire.Api.Runs.Execution;

/// What a node is given as its inputs (docs/runs.md, "Node inputs").
public static class NodeInputs
{
    /// Each input facet comes from the predecessor that produced it for this node (variant branches write the same
    /// facet names, so a branch reads its own), else from the run's facets. A structuring node also gets every
    /// envelope input, so facts the caller gave (a company's or a person's name) reach the final output.
    public static JsonObject For(PlanNode node, FlexPlan plan, JsonObject facets, IReadOnlyDictionary<string, JsonNode> outputs, TaskEnvelope envelope)
    {
        var inputs = new JsonObject();
        if (node.Kind == CapabilityKind.Structuring)
        {
            foreach (var (name, value) in envelope.Inputs ?? [])
                inputs[name] = value?.DeepClone();
        }
        var producers = plan.Edges.Where(e => e.To == node.Id)
            .Select(e => plan.Nodes.FirstOrDefault(n => n.Id == e.From))
            .OfType<PlanNode>()
            .ToList();
        foreach (var facet in node.InputFacets)
        {
            var fromBranch = producers
                .Where(p => p.OutputFacets.Contains(facet) && outputs.TryGetValue(p.Id, out var output) && output[facet] is not null)
                .Select(p => outputs[p.Id][facet])
                .LastOrDefault();
            if ((fromBranch ?? facets[facet]) is { } value)
                inputs[facet] = value.DeepClone();
        }
        return inputs;
    }
}
