using System.Diagnostics;
using FlexAspire.AppHost.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FlexAspire.AppHost.Postgres;

public static class LocalPostgresExtensions
{
    /// Runs `postgres` from the machine's binaries as an executable resource. The orchestrator picks the port (PGPORT);
    /// the cluster is created with initdb on first start; when run as root, postgres runs as the `postgres` OS user.
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, string? binDirectory)
    {
        var bin = binDirectory ?? PostgresBinaries.Find()
            ?? throw new InvalidOperationException(
                "No PostgreSQL binaries found (looked in /usr/lib/postgresql/*/bin and PATH). Install PostgreSQL or set Postgres:BinDirectory.");
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var postgres = Path.Combine(bin, "postgres");
        string[] serverArgs = ["-D", dataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=200", "-c", "fsync=off"];
        var (command, args) = asPostgresUser
            ? ("setpriv", (string[])["--reuid=postgres", "--regid=postgres", "--init-groups", "--", postgres, .. serverArgs])
            : (postgres, serverArgs);

        var resource = new LocalPostgresServerResource(name, command, builder.AppHostDirectory, dataDirectory);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(resource, async (e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await PostgresBinaries.InitDbIfMissingAsync(bin, dataDirectory, asPostgresUser, logger, ct);
        });
        builder.Eventing.Subscribe<ResourceReadyEvent>(resource, async (e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct);
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync(ct);
            foreach (var database in resource.Databases)
            {
                await CreateDatabaseIfMissingAsync(connection, database.DatabaseName, ct);
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        return builder.AddResource(resource)
            .WithArgs(args)
            .WithLoopbackEndpoint(LocalPostgresServerResource.EndpointName)
            .WithEnvironment(ctx => ctx.EnvironmentVariables["PGPORT"] = resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort))
            .WithServerHealthCheck(server => new LocalPostgresHealthCheck(server));
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name)
    {
        var database = new LocalPostgresDatabaseResource(name, name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new("database", name)],
            });
    }

    private static async Task CreateDatabaseIfMissingAsync(NpgsqlConnection connection, string databaseName, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = databaseName } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }
        var quoted = "\"" + databaseName.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        await create.ExecuteNonQueryAsync(ct);
    }
}
