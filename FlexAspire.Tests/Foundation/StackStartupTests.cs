using Aspire.Hosting.ApplicationModel;

namespace FlexAspire.Tests.Foundation;

[Collection(StackCollection.Name)]
public sealed class StackStartupTests(FlexStackFixture stack)
{
    [Theory]
    [InlineData(ResourceNames.Registry)]
    [InlineData(ResourceNames.Planner)]
    [InlineData(ResourceNames.Api)]
    public async Task Every_service_answers_its_health_endpoints(string service)
    {
        using var client = stack.CreateClient(service);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/alive")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_database_runs_as_a_local_postgres_resource_and_is_running()
    {
        var model = stack.App.Services.GetService(typeof(DistributedApplicationModel)) as DistributedApplicationModel;
        model.ShouldNotBeNull();
        var database = model.Resources.Single(r => r.Name == ResourceNames.Database);
        database.ShouldBeOfType<FlexAspire.AppHost.Postgres.LocalPostgresDatabaseResource>();
        stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Database, out var evt).ShouldBeTrue();
        evt!.Snapshot.State?.Text.ShouldBe(KnownResourceStates.Running);
        stack.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Postgres, out var server).ShouldBeTrue();
        server!.Snapshot.HealthStatus.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
    }

    [Theory]
    [InlineData("__flex_registry_migrations", "flex_capabilities")]
    [InlineData("__flex_api_migrations", "flex_runs")]
    public async Task Each_owning_service_has_applied_its_migrations(string historyTable, string ownedTable)
    {
        await using var connection = new NpgsqlConnection(await stack.GetDatabaseConnectionStringAsync());
        await connection.OpenAsync();
        await using var history = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {historyTable}", connection);
        var migrations = new List<string>();
        await using (var reader = await history.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                migrations.Add(reader.GetString(0));
            }
        }
        migrations.ShouldContain(m => m.EndsWith("_InitialCreate"));

        await using var table = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection)
        {
            Parameters = { new() { Value = ownedTable } },
        };
        ((bool)(await table.ExecuteScalarAsync())!).ShouldBeTrue();
    }
}
