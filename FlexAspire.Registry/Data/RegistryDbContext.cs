using Microsoft.EntityFrameworkCore;

namespace FlexAspire.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    // Each owning service keeps its own history table in the shared flexdb.
    public const string MigrationsHistoryTable = "__flex_registry_migrations";

    public DbSet<CapabilityEntity> Capabilities => Set<CapabilityEntity>();
    public DbSet<RegistryGenerationEntity> Generation => Set<RegistryGenerationEntity>();

    /// Tables, columns and indexes are snake_case by convention (EFCore.NamingConventions), not column by column;
    /// primary keys keep the names the first migrations gave them (`PK_<table>`).
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
        => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
}
