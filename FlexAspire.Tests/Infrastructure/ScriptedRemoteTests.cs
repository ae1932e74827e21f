namespace FlexAspire.Tests.Infrastructure;

/// Base of a test class whose every test scripts its own remote capability (ScriptedRemoteCapability): xunit makes one
/// instance per test, so each test gets a fresh one, registered before it and removed after it.
public abstract class ScriptedRemoteTests(Func<Task<ScriptedRemoteCapability>> register) : IAsyncLifetime
{
    protected ScriptedRemoteCapability Remote { get; private set; } = null!;

    public async Task InitializeAsync() => Remote = await register();

    public async Task DisposeAsync() => await Remote.DisposeAsync();
}
