using FlexAspire.AppHost.Hosting;
using FlexAspire.Contracts;

namespace FlexAspire.AppHost.Postgres;

/// Chooses where `flexdb` lives. Configuration `Postgres:Mode`:
/// `auto` (default: a container when a container engine answers, else the local binaries), `container`, `local`,
/// or an existing server through `ConnectionStrings:flexdb` (which wins over the mode).
public static class FlexDatabaseExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddFlexDatabase(this IDistributedApplicationBuilder builder) =>
        builder.AddBackingServer(ResourceNames.Database, "Postgres",
            container: () => builder.AddPostgres(ResourceNames.Postgres)
                .WithDataVolume()
                .AddDatabase(ResourceNames.Database),
            local: () => builder.AddLocalPostgres(ResourceNames.Postgres, LocalDataDirectory(builder), builder.Configuration["Postgres:BinDirectory"])
                .AddDatabase(ResourceNames.Database));

    private static string LocalDataDirectory(IDistributedApplicationBuilder builder) =>
        builder.Configuration["Postgres:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "postgres"));
}
