namespace FlexAspire.Api.Hosting;

/// Reads a flex request's whole body within the one body bound, `Flex:Limits:MaxRequestBodyBytes`. BoundRequestBody
/// (FlexSecurityExtensions) already refuses a larger `Content-Length` and caps the server's read of chunked bodies at the
/// same bound; a handler that meets the cap answers `TooLarge`, the same 413 problem.
internal static class RequestBody
{
    /// The body, or null when it is larger than the bound (answer `TooLarge`).
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var limit = Limit(request.HttpContext);
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge(HttpContext context) => Breach(context, context.Request.ContentLength);

    internal static IResult Breach(HttpContext context, long? length)
    {
        var limit = Limit(context);
        var was = length is { } value ? $", was {value}" : "";
        return FlexLimitProblems.Breach(StatusCodes.Status413PayloadTooLarge, nameof(FlexLimits.MaxRequestBodyBytes), limit,
            $"The request body must be at most {limit} bytes{was}.");
    }

    internal static long Limit(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<FlexOptions>>().Value.Limits.MaxRequestBodyBytes;
}
