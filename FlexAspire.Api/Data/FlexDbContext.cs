using FlexAspire.Data;

namespace FlexAspire.Api.Data;

public sealed class FlexDbContext(DbContextOptions<FlexDbContext> options) : DbContext(options)
{
    // Each owning service keeps its own history table in the shared flexdb.
    public const string MigrationsHistoryTable = "__flex_api_migrations";

    public DbSet<RunEntity> Runs => Set<RunEntity>();
    public DbSet<PlanNodeEntity> PlanNodes => Set<PlanNodeEntity>();
    public DbSet<PlanSnapshotEntity> PlanSnapshots => Set<PlanSnapshotEntity>();
    public DbSet<RunEventEntity> RunEvents => Set<RunEventEntity>();
    public DbSet<RunOutputEntity> RunOutputs => Set<RunOutputEntity>();
    public DbSet<HumanTaskEntity> HumanTasks => Set<HumanTaskEntity>();
    public DbSet<HitlRequestEntity> HitlRequests => Set<HitlRequestEntity>();
    public DbSet<HitlResponseEntity> HitlResponses => Set<HitlResponseEntity>();
    public DbSet<OrchestratorRunEntity> OrchestratorRuns => Set<OrchestratorRunEntity>();

    /// Statuses are the wire enums in code and their wire spelling in the text columns.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<RunStatus>().HaveConversion<WireEnumConverter<RunStatus>>();
        configurationBuilder.Properties<NodeStatus>().HaveConversion<WireEnumConverter<NodeStatus>>();
        configurationBuilder.Properties<HumanTaskStatus>().HaveConversion<WireEnumConverter<HumanTaskStatus>>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlexDbContext).Assembly);
        // The flex tables' JSON documents (frames, plans, outputs: most of every run's bytes) are compressed with LZ4
        // when PostgreSQL compresses them (values over ~2 kB), which costs it far less CPU than its default pglz. The
        // legacy server's tables keep their settings.
        foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.GetTableName()?.StartsWith("flex_", StringComparison.Ordinal) == true))
        {
            foreach (var property in entity.GetProperties().Where(p => p.GetColumnType() == "jsonb"))
            {
                property.SetCompressionMethod(JsonCompressionMethod);
            }
        }
    }

    public const string JsonCompressionMethod = "lz4";
}

internal sealed class FlexDbContextDesignTimeFactory() : OwnedDbContextDesignTimeFactory<FlexDbContext>(FlexDbContext.MigrationsHistoryTable);
