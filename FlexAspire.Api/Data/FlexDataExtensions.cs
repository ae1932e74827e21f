using FlexAspire.Contracts;
using FlexAspire.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FlexAspire.Api.Data;

public static class FlexDataExtensions
{
    public static IHostApplicationBuilder AddFlexData(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<FlexDbContext>(ResourceNames.Database, configureDbContextOptions: options =>
            options.UseNpgsql(npgsql => npgsql.MigrationsHistoryTable(FlexDbContext.MigrationsHistoryTable)));
        builder.Services.AddMigration<FlexDbContext>();
        return builder;
    }
}

// Lets `dotnet ef migrations add` build the model without a running database.
internal sealed class FlexDbContextDesignTimeFactory : IDesignTimeDbContextFactory<FlexDbContext>
{
    public FlexDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<FlexDbContext>()
        .UseNpgsql("Host=localhost;Database=flexdb", o => o.MigrationsHistoryTable(FlexDbContext.MigrationsHistoryTable))
        .Options);
}
