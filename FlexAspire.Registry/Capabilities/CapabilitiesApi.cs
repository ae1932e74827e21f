using FlexAspire.Contracts.Capabilities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FlexAspire.Registry.Capabilities;

public static class CapabilitiesApi
{
    private const string RegistryTokenDescription = "The registry token (Registry:Token, the AppHost's registry-token parameter).";
    private static readonly string[] Statuses = [CapabilityStore.Active, CapabilityStore.Inactive, "all"];

    public static RouteGroupBuilder MapCapabilitiesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/flex/capabilities").WithTags("Capabilities");

        // No Accepts<T> metadata: routing would answer a wrong content type with a bare 415 before the handler.
        api.MapPost("/register", Register).AddEndpointFilter<RegistryTokenFilter>()
            .WithJsonBody<CapabilityRegistration>().WithBearerSecurity(RegistryTokenDescription)
            .WithName("RegisterCapability").WithSummary("Register a capability or refresh its heartbeat");
        api.MapGet("/", List).WithName("ListCapabilities").WithSummary("List capabilities by status");
        api.MapGet("/{id}", Get).WithName("GetCapability").WithSummary("A capability with all its versions");
        api.MapDelete("/{id}", Delete).AddEndpointFilter<RegistryTokenFilter>().WithBearerSecurity(RegistryTokenDescription)
            .WithName("DeregisterCapability").WithSummary("Remove a capability (every version, or ?version=)");
        return api;
    }

    public static async Task<Results<Ok<RegisterCapabilityResponse>, ValidationProblem, ProblemHttpResult>> Register(HttpRequest request, CapabilityStore store,
        IOptions<RegistryOptions> options, RegistryTelemetry telemetry, CancellationToken ct)
    {
        var read = await RegistrationReader.ReadAsync(request, options.Value.MaxRegistrationBytes, ct);
        if (read.Invalid is not null)
        {
            return read.Invalid;
        }
        if (read.Refused is not null)
        {
            return read.Refused;
        }
        var errors = new ValidationErrors();
        if (RegistrationValidator.Validate(read.Registration!, errors) is not { } valid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var owner = RegistryTokenFilter.Owner(request.HttpContext);
        if (await store.UpsertAsync(valid, owner, ct) is not { } record)
        {
            return OwnedByAnother(valid.Registration.CapabilityId);
        }
        telemetry.Registered(valid.Kind);
        return TypedResults.Ok(new RegisterCapabilityResponse
        {
            Ok = true,
            Record = record,
            Registry = await store.CountsAsync(ct),
        });
    }

    public static async Task<Results<Ok<List<CapabilityRecord>>, ValidationProblem>> List(CapabilityStore store,
        CancellationToken ct, string status = CapabilityStore.Active)
    {
        if (!Statuses.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"'{status}' is not one of: {string.Join(", ", Statuses)}"],
            });
        }
        return TypedResults.Ok(await store.ListAsync(status, ct));
    }

    public static async Task<Results<Ok<CapabilityVersions>, ProblemHttpResult>> Get(string id,
        CapabilityStore store, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(id, ct);
        if (versions.Count == 0)
        {
            return NotFoundProblem(id);
        }
        return TypedResults.Ok(new CapabilityVersions
        {
            CapabilityId = id,
            Current = versions.FirstOrDefault(v => v.Status == CapabilityStatus.Active) ?? versions[0],
            Versions = versions,
        });
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, HttpContext http, CapabilityStore store,
        CancellationToken ct, string? version = null)
    {
        var owner = RegistryTokenFilter.Owner(http);
        if (await store.OwnerOfAsync(id, ct) is { } holder && holder != owner)
        {
            return OwnedByAnother(id);
        }
        var deleted = await store.DeleteAsync(id, version, owner, ct);
        return deleted == 0 ? NotFoundProblem(version is null ? id : $"{id}@{version}") : TypedResults.NoContent();
    }

    private static ProblemHttpResult OwnedByAnother(string id) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Capability owned by another credential",
        detail: $"Capability '{id}' was registered with another registry token; only that token may re-register or delete it.");

    private static ProblemHttpResult NotFoundProblem(string what) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No capability '{what}' is registered.");
}

/// GET /capabilities/{id}: the version planners use (newest active, else newest) and every version, newest first.
public sealed record CapabilityVersions
{
    public required string CapabilityId { get; init; }
    public required CapabilityRecord Current { get; init; }
    public required IReadOnlyList<CapabilityRecord> Versions { get; init; }
}
