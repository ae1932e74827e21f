using Microsoft.Extensions.Configuration;
using FlexAspire.AppHost.Hosting;
using FlexAspire.Contracts;

namespace FlexAspire.AppHost.Postgres;

/// Chooses where `flexdb` lives. Configuration `Postgres:Mode`:
/// `auto` (default: a container when a container engine answers, else the local binaries), `container`, `local`,
/// or an existing server through `ConnectionStrings:flexdb` (which wins over the mode).
public static class FlexDatabaseExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddFlexDatabase(this IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(config.GetConnectionString(ResourceNames.Database)))
        {
            return builder.AddConnectionString(ResourceNames.Database);
        }

        var useContainer = ContainerEngine.UseContainer(config["Postgres:Mode"], "Postgres:Mode");

        if (useContainer)
        {
            return builder.AddPostgres(ResourceNames.Postgres)
                .WithDataVolume()
                .AddDatabase(ResourceNames.Database);
        }

        var dataDirectory = config["Postgres:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data", "postgres"));
        return builder.AddLocalPostgres(ResourceNames.Postgres, dataDirectory, config["Postgres:BinDirectory"])
            .AddDatabase(ResourceNames.Database);
    }
}
