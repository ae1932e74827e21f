namespace FlexAspire.Api.Runs.Streaming;

public static class EventStreamMetadata
{
    /// Documents a 200 whose body is a text/event-stream of FlexEvent frames (each frame's `data:` is one FlexEvent).
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder) =>
        builder.Produces<FlexEvent>(StatusCodes.Status200OK, "text/event-stream");
}
