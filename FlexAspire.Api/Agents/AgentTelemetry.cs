namespace FlexAspire.Api.Agents;

/// The agent runtime's spans. Model calls get their GenAI `chat {model}` spans from UseOpenTelemetry on the same source.
public static class AgentTelemetry
{
    public const string Name = "FlexAspire.Agents";

    public static readonly ActivitySource Source = new(Name);
}
