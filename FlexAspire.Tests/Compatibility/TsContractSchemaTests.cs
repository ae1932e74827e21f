using FlexAspire.Schemas;

namespace FlexAspire.Tests.Compatibility;

/// Flex's frames and bodies against JSON Schemas ported from the existing system's published contracts; their
/// envelopes against their own envelope schema and flex's reading of them.
[Collection(StackCollection.Name)]
public sealed class TsContractSchemaTests(FlexStackFixture stack)
{
    [Theory]
    [MemberData(nameof(TheirEnvelopes))]
    public void Their_sample_envelopes_satisfy_their_envelope_schema_and_are_accepted_by_flex(string name)
    {
        var envelope = TsEnvelopes.Load(name);
        envelope.ShouldSatisfy(TsSchemas.TaskEnvelope, name);

        var errors = new ValidationErrors();
        EnvelopeCompatibility.Normalize(envelope, errors);
        var read = ContractReader.Read(envelope.ToJsonString(), FlexJsonContext.Default.TaskEnvelope);

        errors.IsEmpty.ShouldBeTrue();
        read.IsValid.ShouldBeTrue(string.Join("; ", read.Errors.Keys));
        EnvelopeValidator.Validate(read.Value!, FacetCatalog.All).ShouldBeEmpty();
    }

    public static TheoryData<string> TheirEnvelopes() => new(TsEnvelopes.All);

    [Theory]
    [InlineData("envelope-social-post.json")]
    [InlineData("envelope-variants.json")]
    [InlineData("envelope-freeform.json")]
    public void Flex_sample_envelopes_satisfy_their_envelope_schema(string name) =>
        FlexApiClient.SampleObject(name).ShouldSatisfy(TsSchemas.TaskEnvelope, name);

    [Fact]
    public async Task Every_frame_of_their_runs_satisfies_their_frame_schema_and_the_payloads_their_listeners_read()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = new List<SseFrame>();
        frames.AddRange(await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.MarketingRun)));
        var paused = await api.RunUntilCompleteAsync(TsEnvelopes.Load(TsEnvelopes.HitlPauseRun));
        frames.AddRange(paused);
        var requestId = paused[^1].SinglePending("hitl")["requestId"]!.GetValue<string>();
        var answer = new JsonObject
        {
            ["runId"] = paused.RunId(), ["correlationId"] = "cid-ts-schema",
            ["operator"] = new JsonObject { ["id"] = "u-1", ["displayName"] = "Dana" },
            ["hitl"] = new JsonObject { ["requestId"] = requestId, ["approved"] = true },
        };
        frames.AddRange(await api.ResumeUntilCompleteAsync(answer));

        frames.Select(f => f.Type).ShouldContain("hitl_resolved");
        foreach (var frame in frames)
        {
            if (TsSchemas.FlexOnlyFrameTypes.Contains(frame.Type))
                continue;
            frame.Data.ShouldSatisfy(TsSchemas.FrameEnvelope, $"frame {frame.Seq} ({frame.Type})");
            if (TsSchemas.Payloads.TryGetValue(frame.Type, out var payloadSchema))
                frame.Payload.ShouldSatisfy(payloadSchema, $"payload of frame {frame.Seq} ({frame.Type})");
        }
        frames.Select(f => f.Type).Distinct().Where(t => TsSchemas.Payloads.ContainsKey(t)).Count().ShouldBe(TsSchemas.Payloads.Count);
    }

    [Fact]
    public void The_resume_body_their_client_sends_satisfies_their_schema()
    {
        var body = new JsonObject
        {
            ["runId"] = "run-1", ["expectedPlanVersion"] = 1, ["correlationId"] = "cid",
            ["operator"] = new JsonObject { ["id"] = "u-1", ["displayName"] = "Dana", ["email"] = "dana@example.com" },
            ["payload"] = new JsonObject { ["nodeId"] = "n", ["output"] = new JsonObject(), ["submittedAt"] = "2025-11-01T10:00:00Z", ["note"] = "n" },
        };

        body.ShouldSatisfy(TsSchemas.ResumeBody, "their resume body");
        var errors = new ValidationErrors();
        EnvelopeCompatibility.NormalizeResume(body, errors);
        errors.IsEmpty.ShouldBeTrue();
        ContractReader.Read(body.ToJsonString(), FlexJsonContext.Default.RunResumeRequest).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Every_ported_schema_compiles()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Compatibility", "Schemas"), "*.schema.json");

        files.Length.ShouldBe(13);
        foreach (var file in files)
            Should.NotThrow(() => TsSchemas.Load(Path.GetFileName(file)));
    }
}
