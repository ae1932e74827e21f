using System.Text.Json.Serialization.Metadata;

namespace FlexAspire.Api.Runs;

/// How every part of the engine (executor, policies, HITL) builds the frames it hands to the journal.
public static class RunFrames
{
    /// A wire record as a frame's payload.
    public static JsonObject Payload<T>(T value, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.SerializeToNode(value, typeInfo)!.AsObject();

    /// The `complete` frame that reports how an execution ended (finished, failed, paused, cancelled).
    public static PendingFrame Complete(CompletePayload payload, string? message = null) =>
        new(FlexEventTypes.Complete, Message: message ?? $"Run {payload.Status.ToWire()}",
            Payload: Payload(payload, FlexJsonContext.Default.CompletePayload));
}
