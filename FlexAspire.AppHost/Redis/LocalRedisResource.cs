namespace FlexAspire.AppHost.Redis;

/// Debian's `redis-server` run as an executable resource, for machines without a container engine. Local development
/// only: it listens on loopback, keeps nothing on disk (Orleans' membership and reminders are rebuilt by the silos).
public sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, EndpointName);

    /// StackExchange.Redis' form: `host:port`.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
