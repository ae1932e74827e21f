using System.Diagnostics;
using System.Text.Json.Nodes;
using FlexAspire.Bench.Planner;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Plans;
using FlexAspire.Planner.Planning;

// Deterministic planning latency, in process against the planning core (no HTTP, no registry): one request =
// resolve inputs, build the capability graph, target the contract, draft, assemble, validate.
Console.WriteLine($"FlexAspire deterministic planner latency ({Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine($"{"capabilities",12} {"contract",12} {"runs",6} {"median ms",10} {"p95 ms",10} {"plan nodes",11}");
foreach (var size in (int[])[10, 100, 1_000, 10_000])
{
    var catalog = new SyntheticCatalog(size);
    foreach (var (name, contract) in Contracts(catalog))
    {
        var request = new PlanRequest
        {
            Phase = PlanPhase.Initial,
            Envelope = new TaskEnvelope
            {
                Objective = "benchmark",
                Inputs = new JsonObject { [SyntheticCatalog.SeedA] = new JsonObject(), [SyntheticCatalog.SeedB] = new JsonObject() },
                OutputContract = contract,
            },
        };
        var runs = Math.Clamp(20_000 / size, 50, 2_000);
        var nodes = PlanOnce(request, catalog); // warm-up, and the size of the plan
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            PlanOnce(request, catalog);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(samples);
        Console.WriteLine($"{size,12:N0} {name,12} {runs,6} {samples[runs / 2],10:F3} {samples[(int)(runs * 0.95)],10:F3} {nodes,11}");
    }
}

static int PlanOnce(PlanRequest request, SyntheticCatalog catalog)
{
    var input = PlanningInput.Create(request, null, catalog.Capabilities, catalog.Facets);
    var graph = CapabilityGraph.Build(input);
    var target = ContractTargeting.Resolve(graph);
    var (plan, diagnostics) = PlanningService.PlanDeterministically(graph, target);
    if (diagnostics.HasErrors())
    {
        throw new InvalidOperationException(string.Join("; ", diagnostics.Select(d => d.Message)));
    }
    return plan.Nodes.Count;
}

static IEnumerable<(string Name, OutputContract Contract)> Contracts(SyntheticCatalog catalog)
{
    yield return ("facets", new FacetsOutputContract { Facets = [catalog.Goal] });
    yield return ("json_schema", new JsonSchemaOutputContract
    {
        Schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { [$"{catalog.Goal}_value"] = new JsonObject { ["type"] = "integer" } } },
    });
}
