using Microsoft.EntityFrameworkCore;

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

    /// Tables, columns and indexes are snake_case by convention (EFCore.NamingConventions), not column by column;
    /// primary keys keep the names the first migrations gave them (`PK_<table>`).
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(FlexDbContext).Assembly);
}
