using FlexAspire.Api.Runs.Journal;
using FlexAspire.Api.Runs.Planning;
using FlexAspire.Api.Runs.Streaming;

namespace FlexAspire.Api.Runs;

public static class RunsServiceExtensions
{
    public static IHostApplicationBuilder AddRuns(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunOptions>().Bind(builder.Configuration.GetSection(RunOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunTelemetry>();
        builder.Services.AddSingleton<JournalTelemetry>();
        builder.Services.AddSingleton<JournalWriter>();
        builder.Services.AddSingleton<RunSubscriptions>();
        builder.Services.AddSingleton<ICommittedFrameSink>(services => services.GetRequiredService<RunSubscriptions>());
        builder.Services.AddSingleton<RunFrameHub>();
        builder.Services.AddSingleton<RunEventFeed>();
        builder.Services.AddSingleton<RunCoordinator>();
        builder.Services.AddSingleton<NewRunStates>();
        builder.Services.AddHostedService<RunAdoption>();
        builder.Services.AddSingleton<RunCancellation>();
        builder.Services.AddScoped<RunIntake>();
        builder.Services.AddScoped<RunExecutor>();
        builder.Services.AddScoped<RunCompletion>();
        builder.Services.AddScoped<PlanScheduler>();
        builder.Services.AddScoped<NodeOutcomes>();
        builder.Services.AddScoped<NodeExecution>();
        builder.Services.AddScoped<RunPlanning>();
        builder.Services.AddScoped<RunReplans>();
        builder.Services.AddScoped<PolicyActions>();
        builder.Services.AddScoped<INodeRunner, CapabilityNodeRunner>();
        builder.Services.AddHttpClient<PlannerClient>(http => http.BaseAddress = new($"http://{ResourceNames.Planner}"));
        return builder;
    }
}
