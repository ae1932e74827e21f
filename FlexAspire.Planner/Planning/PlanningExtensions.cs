using System.Net;
using FlexAspire.Models;
using FlexAspire.Planner.Capabilities;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace FlexAspire.Planner.Planning;

public static class PlanningExtensions
{
    public static IHostApplicationBuilder AddPlanning(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PlannerOptions.Section);
        builder.Services.AddOptions<PlannerOptions>().Bind(section);
        builder.Services.AddFlexProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => FlexJson.Apply(o.SerializerOptions));
        builder.Services.AddSingleton<PlannerTelemetry>();
        builder.Services.AddHttpClient(RegistryMirror.HttpClientName, (sp, http) =>
                http.BaseAddress = sp.GetRequiredService<IOptions<PlannerOptions>>().Value.RegistryBaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RegistryMirror>();
        // The mirror's conditional GETs (several a second) would flood the logs at Information.
        builder.Logging.AddFilter($"System.Net.Http.HttpClient.{RegistryMirror.HttpClientName}", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.AddSingleton<ICapabilitySource>(sp => sp.GetRequiredService<RegistryMirror>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RegistryMirror>());
        builder.Services.AddSingleton<PlanningService>();

        var model = section.GetSection(nameof(PlannerOptions.Model)).Get<PlannerModelOptions>() ?? new();
        if (model.IsConfigured)
        {
            builder.Services.AddSingleton(_ => CreateChatClient(model));
            builder.Services.AddSingleton<LlmPlanner>();
        }
        return builder;
    }

    /// The official OpenAI SDK behind IChatClient; any OpenAI-compatible endpoint works (tests use a loopback fake).
    /// OpenTelemetry adds the GenAI `chat` spans under each planning attempt.
    public static IChatClient CreateChatClient(PlannerModelOptions model)
    {
        var name = model.Name ?? throw new ArgumentException("The planner's model has no name.", nameof(model));
        // No SDK retries (OpenAiCompatible): a failing model call falls back to the deterministic plan at once.
        var options = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, model.TimeoutSeconds)) };
        return OpenAiCompatible.CreateChatClient(model.Endpoint, model.ApiKey, name, options)
            .AsBuilder()
            .UseOpenTelemetry(sourceName: PlannerTelemetry.Name)
            .Build();
    }
}
