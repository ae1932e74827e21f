namespace FlexAspire.Api.Hitl;

/// `hitl_request` and `hitl_resolved` also carry `request`: the request as the existing awesomeposter system's
/// listeners read it (its `HitlRequestRecord`: `{id, runId, originAgent, payload{question, kind, options,
/// allowFreeForm, urgency}, status, pendingNodeId, createdAt, updatedAt}`; docs/compatibility.md). Additive: flex's
/// own fields stay as they are.
public static class TheirHitlRequest
{
    public static JsonObject Of(HitlRequestEntity row)
    {
        var wire = HitlRequestRecords.ToWire(row);
        var request = new JsonObject
        {
            ["id"] = wire.RequestId,
            ["runId"] = wire.RunId,
            ["originAgent"] = OriginAgent(row),
            ["payload"] = new JsonObject
            {
                ["question"] = wire.Question,
                // Their kinds are question | approval | choice: a clarification is a question.
                ["kind"] = wire.Kind == HitlKind.Clarify ? "question" : "approval",
                ["options"] = new JsonArray(),
                ["allowFreeForm"] = wire.AllowFreeForm,
                ["urgency"] = wire.Urgency switch { HitlUrgency.Low => "low", HitlUrgency.High => "high", _ => "normal" },
            },
            // Theirs has no "cancelled": a request closed without an answer is "denied".
            ["status"] = wire.Status switch { HitlRequestStatus.Pending => "pending", HitlRequestStatus.Cancelled => "denied", _ => "resolved" },
            ["createdAt"] = row.CreatedAt,
            ["updatedAt"] = row.UpdatedAt,
        };
        if (row.FlexNodeId is { } nodeId)
            request["pendingNodeId"] = nodeId;
        if (row.DenialReason is { } reason)
            request["denialReason"] = reason;
        return request;
    }

    // Their origin agents are the legacy pipeline's three roles; a flex node is named after its capability.
    private static string OriginAgent(HitlRequestEntity row) => row.FlexNodeId switch
    {
        null => row.FlexPurpose == HitlPurposes.FinalApproval ? "qa" : "strategy",
        var id when Has(id, "strateg") => "strategy",
        var id when Has(id, "copywriter") || Has(id, "designer") || Has(id, "generation") || Has(id, "drafting") => "generation",
        var id when Has(id, "director") || Has(id, "review") || Has(id, ".qa") => "qa",
        _ => "generation",
    };

    private static bool Has(string id, string part) => id.Contains(part, StringComparison.OrdinalIgnoreCase);
}
