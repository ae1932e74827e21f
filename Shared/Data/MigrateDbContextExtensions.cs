using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations.Internal;

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
        builder.AddNpgsqlDbContext<TContext>(FlexAspire.Contracts.ResourceNames.Database,
            settings => settings.ConnectionString = WithAutoPrepare(settings.ConnectionString),
            options => options.UseOwnedDatabase(migrationsHistoryTable));
        builder.Services.AddHostedService<MigrationHostedService<TContext>>();
        return builder;
    }

    /// Npgsql prepares the statements a service sends again and again (EF Core's inserts, updates and lookups are the
    /// same few texts), so PostgreSQL parses and plans each once per connection instead of at every execution. A
    /// connection string that sets `Max Auto Prepare` itself keeps its value.
    private static string? WithAutoPrepare(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }
        // Only the keys the string sets (NpgsqlConnectionStringBuilder knows every key, set or not).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
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
        return options.UseSnakeCaseNamingConvention()
            .ReplaceService<IHistoryRepository, HistoryWithFirstColumnNames>();
    }

    // The naming convention would also rename the migrations history table's columns (MigrationId → migration_id;
    // EFCore.NamingConventions issue #1), and a database migrated before it could then not be read or upgraded. The
    // history keeps the columns it was created with (Bricelam's custom-history-table recipe).
#pragma warning disable EF1001 // NpgsqlHistoryRepository is the provider's own repository, extended as documented
    private sealed class HistoryWithFirstColumnNames(HistoryRepositoryDependencies dependencies) : NpgsqlHistoryRepository(dependencies)
    {
        protected override void ConfigureTable(EntityTypeBuilder<HistoryRow> history)
        {
            base.ConfigureTable(history);
            history.Property(h => h.MigrationId).HasColumnName(nameof(HistoryRow.MigrationId));
            history.Property(h => h.ProductVersion).HasColumnName(nameof(HistoryRow.ProductVersion));
        }
    }
#pragma warning restore EF1001

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
                    activity?.AddEvent(new ActivityEvent("retry", tags: new() { ["flex.migrations.attempt"] = attempt, ["error.type"] = ex.GetType().FullName, ["exception.message"] = ex.Message }));
                    logger.LogWarning(ex, "Migrating {Context} failed (attempt {Attempt}); retrying", typeof(TContext).Name, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
                }
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
