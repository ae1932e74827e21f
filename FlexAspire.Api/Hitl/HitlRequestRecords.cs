namespace FlexAspire.Api.Hitl;

/// What a person is asked: the question and, for approvals, the output under review (`subject`).
/// `PolicyId` names the runtime policy that asks (its `hitl` / `pause` action): each policy asks once per node.
public sealed record HitlQuestion(string Question, HitlKind Kind, string Purpose, string? NodeId = null, JsonNode? Subject = null,
    HitlUrgency Urgency = HitlUrgency.Normal, bool AllowFreeForm = true, string? PolicyId = null);

/// Maps HITL requests between the legacy `hitl_requests` rows and the wire records. The question lives in the
/// legacy `payload` column (as legacy requests keep theirs), so legacy tooling reads flex requests too.
public static class HitlRequestRecords
{
    public const string OriginAgent = "flex";

    public static HitlRequestEntity NewEntity(Guid runId, HitlQuestion q, string status, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RunId = runId.ToString(),
        OriginAgent = OriginAgent,
        Payload = new JsonObject
        {
            ["question"] = q.Question,
            ["kind"] = Spell(q.Kind, FlexJsonContext.Default.HitlKind),
            ["urgency"] = Spell(q.Urgency, FlexJsonContext.Default.HitlUrgency),
            ["allowFreeForm"] = q.AllowFreeForm,
            ["nodeId"] = q.NodeId,
            ["subject"] = q.Subject?.DeepClone(),
            ["policyId"] = q.PolicyId,
        }.ToJsonString(),
        Status = status,
        CreatedAt = now,
        UpdatedAt = now,
        FlexNodeId = q.NodeId,
        FlexPurpose = q.Purpose,
    };

    public static HitlRequest ToWire(HitlRequestEntity row)
    {
        var payload = JsonNode.Parse(row.Payload) as JsonObject ?? [];
        return new HitlRequest
        {
            RequestId = row.Id.ToString(),
            RunId = row.RunId,
            NodeId = row.FlexNodeId,
            // Legacy requests may carry their question under another name; show something readable.
            Question = payload["question"]?.GetValueKind() == JsonValueKind.String ? payload["question"]!.GetValue<string>() : payload.ToJsonString(),
            Kind = KindOf(row),
            AllowFreeForm = payload["allowFreeForm"]?.GetValueKind() != JsonValueKind.False,
            Urgency = payload["urgency"]?.GetValue<string>() switch { "low" => HitlUrgency.Low, "high" => HitlUrgency.High, _ => HitlUrgency.Normal },
            Status = row.Status switch { HitlStatuses.Pending => HitlRequestStatus.Pending, HitlStatuses.Cancelled => HitlRequestStatus.Cancelled, _ => HitlRequestStatus.Resolved },
            CreatedAt = row.CreatedAt,
        };
    }

    /// The runtime policy that asked, or null (another purpose, or a request recorded before policies were named).
    public static string? PolicyOf(HitlRequestEntity row) =>
        (JsonNode.Parse(row.Payload) as JsonObject)?["policyId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    public static HitlKind KindOf(HitlRequestEntity row) =>
        (JsonNode.Parse(row.Payload) as JsonObject)?["kind"]?.GetValue<string>() == "clarify" ? HitlKind.Clarify : HitlKind.Approval;

    public static PendingWork Pending(HitlRequestEntity row) => new()
    {
        Kind = PendingKind.Hitl,
        RequestId = row.Id.ToString(),
        NodeId = row.FlexNodeId,
        Question = ToWire(row).Question,
    };

    /// The `hitl_request` frame: the HitlRequest, plus the subject under review for approvals and the request as the
    /// existing system's listeners read it (`request`).
    public static PendingFrame RequestFrame(HitlRequestEntity row)
    {
        var payload = JsonSerializer.SerializeToNode(ToWire(row), FlexJsonContext.Default.HitlRequest)!.AsObject();
        if ((JsonNode.Parse(row.Payload) as JsonObject)?["subject"] is { } subject)
            payload["subject"] = subject.DeepClone();
        payload["purpose"] = row.FlexPurpose;
        payload["request"] = TheirHitlRequest.Of(row);
        return new PendingFrame(FlexEventTypes.HitlRequest, row.FlexNodeId, ToWire(row).Question, payload);
    }

    private static string Spell<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.SerializeToElement(value, info).GetString()!;
}
