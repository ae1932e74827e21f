using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Data;

// Linked into every service that owns a DbContext (the eShop pattern): the owning service applies its migrations at
// start-up, before it reports healthy, traced, and retried while the database warms up.
internal static class MigrateDbContextExtensions
{
    public const string ActivitySourceName = "FlexAspire.Migrations";
    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    /// The owning service's DbContext on `flexdb` (Aspire's Npgsql EF integration: pooling, retries, health check,
    /// traces), with its own migrations history table, migrated at start-up.
    public static IHostApplicationBuilder AddOwnedDbContext<TContext>(this IHostApplicationBuilder builder, string migrationsHistoryTable)
        where TContext : DbContext
    {
        builder.AddNpgsqlDbContext<TContext>(FlexAspire.Contracts.ResourceNames.Database, configureDbContextOptions: options =>
            options.UseOwnedDatabase(migrationsHistoryTable));
        builder.Services.AddHostedService<MigrationHostedService<TContext>>();
        return builder;
    }

    /// How every owning service's DbContext is configured, at run time, at design time (`dotnet ef`) and in tests:
    /// Npgsql with the service's own migrations history table, and tables, columns and indexes in snake_case by
    /// convention (EFCore.NamingConventions) instead of column by column. Primary and foreign keys keep the names the
    /// first migrations gave them (`PK_<table>`, set in the entity configurations). Without a connection string the
    /// connection is Aspire's (AddNpgsqlDbContext sets it).
    public static DbContextOptionsBuilder UseOwnedDatabase(this DbContextOptionsBuilder options, string migrationsHistoryTable, string? connectionString = null)
    {
        if (connectionString is null)
            options.UseNpgsql(npgsql => npgsql.MigrationsHistoryTable(migrationsHistoryTable));
        else
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(migrationsHistoryTable));
        return options.UseSnakeCaseNamingConvention();
    }

    private sealed class MigrationHostedService<TContext>(IServiceProvider services, ILogger<MigrationHostedService<TContext>> logger)
        : IHostedService where TContext : DbContext
    {
        private const int MaxAttempts = 10;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            using var activity = ActivitySource.StartActivity($"migrate {typeof(TContext).Name}");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<TContext>();
                    var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                    await db.Database.MigrateAsync(cancellationToken);
                    activity?.SetTag("flex.migrations.applied", pending.Count);
                    logger.LogInformation("Applied {Count} migration(s) to {Context}", pending.Count, typeof(TContext).Name);
                    return;
                }
                catch (Exception ex) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
                {
                    activity?.AddEvent(new ActivityEvent("retry", tags: new() { ["attempt"] = attempt, ["error"] = ex.Message }));
                    logger.LogWarning(ex, "Migrating {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
