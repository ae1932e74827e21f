namespace FlexAspire.Tests.Security;

/// The headline finding: run.stream requests with a 201-character Idempotency-Key answered 500 and each leaked a
/// backlog slot, so that afterwards every run.stream answered 503 until the API restarted. On the stack with a backlog
/// of one (Flex:Runs:MaxBacklog = 1) a single leaked slot would lock everyone out.
[Collection(StackCollection.Name)]
public sealed class BacklogLockOutTests(SlowModelStackFixture stack)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Run_stream_requests_with_an_over_long_Idempotency_Key_are_400s_and_never_lock_out_other_callers()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var envelope = FlexApiClient.Sample("envelope-social-post.json");
        await CompletesAsync(api, envelope); // nothing is queued: the one backlog slot is free

        for (var i = 0; i < 8; i++)
        {
            using var refused = await api.StartRunAsync(envelope, idempotencyKey: new string('k', 201));
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await HostileInputTests.TracedProblemAsync(refused))["errors"]!["Idempotency-Key"].ShouldNotBeNull();
        }

        await CompletesAsync(api, envelope, idempotencyKey: $"ok-{Guid.NewGuid():n}");
    }

    private static async Task CompletesAsync(HttpClient api, string envelope, string? idempotencyKey = null)
    {
        using var response = await api.StartRunAsync(envelope, idempotencyKey);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await Hitl.HitlTestKit.ErrorText(response));
        var frames = await SseFrames.ReadUntilCompleteAsync(response, RunTimeout);
        frames[^1].Payload!["status"]!.GetValue<string>().ShouldBe("completed");
    }
}
