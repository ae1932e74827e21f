namespace FlexAspire.Contracts;

/// Names of the AppHost's resources, shared by the AppHost, the services (connection strings, service discovery) and tests.
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "flexdb";
    public const string Registry = "registry";
    public const string Planner = "planner";
    public const string Api = "api";
    public const string LegacyAgents = "legacy-agents";
    public const string Spa = "spa";
    public const string Redis = "redis";
    /// The Orleans cluster the API replicas form (through Redis).
    public const string Cluster = "flex-cluster";
}
