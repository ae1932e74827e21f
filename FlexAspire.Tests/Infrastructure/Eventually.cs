namespace FlexAspire.Tests.Infrastructure;

/// Waits on a condition with a deadline instead of sleeping a fixed time.
public static class Eventually
{
    public static async Task ShouldBecomeTrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new ShouldAssertException($"The condition did not become true within {timeout}. {because}");
            }
            await Task.Delay(200);
        }
    }
}
