using Aspire.Hosting.ApplicationModel;
using FlexAspire.AppHost.Hosting;

namespace FlexAspire.Tests.Infrastructure;

/// A planner and an API given a model through AppHost parameters of their own (`llm-openai-base-url`,
/// `llm-openai-api-key`, `llm-openai-model`), wired by the AppHost's own AddFlexPlanner/AddFlexApi as a developer's
/// `openai-*` parameters are: `planner-llm` and `api-llm` beside the deterministic `planner` and the `api`, both using
/// a FakeOpenAiServer. The planner's drafts are answered by PlanDraft (a test sets it); every other request by
/// ScriptedModelStackFixture's contract-valid answers.
public sealed class LlmPlannerStackFixture() : FlexStackFixture(Variant)
{
    public const string Variant = "llm";

    public FakeOpenAiServer Model => Stack.Model(Variant);

    /// The planner's next draft (the JSON the model answers); by default one that uses an unknown capability.
    public Func<string> PlanDraft { get; set; } = () => UnknownCapabilityDraft;

    public const string UnknownCapabilityDraft =
        """{"nodes":[{"id":"a","capabilityId":"nobody.Writes","inputFacets":["creative_brief"],"outputFacets":["post_copy"],"rationale":"drafts"}],"edges":[]}""";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Model.Responder = request => IsPlannerRequest(request)
            ? FakeOpenAiServer.Completion(PlanDraft())
            : ScriptedModelStackFixture.AnswerFromContract(request);
    }

    public static void AddTo(IDistributedApplicationBuilder builder, TestStack stack)
    {
        var model = new FlexModelParameters(
            builder.AddParameter("llm-openai-api-key", "test-key", secret: true)
                .WithDescription("The `api-llm` and `planner-llm` test variant's OpenAI key (its fake server ignores it).", enableMarkdown: true),
            builder.AddParameter("llm-openai-base-url", stack.Model(Variant).BaseUrl)
                .WithDescription("The `api-llm` and `planner-llm` test variant's OpenAI-compatible server: the tests' fake one.", enableMarkdown: true),
            builder.AddParameter("llm-openai-model", "gpt-4o-mini")
                .WithDescription("The `api-llm` and `planner-llm` test variant's model name.", enableMarkdown: true));
        var registry = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Registry));
        var planner = builder.AddFlexPlanner(VariantName(ResourceNames.Planner, Variant), registry, model)
            .WithEnvironment("OTEL_SDK_DISABLED", "true");
        TestStack.AddApi(builder, Variant, planner, model);
    }

    /// The planner's system prompt opens with this (FlexAspire.Planner's LlmPrompt.System).
    public static bool IsPlannerRequest(RecordedRequest request) =>
        request.Body.Contains("You are the planner of FlexAspire", StringComparison.Ordinal);
}
