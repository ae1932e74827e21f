namespace FlexAspire.Api.Agents.Model;

/// Says at start-up which model provider the agent runtime uses, so nobody has to guess why outputs look canned.
internal sealed class ModelProviderStartupLog(IOptions<AgentModelOptions> options, ILogger<ModelProviderStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Agent runtime model provider: {ModelProvider}", ChatClientFactory.Describe(options.Value));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
