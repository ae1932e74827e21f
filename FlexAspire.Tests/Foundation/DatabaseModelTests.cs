using FlexAspire.Api.Data;
using FlexAspire.Data;
using FlexAspire.Registry.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FlexAspire.Tests.Foundation;

/// The EF models (snake_case by convention, statuses through value converters) map to exactly the schema the committed
/// migrations create: a model change that needs a migration and has none fails here, not in a deployed database.
public sealed class DatabaseModelTests
{
    [Fact]
    public void The_api_model_has_no_change_without_a_migration()
    {
        using var db = new FlexDbContext(Options<FlexDbContext>(FlexDbContext.MigrationsHistoryTable));
        Assert.False(db.Database.HasPendingModelChanges(), "FlexDbContext's model differs from its migrations' snapshot");
    }

    [Fact]
    public void The_registry_model_has_no_change_without_a_migration()
    {
        using var db = new RegistryDbContext(Options<RegistryDbContext>(RegistryDbContext.MigrationsHistoryTable));
        Assert.False(db.Database.HasPendingModelChanges(), "RegistryDbContext's model differs from its migrations' snapshot");
    }

    [Fact]
    public void Columns_are_snake_case_and_keys_keep_their_first_names()
    {
        using var db = new FlexDbContext(Options<FlexDbContext>(FlexDbContext.MigrationsHistoryTable));
        var runs = db.Model.FindEntityType(typeof(RunEntity))!;
        Assert.Equal("trace_parent_span_id", runs.FindProperty(nameof(RunEntity.TraceParentSpanId))!.GetColumnName());
        Assert.Equal("PK_flex_runs", runs.FindPrimaryKey()!.GetName());
    }

    [Fact]
    public void The_migrations_history_keeps_the_column_names_existing_databases_have()
    {
        using var db = new FlexDbContext(Options<FlexDbContext>(FlexDbContext.MigrationsHistoryTable));
        var script = db.GetService<IHistoryRepository>().GetCreateScript();
        script.ShouldContain("\"MigrationId\"");
        script.ShouldContain("\"ProductVersion\"");
        script.ShouldNotContain("migration_id");
    }

    // No connection is opened: the model and the migrations assembly are all these checks read.
    private static DbContextOptions<T> Options<T>(string historyTable) where T : DbContext =>
        (DbContextOptions<T>)new DbContextOptionsBuilder<T>().UseOwnedDatabase(historyTable, "Host=localhost;Database=flexdb").Options;
}
