using FlexAspire.Data;

namespace FlexAspire.Registry.Data;

public sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    // Each owning service keeps its own history table in the shared flexdb.
    public const string MigrationsHistoryTable = "__flex_registry_migrations";

    public DbSet<CapabilityEntity> Capabilities => Set<CapabilityEntity>();
    public DbSet<RegistryGenerationEntity> Generation => Set<RegistryGenerationEntity>();

    /// A capability's status is the wire enum in code and its wire spelling in the text column.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.Properties<CapabilityStatus>().HaveConversion<WireEnumConverter<CapabilityStatus>>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegistryDbContext).Assembly);
}

internal sealed class RegistryDbContextDesignTimeFactory() : OwnedDbContextDesignTimeFactory<RegistryDbContext>(RegistryDbContext.MigrationsHistoryTable);
