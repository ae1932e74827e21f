using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FlexAspire.AppHost.Redis;

/// Healthy once the server answers `PING` with `+PONG`, so `WaitFor(redis)` means Redis accepts commands.
internal sealed class LocalRedisHealthCheck(LocalRedisResource resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var address = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "";
            var separator = address.LastIndexOf(':');
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(address[..separator], int.Parse(address[(separator + 1)..]), timeout.Token);
            await using var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Redis did not answer PING.");
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or FormatException)
        {
            return HealthCheckResult.Unhealthy("Redis is not accepting connections yet.", ex);
        }
    }
}
