using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlexAspire.Registry.Data;

/// The registry generation: one row, bumped in the same statement as every change to the set of active capabilities
/// or to a registration's content (never by a heartbeat). Planners cache their snapshot per generation.
public sealed class RegistryGenerationEntity
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public long Generation { get; set; }
}

internal sealed class RegistryGenerationEntityConfiguration : IEntityTypeConfiguration<RegistryGenerationEntity>
{
    public void Configure(EntityTypeBuilder<RegistryGenerationEntity> b)
    {
        b.ToTable("flex_registry_generation");
        b.HasKey(g => g.Id).HasName("PK_flex_registry_generation");
        b.Property(g => g.Id).ValueGeneratedNever();
        b.HasData(new RegistryGenerationEntity { Id = RegistryGenerationEntity.SingletonId, Generation = 1 });
    }
}
