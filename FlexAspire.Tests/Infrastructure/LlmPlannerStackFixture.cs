using FlexAspire.Tests.Fakes;

namespace FlexAspire.Tests.Infrastructure;

/// The real AppHost given a model through its own parameters (`openai-base-url`, `openai-api-key`), as a developer
/// sets them for F5: the API, the planner and the legacy server all use the FakeOpenAiServer. The planner's drafts are
/// answered by PlanDraft (a test sets it); every other request by ScriptedModelStackFixture's contract-valid answers.
public sealed class LlmPlannerStackFixture : FlexStackFixture
{
    public FakeOpenAiServer Model { get; private set; } = null!;

    /// The planner's next draft (the JSON the model answers); by default one that uses an unknown capability.
    public Func<string> PlanDraft { get; set; } = () => UnknownCapabilityDraft;

    public const string UnknownCapabilityDraft =
        """{"nodes":[{"id":"a","capabilityId":"nobody.Writes","inputFacets":["creative_brief"],"outputFacets":["post_copy"],"rationale":"drafts"}],"edges":[]}""";

    public override async Task InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartAsync();
        Model.Responder = request => IsPlannerRequest(request)
            ? FakeOpenAiServer.Completion(PlanDraft())
            : ScriptedModelStackFixture.AnswerFromContract(request);
        await base.InitializeAsync();
    }

    protected override IEnumerable<string> AppHostArguments =>
        [$"--Parameters:openai-base-url={Model.BaseUrl}", "--Parameters:openai-api-key=test-key"];

    /// The planner's system prompt opens with this (FlexAspire.Planner's LlmPrompt.System).
    public static bool IsPlannerRequest(RecordedRequest request) =>
        request.Body.Contains("You are the planner of FlexAspire", StringComparison.Ordinal);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LlmPlannerStackCollection : ICollectionFixture<LlmPlannerStackFixture>
{
    public const string Name = "llm-planner-stack";
}
