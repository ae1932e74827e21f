using FlexAspire.Bench.Planner;
using FlexAspire.Contracts.Envelopes;
using FlexAspire.Contracts.Plans;
using FlexAspire.Planner.Capabilities;
using FlexAspire.Planner.Planning;

// Planner benchmarks; figures are printed, never asserted.
//   (default)  the planning core in process over synthetic catalogs: one request = inputs, graph, contract, draft,
//              assemble, validate, against a capability index built once per catalog (as the service does per
//              registry generation);
//   --e2e      the real stack: capabilities registered over HTTP, warm POST /api/v1/plans, registry listings, heartbeats;
//   --smoke    both at tiny sizes; exits 1 on any error (CI runs it so the benchmark cannot rot).
var smoke = args.Contains("--smoke");
var e2e = args.Contains("--e2e");
Console.WriteLine($"FlexAspire planner benchmarks ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");

if (!e2e || smoke)
{
    Console.WriteLine("\n## Planning core, in process");
    Console.WriteLine($"{"capabilities",12} {"contract",12} {"runs",6} {"median ms",10} {"p95 ms",10} {"plan nodes",11} {"index ms",9}");
    foreach (var size in smoke ? [10, 100] : (int[])[10, 100, 1_000, 10_000])
    {
        var catalog = new SyntheticCatalog(size);
        var indexing = Stopwatch.StartNew();
        var index = CapabilityIndex.Build(catalog.Capabilities, generation: 1, catalog.Facets);
        var indexMs = indexing.Elapsed.TotalMilliseconds;
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
            var runs = smoke ? 20 : Math.Clamp(20_000 / size, 200, 2_000);
            var nodes = PlanOnce(request, index); // warm-up, and the size of the plan
            var samples = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var started = Stopwatch.GetTimestamp();
                PlanOnce(request, index);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(samples);
            Console.WriteLine($"{size,12:N0} {name,12} {runs,6} {samples[runs / 2],10:F3} {samples[(int)(runs * 0.95)],10:F3} {nodes,11} {indexMs,9:F1}");
        }
    }
}

if (e2e || smoke)
{
    Console.WriteLine("\n## End to end: the real stack over HTTP");
    var envelope = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "envelope-social-post.json"));
    var errors = await EndToEnd.RunAsync(smoke ? [20, 50] : [100, 1_000, 10_000], plans: smoke ? 20 : 500,
        listings: smoke ? 5 : 50, envelope);
    if (errors > 0)
    {
        Console.Error.WriteLine($"{errors} request(s) failed");
        return 1;
    }
}
return 0;

static int PlanOnce(PlanRequest request, CapabilityIndex index)
{
    var input = PlanningInput.Create(request, null, index);
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
