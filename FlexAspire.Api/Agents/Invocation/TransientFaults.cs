using System.ClientModel;
using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FlexAspire.Api.Agents.Invocation;

/// Turns what reaches the invoker after the resilience handler gave up into a failure a person can read.
internal static class TransientFaults
{
    public static CapabilityFailure Describe(Exception exception, string what)
    {
        foreach (var ex in Chain(exception))
        {
            switch (ex)
            {
                case TimeoutRejectedException or TaskCanceledException or TimeoutException:
                    return new(CapabilityFailureCodes.Timeout, $"{what} did not answer in time (after retries): {ex.Message}", Retryable: true);
                case BrokenCircuitException:
                    return new(CapabilityFailureCodes.Unavailable, $"{what} is failing repeatedly; calls are paused: {ex.Message}", Retryable: true);
                case ClientResultException { Status: var status }:
                    return ByStatus(status, what, ex.Message);
                case HttpRequestException { StatusCode: { } code }:
                    return ByStatus((int)code, what, ex.Message);
                case HttpRequestException:
                    return new(CapabilityFailureCodes.Unreachable, $"{what} could not be reached: {ex.Message}", Retryable: true);
            }
        }
        return new(CapabilityFailureCodes.Unavailable, $"{what} failed: {exception.Message}", Retryable: false);
    }

    private static CapabilityFailure ByStatus(int status, string what, string message) => status switch
    {
        (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.RequestTimeout or >= 500 =>
            new(CapabilityFailureCodes.Unavailable, $"{what} answered HTTP {status} (after retries): {message}", Retryable: true),
        0 => new(CapabilityFailureCodes.Unreachable, $"{what} could not be reached: {message}", Retryable: true),
        _ => new(CapabilityFailureCodes.Rejected, $"{what} rejected the request with HTTP {status}: {message}", Retryable: false),
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? ex = exception; ex is not null; ex = ex.InnerException)
            yield return ex;
    }
}
