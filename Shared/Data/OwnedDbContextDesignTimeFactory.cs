using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlexAspire.Data;

/// Lets `dotnet ef migrations add` build an owning service's model without a running database, configured as at run
/// time (UseOwnedDatabase). Each service declares one sealed subclass naming its context and history table: EF looks
/// for a concrete IDesignTimeDbContextFactory in the service's assembly.
internal abstract class OwnedDbContextDesignTimeFactory<TContext>(string migrationsHistoryTable) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TContext>()
            .UseOwnedDatabase(migrationsHistoryTable, $"Host=localhost;Database={FlexAspire.Contracts.ResourceNames.Database}").Options;
        return (TContext)Activator.CreateInstance(typeof(TContext), options)!;
    }
}
