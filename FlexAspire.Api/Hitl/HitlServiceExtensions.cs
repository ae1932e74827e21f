namespace FlexAspire.Api.Hitl;

public static class HitlServiceExtensions
{
    public static IHostApplicationBuilder AddHitl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HitlOptions>().Bind(builder.Configuration.GetSection(HitlOptions.Section));
        builder.Services.AddSingleton<HitlRaiser>();
        builder.Services.AddSingleton<IHumanInTheLoop, HumanInTheLoop>();
        builder.Services.AddScoped<PausedRuns>();
        builder.Services.AddScoped<HitlAnswering>();
        builder.Services.AddScoped<TaskDecliner>();
        builder.Services.AddScoped<RunResumption>();
        builder.Services.AddScoped<HumanTaskTimeouts>();
        builder.Services.AddScoped<PausedRunDeadlines>();
        builder.Services.AddHostedService<PausedRunSweeper>();
        return builder;
    }
}
