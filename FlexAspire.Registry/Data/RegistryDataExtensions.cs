using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlexAspire.Registry.Data;

public static class RegistryDataExtensions
{
    public static IHostApplicationBuilder AddRegistryData(this IHostApplicationBuilder builder)
    {
        return builder.AddOwnedDbContext<RegistryDbContext>(RegistryDbContext.MigrationsHistoryTable);
    }
}

// Lets `dotnet ef migrations add` build the model without a running database.
internal sealed class RegistryDbContextDesignTimeFactory : IDesignTimeDbContextFactory<RegistryDbContext>
{
    public RegistryDbContext CreateDbContext(string[] args) => new((DbContextOptions<RegistryDbContext>)new DbContextOptionsBuilder<RegistryDbContext>()
        .UseOwnedDatabase(RegistryDbContext.MigrationsHistoryTable, "Host=localhost;Database=flexdb").Options);
}
