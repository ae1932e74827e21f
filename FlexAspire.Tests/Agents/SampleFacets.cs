namespace FlexAspire.Tests.Agents;

/// Sample inputs for every capability: the caller's facets are written here; every other facet is produced by
/// running (offline) the capability that outputs it, so each capability is tested on its real upstream output.
public static class SampleFacets
{
    public static JsonObject CallerInputs() => new()
    {
        ["company_information"] = new JsonObject
        {
            ["name"] = "Acme Robotics", ["industry"] = "industrial automation",
            ["audience_segments"] = "plant managers", ["tone_of_voice"] = "practical and upbeat",
            ["preferred_channels"] = "Instagram, LinkedIn",
            ["brand_assets"] = new JsonArray("https://acme-robotics.example/brand/logo.svg"),
        },
        ["post_context"] = new JsonObject
        {
            ["type"] = "new_case",
            ["data"] = new JsonObject
            {
                ["content_description"] = "predictive maintenance at Northwind Foods", ["customer_name"] = "Northwind Foods",
                ["case_url"] = "https://acme-robotics.example/cases/northwind",
            },
        },
        ["positioning_context"] = new JsonObject
        {
            ["company_name"] = "Acme Robotics", ["company_url"] = "https://acme-robotics.example",
            ["sector"] = "industrial automation", ["target_audience"] = "mid-size factories",
            ["competing_factors"] = new JsonArray("predictive accuracy", "ease of installation", "support"),
            ["competitors"] = new JsonArray("https://siemens.example", "https://abb.example"),
        },
        ["clarification_request"] = new JsonObject
        {
            ["questions"] = new JsonArray(new JsonObject { ["id"] = "q1", ["question"] = "Which plants?", ["reason"] = "Scope" }),
        },
    };

    public static async Task<JsonObject> InputsFor(AgentRuntimeTestHost host, CapabilityRegistration registration)
    {
        var inputs = new JsonObject();
        foreach (var facet in FacetsOf(registration.InputContract))
            inputs[facet] = await ValueOf(host, facet);
        return inputs;
    }

    public static async Task<JsonNode> ValueOf(AgentRuntimeTestHost host, string facet)
    {
        if (CallerInputs()[facet] is { } given)
            return given.DeepClone();
        var producer = host.Catalog.Registrations.First(r => r.AgentType == AgentType.Ai && FacetsOf(r.OutputContract).Contains(facet));
        var result = await host.Invoker.InvokeAsync(AgentRuntimeTestHost.Call(producer, await InputsFor(host, producer)), CancellationToken.None);
        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, $"{producer.CapabilityId}: {result.Failure}");
        return result.Output![facet]!.DeepClone();
    }

    public static IReadOnlyList<string> FacetsOf(OutputContract? contract) =>
        contract is FacetsOutputContract facets ? facets.Facets : [];
}
