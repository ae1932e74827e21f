namespace FlexAspire.Tests.Runs;

/// What each node of a variant plan is given: its own branch's values, never a sibling branch's; the structuring
/// node gets every variant.
public sealed class NodeInputsTests
{
    // brief (shared) → draft#vK → polish#vK → review#vK (reads draft's `post_copy` two steps up, without an edge
    // from draft) → structurer. Variant 2 completed last, so the run's facet map holds its values.
    private static readonly FlexPlan Plan = new()
    {
        RunId = "run-1",
        Version = 1,
        Nodes =
        [
            Node("brief", ["post_context"], ["creative_brief"]),
            Node("draft", ["creative_brief"], ["post_copy"], 1), Node("draft#v2", ["creative_brief"], ["post_copy"], 2),
            Node("polish", ["post_copy"], ["post_visual"], 1), Node("polish#v2", ["post_copy"], ["post_visual"], 2),
            Node("review", ["post_visual", "post_copy"], ["post"], 1), Node("review#v2", ["post_visual", "post_copy"], ["post"], 2),
            Node("contract.Structurer:final", ["post"], [], kind: CapabilityKind.Structuring, variantCount: 2),
        ],
        Edges =
        [
            Edge("brief", "draft"), Edge("brief", "draft#v2"), Edge("draft", "polish"), Edge("draft#v2", "polish#v2"),
            Edge("polish", "review"), Edge("polish#v2", "review#v2"),
            Edge("review", "contract.Structurer:final"), Edge("review#v2", "contract.Structurer:final"),
        ],
    };

    private static readonly TaskEnvelope Envelope = new()
    {
        Objective = "Two variants of a post",
        Inputs = new JsonObject { ["post_context"] = new JsonObject { ["topic"] = "Spring webinar" }, ["company_information"] = new JsonObject { ["name"] = "GreenBox" } },
        OutputContract = new JsonSchemaOutputContract { Schema = new JsonObject { ["type"] = "object" } },
    };

    private static readonly Dictionary<string, JsonNode> Outputs = new()
    {
        ["brief"] = new JsonObject { ["creative_brief"] = "the brief" },
        ["draft"] = new JsonObject { ["post_copy"] = "copy of variant 1" },
        ["draft#v2"] = new JsonObject { ["post_copy"] = "copy of variant 2" },
        ["polish"] = new JsonObject { ["post_visual"] = "visual of variant 1" },
        ["polish#v2"] = new JsonObject { ["post_visual"] = "visual of variant 2" },
        ["review"] = new JsonObject { ["post"] = "post of variant 1" },
        ["review#v2"] = new JsonObject { ["post"] = "post of variant 2" },
    };

    private static readonly JsonObject RunFacets = new()
    {
        ["post_context"] = new JsonObject { ["topic"] = "Spring webinar" }, ["creative_brief"] = "the brief",
        ["post_copy"] = "copy of variant 2", ["post_visual"] = "visual of variant 2", ["post"] = "post of variant 2",
    };

    [Fact]
    public void A_branch_reads_a_facet_its_own_branch_produced_further_up_not_the_sibling_value_the_run_holds()
    {
        var inputs = NodeInputs.For(Find("review"), Plan, RunFacets, Outputs, Envelope);

        inputs["post_copy"]!.GetValue<string>().ShouldBe("copy of variant 1");
        inputs["post_visual"]!.GetValue<string>().ShouldBe("visual of variant 1");
    }

    [Fact]
    public void Nodes_of_each_branch_read_the_shared_nodes_values_and_the_envelope_inputs()
    {
        NodeInputs.For(Find("draft#v2"), Plan, RunFacets, Outputs, Envelope)["creative_brief"]!.GetValue<string>().ShouldBe("the brief");
        NodeInputs.For(Find("brief"), Plan, RunFacets, Outputs, Envelope)["post_context"]!["topic"]!.GetValue<string>().ShouldBe("Spring webinar");
    }

    [Fact]
    public void The_structuring_node_gets_every_variant_with_the_nodes_that_wrote_it_and_the_envelope_inputs()
    {
        var inputs = NodeInputs.For(Find("contract.Structurer:final"), Plan, RunFacets, Outputs, Envelope);

        var variants = inputs[NodeInputs.VariantsKey]!.AsArray();
        variants.Select(v => v!["variant"]!.GetValue<int>()).ShouldBe([1, 2]);
        variants.Select(v => v!["facets"]!["post"]!.GetValue<string>()).ShouldBe(["post of variant 1", "post of variant 2"]);
        variants.Select(v => v!["nodes"]!.AsArray().Single()!.GetValue<string>()).ShouldBe(["review", "review#v2"]);
        inputs["company_information"]!["name"]!.GetValue<string>().ShouldBe("GreenBox");
        inputs.ContainsKey("post").ShouldBeTrue();
    }

    [Fact]
    public void A_node_outside_variant_branches_gets_no_variants_entry()
    {
        NodeInputs.For(Find("review"), Plan, RunFacets, Outputs, Envelope).ContainsKey(NodeInputs.VariantsKey).ShouldBeFalse();
    }

    private static PlanNode Find(string id) => Plan.Nodes.Single(n => n.Id == id);

    private static PlanEdge Edge(string from, string to) => new() { From = from, To = to };

    private static PlanNode Node(string id, string[] inputs, string[] outputs, int? variant = null,
        CapabilityKind kind = CapabilityKind.Execution, int? variantCount = null) => new()
    {
        Id = id,
        Kind = kind,
        CapabilityId = id.Split('#')[0],
        Label = id,
        Status = NodeStatus.Pending,
        InputFacets = inputs,
        OutputFacets = outputs,
        Contracts = new NodeContracts { Output = new FacetsOutputContract { Facets = outputs } },
        Executor = new NodeExecutor { Type = AgentType.Ai },
        Rationale = [],
        Metadata = variant is { } v ? new JsonObject { ["variant"] = v, ["variantCount"] = 2 }
            : variantCount is { } n ? new JsonObject { ["variantCount"] = n } : null,
    };
}
