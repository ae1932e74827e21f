namespace FlexAspire.Api.Hosting;

/// The one shape of a limit breach: problem details whose detail names the setting and whose `limit` extension is
/// the setting's name, so clients can tell which bound they hit.
public static class FlexLimitProblems
{
    public static IResult Breach(int status, string limit, long value, string detail) =>
        TypedResults.Problem(statusCode: status, title: "Limit exceeded",
            detail: $"{detail} (limit {FlexLimits.Section}:{limit} = {value})",
            extensions: new Dictionary<string, object?> { ["limit"] = limit, ["limitValue"] = value });
}
