using OpenTelemetry;
using OpenTelemetry.Logs;

namespace FlexAspire.Api.Hosting;

/// Last line of defence for traces: the API never puts envelope inputs on spans, but instrumentation it does not
/// own might (e.g. GenAI message capture when OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT is on). Runs before
/// the OTLP exporter: UseOtlpExporter's processors sort last in the SDK's pipeline.
public sealed class SpanSecretRedactionProcessor(SecretRedactor redactor) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity activity)
    {
        foreach (var (key, value) in activity.TagObjects.ToList())
        {
            if (Redacted(key, value) is { } masked)
                activity.SetTag(key, masked);
        }
        foreach (var activityEvent in activity.Events)
        {
            // Event tags are stored as the collection they were created with, which stays writable.
            if (activityEvent.Tags is not ActivityTagsCollection tags)
                continue;
            foreach (var (key, value) in tags.ToList())
            {
                if (Redacted(key, value) is { } masked)
                    tags[key] = masked;
            }
        }
    }

    private string? Redacted(string key, object? value) => value switch
    {
        _ when SecretRedactor.IsSecretKey(key) => SecretRedactor.Mask,
        string text when redactor.RedactText(text) is var clean && !ReferenceEquals(clean, text) && clean != text => clean,
        _ => null,
    };
}

/// The same for log records: message, body and attributes.
public sealed class LogSecretRedactionProcessor(SecretRedactor redactor) : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord record)
    {
        if (record.FormattedMessage is { } message)
        {
            // A secret-named argument is already spelled out in the formatted message.
            foreach (var (key, value) in record.Attributes ?? [])
            {
                if (SecretRedactor.IsSecretKey(key) && value?.ToString() is { Length: > 0 } secret)
                    message = message.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
            }
            record.FormattedMessage = redactor.RedactText(message);
        }
        if (record.Body is { } body)
            record.Body = redactor.RedactText(body);
        if (record.Attributes is { Count: > 0 } attributes)
        {
            record.Attributes = attributes.Select(a => new KeyValuePair<string, object?>(a.Key, a switch
            {
                _ when SecretRedactor.IsSecretKey(a.Key) => SecretRedactor.Mask,
                { Value: string text } => redactor.RedactText(text),
                _ => a.Value,
            })).ToList();
        }
    }
}
