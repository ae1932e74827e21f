using FlexAspire.Api.Agents.Remote;

namespace FlexAspire.Tests.Agents;

/// A registration with `invocation.url`, served by a small test HTTP server standing in for a remote agent.
public sealed class RemoteCapabilityTests : IAsyncLifetime
{
    private LoopbackHttpServer _remote = null!;
    private AgentRuntimeTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _remote = await LoopbackHttpServer.StartAsync();
        _host = AgentRuntimeTestHost.Create(new()
        {
            ["Flex:Model:Provider"] = "offline",
            ["Flex:Agents:RemoteResilience:MaxRetries"] = "1",
            ["Flex:Agents:RemoteResilience:BaseDelay"] = "00:00:00.050",
            // Generous: on a loaded machine a 1 s attempt timed out a healthy loopback call; no test here waits on it.
            ["Flex:Agents:RemoteResilience:AttemptTimeout"] = "00:00:10",
            ["Flex:Agents:RemoteResilience:TotalTimeout"] = "00:00:30",
            // The test's remote agent listens on loopback, which the outbound policy refuses unless listed.
            [$"{OutboundOptions.Section}:Hosts:0:Host"] = "127.0.0.1",
        });
    }

    [Fact]
    public async Task A_remote_capability_is_called_with_the_bundle_and_its_answer_validated()
    {
        _remote.Enqueue(FakeReply.Json("""{"output":{"feedback":[{"author":"reviewer-7","facet":"post_copy","message":"Clear and on brand","severity":"info","resolution":"addressed"}]},"agent":"reviewer-7"}"""));

        var result = await _host.Invoker.InvokeAsync(Call(), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Output!["feedback"]![0]!["message"]!.GetValue<string>().ShouldBe("Clear and on brand");
        result.Model.ShouldBe("remote");
        var request = _remote.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/agents/review");
        var bundle = request.Json!;
        bundle["runId"]!.GetValue<string>().ShouldBe("run-test");
        bundle["capabilityId"]!.GetValue<string>().ShouldBe("partner.Review");
        bundle["objective"]!.GetValue<string>().ShouldContain("predictive maintenance");
        bundle["inputs"]!["post_copy"]!.GetValue<string>().ShouldStartWith("Acme");
        bundle["outputSchema"]!["required"]![0]!.GetValue<string>().ShouldBe("feedback");
        bundle["attempt"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_schema_invalid_remote_answer_is_reasked_with_the_validation_errors_in_the_bundle()
    {
        _remote.Enqueue(
            FakeReply.Json("""{"output":{"feedback":[{"facet":"post_copy","message":"Shorten the body"}]}}"""),
            FakeReply.Json("""{"output":{"feedback":[{"author":"reviewer-7","facet":"post_copy","message":"Shorten the body","severity":"info","resolution":"addressed"}]}}"""));

        var result = await _host.Invoker.InvokeAsync(Call(), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Succeeded, result.Failure?.ToString());
        result.Attempts.ShouldBe(2);
        var reAsk = _remote.Requests[1].Json!;
        reAsk["attempt"]!.GetValue<int>().ShouldBe(2);
        reAsk["validationErrors"]!.AsArray().Select(e => e!["keyword"]!.GetValue<string>()).ShouldContain("required");
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("""{"result":"done"}""")]
    [InlineData("")]
    public async Task A_remote_that_answers_garbage_fails_with_a_clear_error(string garbage)
    {
        _remote.Enqueue(FakeReply.Text(garbage));

        var result = await _host.Invoker.InvokeAsync(Call(), CancellationToken.None);

        result.Status.ShouldBe(CapabilityInvocationStatus.Failed);
        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.RemoteInvalidResponse);
        result.Failure.Message.ShouldContain("partner.Review");
        result.Failure.Message.ShouldContain("{\"output\": …}");
        _remote.Requests.Count.ShouldBe(1, "garbage is not a transient fault and is not re-asked");
    }

    [Fact]
    public async Task A_remote_that_keeps_failing_with_503_fails_as_unavailable_after_retries()
    {
        _remote.Enqueue(FakeReply.Status(503, "down"), FakeReply.Status(503, "down"));

        var result = await _host.Invoker.InvokeAsync(Call(), CancellationToken.None);

        result.Failure!.Code.ShouldBe(CapabilityFailureCodes.Unavailable);
        result.Failure.Retryable.ShouldBeTrue();
        _remote.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_plan_node_runs_its_remote_capability_from_the_registration_it_carries()
    {
        _remote.Enqueue(FakeReply.Json("""{"output":{"feedback":[]}}"""));
        var registration = Call().Registration;
        var node = new PlanNode
        {
            Id = "partner.Review", Kind = registration.Kind, CapabilityId = registration.CapabilityId, Label = registration.DisplayName,
            Status = NodeStatus.Pending, InputFacets = ["post_copy"], OutputFacets = ["feedback"],
            Contracts = new NodeContracts { Input = registration.InputContract, Output = registration.OutputContract },
            Executor = new NodeExecutor { Type = AgentType.Ai }, Rationale = ["test"],
            Capability = new PlannedCapability { Version = "1.0.0", Summary = registration.Summary, Invocation = registration.Invocation },
        };
        // No registry anywhere: the runner has only the hosted catalog and what the plan node carries.
        var runner = new CapabilityNodeRunner(_host.Catalog, _host.Invoker);

        var result = await runner.RunAsync(new NodeRunRequest(Guid.NewGuid(), new TaskEnvelope
        {
            Objective = "Review the copy", OutputContract = registration.OutputContract,
        }, node, Call().Request.Inputs, _ => Task.CompletedTask), CancellationToken.None);

        result.ShouldBeOfType<NodeRunResult.Succeeded>();
        _remote.Requests.ShouldHaveSingleItem().Path.ShouldBe("/agents/review");
    }

    private CapabilityCall Call() => CallTo(new Uri(_remote.BaseAddress, "/agents/review").ToString());

    /// A remote review capability whose `invocation.url` is `url`.
    internal static CapabilityCall CallTo(string url)
    {
        var registration = new CapabilityRegistration
        {
            CapabilityId = "partner.Review",
            Version = "1.0.0",
            DisplayName = "Partner review",
            Summary = "A partner agency reviews post copy.",
            Kind = CapabilityKind.Validation,
            AgentType = AgentType.Ai,
            InputContract = new FacetsOutputContract { Facets = ["post_copy"] },
            OutputContract = new FacetsOutputContract { Facets = ["feedback"] },
            Invocation = new CapabilityInvocation { Url = url },
        };
        var inputs = new JsonObject
        {
            ["post_copy"] = "Acme: fewer breakdowns. Book a demo.",
        };
        return AgentRuntimeTestHost.Call(registration, inputs);
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _remote.DisposeAsync();
    }
}
