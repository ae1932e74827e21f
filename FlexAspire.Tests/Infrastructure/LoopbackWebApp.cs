using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace FlexAspire.Tests.Infrastructure;

/// A real Kestrel host on 127.0.0.1 at a free port, for tests that run pipeline pieces or fake peers in-process.
public static class LoopbackWebApp
{
    public static WebApplicationBuilder CreateBuilder(string? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// Where the started app listens, e.g. `http://127.0.0.1:41234`.
    public static Uri Address(this WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
}
