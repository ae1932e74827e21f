using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FlexAspire.AppHost.Postgres;

internal sealed class LocalPostgresHealthCheck(LocalPostgresServerResource resource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
            // No pooling: an idle pooled connection would hold postgres' shutdown for seconds.
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not accepting connections yet.", ex);
        }
    }
}
