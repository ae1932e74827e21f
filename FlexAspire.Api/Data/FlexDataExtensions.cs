using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlexAspire.Api.Data;

public static class FlexDataExtensions
{
    public static IHostApplicationBuilder AddFlexData(this IHostApplicationBuilder builder)
    {
        return builder.AddOwnedDbContext<FlexDbContext>(FlexDbContext.MigrationsHistoryTable);
    }
}

// Lets `dotnet ef migrations add` build the model without a running database.
internal sealed class FlexDbContextDesignTimeFactory : IDesignTimeDbContextFactory<FlexDbContext>
{
    public FlexDbContext CreateDbContext(string[] args) => new((DbContextOptions<FlexDbContext>)new DbContextOptionsBuilder<FlexDbContext>()
        .UseOwnedDatabase(FlexDbContext.MigrationsHistoryTable, "Host=localhost;Database=flexdb").Options);
}
