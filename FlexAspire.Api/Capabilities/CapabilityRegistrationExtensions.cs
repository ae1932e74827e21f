namespace FlexAspire.Api.Capabilities;

public static class CapabilityRegistrationExtensions
{
    /// Self-registration of the hosted capabilities and the registry client the forwarding endpoint uses.
    /// Catalogs are resolved as IEnumerable: with none registered, nothing is registered.
    public static IHostApplicationBuilder AddCapabilityRegistration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegistryClientOptions>().Bind(builder.Configuration.GetSection(RegistryClientOptions.Section));
        builder.Services.AddHttpClient<RegistryClient>(http => http.BaseAddress = RegistryClient.BaseAddress);
        builder.Services.AddHostedService<CapabilitySelfRegistration>();
        return builder;
    }
}
