using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// One answer shape for every error of every service, thrown or returned: problem details with the request's trace id
/// (added by the framework's ProblemDetailsDefaults to every problem written through IProblemDetailsService).
public static class ProblemDetailsExtensions
{
    public static IServiceCollection AddFlexProblemDetails(this IServiceCollection services)
    {
        // Before AddProblemDetails' own writer, which declines when the request's Accept does not name JSON (a
        // run.stream client sends `Accept: text/event-stream`): the error would then lose its trace id.
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemDetailsWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<FlexExceptionHandler>();
        return services;
    }

    /// Outermost: whatever a handler throws becomes problem details (no exception page, even in Development, so a
    /// client sees the same shape everywhere), and bare status codes (405, an unmatched route) get a body too.
    public static WebApplication UseFlexProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

/// Writes every problem as application/problem+json, whatever the request accepts (an error has no other shape),
/// with the trace id of the request.
internal sealed class AnyAcceptProblemDetailsWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            contentType: "application/problem+json", http.RequestAborted));
    }
}

/// Exceptions that are the client's doing keep their 4xx; anything else is a 500 that says nothing about the
/// exception outside Development (the trace id finds it in the logs, where ExceptionHandlerMiddleware logged it).
internal sealed class FlexExceptionHandler(IProblemDetailsService problems, IHostEnvironment environment) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (http.RequestAborted.IsCancellationRequested)
            return true; // the client is gone: nobody reads an answer
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad Request", bad.Message),
            // Callers' schemas bring their own `pattern`s; the API bounds them with a process-wide match timeout
            // (FlexRegexTimeout, docs/security.md).
            RegexMatchTimeoutException => (StatusCodes.Status422UnprocessableEntity, "Pattern evaluation took too long",
                "A regular expression (a schema 'pattern') did not finish within the time limit (Flex:Limits:RegexMatchTimeout)."),
            _ => (StatusCodes.Status500InternalServerError, "Internal Server Error", environment.IsDevelopment()
                ? $"{exception.GetType().Name}: {exception.Message}"
                : "The request failed on an unexpected error; the traceId identifies it in the server's logs."),
        };
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
