using FlexAspire.Api.Agents.Model;
using FlexAspire.Api.Agents.Remote;
using FlexAspire.Api.Envelopes;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace FlexAspire.Api.Agents.Invocation;

public sealed class CapabilityInvoker(
    IChatClient chatClient,
    RemoteCapabilityClient remoteClient,
    IOptions<AgentModelOptions> modelOptions,
    IOptions<AgentRuntimeOptions> runtimeOptions,
    ILogger<CapabilityInvoker> logger) : ICapabilityInvoker
{
    public async Task<CapabilityInvocationResult> InvokeAsync(CapabilityCall call, CancellationToken cancellationToken)
    {
        var (registration, request) = (call.Registration, call.Request);
        var started = Stopwatch.GetTimestamp();
        using var activity = AgentTelemetry.Source.StartActivity($"invoke_agent {registration.CapabilityId}");
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", registration.CapabilityId);
        activity?.SetTag(TelemetryAttributes.RunId, request.RunId);
        activity?.SetTag(TelemetryAttributes.NodeId, request.NodeId);

        if (registration.AgentType == AgentType.Human)
            return Finish(activity, CapabilityInvocationStatus.HumanTaskRequired, null, null, null, [], started, 0);

        JsonSchema schema;
        try
        {
            schema = SchemaCompiler.Compile(request.OutputSchema);
        }
        catch (Exception ex) when (ex is JsonSchemaException or ArgumentException or System.Text.Json.JsonException)
        {
            return Finish(activity, CapabilityInvocationStatus.Failed, null, null,
                new CapabilityFailure(CapabilityFailureCodes.InvalidOutputSchema, $"The output schema is not a valid JSON Schema: {ex.Message}", false),
                [], started, 0);
        }

        var (source, model) = Open(registration, request, call.OfferHitlRequest);
        var maxAttempts = Math.Max(1, runtimeOptions.Value.MaxValidationAttempts);
        var firstAttempt = Math.Max(1, request.Attempt);
        var lastAttempt = firstAttempt + maxAttempts - 1;
        var calls = new List<CapabilityCallRecord>();
        var errors = request.ValidationErrors;
        for (var attempt = firstAttempt; attempt <= lastAttempt; attempt++)
        {
            var answer = NulCharacters.Strip(await source.AskAsync(attempt, errors, cancellationToken));
            if (TooLarge(answer) is { } size)
            {
                answer = answer with { Failure = new CapabilityFailure(CapabilityFailureCodes.OutputTooLarge,
                    $"The answer of {registration.CapabilityId} is {size} bytes, more than {runtimeOptions.Value.MaxOutputBytes} (limit Flex:Agents:MaxOutputBytes).", false) };
            }
            if (answer.Call is { } record)
                calls.Add(record);
            if (answer.Failure is { } failure)
            {
                logger.LogWarning("Capability {CapabilityId} (node {NodeId}) failed: {Code} {Message}",
                    registration.CapabilityId, request.NodeId, failure.Code, failure.Message);
                return Finish(activity, CapabilityInvocationStatus.Failed, null, model, failure, calls, started, attempt - firstAttempt + 1);
            }

            if (answer.HitlRequest is { } hitlRequest)
            {
                logger.LogInformation("Capability {CapabilityId} (node {NodeId}) asks a person: {Question}", registration.CapabilityId, request.NodeId, hitlRequest.Question);
                return Finish(activity, CapabilityInvocationStatus.HitlRequested, null, model, null, calls, started, attempt - firstAttempt + 1) with { HitlRequest = hitlRequest };
            }

            ValidationIssue? parseProblem = answer.Problem;
            // A model's JSON may spell U+0000 as an escape, so the parsed output is cleaned too.
            var output = parseProblem is not null ? null : answer.HasOutput ? answer.Output : NulCharacters.Strip(AnswerJson.Parse(answer.Text ?? "", out parseProblem));
            IReadOnlyList<ValidationIssue> issues = parseProblem is not null
                ? [parseProblem]
                : SchemaValidator.Validate(schema, output);
            if (issues.Count == 0)
                return Finish(activity, CapabilityInvocationStatus.Succeeded, output, model, null, calls, started, attempt - firstAttempt + 1);

            logger.LogInformation("Capability {CapabilityId} (node {NodeId}) attempt {Attempt}/{MaxAttempts} failed validation: {Errors}",
                registration.CapabilityId, request.NodeId, attempt, lastAttempt, string.Join("; ", issues.Select(i => $"{i.InstancePath} {i.Keyword}: {i.Message}")));
            if (call.OnAttemptFailed is { } onFailed)
                await onFailed(new CapabilityAttemptFailed { Attempt = attempt, MaxAttempts = lastAttempt, WillRetry = attempt < lastAttempt, Errors = issues }, cancellationToken);
            errors = issues;
        }

        var message = $"The output of {registration.CapabilityId} did not satisfy its contract after {maxAttempts} attempt(s).";
        return Finish(activity, CapabilityInvocationStatus.Failed, null, model,
            new CapabilityFailure(CapabilityFailureCodes.ValidationFailed, message, false, errors), calls, started, maxAttempts);
    }

    private long? TooLarge(CapabilityAnswer answer)
    {
        var limit = runtimeOptions.Value.MaxOutputBytes;
        // Text is measured in chars first (cheap) and only counted in bytes when it could be over.
        if (answer.Text is { } text && text.Length > limit / 4 && System.Text.Encoding.UTF8.GetByteCount(text) is var bytes && bytes > limit)
            return bytes;
        if (answer.HasOutput && answer.Output is { } output && System.Text.Encoding.UTF8.GetByteCount(output.ToJsonString()) is var size && size > limit)
            return size;
        return null;
    }

    private (ICapabilityAnswerSource Source, string Model) Open(CapabilityRegistration registration, CapabilityInvocationRequest request, bool offerHitlRequest)
    {
        if (registration.Invocation is not null)
            return (remoteClient.Open(registration, request, offerHitlRequest), RemoteCapabilityClient.ModelName);
        var options = modelOptions.Value;
        var model = options.UsesOpenAi ? options.SelectModel(registration.PreferredModels) : OfflineChatClient.ModelName;
        return (new ModelAnswerSource(chatClient, model, registration, request, offerHitlRequest), model);
    }

    private static CapabilityInvocationResult Finish(Activity? activity, CapabilityInvocationStatus status, System.Text.Json.Nodes.JsonNode? output,
        string? model, CapabilityFailure? failure, IReadOnlyList<CapabilityCallRecord> calls, long started, int attempts)
    {
        var usage = calls.Aggregate(TokenUsage.Zero, (sum, c) => sum + c.Usage);
        var resolvedModel = calls.LastOrDefault()?.Model ?? model;
        activity?.SetTag("gen_ai.request.model", resolvedModel);
        activity?.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
        activity?.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
        activity?.SetTag("flex.invocation.attempts", attempts);
        activity?.SetTag("flex.invocation.status", status.ToWire());
        if (failure is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity?.SetTag(TelemetryAttributes.ErrorType, failure.Code);
        }
        return new CapabilityInvocationResult
        {
            Status = status,
            Output = output,
            Failure = failure,
            Model = resolvedModel,
            Usage = usage,
            Calls = calls,
            Duration = Stopwatch.GetElapsedTime(started),
            Attempts = attempts,
        };
    }
}
