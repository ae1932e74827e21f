namespace FlexAspire.Tests.Runs;

/// What the structuring node is asked, read from the requests the fake OpenAI server recorded: the objective, the
/// envelope's inputs and the facets the run produced.
[Collection(StackCollection.Name)]
public sealed class StructuringContextTests(ScriptedModelStackFixture stack)
{
    private const string StructurerPromptStart = "You map content onto a required structure.";

    [Fact]
    public async Task The_structuring_node_is_asked_with_the_objective_the_envelope_inputs_and_the_produced_facets()
    {
        var marker = Guid.NewGuid().ToString("n")[..8];
        var company = $"Quillfeather Labs {marker}";
        var objective = $"Announce our spring webinar on packaging waste (campaign {marker}).";
        var envelope = FlexApiClient.SampleObject("envelope-social-post.json");
        envelope.Remove("goal_condition");
        envelope["objective"] = objective;
        envelope["inputs"]!["company_information"]!["name"] = company;
        envelope["policies"]!["runtime"] = new JsonArray();
        envelope["outputContract"] = new JsonObject
        {
            ["mode"] = "json_schema",
            ["schema"] = JsonNode.Parse("""
                {"type":"object","required":["headline","companyName"],
                 "properties":{"headline":{"type":"string"},"companyName":{"type":"string"}}}
                """),
        };
        using var api = stack.CreateClient(ResourceNames.Api);

        var frames = await api.RunUntilCompleteAsync(envelope);

        frames[^1].Status().ShouldBe("completed", frames[^1].Data.ToJsonString());
        var structurer = frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.AsArray()
            .Single(n => n!["capabilityId"]!.GetValue<string>() == "contract.Structurer")!;
        var prompt = stack.Prompts.Single(p => p.Contains(StructurerPromptStart) && p.Contains(marker));
        prompt.ShouldContain(objective);
        prompt.ShouldContain(company, customMessage: "the envelope's inputs reach the structurer");
        foreach (var facet in structurer["inputFacets"]!.AsArray().Select(f => f!.GetValue<string>()))
        {
            prompt.ShouldContain($"\"{facet}\"", customMessage: $"the produced facet {facet} reaches the structurer");
        }
        // The model answering here names a company only from `company_information` among its inputs (the objective
        // does not say it), which the structurer has only because it is given the envelope's inputs.
        frames[^1].Payload!["output"]!["companyName"]!.GetValue<string>().ShouldContain(company);
    }
}
