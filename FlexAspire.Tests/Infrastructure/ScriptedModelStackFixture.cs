using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FlexAspire.Api.Agents.Catalog;
using FlexAspire.Api.Agents.Invocation;
using FlexAspire.Api.Agents.Model;
using FlexAspire.Contracts;
using FlexAspire.Tests.Fakes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Tests.Infrastructure;

/// The real AppHost with the API's model pointed at a FakeOpenAiServer that records every request and answers each
/// one with schema-valid JSON (written by the API's own offline model from the prompt's inputs and contract). For
/// tests that need to see what a capability was asked. Its own collection: it starts a second stack.
public sealed class ScriptedModelStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _dataDirectory =
        Path.Combine(Path.GetTempPath(), "flexaspire-tests", Guid.NewGuid().ToString("n"), "postgres");

    public DistributedApplication App { get; private set; } = null!;
    public FakeOpenAiServer Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartAsync();
        Model.Responder = AnswerFromContract;
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.FlexAspire_AppHost>(
            [$"--Postgres:Mode=local", $"--Postgres:DataDirectory={_dataDirectory}",
                $"--Parameters:registry-token={FlexStackFixture.RegistryToken}", $"--Parameters:flex-api-key={FlexStackFixture.ApiKey}",
                $"--Parameters:openai-base-url={Model.BaseUrl}", "--Parameters:openai-api-key=test"], cts.Token);
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_SDK_DISABLED", "true");
        }
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        App = await builder.BuildAsync(cts.Token);
        await App.StartAsync(cts.Token);
        foreach (var service in (string[])[ResourceNames.Registry, ResourceNames.Planner, ResourceNames.Api, ResourceNames.LegacyAgents])
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, cts.Token);
        }
        // The API registers its built-in capabilities in the background; a test planned before that would be rejected.
        using var registry = CreateClient(ResourceNames.Registry);
        var hosted = new HostedCapabilityCatalog().Registrations.Select(r => r.CapabilityId).ToList();
        await Eventually.ShouldBecomeTrueAsync(async () =>
        {
            var active = JsonNode.Parse(await registry.GetStringAsync("/api/v1/flex/capabilities?status=active", cts.Token))!.ToJsonString();
            return hosted.All(id => active.Contains($"\"{id}\"", StringComparison.Ordinal));
        }, TimeSpan.FromMinutes(1), "the API's built-in capabilities are active in the registry");
    }

    public HttpClient CreateClient(string resourceName)
    {
        var client = App.CreateHttpClient(resourceName, "http");
        if (resourceName == ResourceNames.Api)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FlexStackFixture.ApiKey);
        }
        return client;
    }

    /// The user messages of every chat request received so far, as sent.
    public IReadOnlyList<string> Prompts => Model.ChatRequests
        .Select(r => string.Join("\n", r["messages"]!.AsArray().Select(m => MessageText(m!)))).ToList();

    private static FakeReply AnswerFromContract(RecordedRequest request)
    {
        var body = request.Json!.AsObject();
        var messages = body["messages"]!.AsArray()
            .Select(m => new ChatMessage(new ChatRole(m!["role"]!.GetValue<string>()), MessageText(m!))).ToList();
        var options = new ChatOptions();
        if (body["response_format"] is not null && ContractIn(messages) is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(schema).RootElement, "contract");
        }
        var answer = new OfflineChatClient().GetResponseAsync(messages, options).GetAwaiter().GetResult();
        return FakeOpenAiServer.Completion(answer.Text);
    }

    // The original contract as the prompt states it (the strict response_format may be a rewritten form of it).
    private static string? ContractIn(IEnumerable<ChatMessage> messages)
    {
        var text = messages.FirstOrDefault(m => m.Text.Contains(CapabilityPromptBuilder.ContractHeading, StringComparison.Ordinal))?.Text;
        if (text is null)
            return null;
        var start = text.IndexOf("```json", text.IndexOf(CapabilityPromptBuilder.ContractHeading, StringComparison.Ordinal), StringComparison.Ordinal) + "```json".Length;
        var end = text.IndexOf("```", start, StringComparison.Ordinal);
        return text[start..end];
    }

    private static string MessageText(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        await Model.DisposeAsync();
        var root = Path.GetDirectoryName(_dataDirectory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ScriptedModelStackCollection : ICollectionFixture<ScriptedModelStackFixture>
{
    public const string Name = "scripted-model-stack";
}
