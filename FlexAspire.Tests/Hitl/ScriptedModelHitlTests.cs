using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Hitl;

[Collection(StackCollection.Name)]
public sealed class ScriptedModelHitlTests(ScriptedModelStackFixture stack)
{
    [Fact]
    public async Task A_clarification_answer_reaches_the_prompt_when_the_node_runs_again()
    {
        using var api = stack.CreateClient(ResourceNames.Api);
        var frames = await api.RunUntilCompleteAsync(HitlTestKit.HitlOnCopyEnvelope("clarify-copy",
            new JsonObject { ["kind"] = "clarify", ["question"] = "Which product line should the post feature?" }));
        frames[^1].Status().ShouldBe("awaiting_hitl", frames.Single(f => f.Type == "plan_generated").Payload!["plan"]!["nodes"]!.ToJsonString());
        var pending = frames[^1].SinglePending("hitl");
        var marker = $"the compostable mailer line {Guid.NewGuid():n}";
        stack.Prompts.ShouldNotContain(p => p.Contains(marker));

        var continued = await api.ResumeUntilCompleteAsync(new JsonObject
        {
            ["runId"] = frames.RunId(),
            ["hitl"] = new JsonObject { ["requestId"] = pending["requestId"]!.GetValue<string>(), ["response"] = $"Feature {marker}" },
        });

        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
        continued.ShouldContain(f => f.Type == "node_start" && f.Data["nodeId"]!.GetValue<string>() == pending["nodeId"]!.GetValue<string>());
        stack.Prompts.ShouldContain(p => p.Contains(marker) && p.Contains("Which product line should the post feature?"));
    }

    [Fact]
    public async Task A_run_paused_for_a_person_resumes_after_the_api_process_restarted()
    {
        string runId, nodeId;
        using (var api = stack.CreateClient(ResourceNames.Api))
        {
            var frames = await api.RunUntilPausedAsync(HitlTestKit.HumanTaskEnvelope(), "awaiting_human");
            runId = frames.RunId();
            nodeId = frames[^1].SinglePending("task")["nodeId"]!.GetValue<string>();
        }

        using var restart = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        (await stack.App.ResourceCommands.ExecuteCommandAsync(stack.ApiResource, KnownResourceCommands.StopCommand, restart.Token)).Success.ShouldBeTrue();
        (await stack.App.ResourceCommands.ExecuteCommandAsync(stack.ApiResource, KnownResourceCommands.StartCommand, restart.Token)).Success.ShouldBeTrue();
        // The snapshot can still say "Exited" right after the start command; the health wait would give up on that.
        await stack.App.ResourceNotifications.WaitForResourceAsync(stack.ApiResource, KnownResourceStates.Running, restart.Token);
        await stack.App.ResourceNotifications.WaitForResourceHealthyAsync(stack.ApiResource, restart.Token);

        using var restarted = stack.CreateClient(ResourceNames.Api);
        (await restarted.GetJsonAsync($"/api/v1/flex/runs/{runId}"))["status"]!.GetValue<string>().ShouldBe("awaiting_human");
        var continued = await restarted.ResumeUntilCompleteAsync(HitlTestKit.Submit(runId, nodeId, HitlTestKit.ValidAnswer()));
        continued[^1].Status().ShouldBe("completed", continued[^1].Data.ToJsonString());
    }
}
